"""Reading the learner's YAML the way Kubernetes reads it.

``reader`` builds the data and the position of every key and value from the parser's events;
``scalars`` types unquoted values by go-yaml v2's rules; ``syntax`` words YAML errors for a
learner; ``limits`` refuses text that is too large, not UTF-8 or holds forbidden characters, and
bounds depth and aliases.
"""

from __future__ import annotations

from kubelearn.checker.yaml.limits import MAX_BYTES, decode, line_col
from kubelearn.checker.yaml.reader import ReadResult, read
from kubelearn.checker.yaml.scalars import key_text, resolve_plain

__all__ = ["MAX_BYTES", "ReadResult", "decode", "key_text", "line_col", "read", "resolve_plain"]
