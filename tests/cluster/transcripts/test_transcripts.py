"""Golden transcripts: each ``*.kubectl`` script here runs on a fresh cluster (seed 0) as
``kubelearn play --script`` runs it, and its transcript must equal the ``*.txt`` beside it,
byte for byte. ``KUBELEARN_UPDATE_GOLDEN=1`` rewrites the ``.txt`` files (then read the diff:
every line must be what kubectl 1.33 would print).

A script may start with ``# files: a.yaml b.yaml`` to name the manifests (in
``manifests/``) that ``-f NAME`` reads.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from kubelearn.cluster import Cluster
from kubelearn.cluster.kubectl.transcript import run_script

HERE = Path(__file__).parent
SCRIPTS = sorted(HERE.glob("*.kubectl"))


def transcript(script: Path) -> tuple[str, int]:
    cluster = Cluster(seed=0)
    result = run_script(cluster, script.read_text(encoding="utf-8").splitlines(),
                        cwd=str(HERE / "manifests"))
    assert not cluster.problems, cluster.problems
    return result.text, result.status


@pytest.mark.parametrize("script", SCRIPTS, ids=[s.stem for s in SCRIPTS])
def test_transcript(script: Path) -> None:
    text, status = transcript(script)
    golden = script.with_suffix(".txt")
    if os.environ.get("KUBELEARN_UPDATE_GOLDEN") == "1":
        golden.write_text(text, encoding="utf-8")
    assert golden.exists(), f"no golden transcript for {script.name}: run with KUBELEARN_UPDATE_GOLDEN=1"
    assert text == golden.read_text(encoding="utf-8")
    assert "internal error" not in text


def test_same_seed_same_transcript() -> None:
    """Determinism: two runs of a whole scenario print the same bytes."""
    script = HERE / "rollout-three-replicas.kubectl"
    assert transcript(script) == transcript(script)


def test_every_script_has_a_golden_file() -> None:
    assert SCRIPTS
    for script in SCRIPTS:
        assert script.with_suffix(".txt").exists(), script.name


def test_the_docs_rollout_sequence_is_in_the_transcript() -> None:
    """The Deployments page's `describe` events after the update: new 1, old 2, new 2, old 1,
    new 3, old 0, whatever a regenerated golden file says."""
    text, _ = transcript(HERE / "rollout-three-replicas.kubectl")
    events = text.split("$ kubectl get events", 1)[1].split("$ kubectl", 1)[0]
    moves = [line.split("replica set ", 1)[1].split(" ", 1)[1]
             for line in events.splitlines() if "replica set" in line]
    assert moves == ["from 0 to 3", "from 0 to 1", "from 3 to 2", "from 1 to 2", "from 2 to 1",
                     "from 2 to 3", "from 1 to 0"]
