"""Where the real-world corpus is (120 manifests from kubernetes/website, beside the
repository at <repo>/../shared/corpus/k8s-website) and what a correct checker says of it."""

from __future__ import annotations

from pathlib import Path

import pytest

CORPUS = (Path(__file__).resolve().parents[1] / ".." / "shared" / "corpus" / "k8s-website").resolve()

#: The two broken files: the code and line of the finding each must get.
BROKEN = {
    "pods/inject/pod-multiple-secret-env-variable.yaml": ("tab-indent", 15),
    "pods/inject/pod-single-secret-env-variable.yaml": ("missing-api-version", 1),
}

needs_corpus = pytest.mark.skipif(not CORPUS.is_dir(), reason=f"corpus not found at {CORPUS}")


def corpus_files() -> list[str]:
    """Every manifest of the corpus, relative to it, sorted ([] without the corpus)."""
    if not CORPUS.is_dir():
        return []
    return sorted(str(p.relative_to(CORPUS)) for p in CORPUS.rglob("*.yaml"))


#: The files Kubernetes accepts.
GOOD = [name for name in corpus_files() if name not in BROKEN]
