"""The exercise goals language: each form passing and failing, parse errors, and correct
answers written differently that must still pass."""

from __future__ import annotations

import json
import string
import textwrap

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from mutations import paths, replaced

from kubelearn.checker import check
from kubelearn.checker.goals import GoalError, judge, parse_goals
from kubelearn.checker.yaml import read
from kubelearn.kube.document import Document
from kubelearn.words import load


def docs(text: str) -> list[Document]:
    result = read(textwrap.dedent(text).lstrip("\n"))
    assert not result.findings, result.findings
    return result.documents


def outcome(expect: str, answer: str) -> list[tuple[int, int]]:
    """Where each unmet expectation points; [] when the answer meets them all."""
    exps = parse_goals(yaml.safe_load(textwrap.dedent(expect)))
    met, findings = judge(exps, docs(answer))
    assert met + len(findings) == len(exps)
    assert all(f.code == "expectation" and f.severity.value == "error" for f in findings)
    return [(f.line, f.column) for f in findings]


WEB = """
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 3
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
        tier: front
    spec:
      containers:
        - name: web
          image: nginx:1.27
          ports:
            - name: http
              containerPort: 80
          volumeMounts:
            - name: config
              mountPath: /etc/nginx/conf.d
              readOnly: true
          envFrom:
            - configMapRef:
                name: settings
          env:
            - name: LOG_LEVEL
              valueFrom:
                configMapKeyRef:
                  name: settings
                  key: level
      volumes:
        - name: config
          configMap:
            name: nginx-conf
---
apiVersion: v1
kind: Service
metadata:
  name: web
  labels:
    app.kubernetes.io/name: web
spec:
  selector:
    app: web
  ports:
    - name: http
      port: 80
      targetPort: http
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
data:
  level: debug
  MODE: production
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: shop
spec:
  rules:
    - host: shop.example.com
      http:
        paths:
          - path: /api
            pathType: Prefix
            backend:
              service:
                name: web
                port:
                  number: 80
"""

# The same answer written differently: flow style, other key order, quotes, comments, other
# names, extra labels and fields. Every expectation that WEB meets must hold here too.
WEB_REWRITTEN = """
# The web tier
kind: Deployment
apiVersion: "apps/v1"
metadata: {name: frontend, labels: {team: a}}
spec:
  template:
    spec:
      volumes: [{configMap: {name: "nginx-conf", defaultMode: 0644}, name: cfg}]
      containers:
        - image: "nginx:1.27"
          name: main
          resources: {limits: {memory: 128Mi}}
          env:
            - {name: DEBUG, value: "1"}
            - name: LOG_LEVEL   # read from the ConfigMap
              valueFrom: {configMapKeyRef: {key: level, name: settings}}
          envFrom: [{configMapRef: {name: settings}}]
          volumeMounts: [{readOnly: true, mountPath: /etc/nginx/conf.d/, name: cfg}]
          ports: [{containerPort: 80, name: http}]
    metadata: {labels: {tier: "front", app: "web", version: v1}}
  selector: {matchLabels: {app: web, tier: front}}
  replicas: 3.0
---
kind: ConfigMap
apiVersion: v1
data: {MODE: "production", level: "debug"}
metadata: {name: settings}
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: edge}
spec:
  ingressClassName: nginx
  rules:
    - host: other.example.com
      http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: frontend-svc, port: {number: 80}}}}]}
    - http:
        paths:
          - backend: {service: {port: {name: web}, name: frontend-svc}}
            pathType: Exact
            path: "/api"
      host: 'shop.example.com'
---
apiVersion: v1
kind: Service
metadata: {name: frontend-svc}
spec:
  ports: [{port: 80, targetPort: 80, name: web, protocol: TCP}]
  selector: {"app": "web"}
"""

