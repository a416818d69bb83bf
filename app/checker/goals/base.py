"""What every goal form is made of: its declaration (:class:`Form`), the references goals make
to objects (``Kind`` or ``Kind/name``), and the words of a failure (:class:`Say`,
:class:`Failure`), which come from ``app/words/<lang>/goals.toml``.

Parsing raises ``ValueError`` with a sentence for the lesson author (in English: authors
write lessons in the course's own terms); the registry turns it into :class:`GoalError`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from kubelearn.checker.messages import Words, quote
from kubelearn.checker.yaml.scalars import resolve_plain
from kubelearn.kube.document import DocPath, Document
from kubelearn.words import words


class GoalError(ValueError):
    """A malformed goal: ``index`` is its position in the ``expect`` list."""

    def __init__(self, index: int, message: str) -> None:
        super().__init__(f"expectation {index + 1}: {message}")
        self.index = index
        self.message = message


@dataclass(frozen=True)
class Form:
    """One form of goal.

    Attributes:
        name: the key that names the form in a goal (``selects: {...}``).
        keys: every top-level key a goal of this form may have.
        goal: the parsed goal's type.
        parse: ``parse(raw, message)`` -> goal; raises ValueError for the author.
        judge: ``judge(goal, objects, say)`` -> None when met, else a :class:`Failure`; for
            an ``outcome`` form, ``judge(goal, cluster, say)`` on the cluster the answer runs in.
        outcome: judged by running the answer in the offline cluster
            (:mod:`kubelearn.checker.goals.outcome`), not by reading its text.
    """

    name: str
    keys: frozenset[str]
    goal: type
    parse: Callable[[dict, str], Any]
    judge: Callable[[Any, Any, Say], Failure | None]
    outcome: bool = False


# --- References to objects ----------------------------------------------------------------------

_REF = re.compile(r"^(?P<kind>[A-Z][A-Za-z0-9]*)(?:/(?P<name>[a-z0-9][-a-z0-9.]*))?$")
_PLAIN_NAME = re.compile(r"^[a-z0-9][-a-z0-9.]*$")


@dataclass(frozen=True)
class ObjectRef:
    """``Kind`` (any object of that kind) or ``Kind/name``."""

    kind: str
    name: str | None = None

    def matches(self, doc: Document) -> bool:
        return doc.kind == self.kind and (self.name is None or doc.name == self.name)

    def __str__(self) -> str:
        return f"{self.kind}/{self.name}" if self.name else self.kind


@dataclass(frozen=True)
class ConfigMapRef:
    """A ConfigMap by plain name (it may live only in the cluster), or one in the answer."""

    name: str | None = None
    ref: ObjectRef | None = None

    def __str__(self) -> str:
        return str(self.ref) if self.ref else str(self.name)


def parse_ref(value: object, what: str, kinds: frozenset[str] | None = None) -> ObjectRef:
    match = _REF.match(value.strip()) if isinstance(value, str) else None
    if match is None:
        raise ValueError(
            f"{what} must be a kind such as 'Deployment' or a kind and name such as "
            f"'Deployment/web', not {value!r}"
        )
    ref = ObjectRef(match["kind"], match["name"])
    if kinds is not None and ref.kind not in kinds:
        raise ValueError(f"{what} must be one of {', '.join(sorted(kinds))}, not {ref.kind}")
    return ref


def parse_configmap(value: object) -> ConfigMapRef:
    if isinstance(value, str) and _PLAIN_NAME.match(value.strip()):
        return ConfigMapRef(name=value.strip())
    try:
        ref = parse_ref(value, "configmap", frozenset({"ConfigMap"}))
    except ValueError:
        raise ValueError(
            "configmap must be a ConfigMap's name (lowercase, e.g. 'app-config'), or "
            f"'ConfigMap' / 'ConfigMap/name' for one in the answer, not {value!r}"
        ) from None
    return ConfigMapRef(ref=ref)


def unknown_key(key: object, allowed: Iterable[str]) -> str:
    """"unknown key 'x'", with the allowed key it is closest to."""
    by_lower = {a.lower(): a for a in allowed}
    import difflib  # only for an author's mistake; not on every start-up

    close = difflib.get_close_matches(str(key).lower(), sorted(by_lower), n=1)
    return f"unknown key '{key}'" + (f" (did you mean '{by_lower[close[0]]}'?)" if close else "")


def relation_body(raw: dict, form: str, required: set[str], optional: set[str]) -> dict:
    """The mapping under a relation form's key, checked: known keys, the required ones there,
    the optional ones text (except ``readOnly``)."""
    body = raw[form]
    if not isinstance(body, dict):
        raise ValueError(f"'{form}' holds a mapping with {', '.join(sorted(required))}")
    for key in body:
        if key not in required | optional:
            raise ValueError(unknown_key(key, required | optional) + f" under '{form}'")
    for key in sorted(required):
        if key not in body:
            raise ValueError(f"'{form}' needs '{key}'")
    for key in optional:
        if key in body and key != "readOnly" and not isinstance(body[key], str):
            raise ValueError(f"'{form}.{key}' must be text")
    return body


def is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


# --- Values as a learner reads them -------------------------------------------------------------


def as_text(value: Any) -> str | None:
    """A scalar as Kubernetes would print it; None for mappings, lists and null."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, str | int | float):
        return str(value)
    return None


