"""Reading the learner's YAML the way Kubernetes reads it.

``reader`` builds the data and the position of every key and value from the parser's events;
``scalars`` types unquoted values by go-yaml v2's rules; ``syntax`` words YAML errors for a
learner; ``limits`` refuses text that is too large, not UTF-8 or holds forbidden characters, and
bounds depth and aliases.
"""

from __future__ import annotations

import importlib
from typing import Any

_HOMES = {
    "MAX_BYTES": "limits", "decode": "limits", "line_col": "limits",
    "ReadResult": "reader", "read": "reader",
    "key_text": "scalars", "resolve_plain": "scalars",
}

__all__ = sorted(_HOMES)


def __getattr__(name: str) -> Any:
    """Names are imported from their module when first used: a start-up that unpickles the
    course's exercise goals needs ``scalars``, and must not pay for PyYAML and the reader."""
    if name not in _HOMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{_HOMES[name]}"), name)
    globals()[name] = value
    return value
