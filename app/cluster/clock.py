"""The cluster's virtual time: milliseconds since a fixed start, shown as the API shows times.

The start is fixed so that a transcript is the same on every run; nothing reads the machine's
clock. Object timestamps have whole seconds, as ``metav1.Time`` serialises them.
"""

from __future__ import annotations

import functools
from datetime import UTC, datetime, timedelta

#: The moment the cluster starts (virtual time 0).
EPOCH = datetime(2025, 6, 2, 9, 0, 0, tzinfo=UTC)


def rfc3339(ms: int) -> str:
    """``2025-06-02T09:00:05Z`` for ``ms`` after the start (seconds, as the API writes them)."""
    return _stamp(ms // 1000)


# Both directions are cached: the controllers stamp and read the same few seconds over and
# over (a batch of Pods turns ready in one second), and strptime/strftime are slow.
@functools.lru_cache(maxsize=16384)
def _stamp(second: int) -> str:
    return (EPOCH + timedelta(seconds=second)).strftime("%Y-%m-%dT%H:%M:%SZ")


@functools.lru_cache(maxsize=16384)
def parse(stamp: str) -> int:
    """Milliseconds after the start for a timestamp :func:`rfc3339` wrote."""
    moment = datetime.strptime(stamp, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    return int((moment - EPOCH).total_seconds() * 1000)


def seconds(ms: int) -> str:
    """A duration as kubectl's flags and Go's ``time.Duration`` print it: ``1m30s``, ``2.5s``."""
    if ms % 1000 == 0:
        total = ms // 1000
        hours, rest = divmod(total, 3600)
        minutes, secs = divmod(rest, 60)
        if hours:
            return f"{hours}h{minutes}m{secs}s"
        if minutes:
            return f"{minutes}m{secs}s"
        return f"{secs}s"
    return f"{ms / 1000:g}s"