def show(value: Any, limit: int = 60) -> str:
    text = as_text(value)
    if text is None:
        text = "null" if value is None else json.dumps(value, ensure_ascii=False, default=str)
    elif isinstance(value, str) and (
        text == "" or text != text.strip() or not isinstance(resolve_plain(text), str)
    ):
        text = json.dumps(text, ensure_ascii=False)  # "true", "3": text, not a bool or number
    return text if len(text) <= limit else text[: limit - 3] + "..."


# --- Failures in words --------------------------------------------------------------------------


class Say:
    """The sentences of ``goals.toml`` in one language."""

    def __init__(self, lang: str) -> None:
        self.words = words(lang)

    def __call__(self, template: str, /, **values: Any) -> Words:
        """A sentence; values from the answer are quoted (one line, clipped), pieces of
        our own (:class:`Words`) are kept whole."""
        return Words(self.words(f"goals.{template}", **{k: quote(v) for k, v in values.items()}))

    def join(self, *sentences: str) -> Words:
        """Sentences of ours one after the other, with the language's gap between them
        (a space in English, none after Chinese punctuation)."""
        parts = [s.strip() for s in sentences if s and s.strip()]
        text = parts[0] if parts else ""
        for part in parts[1:]:
            text = self.words("goals.joined", first=text, second=part)
        return Words(text)


@dataclass
class Failure:
    """Why a goal is not met, and where the learner should look."""

    explanation: str
    doc: Document | None = None
    path: DocPath = ()
    hint: str = ""
    key: bool = True


def describe(doc: Document, say: Say) -> Words:
    kind = quote(doc.kind) if doc.kind else say("object")
    return Words(f"{kind} {quote(doc.name)}" if doc.name else kind)


def missing(ref: ObjectRef, objects: list[Document], say: Say) -> Failure:
    """The answer has no object ``ref`` names: say what it has instead."""
    same_kind = [d for d in objects if d.kind == ref.kind]
    if ref.name and same_kind:
        others = Words(", ".join(describe(d, say) for d in same_kind[:3]))
        return Failure(say("no_object_named", ref=f"{ref.kind} {ref.name}", others=others),
                       same_kind[0], ("metadata", "name"), key=False)
    if not objects:
        return Failure(say("empty"))
    others = Words(", ".join(describe(d, say) for d in objects[:3]))
    return Failure(say("no_object_has", ref=str(ref).replace("/", " "), others=others))


def configmap_names(
    ref: ConfigMapRef, objects: list[Document], say: Say
) -> tuple[list[tuple[str, Document | None]], Failure | None]:
    """The names ``ref`` stands for, each with its ConfigMap when it is in the answer; or why
    the answer has none."""
    if ref.ref is None:
        return [(ref.name or "", None)], None
    found = [(d.name, d) for d in objects if ref.ref.matches(d) and d.name]
    if not found:
        return [], missing(ref.ref, objects, say)
    return found, None
