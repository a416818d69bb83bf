"""The API server's three patch kinds (kubelearn.cluster.patches), case by case; the cases
follow the upstream ones (strategicpatch/patch_test.go, RFC 7386's appendix, RFC 6902's
examples)."""

from __future__ import annotations

import pytest

from kubelearn.cluster import patches

POD = {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p", "labels": {"a": "1"}},
       "spec": {"containers": [
           {"name": "web", "image": "nginx:1.25",
            "ports": [{"containerPort": 80, "protocol": "TCP"}],
            "env": [{"name": "A", "value": "1"}, {"name": "B", "value": "2"}]},
           {"name": "log", "image": "busybox", "args": ["-a", "-b"]}],
           "volumes": [{"name": "v", "emptyDir": {}}]}}

#: (patch, the path read after it, expected value there)
STRATEGIC = [
    # a container named in the patch merges with the stored one; the others stay
    ({"spec": {"containers": [{"name": "web", "image": "nginx:1.26"}]}},
     ("spec", "containers"), [{**POD["spec"]["containers"][0], "image": "nginx:1.26"},
                              POD["spec"]["containers"][1]]),
    # a new name is appended
    ({"spec": {"containers": [{"name": "side", "image": "redis"}]}},
     ("spec", "containers", 2, "name"), "side"),
    # $patch: delete removes the item with that key
    ({"spec": {"containers": [{"name": "log", "$patch": "delete"}]}},
     ("spec", "containers"), [POD["spec"]["containers"][0]]),
    # env merges by name, ports by containerPort
    ({"spec": {"containers": [{"name": "web", "env": [{"name": "B", "value": "3"},
                                                      {"name": "C", "value": "4"}]}]}},
     ("spec", "containers", 0, "env"),
     [{"name": "A", "value": "1"}, {"name": "B", "value": "3"}, {"name": "C", "value": "4"}]),
    ({"spec": {"containers": [{"name": "web", "ports": [{"containerPort": 8080}]}]}},
     ("spec", "containers", 0, "ports"),
     [{"containerPort": 80, "protocol": "TCP"}, {"containerPort": 8080}]),
    # a list with no merge key (args) is replaced
    ({"spec": {"containers": [{"name": "log", "args": ["-c"]}]}},
     ("spec", "containers", 1, "args"), ["-c"]),
    # volumes merge by name
    ({"spec": {"volumes": [{"name": "w", "emptyDir": {}}]}},
     ("spec", "volumes"), [{"name": "v", "emptyDir": {}}, {"name": "w", "emptyDir": {}}]),
    # null removes a key; maps merge
    ({"metadata": {"labels": {"a": None, "b": "2"}}}, ("metadata", "labels"), {"b": "2"}),
    # $patch: replace on a map replaces it whole
    ({"metadata": {"labels": {"$patch": "replace", "c": "3"}}}, ("metadata", "labels"), {"c": "3"}),
    # $patch: replace in a list replaces the list
    ({"spec": {"volumes": [{"name": "x", "emptyDir": {}}, {"$patch": "replace"}]}},
     ("spec", "volumes"), [{"name": "x", "emptyDir": {}}]),
    # $retainKeys keeps only the keys it lists before merging
    ({"spec": {"$retainKeys": ["containers"], "containers": []}}, ("spec",),
     {"containers": POD["spec"]["containers"]}),
    # $deleteFromPrimitiveList removes scalars; finalizers merge as a set
    ({"metadata": {"finalizers": ["x/y"]}}, ("metadata", "finalizers"), ["x/y"]),
]


@pytest.mark.parametrize(("patch", "path", "expected"), STRATEGIC,
                         ids=[str(i) for i in range(len(STRATEGIC))])
def test_strategic_merge(patch: dict, path: tuple, expected: object) -> None:
    result = patches.strategic("Pod", POD, patch)
    for step in path:
        result = result[step]
    assert result == expected


def test_strategic_merge_keys_of_the_built_in_kinds() -> None:
    assert patches.merge_key("Deployment", ("spec", "template", "spec", "containers")) == "name"
    assert patches.merge_key("ReplicaSet", ("spec", "template", "spec", "initContainers",
                                            "env")) == "name"
    assert patches.merge_key("Pod", ("spec", "containers", "ports")) == "containerPort"
    assert patches.merge_key("Pod", ("spec", "containers", "volumeMounts")) == "mountPath"
    assert patches.merge_key("Service", ("spec", "ports")) == "port"
    assert patches.merge_key("Deployment", ("spec", "template", "spec", "tolerations")) is None
    assert patches.merge_key("Ingress", ("spec", "rules")) is None  # listType=atomic


def test_service_ports_merge_by_port_and_finalizers_add() -> None:
    svc = {"kind": "Service", "metadata": {"name": "s", "finalizers": ["a"]},
           "spec": {"ports": [{"port": 80, "targetPort": 8080}, {"port": 443}]}}
    out = patches.strategic("Service", svc, {"metadata": {"finalizers": ["b", "a"]},
                                              "spec": {"ports": [{"port": 80, "targetPort": 9090}]}})
    assert out["spec"]["ports"] == [{"port": 80, "targetPort": 9090}, {"port": 443}]
    assert out["metadata"]["finalizers"] == ["a", "b"]
    gone = patches.strategic("Service", svc, {"metadata": {"$deleteFromPrimitiveList/finalizers": ["a"]}})
    assert gone["metadata"]["finalizers"] == []


