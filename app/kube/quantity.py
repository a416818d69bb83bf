"""Kubernetes resource quantities (``500m``, ``128Mi``, ``1.5``, ``2e3``), read the way the API server does.

The schema only says a quantity is "a string or a number"; the API server then parses it with
``resource.ParseQuantity`` and rejects anything else. This module mirrors that parser so the
checker can flag ``memory: 128mb`` before Kubernetes does, and suggest what was meant.
"""

from __future__ import annotations

import math
import re
from fractions import Fraction
from functools import total_ordering

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

# Unambiguous, so matching is linear: the fraction must start with its dot.
_SPLIT = re.compile(r"^\s*(?P<number>[+-]?[0-9]*(?:\.[0-9]*)?)\s*(?P<unit>[A-Za-z]*)\s*$")
#: No one means a quantity longer than this; longer text gets no suggestion.
_SUGGEST_LIMIT = 64


#: Kubernetes keeps amounts to the nano (10**-9): a smaller non-zero amount is rounded up.
_NANO = -9
#: Amounts with a binary suffix are capped at the largest int64, as resource.Quantity does.
_MAX_BINARY = (1 << 63) - 1
#: Digits kept of an amount with a binary suffix: far below a nano, so the rounding matches.
_BINARY_DIGITS = 60


@total_ordering
class Quantity:
    """An amount as Kubernetes keeps it: a sign, significant digits and a power of ten.

    ``1e100000000`` is the digit ``1`` and the exponent ``100000000``: amounts compare by
    their order of magnitude, then by their digits, so no huge power is ever computed, and a
    thousand-digit amount is never turned into a Python int.
    """

    __slots__ = ("sign", "digits", "exponent")

    def __init__(self, sign: int, digits: str, exponent: int) -> None:
        digits = digits.lstrip("0")
        stripped = digits.rstrip("0")
        #: -1, 0 or 1.
        self.sign = sign if stripped else 0
        #: The significant digits, without leading or trailing zeros ("" for zero).
        self.digits = stripped
        #: The amount is ``sign * int(digits) * 10**exponent``.
        self.exponent = exponent + len(digits) - len(stripped) if stripped else 0

    def _magnitude(self) -> int:
        return len(self.digits) + self.exponent

    def _cmp(self, other: object) -> int:
        other = _as_quantity(other)
        if self.sign != other.sign:
            return 1 if self.sign > other.sign else -1
        if self.sign == 0:
            return 0
        a, b = self._magnitude(), other._magnitude()
        if a == b:
            # Without trailing zeros, digit strings of one magnitude compare as text.
            a, b = self.digits, other.digits  # type: ignore[assignment]
        return ((a > b) - (a < b)) * self.sign

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Quantity | int) or isinstance(other, bool):
            return NotImplemented
        return self._cmp(other) == 0

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Quantity | int) or isinstance(other, bool):
            return NotImplemented
        return self._cmp(other) < 0

    def __hash__(self) -> int:
        return hash((self.sign, self.digits, self.exponent))

    def __repr__(self) -> str:
        sign = "-" if self.sign < 0 else ""
        return f"Quantity({sign}{self.digits or 0}e{self.exponent})"


def _as_quantity(value: object) -> Quantity:
    if isinstance(value, Quantity):
        return value
    if isinstance(value, int):
        return Quantity(-1 if value < 0 else 1, str(abs(value)), 0)
    raise TypeError(f"cannot compare a Quantity with {type(value).__name__}")


def _go_exponent(text: str) -> int | None:
    """``strconv.ParseInt(text, 10, 64)`` then ``int32(...)``, as the quantity suffixer does."""
    digits = text.lstrip("+-").lstrip("0")
    if len(digits) > 19:
        return None  # beyond int64: Kubernetes refuses the suffix
    value = int(digits or "0") * (-1 if text.startswith("-") else 1)
    if not -(1 << 63) <= value < (1 << 63):
        return None
    return ((value + (1 << 31)) % (1 << 32)) - (1 << 31)


