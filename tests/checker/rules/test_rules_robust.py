"""The rules answer on any input: odd shapes where objects belong, random objects, and every
fixture with any part replaced by anything, in every language."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from mutations import paths, replaced

from kubelearn.checker.rules import rule_findings
from kubelearn.checker.yaml import read
from kubelearn.kube.document import Document

ODD = {
    "none": None,
    "int": 3,
    "list": [1, 2],
    "spec is a list": {"kind": "Pod", "spec": []},
    "containers is a map": {"kind": "Pod", "spec": {"containers": {"a": 1}}},
    "container is a string": {
        "kind": "Deployment",
        "spec": {"template": {"spec": {"containers": ["x"]}}},
    },
    "selector is a list": {"kind": "Deployment", "spec": {"selector": [1]}},
    "matchExpressions odd": {
        "kind": "ReplicaSet",
        "spec": {"selector": {"matchExpressions": [1, {"key": 2}]}},
    },
    "service ports odd": {
        "kind": "Service",
        "spec": {"ports": [None, 1, {"port": "x", "nodePort": True}]},
    },
    "ingress odd": {
        "kind": "Ingress",
        "spec": {"rules": [None, {"http": {"paths": [1]}}], "defaultBackend": []},
    },
    "labels odd": {"kind": "Pod", "metadata": {"labels": {1: None, "a": [1]}}},
    "resources odd": {
        "kind": "Pod",
        "spec": {"containers": [{"resources": {"limits": [1], "requests": {"cpu": None}}}]},
    },
}


@pytest.mark.parametrize("data", ODD.values(), ids=ODD.keys())
def test_odd_input_never_raises(data: object) -> None:
    assert isinstance(rule_findings([Document(index=0, data=data)]), list)


_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=5),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=12,
)


@settings(max_examples=150, deadline=None)
@given(
    kind=st.sampled_from(["Pod", "Deployment", "ReplicaSet", "Service", "Ingress", "ConfigMap"]),
    spec=_json,
    other=_json,
)
def test_random_objects_never_raise(kind: str, spec: object, other: object) -> None:
    docs_ = [
        Document(
            index=0, data={"kind": kind, "metadata": {"name": "x"}, "spec": spec, "data": other}
        ),
        Document(index=1, data={"kind": "Service", "spec": {"selector": other, "ports": spec}}),
    ]
    assert isinstance(rule_findings(docs_), list)


_SOURCES = [d for f in sorted(Path(__file__).parent.glob("*/*/*.yaml"))
            for d in read(f.read_text(encoding="utf-8")).documents]


@settings(max_examples=300, deadline=None)
@given(data=st.data(), junk=_json)
def test_damaged_manifests_never_raise(data: st.DataObject, junk: object) -> None:
    """Any part of a real manifest replaced by anything: the rules still answer."""
    doc = data.draw(st.sampled_from(_SOURCES))
    path = data.draw(st.sampled_from(paths(doc.data)))
    damaged = Document(index=0, data=replaced(doc.data, path, junk), value_pos=doc.value_pos)
    assert isinstance(rule_findings([damaged, *_SOURCES[:3]], lang="zh"), list)