MET = {
    "object by kind": "- {object: Deployment, message: m}",
    "object count": "- {object: ConfigMap, count: 1, message: m}",
    "equals text": "- {in: Deployment, path: 'spec.template.spec.containers[*].image', equals: nginx:1.27, message: m}",
    "equals number, 3 == 3.0": "- {in: Deployment, path: spec.replicas, equals: 3, message: m}",
    "index step": "- {in: Deployment, path: 'spec.template.spec.containers[0].ports[0].containerPort', equals: 80, message: m}",
    "filter step": "- {in: ConfigMap, path: data.level, one_of: [debug, info], message: m}",
    "filter on a list": "- {in: Deployment, path: 'spec.template.spec.containers[*].ports[name=http].containerPort', equals: 80, message: m}",
    "filter on a number as text": "- {in: Deployment, path: 'spec.template.spec.containers[*].ports[containerPort=80].name', equals: http, message: m}",
    "exists": "- {in: Deployment, path: spec.selector.matchLabels.app, exists: true, message: m}",
    "exists false": "- {in: Deployment, path: spec.template.spec.hostNetwork, exists: false, message: m}",
    "matches": "- {in: Deployment, path: 'spec.template.spec.containers[*].image', matches: '^nginx:1\\.2[0-9]$', message: m}",
    "contains in a list, by sub-mapping": "- {in: Deployment, path: 'spec.template.spec.containers[*].ports', contains: {containerPort: 80}, message: m}",
    "contains in a mapping": "- {in: Deployment, path: spec.template.metadata.labels, contains: {app: web}, message: m}",
    "contains a key": "- {in: ConfigMap, path: data, contains: MODE, message: m}",
    "contains text": "- {in: Deployment, path: 'spec.template.spec.containers[*].image', contains: nginx, message: m}",
    "count over a wildcard": "- {in: Deployment, path: 'spec.template.spec.containers[*]', count: 1, message: m}",
    "count range": "- {in: ConfigMap, path: 'data[*]', count: {min: 2}, message: m}",
    "all values": "- {in: Deployment, path: 'spec.template.spec.containers[*].image', all: true, matches: nginx, message: m}",
    "no in: any object": "- {path: data.MODE, equals: production, message: m}",
    "selects": "- {selects: {service: Service, target: Deployment}, message: m}",
    "mounts": "- {mounts: {pod: Deployment, configmap: nginx-conf, path: /etc/nginx/conf.d, readOnly: true}, message: m}",
    "env_from": "- {env_from: {pod: Deployment, configmap: ConfigMap}, message: m}",
    "env_from key and var": "- {env_from: {pod: Deployment, configmap: settings, key: level, var: LOG_LEVEL}, message: m}",
    "env_from through envFrom": "- {env_from: {pod: Deployment, configmap: ConfigMap/settings, var: MODE}, message: m}",
    "routes": "- {routes: {ingress: Ingress, service: Service, path: /api, host: shop.example.com}, message: m}",
}


@pytest.mark.parametrize("expect", MET.values(), ids=MET.keys())
@pytest.mark.parametrize("answer", [WEB, WEB_REWRITTEN], ids=["as written", "rewritten"])
def test_correct_answers_meet_expectations(expect: str, answer: str) -> None:
    assert outcome(expect, answer) == []