def _round_up_to_nano(q: Quantity) -> Quantity:
    """Round a non-zero amount away from zero to a whole number of nanos, as Kubernetes does."""
    drop = _NANO - q.exponent
    if q.sign == 0 or drop <= 0:
        return q
    if drop >= len(q.digits):
        return Quantity(q.sign, "1", _NANO)
    # The dropped digits end in a non-zero digit (no trailing zeros), so the rest goes up by one.
    kept = q.digits[:-drop]
    nines = len(kept) - len(kept.rstrip("9"))
    head = kept[: len(kept) - nines]
    bumped = (head[:-1] + str(int(head[-1]) + 1) if head else "1") + "0" * nines
    return Quantity(q.sign, bumped, _NANO)


def _times_binary(q: Quantity, power: int) -> Quantity:
    """``q * 1024**power``, rounded up to the nano and capped at the int64 maximum."""
    if q.sign == 0:
        return q
    if q._magnitude() > 19:  # at least 10**19 before the multiplication: over the cap
        return Quantity(q.sign, str(_MAX_BINARY), 0)
    if q._magnitude() < -30:  # under 10**-30 * 2**60, far under a nano: rounds up to one
        return Quantity(q.sign, "1", _NANO)
    digits, exponent = q.digits, q.exponent
    if len(digits) > _BINARY_DIGITS:
        # A 1 beyond the kept digits stands for the rest, so the amount still rounds up.
        exponent += len(digits) - _BINARY_DIGITS - 1
        digits = digits[:_BINARY_DIGITS] + "1"
    exact = Fraction(int(digits) * 1024**power) * Fraction(10) ** exponent
    nanos = math.ceil(exact * 10**9)
    if nanos > _MAX_BINARY * 10**9:
        return Quantity(q.sign, str(_MAX_BINARY), 0)
    return Quantity(q.sign, str(nanos), _NANO)


def parse_quantity(value: object) -> Quantity | None:
    """The amount ``value`` stands for, or None when Kubernetes would reject it.

    Numbers (YAML ``1``, ``0.5``) are quantities too; booleans and everything else are not.
    Every step is linear in the length of ``value``, whatever its exponent.
    """
    text = _as_text(value)
    if text is None:
        return None
    match = _QUANTITY.match(text)
    if not match:
        return None
    num, frac, suffix = match["num"], match["frac"] or "", match["suffix"] or ""
    sign = -1 if match["sign"] == "-" else 1
    if suffix in BINARY_SUFFIXES:
        amount = Quantity(sign, num + frac, -len(frac))
        return _round_up_to_nano(_times_binary(amount, BINARY_SUFFIXES[suffix]))
    if suffix in DECIMAL_SUFFIXES:
        exponent: int | None = DECIMAL_SUFFIXES[suffix]
    else:
        exponent = _go_exponent(suffix[1:])
        if exponent is None:
            return None
    return _round_up_to_nano(Quantity(sign, num + frac, exponent - len(frac)))


def is_quantity(value: object) -> bool:
    return parse_quantity(value) is not None


def suggest_quantity(value: object) -> str | None:
    """A valid quantity that ``value`` most likely meant (``128mb`` -> ``128Mi``), or None."""
    if not isinstance(value, str) or len(value) > _SUGGEST_LIMIT:
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


# --- the string the API server keeps ------------------------------------------------------

#: DecimalSI's suffix for each power of ten that has one.
_DECIMAL_BY_EXPONENT = {exponent: suffix for suffix, exponent in DECIMAL_SUFFIXES.items()}
#: BinarySI's suffix for each power of 1024.
_BINARY_BY_POWER = {0: "", **{power: suffix for suffix, power in BINARY_SUFFIXES.items()}}
#: ``maxInt64Factors``: decimal digits an int64 always holds.
_INT64_DIGITS = 18


