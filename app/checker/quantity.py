"""Kubernetes resource quantities (``500m``, ``128Mi``, ``1.5``, ``2e3``), read the way the API server does.

The schema only says a quantity is "a string or a number"; the API server then parses it with
``resource.ParseQuantity`` and rejects anything else. This module mirrors that parser so the
checker can flag ``memory: 128mb`` before Kubernetes does, and suggest what was meant.
"""

from __future__ import annotations

import re
from fractions import Fraction

#: Suffixes that multiply by a power of 1024.
BINARY_SUFFIXES = {"Ki": 1, "Mi": 2, "Gi": 3, "Ti": 4, "Pi": 5, "Ei": 6}
#: Suffixes that multiply by a power of 10 (the empty suffix is 10**0).
DECIMAL_SUFFIXES = {
    "n": -9,
    "u": -6,
    "m": -3,
    "": 0,
    "k": 3,
    "M": 6,
    "G": 9,
    "T": 12,
    "P": 15,
    "E": 18,
}

# Sign, digits with an optional fraction (``1.`` and ``.5`` are accepted, as in Go), then a
# suffix: a binary or decimal SI suffix, or a decimal exponent such as ``e3`` or ``E-2``.
_QUANTITY = re.compile(
    r"^(?P<sign>[+-]?)(?P<num>[0-9]*)(?:\.(?P<frac>[0-9]*))?"
    r"(?P<suffix>Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE]|[eE][+-]?[0-9]+)?$"
)

# Units people write by habit from other tools, and the Kubernetes suffix they mean.
_HABITS = {
    "b": "",
    "bytes": "",
    "byte": "",
    "kb": "Ki",
    "kib": "Ki",
    "ki": "Ki",
    "K": "k",
    "mb": "Mi",
    "mib": "Mi",
    "mi": "Mi",
    "gb": "Gi",
    "gib": "Gi",
    "gi": "Gi",
    "g": "G",
    "tb": "Ti",
    "tib": "Ti",
    "ti": "Ti",
    "t": "T",
    "pb": "Pi",
    "pib": "Pi",
    "pi": "Pi",
}

_SPLIT = re.compile(r"^\s*(?P<number>[+-]?[0-9]*\.?[0-9]*)\s*(?P<unit>[A-Za-z]*)\s*$")


def parse_quantity(value: object) -> Fraction | None:
    """The amount ``value`` stands for, or None when Kubernetes would reject it.

    Numbers (YAML ``1``, ``0.5``) are quantities too; booleans and everything else are not.
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return Fraction(value)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            return None
        return Fraction(str(value))
    if not isinstance(value, str) or not value:
        return None
    match = _QUANTITY.match(value)
    if not match:
        return None
    num, frac, suffix = match["num"], match["frac"] or "", match["suffix"] or ""
    amount = Fraction(int(num or "0")) + (Fraction(int(frac), 10 ** len(frac)) if frac else 0)
    if suffix in BINARY_SUFFIXES:
        amount *= 1024 ** BINARY_SUFFIXES[suffix]
    elif suffix in DECIMAL_SUFFIXES:
        amount *= Fraction(10) ** DECIMAL_SUFFIXES[suffix]
    else:
        amount *= Fraction(10) ** int(suffix[1:])
    return -amount if match["sign"] == "-" else amount


def is_quantity(value: object) -> bool:
    return parse_quantity(value) is not None


def suggest_quantity(value: object) -> str | None:
    """A valid quantity that ``value`` most likely meant (``128mb`` -> ``128Mi``), or None."""
    if not isinstance(value, str):
        return None
    match = _SPLIT.match(value)
    if not match or not any(c.isdigit() for c in match["number"]):
        return None
    number, unit = match["number"], match["unit"]
    if unit in BINARY_SUFFIXES or unit in DECIMAL_SUFFIXES:
        fixed = number + unit  # only stray spaces were wrong
    elif unit in _HABITS:
        fixed = number + _HABITS[unit]
    elif unit.lower() in _HABITS:
        fixed = number + _HABITS[unit.lower()]
    else:
        return None
    return fixed if is_quantity(fixed) and fixed != value else None
