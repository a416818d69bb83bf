"""Quantities read as the API server reads them, and the fix suggested for a near miss."""

from __future__ import annotations

import pytest

from kubelearn.kube.quantity import parse_quantity, suggest_quantity

QUANTITIES = {
    "128Mi": True,
    "128M": True,
    "0.5": True,
    "500m": True,
    "1e3": True,
    "1.5Gi": True,
    "+1": True,
    ".5": True,
    "128mb": False,
    "128 Mi": False,
    "1K": False,
    "one": False,
    "": False,
    "1Gb": False,
}


@pytest.mark.parametrize("value, valid", QUANTITIES.items(), ids=QUANTITIES.keys())
def test_quantities(value: str, valid: bool) -> None:
    assert (parse_quantity(value) is not None) == valid


SUGGESTIONS = {"128mb": "128Mi", "1Gb": "1Gi", "128 Mi": "128Mi", "1K": "1k", "two": None}


@pytest.mark.parametrize("value, fixed", SUGGESTIONS.items(), ids=SUGGESTIONS.keys())
def test_quantity_suggestions(value: str, fixed: str | None) -> None:
    assert suggest_quantity(value) == fixed