NAMED = {
    "object by name": ("- {object: Deployment/web, message: m}", WEB),
    "in by name": (
        "- {in: Service/web, path: 'metadata.labels[\"app.kubernetes.io/name\"]', equals: web, message: m}",
        WEB,
    ),
    "selects by name": (
        "- {selects: {service: Service/frontend-svc, target: Deployment/frontend}, message: m}",
        WEB_REWRITTEN,
    ),
    "routes by name": (
        "- {routes: {ingress: Ingress/shop, service: Service/web}, message: m}",
        WEB,
    ),
    "routes to the default backend": (
        "- {routes: {ingress: Ingress, service: Service}, message: m}",
        "apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec: {ports: [{port: 8080}]}\n---\n"
        "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: i}\n"
        "spec: {defaultBackend: {service: {name: s, port: {number: 8080}}}}\n",
    ),
    "mounts a projected ConfigMap": (
        "- {mounts: {pod: Pod, configmap: ConfigMap}, message: m}",
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n---\n"
        "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n"
        "  containers: [{name: a, image: busybox, volumeMounts: [{name: all, mountPath: /x}]}]\n"
        "  volumes: [{name: all, projected: {sources: [{configMap: {name: c}}]}}]\n",
    ),
    "mounts from an init container": (
        "- {mounts: {pod: Pod, configmap: c, path: /x}, message: m}",
        "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n"
        "  initContainers: [{name: i, image: busybox, volumeMounts: [{name: v, mountPath: /x}]}]\n"
        "  containers: [{name: a, image: busybox}]\n"
        "  volumes: [{name: v, configMap: {name: c}}]\n",
    ),
    "a Prefix path with a trailing slash routes the same": (
        "- {routes: {ingress: Ingress, service: Service, path: /api}, message: m}",
        "apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec: {ports: [{port: 80}]}\n---\n"
        "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: i}\nspec:\n  rules:\n"
        "    - http:\n        paths:\n          - path: /api/\n            pathType: Prefix\n"
        "            backend: {service: {name: s, port: {number: 80}}}\n",
    ),
    "count zero of a kind": ("- {object: Secret, count: 0, message: m}", WEB),
    "object with a quoted bool value": (
        "- {in: Pod, path: 'spec.containers[0].env[name=DEBUG].value', equals: 'yes', message: m}",
        "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n"
        "  containers: [{name: a, image: busybox, env: [{name: DEBUG, value: 'yes'}]}]\n",
    ),
}


@pytest.mark.parametrize("expect, answer", NAMED.values(), ids=NAMED.keys())
def test_more_forms_that_hold(expect: str, answer: str) -> None:
    assert outcome(expect, answer) == []


POD = """
apiVersion: v1
kind: Pod
metadata:
  name: web
  labels:
    app: web
spec:
  containers:
    - name: web
      image: nginx:1.25
      env:
        - name: DEBUG
          value: "true"
      volumeMounts:
        - name: config
          mountPath: /etc/bar
  volumes:
    - name: config
      configMap:
        name: settings
"""
# Lines of POD: 1 apiVersion, 4 name, 6 app, 7 spec, 8 containers, 9 - name, 10 image, 11 env,
# 13 value, 14 volumeMounts, 15 - name, 16 mountPath, 17 volumes, 19 configMap, 20 name.

