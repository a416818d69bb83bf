"""``kubectl explain`` prints the whole description the API serves (not the checker's first
sentence), the field's text followed by its type's as kubectl's plaintext template does, while
the checker's bundle stays as small as it was."""

from __future__ import annotations

import pytest

from kubelearn.checker.schema.bundle import bundle
from kubelearn.cluster import Cluster
from kubelearn.cluster.kubectl import run

#: (line, a text the output must hold, one it must not); the texts are Kubernetes 1.33's.
CASES = [
    # A later sentence of a field in the FIELDS list (the bundle keeps only the first).
    ("explain pod.spec", "    added or removed. There must be at least one container in a Pod. Cannot be\n"
     "    updated.\n", None),
    ("explain deployment.spec.strategy",
     "DESCRIPTION:\n    The deployment strategy to use to replace existing pods with new ones.\n"
     "    DeploymentStrategy describes how to replace existing pods with new ones.\n    \n",
     None),
    # An array field: its own text, then the item type's.
    ("explain pod.spec.containers",
     "    updated.\n    A single application container that you want to run within a pod.\n",
     None),
    # IntOrString has no description of its own in the API: the checker's wording is not shown.
    ("explain svc.spec.ports.targetPort", "clusterIP=None, and should be omitted",
     "A whole number or a name"),
    ("explain deployment", "Deployment enables declarative updates for Pods and ReplicaSets.\n",
     None),
    ("explain cm.immutable", "    Immutable, if set to true, ensures that data stored in the ConfigMap cannot\n"
     "    be updated (only object metadata can be modified). If not set to true, the\n", None),
]


@pytest.mark.parametrize(("line", "present", "absent"), CASES, ids=[c[0] for c in CASES])
def test_explain_prints_the_full_text(cluster: Cluster, line: str, present: str,
                                      absent: str | None) -> None:
    result = run(cluster, line)
    assert result.status == 0, result.error
    assert present in result.output
    if absent is not None:
        assert absent not in result.output


def test_lines_fit_kubectls_wrap_width(cluster: Cluster) -> None:
    """wrap 76 under a 4-space indent, 78 - indent in the field list; only a word longer than
    the width (a URL) may overflow, as go-wordwrap leaves it whole."""
    output = run(cluster, "explain pod.spec").output
    for text in output.splitlines():
        if len(text) > 80:
            assert " " not in text.strip(), text


def test_the_checker_bundle_keeps_short_descriptions() -> None:
    spec = bundle()["$defs"]["io.k8s.api.core.v1.PodSpec"]["properties"]["containers"]
    assert "Cannot be updated" not in spec["description"]


def test_the_explain_file_describes_every_definition_the_bundle_ships() -> None:
    """scripts/make_explain.py must be rerun whenever scripts/make_schemas.py is."""
    from kubelearn.cluster.kubectl.explain import load_texts

    assert set(load_texts()) == set(bundle()["$defs"])
