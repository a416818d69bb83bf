"""Keys that YAML's typing changed: unquoted ``on:`` is the key ``true``, ``010:`` the key ``8``.

Kubernetes accepts such a key in a map of its own (ConfigMap data, labels), where it only
surprises; where it was meant as a field name, the schema's "unknown field" is the wrong
explanation, and the finding says why instead.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kubelearn.checker.findings import Severity
from kubelearn.checker.schema.describe import given_value, parent_name, shown_path
from kubelearn.checker.yaml import resolve_plain
from kubelearn.kube.document import format_path

if TYPE_CHECKING:
    from kubelearn.checker.schema.validate import DocumentCheck


def changed_keys(check: DocumentCheck) -> None:
    """Unquoted keys that YAML read as a boolean or number (``on:`` is the key ``true``).

    Kubernetes accepts the changed key in a map of its own (ConfigMap data, labels), so
    that is a warning; where it names a field that does not exist, the unknown-field
    finding is replaced by an error that says why.
    """
    if not check.doc.key_text:
        return
    unknown = {f.path: f for f in reversed(check.findings) if f.code == "unknown-field"}
    replaced: set[int] = set()  # ids of the unknown-field findings said better below
    for path, (source, pos) in check.doc.key_text.items():
        key = format_path(path[-1:])
        what = given_value(resolve_plain(source), check.lang)
        shown = shown_path(path)
        if shown in unknown:
            replaced.add(id(unknown.pop(shown)))
            parent = parent_name(path[:-1], check.doc.kind or "", None, check.lang)
            check.add(
                "unquoted-key",
                pos,
                path,
                entry="unquoted-key-field",
                severity=Severity.ERROR,
                text=source,
                key=key,
                what=what,
                parent=parent,
            )
        else:
            check.add("unquoted-key", pos, path, text=source, key=key, what=what)
    if replaced:
        check.findings = [f for f in check.findings if id(f) not in replaced]