UNMET = {
    "object missing": ("- {object: Deployment, message: m}", POD, [(1, 1)]),
    "object with another name": ("- {object: Pod/api, message: m}", POD, [(4, 9)]),
    "object count too high": ("- {object: Pod, count: 2, message: m}", POD, [(1, 1)]),
    "in names a missing object": (
        "- {in: Service, path: spec.ports, exists: true, message: m}",
        POD,
        [(1, 1)],
    ),
    "equals another value": (
        "- {in: Pod, path: 'spec.containers[*].image', equals: nginx:1.27, message: m}",
        POD,
        [(10, 7)],
    ),
    "quoted text is not a bool": (
        "- {in: Pod, path: 'spec.containers[0].env[0].value', equals: true, message: m}",
        POD,
        [(13, 11)],
    ),
    "text is not a number": (
        "- {in: Pod, path: 'metadata.labels.app', equals: 3, message: m}",
        POD,
        [(6, 5)],
    ),
    "missing path points at the deepest part": (
        "- {in: Pod, path: 'spec.containers[0].resources.limits.memory', exists: true, message: m}",
        POD,
        [(9, 7)],
    ),
    "filter finds nothing": (
        "- {in: Pod, path: 'spec.containers[name=api].image', equals: nginx, message: m}",
        POD,
        [(8, 3)],
    ),
    "exists false but present": (
        "- {in: Pod, path: 'spec.volumes', exists: false, message: m}",
        POD,
        [(17, 3)],
    ),
    "one_of": (
        "- {in: Pod, path: 'spec.containers[0].image', one_of: [a, b], message: m}",
        POD,
        [(10, 7)],
    ),
    "matches": (
        "- {in: Pod, path: 'spec.containers[0].image', matches: '1\\.27', message: m}",
        POD,
        [(10, 7)],
    ),
    "contains": (
        "- {in: Pod, path: 'spec.containers[0].env', contains: {name: MODE}, message: m}",
        POD,
        [(11, 7)],
    ),
    "count": ("- {in: Pod, path: 'spec.containers[*]', count: 2, message: m}", POD, [(9, 7)]),
    "all": (
        "- {in: Pod, path: 'metadata.labels[*]', all: true, equals: api, message: m}",
        POD,
        [(6, 5)],
    ),
    "no in: the closest object": ("- {path: spec.replicas, equals: 2, message: m}", POD, [(7, 1)]),
    "selects mismatch": (
        "- {selects: {service: Service, target: Pod}, message: m}",
        POD
        + "---\napiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec:\n  selector:\n    app: api\n",
        [(27, 5)],
    ),
    "selects without a selector": (
        "- {selects: {service: Service, target: Pod}, message: m}",
        POD
        + "---\napiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec:\n  ports: [{port: 80}]\n",
        [(25, 1)],
    ),
    "selects a missing target": (
        "- {selects: {service: Service, target: Deployment}, message: m}",
        POD,
        [(1, 1)],
    ),
    "mounts at another path": (
        "- {mounts: {pod: Pod, configmap: settings, path: /etc/foo}, message: m}",
        POD,
        [(16, 22)],
    ),
    "mounts not read-only": (
        "- {mounts: {pod: Pod, configmap: settings, readOnly: true}, message: m}",
        POD,
        [(15, 11)],
    ),
    "mounts another ConfigMap": (
        "- {mounts: {pod: Pod, configmap: other}, message: m}",
        POD,
        [(17, 3)],
    ),
    "mounts a ConfigMap missing from the answer": (
        "- {mounts: {pod: Pod, configmap: ConfigMap}, message: m}",
        POD,
        [(1, 1)],
    ),
    "env_from none": ("- {env_from: {pod: Pod, configmap: settings}, message: m}", POD, [(9, 7)]),
    "env_from wrong key": (
        "- {env_from: {pod: Pod, configmap: settings, key: MODE}, message: m}",
        POD.replace('value: "true"', "valueFrom: {configMapKeyRef: {name: settings, key: LEVEL}}"),
        [(13, 57)],
    ),
    "routes another path": (
        "- {routes: {ingress: Ingress, service: Service, path: /api}, message: m}",
        "apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec: {ports: [{port: 80}]}\n---\n"
        "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: i}\nspec:\n  rules:\n"
        "    - http:\n        paths:\n          - path: /\n            pathType: Prefix\n"
        "            backend: {service: {name: s, port: {number: 80}}}\n",
        [(13, 13)],
    ),
    "an Exact path with a trailing slash is another path": (
        "- {routes: {ingress: Ingress, service: Service, path: /api}, message: m}",
        "apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec: {ports: [{port: 80}]}\n---\n"
        "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: i}\nspec:\n  rules:\n"
        "    - http:\n        paths:\n          - path: /api/\n            pathType: Exact\n"
        "            backend: {service: {name: s, port: {number: 80}}}\n",
        [(13, 13)],
    ),
    "routes another port": (
        "- {routes: {ingress: Ingress, service: Service}, message: m}",
        "apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec: {ports: [{port: 80}]}\n---\n"
        "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: i}\nspec:\n  rules:\n"
        "    - http:\n        paths:\n          - path: /\n            pathType: Prefix\n"
        "            backend:\n              service:\n                name: s\n"
        "                port: {number: 8080}\n",
        [(18, 17)],
    ),
    "routes to a Service missing from the answer": (
        "- {routes: {ingress: Ingress, service: Service}, message: m}",
        "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: i}\n"
        "spec: {defaultBackend: {service: {name: s, port: {number: 80}}}}\n",
        [(1, 1)],
    ),
}


