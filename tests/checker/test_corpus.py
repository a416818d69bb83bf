"""The real-world corpus: 120 example manifests from kubernetes/website (see its README.md).

118 files are valid and must give no error; the two broken ones must be flagged at the right
line. The corpus lives next to the repository: <repo>/../shared/corpus/k8s-website.
"""

from __future__ import annotations

import os

import pytest
from corpus import BROKEN, CORPUS, GOOD, corpus_files, needs_corpus

from kubelearn.checker import check


def test_corpus_is_present_in_ci():
    """CI lays shared/ beside the clone; there a missing corpus is a failure, not a skip."""
    if not CORPUS.is_dir():
        if os.environ.get("CI"):
            pytest.fail(f"corpus not found at {CORPUS}")
        pytest.skip(f"corpus not found at {CORPUS}")


@needs_corpus
def test_corpus_is_complete():
    assert len(corpus_files()) == 120


@needs_corpus
@pytest.mark.parametrize("name", GOOD)
def test_good_file_has_no_error(name):
    report = check((CORPUS / name).read_bytes())
    assert [(f.line, f.code, f.message) for f in report.errors] == []


@needs_corpus
@pytest.mark.parametrize("name", sorted(BROKEN))
def test_broken_file_is_flagged_at_the_right_line(name):
    report = check((CORPUS / name).read_bytes())
    assert [(f.code, f.line) for f in report.errors] == [BROKEN[name]]
