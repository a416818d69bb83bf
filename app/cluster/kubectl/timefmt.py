"""How kubectl shows time: ``AGE`` cells and ``describe``'s timestamps.

:func:`human_duration` is k8s.io/apimachinery/pkg/util/duration ``HumanDuration`` (what
``translateTimestampSince`` in pkg/printers/internalversion/printers.go prints);
:func:`rfc1123z` is Go's ``time.RFC1123Z`` layout, which ``describe`` uses.
"""

from __future__ import annotations

from kubelearn.cluster import clock


def human_duration(ms: int) -> str:
    """``HumanDuration``: ``45s``, ``2m``, ``5m30s``, ``3h``, ``2d5h``, ``400d``, ``3y``."""
    seconds = ms // 1000 if ms >= 0 else -((-ms) // 1000)
    if seconds < -1:
        return "<invalid>"
    if seconds < 0:
        return "0s"
    if seconds < 60 * 2:
        return f"{seconds}s"
    minutes = seconds // 60
    if minutes < 10:
        s = seconds % 60
        return f"{minutes}m" if s == 0 else f"{minutes}m{s}s"
    if minutes < 60 * 3:
        return f"{minutes}m"
    hours = seconds // 3600
    if hours < 8:
        m = minutes % 60
        return f"{hours}h" if m == 0 else f"{hours}h{m}m"
    if hours < 48:
        return f"{hours}h"
    if hours < 24 * 8:
        h = hours % 24
        return f"{hours // 24}d" if h == 0 else f"{hours // 24}d{h}h"
    if hours < 24 * 365 * 2:
        return f"{hours // 24}d"
    if hours < 24 * 365 * 8:
        dy = (hours // 24) % 365
        return f"{hours // 24 // 365}y" if dy == 0 else f"{hours // 24 // 365}y{dy}d"
    return f"{hours // 24 // 365}y"


def since(now_ms: int, stamp: object) -> str:
    """``translateTimestampSince``: the age of an RFC 3339 stamp, ``<unknown>`` without one."""
    if not isinstance(stamp, str) or not stamp:
        return "<unknown>"
    try:
        return human_duration(now_ms - clock.parse(stamp))
    except ValueError:
        return "<unknown>"


def rfc1123z(stamp: object) -> str:
    """``Mon, 02 Jun 2025 09:00:00 +0000`` for an RFC 3339 stamp (``describe``'s dates)."""
    if not isinstance(stamp, str):
        return "Mon, 01 Jan 0001 00:00:00 +0000"
    try:
        moment = clock.EPOCH + _delta(clock.parse(stamp))
    except ValueError:
        return stamp
    return moment.strftime("%a, %d %b %Y %H:%M:%S +0000")


def _delta(ms: int):  # noqa: ANN202 - a timedelta
    from datetime import timedelta

    return timedelta(milliseconds=ms)


def parse_duration(text: str) -> float | None:
    """Seconds in a Go duration (``30s``, ``1m30s``, ``2h``, ``500ms``, ``1.5m``), or None.

    Go's ``time.ParseDuration``: a sequence of decimal numbers each with a unit; a bare ``0``
    is allowed.
    """
    units = {"ns": 1e-9, "us": 1e-6, "µs": 1e-6, "ms": 1e-3, "s": 1.0, "m": 60.0, "h": 3600.0}
    s = text.strip()
    if s in ("0", "+0", "-0"):
        return 0.0
    if not s or len(s) > 64:
        return None
    sign = 1.0
    if s[0] in "+-":
        sign = -1.0 if s[0] == "-" else 1.0
        s = s[1:]
    total = 0.0
    i = 0
    if not s:
        return None
    while i < len(s):
        start = i
        while i < len(s) and (s[i].isdigit() or s[i] == "."):
            i += 1
        number = s[start:i]
        if not number or number == "." or number.count(".") > 1:
            return None
        ustart = i
        while i < len(s) and not (s[i].isdigit() or s[i] == "."):
            i += 1
        unit = s[ustart:i]
        if unit not in units:
            return None
        total += float(number) * units[unit]
    return sign * total