@pytest.mark.parametrize("expect, answer, where", UNMET.values(), ids=UNMET.keys())
def test_unmet_expectations_point_at_the_closest_line(
    expect: str, answer: str, where: list[tuple[int, int]]
) -> None:
    assert outcome(expect, answer) == where


EXPLAINED = {
    "equals another value": "nginx:1.25",
    "object with another name": "Pod web",
    "missing path points at the deepest part": "spec.containers[0]",
    "selects mismatch": "app=api",
    "mounts at another path": "/etc/bar",
    "routes another port": "80",
}


@pytest.mark.parametrize("case, words", EXPLAINED.items(), ids=EXPLAINED.keys())
def test_explanations_say_what_was_found(case: str, words: str) -> None:
    expect, answer, _ = UNMET[case]
    exps = parse_goals(yaml.safe_load(expect))
    _, findings = judge(exps, docs(answer))
    assert words in findings[0].explanation and findings[0].message == "m"


BAD = {
    "not a mapping": ("- just text", 0, "an expectation is a mapping with a message and one test"),
    "unknown key": (
        "- {in: Pod, path: a, equal: 1, message: m}",
        0,
        "unknown key 'equal' (did you mean 'equals'?)",
    ),
    "no message": ("- {object: Pod}", 0, "needs a message"),
    "two tests": (
        "- {object: Pod, message: m}\n- {in: Pod, path: a, equals: 1, exists: true, message: m}",
        1,
        "exactly one test of exists/equals/one_of/matches/contains/count",
    ),
    "no test": (
        "- {in: Pod, path: a, message: m}",
        0,
        "exactly one test of exists/equals/one_of/matches/contains/count",
    ),
    "no form": (
        "- {message: m}",
        0,
        "needs one of: object, path (with in), selects, mounts, env_from, routes, ready, "
        "request, exec, logs, scenario",
    ),
    "two forms": (
        "- {object: Pod, selects: {}, message: m}",
        0,
        "has both 'object' and 'selects'; write one per expectation",
    ),
    "key of another form": (
        "- {object: Pod, path: a, message: m}",
        0,
        "has both 'object' and 'path'; write one per expectation",
    ),
    "bad object ref": (
        "- {object: pod, message: m}",
        0,
        "object must be a kind such as 'Deployment' or a kind and name such as 'Deployment/web', not 'pod'",
    ),
    "bad path": (
        "- {in: Pod, path: 'spec..a', exists: true, message: m}",
        0,
        "path 'spec..a' has an empty field name",
    ),
    "bad bracket": (
        "- {in: Pod, path: 'a[b]', exists: true, message: m}",
        0,
        "path 'a[b]': [b] is not a list step; use [0], [*], [name=value] or [\"field.name\"]",
    ),
    "unclosed bracket": (
        "- {in: Pod, path: 'a[0', exists: true, message: m}",
        0,
        "path 'a[0' has a '[' without ']'",
    ),
    "bad regex": (
        "- {in: Pod, path: a, matches: '(', message: m}",
        0,
        "matches: bad regular expression: missing ), unterminated subpattern at position 0",
    ),
    "exists not a bool": (
        "- {in: Pod, path: a, exists: 1, message: m}",
        0,
        "exists must be true or false",
    ),
    "count negative": (
        "- {in: Pod, path: a, count: -1, message: m}",
        0,
        "count must be a whole number or {min: N, max: M} with 0 <= N <= M",
    ),
    "one_of not a list": (
        "- {in: Pod, path: a, one_of: x, message: m}",
        0,
        "one_of needs a list of values, e.g. one_of: [80, http]",
    ),
    "all with exists": (
        "- {in: Pod, path: a, exists: true, all: true, message: m}",
        0,
        "all: true works with equals, one_of, matches and contains, not exists",
    ),
    "selects missing target": (
        "- {selects: {service: Service}, message: m}",
        0,
        "'selects' needs 'target'",
    ),
    "selects wrong kind": (
        "- {selects: {service: Pod, target: Pod}, message: m}",
        0,
        "selects.service must be one of Service, not Pod",
    ),
    "mounts unknown key": (
        "- {mounts: {pod: Pod, configmap: c, mountPath: /x}, message: m}",
        0,
        "unknown key 'mountPath' (did you mean 'path'?) under 'mounts'",
    ),
    "mounts configmap of another kind": (
        "- {mounts: {pod: Pod, configmap: Secret/x}, message: m}",
        0,
        "configmap must be a ConfigMap's name (lowercase, e.g. 'app-config'), or 'ConfigMap' / 'ConfigMap/name' for one in the answer, not 'Secret/x'",
    ),
    "equals null": (
        "- {in: Pod, path: a, equals: null, message: m}",
        0,
        "equals needs a value; to ask for a missing field use exists: false",
    ),
}