@pytest.mark.parametrize(("patch", "message"), [
    ("x", "json: cannot unmarshal string into Go value of type map[string]interface {}"),
    ({"spec": {"containers": [{"image": "x"}]}},
     "map: map[image:x] does not contain declared merge key: name"),
])
def test_strategic_refusals(patch: object, message: str) -> None:
    with pytest.raises(patches.PatchError) as caught:
        patches.strategic("Pod", POD, patch)
    assert caught.value.message == message


#: RFC 7386 appendix A, as (target, patch, result).
RFC7386 = [
    ({"a": "b"}, {"a": "c"}, {"a": "c"}),
    ({"a": "b"}, {"b": "c"}, {"a": "b", "b": "c"}),
    ({"a": "b"}, {"a": None}, {}),
    ({"a": "b", "b": "c"}, {"a": None}, {"b": "c"}),
    ({"a": ["b"]}, {"a": "c"}, {"a": "c"}),
    ({"a": "c"}, {"a": ["b"]}, {"a": ["b"]}),
    ({"a": {"b": "c"}}, {"a": {"b": "d", "c": None}}, {"a": {"b": "d"}}),
    ({"a": [{"b": "c"}]}, {"a": [1]}, {"a": [1]}),
    ({"e": None}, {"a": 1}, {"e": None, "a": 1}),
    ({}, {"a": {"bb": {"ccc": None}}}, {"a": {"bb": {}}}),
]


@pytest.mark.parametrize(("target", "patch", "result"), RFC7386)
def test_json_merge_patch(target: dict, patch: dict, result: dict) -> None:
    assert patches.merge(target, patch) == result


#: RFC 6902 appendix A, as (document, operations, result or the error).
RFC6902 = [
    ({"foo": "bar"}, [{"op": "add", "path": "/baz", "value": "qux"}], {"foo": "bar", "baz": "qux"}),
    ({"foo": ["bar", "baz"]}, [{"op": "add", "path": "/foo/1", "value": "qux"}],
     {"foo": ["bar", "qux", "baz"]}),
    ({"baz": "qux", "foo": "bar"}, [{"op": "remove", "path": "/baz"}], {"foo": "bar"}),
    ({"foo": ["bar", "qux", "baz"]}, [{"op": "remove", "path": "/foo/1"}], {"foo": ["bar", "baz"]}),
    ({"baz": "qux", "foo": "bar"}, [{"op": "replace", "path": "/baz", "value": "boo"}],
     {"baz": "boo", "foo": "bar"}),
    ({"foo": {"bar": "baz", "waldo": "fred"}, "qux": {"corge": "grault"}},
     [{"op": "move", "from": "/foo/waldo", "path": "/qux/thud"}],
     {"foo": {"bar": "baz"}, "qux": {"corge": "grault", "thud": "fred"}}),
    ({"foo": ["all", "grass", "cows", "eat"]}, [{"op": "move", "from": "/foo/1", "path": "/foo/3"}],
     {"foo": ["all", "cows", "eat", "grass"]}),
    ({"baz": "qux", "foo": ["a", 2, "c"]}, [{"op": "test", "path": "/baz", "value": "qux"},
                                            {"op": "test", "path": "/foo/1", "value": 2}],
     {"baz": "qux", "foo": ["a", 2, "c"]}),
    ({"baz": "qux"}, [{"op": "test", "path": "/baz", "value": "bar"}],
     "testing value /baz failed: test failed"),
    ({"foo": "bar"}, [{"op": "add", "path": "/child", "value": {"grandchild": {}}}],
     {"foo": "bar", "child": {"grandchild": {}}}),
    ({"foo": "bar"}, [{"op": "add", "path": "/baz/bat", "value": "qux"}],
     "add operation does not apply: doc is missing path: /baz/bat"),
    ({"foo": ["bar"]}, [{"op": "add", "path": "/foo/-", "value": ["abc", "def"]}],
     {"foo": ["bar", ["abc", "def"]]}),
    ({"/": 9, "~1": 10}, [{"op": "test", "path": "/~01", "value": 10}], {"/": 9, "~1": 10}),
    ({"foo": "bar"}, [{"op": "replace", "path": "/nope", "value": 1}],
     "replace operation does not apply: doc is missing key: /nope"),
    ({"foo": "bar"}, [{"op": "copy", "from": "/foo", "path": "/baz"}], {"foo": "bar", "baz": "bar"}),
    ({"foo": "bar"}, [{"op": "frob", "path": "/foo"}], "Unexpected kind: frob"),
    ({"foo": "bar"}, {"op": "add"}, "json: cannot unmarshal object into Go value of type jsonpatch.Patch"),
]


@pytest.mark.parametrize(("doc", "operations", "result"), RFC6902)
def test_json_patch(doc: dict, operations: object, result: object) -> None:
    if isinstance(result, str):
        with pytest.raises(patches.PatchError) as caught:
            patches.json_patch(doc, operations)
        assert caught.value.message == result
    else:
        assert patches.json_patch(doc, operations) == result


def test_patches_leave_their_inputs_alone() -> None:
    before = repr(POD)
    patches.strategic("Pod", POD, {"spec": {"containers": [{"name": "web", "image": "x"}]}})
    patches.merge(POD, {"spec": {"volumes": None}})
    patches.json_patch(POD, [{"op": "remove", "path": "/spec/containers/0"}])
    assert repr(POD) == before
