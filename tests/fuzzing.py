"""How many inputs each fuzz test tries: a per-test default, times ``KUBELEARN_FUZZ_SCALE``.

The README's test command runs the defaults (a few thousand inputs in all, so the suite stays
quick). CI runs the fuzz tests again with the scale raised to try more than 10,000 inputs in
all; a nightly-style run raises it further (``KUBELEARN_FUZZ_SCALE=30 pytest -m fuzz``).
"""

from __future__ import annotations

import os

import pytest

#: Mark a fuzz test so CI can run the fuzz tests alone with a larger scale.
fuzz = pytest.mark.fuzz


def examples(default: int) -> int:
    """``default`` scaled by ``KUBELEARN_FUZZ_SCALE`` (1 when unset), at least 1."""
    try:
        scale = float(os.environ.get("KUBELEARN_FUZZ_SCALE", "1") or 1)
    except ValueError:
        scale = 1.0
    return max(1, round(default * scale))