@pytest.mark.parametrize("raw, index, message", BAD.values(), ids=BAD.keys())
def test_malformed_expectations(raw: str, index: int, message: str) -> None:
    with pytest.raises(GoalError) as caught:
        parse_goals(yaml.safe_load(raw))
    assert (caught.value.index, caught.value.message) == (index, message)


ODD_ANSWERS = {
    "nothing": [],
    "null document": [Document(index=0, data=None)],
    "a list": [Document(index=0, data=[1, 2])],
    "a number": [Document(index=0, data=3)],
    "odd fields": [
        Document(index=0, data={"kind": "Pod", "spec": [1], "metadata": "x"}),
        Document(index=1, data={"kind": "Service", "spec": {"selector": [1], "ports": {"a": 1}}}),
        Document(index=2, data={"kind": "Ingress", "spec": {"rules": [None, {"http": []}]}}),
        Document(index=3, data={"kind": "ConfigMap", "metadata": {"name": "c"}, "data": [1]}),
    ],
}


@pytest.mark.parametrize("answer", ODD_ANSWERS.values(), ids=ODD_ANSWERS.keys())
def test_odd_answers_never_raise(answer: list[Document]) -> None:
    exps = parse_goals(
        [yaml.safe_load(e)[0] for e in MET.values()]
        + [yaml.safe_load(e)[0] for e, _ in NAMED.values()]
    )
    met, findings = judge(exps, answer)
    assert met + len(findings) == len(exps)


def test_chinese_explanations() -> None:
    exps = parse_goals([{"object": "Deployment", "message": "写一个 Deployment。"}])
    _, findings = judge(exps, docs(POD), lang="zh")
    assert findings[0].explanation == "你的答案中没有 Deployment。现有的是：Pod web。"


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_every_explanation_is_translated_with_the_same_fields() -> None:
    en, zh = ({k: v for k, v in load(lang).items() if k.startswith("goals.")} for lang in ("en", "zh"))
    assert en and sorted(en) == sorted(zh)
    assert [key for key in en if _fields(en[key]) != _fields(zh[key])] == []


def test_raw_goals_are_accepted_by_judge() -> None:
    raw = [{"object": "Pod", "message": "m"}, {"object": "pod", "message": "bad"}]
    met, findings = judge(raw, docs(POD))  # type: ignore[arg-type]
    assert (met, [f.message for f in findings]) == (
        1,
        [
            "object must be a kind such as 'Deployment' or a kind and name such as "
            "'Deployment/web', not 'pod'"
        ],
    )


_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=5),
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(
            st.sampled_from(["name", "spec", "x", "ports", "port"]) | st.text(max_size=6),
            inner,
            max_size=3,
        )
    ),
    max_leaves=12,
)
_ALL = parse_goals(
    [yaml.safe_load(e)[0] for e in MET.values()] + [yaml.safe_load(e)[0] for e, _ in NAMED.values()]
)


