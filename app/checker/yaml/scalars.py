"""Scalar typing as Kubernetes does it: go-yaml v2's resolve.go, then sigs.k8s.io/yaml's JSON.

An unquoted ``yes``/``on``/``y`` is a boolean, ``010`` is 8, ``1e3`` is the number 1000, while
``12:30`` and ``2024-01-01`` stay text. PyYAML's own resolver differs on several of these, which
is why the reader types plain scalars here and never lets PyYAML construct them. Keys are typed
the same way, then turned back into text (``on:`` is the key ``true``).
"""

from __future__ import annotations

import math
import re
from typing import Any

_NAN, _INF = math.nan, math.inf
_RESOLVE_MAP: dict[str, Any] = {}
for _value, _words in (
    (True, ("y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON")),
    (False, ("n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF")),
    (None, ("", "~", "null", "Null", "NULL")),
    (_NAN, (".nan", ".NaN", ".NAN")),
    (_INF, (".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF")),
    (-_INF, ("-.inf", "-.Inf", "-.INF")),
):
    for _word in _words:
        _RESOLVE_MAP[_word] = _value

#: First characters after which a plain scalar may be something other than text.
_HINTS = frozenset("+-0123456789.yYnNtTfFoO~")
_GO_INT = re.compile(r"([+-]?)(0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)")
_YAML_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?")
_GO_FLOAT = re.compile(r"[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?")
_INT64 = 1 << 63
#: A decimal integer of more digits never fits 64 bits. Longer ones never reach ``int()``,
#: which is quadratic on huge text and refuses more than 4,300 decimal digits (hexadecimal,
#: octal and binary text is read in linear time, with no such limit).
_DECIMAL_DIGITS = 20


def _go_int(text: str) -> int | None:
    """strconv.ParseInt(text, 0, 64), falling back to ParseUint as go-yaml does."""
    m = _GO_INT.fullmatch(text)
    if not m:
        return None
    sign, digits = m.groups()
    if digits[0] != "0" and len(digits) > _DECIMAL_DIGITS:
        return None
    prefix = digits[:2].lower()
    if prefix == "0x":
        value = int(digits[2:], 16)
    elif prefix == "0o":
        value = int(digits[2:], 8)
    elif prefix == "0b":
        value = int(digits[2:], 2)
    elif digits.startswith("0"):
        value = int(digits, 8)
    else:
        value = int(digits)
    if sign == "-":
        value = -value
    if -_INT64 <= value < _INT64:
        return value
    if not sign and 0 <= value < (1 << 64):
        return value
    return None


def _go_float(text: str) -> float | None:
    """strconv.ParseFloat(text, 64): None when out of range, where go-yaml keeps the text."""
    value = float(text)
    return None if math.isinf(value) else value


def _json_number(value: float) -> int | float:
    """A float as the JSON that Kubernetes receives: ``1e3`` arrives as ``1000``."""
    if math.isfinite(value) and value.is_integer() and abs(value) < 1e21:
        return int(value)
    return value


def resolve_plain(text: str) -> Any:
    """The value go-yaml v2 gives an unquoted, untagged scalar, as Kubernetes then sees it."""
    if not text:
        return None
    first = text[0]
    if first not in _HINTS:
        return text
    if text in _RESOLVE_MAP:
        return _RESOLVE_MAP[text]
    if first == ".":
        value = _go_float(text) if _GO_FLOAT.fullmatch(text) else None
        return text if value is None else _json_number(value)
    if first in "yYnNtTfFoO~":
        return text
    plain = text.replace("_", "")
    value = _go_int(plain)
    if value is not None:
        return value
    if _YAML_FLOAT.fullmatch(plain):
        number = _go_float(plain)
        if number is not None:
            return _json_number(number)
    if plain.startswith("-0b"):
        value = _go_int("-" + plain[1:])
        if value is not None:
            return value
    return text


def key_text(value: Any) -> str | None:
    """A resolved key as the text sigs.k8s.io/yaml turns it into (None: not allowed)."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return ".nan"
        if math.isinf(value):
            return ".inf" if value > 0 else "-.inf"
        return repr(value).removesuffix(".0")
    return None


TAG = "tag:yaml.org,2002:"


def tagged_scalar(tag: str, text: str, plain: bool) -> tuple[bool, Any]:
    """(ok, value) for a scalar with an explicit standard tag."""
    name = tag[len(TAG) :] if tag.startswith(TAG) else None
    if tag == "!" or name in ("str", "binary", "timestamp"):
        return True, text
    value = resolve_plain(text)
    if name == "null":
        return value is None, None
    if name == "bool":
        return isinstance(value, bool), value
    if name == "int":
        return isinstance(value, int) and not isinstance(value, bool), value
    if name == "float":
        ok = isinstance(value, int | float) and not isinstance(value, bool)
        return ok, value
    return False, text