def canonical_quantity(value: object) -> str | None:
    """The string Kubernetes stores and serves for the quantity ``value`` (``0.5`` is kept
    as ``500m``, ``1.5Gi`` as ``1536Mi``, ``cpu: 1`` as the string ``"1"``), or None when
    it is no quantity.

    Ported from resource.Quantity (k8s.io/apimachinery/pkg/api/resource/quantity.go): a
    quantity is decoded with ``ParseQuantity`` and encoded with its ``String``, which is the
    string as written when ``ParseQuantity``'s fast path found it canonical already, and
    otherwise ``CanonicalizeBytes``: the format of the suffix (binary, decimal or exponent),
    the digits without trailing zeros and the exponent lowered to a multiple of three (or
    for a binary amount, whole powers of 1024; one under 1024 or not whole is shown as a
    decimal one). Linear in the length of ``value``.
    """
    text = _as_text(value)
    if text is None:
        return None
    if text == "0":
        return "0"
    match = _QUANTITY.match(text)
    amount = parse_quantity(text)
    if match is None or amount is None:
        return None
    suffix = match["suffix"] or ""
    num = match["num"].lstrip("0") or "0"
    denom = match["frac"] or ""
    if suffix in BINARY_SUFFIXES:
        kind, exponent = "binary", BINARY_SUFFIXES[suffix] * 10
    elif suffix in DECIMAL_SUFFIXES:
        kind, exponent = "decimal", DECIMAL_SUFFIXES[suffix]
    else:
        kind, exponent = "exponent", _go_exponent(suffix[1:]) or 0
    if _kept_as_written(kind, exponent, num, denom):
        return text
    return _canonical(amount, kind)


def _as_text(value: object) -> str | None:
    """``value`` as the text ``parse_quantity`` reads (a YAML number is a quantity too)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value) if math.isfinite(value) else None
    return value if isinstance(value, str) and value else None


def _kept_as_written(kind: str, exponent: int, num: str, denom: str) -> bool:
    """ParseQuantity's fast path: an amount that fits an int64 and is written the canonical
    way keeps its string (``if the number is in canonical form, reuse the string``)."""
    scale, mantissa = 0, 1
    if kind == "binary":
        if exponent < 0 or denom:
            return False
        mantissa = 1 << exponent
        precision = 15 - len(num) - int(exponent * 3 / 10) - 1
    else:
        scale = exponent
        precision = _INT64_DIGITS - (len(num) + len(denom))
    if precision < 0:
        return False
    scale -= len(denom)
    if scale < _NANO:
        return False
    shifted = num + denom
    value = int(shifted)
    if value * mantissa > _MAX_BINARY:
        return False
    if kind == "binary":
        return exponent % 10 == 0 and value & 0x07 != 0
    return scale % 3 == 0 and not shifted.endswith("000") and shifted[0] != "0"


def _canonical(amount: Quantity, kind: str) -> str:
    """``CanonicalizeBytes`` of an amount read with a suffix of ``kind``."""
    if amount.sign == 0:
        return "0"
    sign = "-" if amount.sign < 0 else ""
    if kind == "binary":
        # Binary amounts are at most the int64 maximum and kept to the nano: exact here.
        exact = Fraction(int(amount.digits)) * Fraction(10) ** amount.exponent
        if abs(exact) < 1024 or exact.denominator != 1:
            kind = "decimal"  # shown without rounding, as a decimal amount
        else:
            whole, power = abs(int(exact)), 0
            while whole % 1024 == 0 and power < 6:
                whole //= 1024
                power += 1
            return f"{sign}{whole}{_BINARY_BY_POWER[power]}"
    pad = amount.exponent % 3  # the exponent goes down to a multiple of three
    digits, exponent = amount.digits + "0" * pad, amount.exponent - pad
    if kind == "exponent":
        return f"{sign}{digits}" + (f"e{exponent}" if exponent else "")
    suffix = _DECIMAL_BY_EXPONENT.get(exponent)
    return f"{sign}{digits}{suffix if suffix is not None else f'e{exponent}'}"