@settings(max_examples=150, deadline=None)
@given(
    kind=st.sampled_from(["Pod", "Deployment", "Service", "Ingress", "ConfigMap"]),
    spec=_json,
    other=_json,
)
def test_random_answers_never_raise(kind: str, spec: object, other: object) -> None:
    answer = [
        Document(
            index=0, data={"kind": kind, "metadata": {"name": "x"}, "spec": spec, "data": other}
        ),
        Document(
            index=1,
            data={"kind": "Service", "metadata": other, "spec": {"selector": other, "ports": spec}},
        ),
    ]
    met, findings = judge(_ALL, answer)
    assert met + len(findings) == len(_ALL)


def _course_exercises() -> list:
    try:
        from kubelearn.course.loader import load_course
    except ImportError:  # pragma: no cover - the course loader is not there yet
        return []
    found = {}
    for lang in ("en", "zh"):
        for lesson in load_course(lang=lang).lessons:
            for exercise in lesson.exercises:
                found[f"{lang}:{exercise.id}"] = (exercise, lang)
    return list(found.items())


def _rewritten(solution: str) -> dict[str, str]:
    datas = [d.data for d in read(solution).documents if d.data is not None]
    return {
        "json": "\n---\n".join(json.dumps(d, ensure_ascii=False) for d in datas),
        "reversed, sorted keys": "\n---\n".join(
            json.dumps(d, sort_keys=True, indent=2, ensure_ascii=False) for d in reversed(datas)
        ),
        "block, sorted, commented": "".join(
            f"---\n# object {i}\n" + yaml.safe_dump(d, sort_keys=True, allow_unicode=True)
            for i, d in enumerate(datas)
        ),
    }


@pytest.mark.parametrize(
    "exercise, lang", [v for _, v in _course_exercises()], ids=[k for k, _ in _course_exercises()]
)
def test_course_solutions_pass_however_written(exercise, lang: str) -> None:
    """Every shipped solution, re-serialised in other styles and orders, still passes."""
    failed = {
        style: [(f.code, f.message) for f in report.findings if f.severity.value == "error"]
        for style, text in _rewritten(exercise.solution).items()
        if not (report := check(text, list(exercise.expectations), lang=lang,
                                   cluster=exercise.cluster)).passed
    }
    assert failed == {}


_raw_value = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=12),
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(
            st.sampled_from(
                [
                    "object",
                    "in",
                    "path",
                    "equals",
                    "count",
                    "message",
                    "selects",
                    "mounts",
                    "service",
                    "target",
                    "pod",
                    "configmap",
                    "all",
                    "matches",
                    "one_of",
                    "routes",
                ]
            ),
            inner,
            max_size=4,
        )
    ),
    max_leaves=10,
)


@settings(max_examples=300, deadline=None)
@given(raw=st.lists(_raw_value, max_size=3))
def test_malformed_lists_raise_only_expectation_errors(raw: list) -> None:
    try:
        parsed = parse_goals(raw)
    except GoalError as exc:
        assert 0 <= exc.index < max(len(raw), 1) and exc.message
    else:
        met, findings = judge(parsed, docs(POD))
        assert met + len(findings) == len(parsed)


@settings(max_examples=300, deadline=None)
@given(data=st.data(), junk=_json)
def test_damaged_answers_never_raise(data: st.DataObject, junk: object) -> None:
    """Any part of a correct answer replaced by anything: every expectation still answers."""
    answer = docs(WEB_REWRITTEN)
    i = data.draw(st.integers(0, len(answer) - 1))
    path = data.draw(st.sampled_from(paths(answer[i].data)))
    answer[i] = Document(index=i, data=replaced(answer[i].data, path, junk))
    met, findings = judge(_ALL, answer, lang="zh")
    assert met + len(findings) == len(_ALL)
