"""What every rule is made of: its declaration (:class:`Rule`) and the :class:`Context` it runs
in, which indexes the input's objects once and puts findings into the learner's language.

A rule's check takes one object and the context and yields findings made with
:meth:`Context.at`, which takes the severity the rule declared for the code and the words
from ``app/words/<lang>/rules.toml`` (the text id is the code, or a variant of it; a text
without a hint has no ``hint`` key).
"""

from __future__ import annotations

import bisect
import difflib
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from kubelearn.checker.findings import WORDED_PER_CODE, Budget, Finding, Severity
from kubelearn.checker.messages import Words, quote, unworded
from kubelearn.kube.document import DocPath, Document, format_path
from kubelearn.kube.names import Problem
from kubelearn.kube.objects import (
    by_name,
    containers,
    data_keys,
    namespace,
    objects,
    pod_spec_path,
)
from kubelearn.kube.relations import named_near
from kubelearn.kube.selectors import PodIndex
from kubelearn.words import words

ERROR, WARNING, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO

#: Items a list in a sentence names; the rest are counted.
LIST_LIMIT = 10
#: Names one suggestion compares with, and the longest word or name it considers.
SUGGESTION_CANDIDATES, SUGGESTION_LENGTH = 64, 100


@dataclass(frozen=True, eq=False)
class Rule:
    """One concern of the checker.

    Attributes:
        name: the rule's name (its module's, for a reader).
        codes: each finding code the rule reports, with its severity: ``error`` when the API
            server would reject the object, ``warning`` when it accepts it but it cannot work
            as written, ``info`` for a likely slip that is often deliberate.
        check: ``check(doc, ctx)`` yields the rule's findings about one object.
        kinds: the kinds of object the rule looks at; None for every kind.
    """

    name: str
    codes: Mapping[str, Severity]
    check: Callable[[Document, Context], Iterable[Finding]]
    kinds: frozenset[str] | None = field(default=None)


class _KeyList(list):
    """A list of keys with a set beside it: ``key in keys`` without a scan."""

    def __init__(self, items: Iterable[str]) -> None:
        super().__init__(items)
        self._set = frozenset(self)

    def __contains__(self, item: object) -> bool:
        return item in self._set


class Context:
    """Every object of one input, indexed for the rules that relate objects, and the language
    to speak. Lookups are by key, so relating objects stays linear in their number."""

    def __init__(self, docs: list[Document], lang: str, budget: Budget | None,
                 severities: Mapping[str, Severity], *,
                 assumed: Mapping[str, frozenset[str]] | None = None,
                 partial: bool = False, cluster: Iterable[Document] = ()) -> None:
        self.budget = budget or Budget()
        #: Objects the task says the cluster has, by kind (see rule_findings).
        self.assumed = assumed or {}
        #: The input is one part of several: a missing object may be in another (info only).
        self.partial = partial
        #: The missing objects already reported: (kind, namespace, name).
        self._missing: set[tuple[str, str | None, str]] = set()
        self.words = words(lang)
        self.severities = severities
        self.docs = objects(docs)
        # What the input's objects are related to: themselves, and those already in the cluster.
        known = [*self.docs, *objects(list(cluster))]
        self.configmaps = [d for d in known if d.kind == "ConfigMap"]
        self.services = [d for d in known if d.kind == "Service"]
        self.pod_makers = [d for d in known if pod_spec_path(d) is not None]
        self.configmap_names = [d.name for d in self.configmaps if d.name]
        self.service_names = [d.name for d in self.services if d.name]
        self._by_name = {"ConfigMap": by_name(self.configmaps), "Service": by_name(self.services)}
        self.pods = PodIndex(self.pod_makers, added=True)
        self._keys: dict[int, _KeyList] = {}
        self._sorted: dict[int, tuple[Any, list[str], list[str]]] = {}
        self._phrases: dict[str, Words] = {}
        self._uses: Counter[tuple[str, str]] | None = None
        self._containers: tuple[Document | None, list[tuple[DocPath, dict]]] = (None, [])

    # --- the objects ---------------------------------------------------------------------------

    def containers(self, doc: Document) -> list[tuple[DocPath, dict]]:
        """:func:`kubelearn.kube.objects.containers` of ``doc``, found once for all the rules
        (the rules check one object at a time)."""
        if self._containers[0] is not doc:
            self._containers = (doc, list(containers(doc)))
        return self._containers[1]

    def configmap_keys(self, cm: Document) -> list[str]:
        """The keys of a ConfigMap (data and binaryData), computed once per ConfigMap."""
        keys = self._keys.get(id(cm))
        if keys is None:
            keys = self._keys[id(cm)] = _KeyList(data_keys(cm))
        return keys

    def value_uses(self, key: str, value: str) -> int:
        """How often the input gives the text ``value`` to ``key``, in any mapping (labels,
        selectors, names): of two spellings, the one most of the file uses is likely meant.
        Every pair is counted in one walk of the input, when a rule first asks."""
        if self._uses is None:
            uses: Counter[tuple[str, str]] = Counter()
            stack: list[Any] = [d.data for d in self.docs]
            while stack:
                node = stack.pop()
                if isinstance(node, dict):
                    for k, v in node.items():
                        if isinstance(v, str):
                            uses[(k, v)] += 1
                        elif isinstance(v, dict | list):
                            stack.append(v)
                elif isinstance(node, list):
                    stack.extend(v for v in node if isinstance(v, dict | list))
            self._uses = uses
        return self._uses[(key, value)]

    def configmap(self, name: str, near: Document) -> Document | None:
        return next(iter(named_near(self._by_name["ConfigMap"], name, near)), None)

    def service(self, name: str, near: Document) -> Document | None:
        return next(iter(named_near(self._by_name["Service"], name, near)), None)

    # --- words ---------------------------------------------------------------------------------

    def word(self, word: str, /, **fields: Any) -> Words:
        """A phrase of ``rules.words``; values are quoted, our own pieces kept whole."""
        if not fields:
            phrase = self._phrases.get(word)
            if phrase is None:
                phrase = self._phrases[word] = Words(self.words.get(f"rules.words.{word}", word))
            return phrase
        return Words(self.words.get(f"rules.words.{word}", word,
                                    **{k: quote(v) for k, v in fields.items()}))

    def problem(self, problem: Problem) -> Words:
        """A problem of :mod:`kubelearn.kube.names` in words (its fields may be problems)."""
        word, fields = problem
        fields = {k: self.problem(v) if isinstance(v, tuple) else v for k, v in fields.items()}
        return self.word(word, **fields)

    def describe(self, doc: Document) -> Words:
        return Words(f"{quote(doc.kind)} {quote(doc.name) if doc.name else self.word('no-name')}")

    def listing(self, items: Iterable[Any]) -> Words:
        """At most LIST_LIMIT items, each quoted, and how many more there are."""
        items = list(items)
        shown = ", ".join(str(quote(i)) for i in items[:LIST_LIMIT])
        if len(items) > LIST_LIMIT:
            shown += ", " + self.word("more", count=len(items) - LIST_LIMIT)
        return Words(shown or self.word("none"))

    def labels(self, labels: dict) -> Words:
        if not labels:
            return self.word("no-labels")
        return self.listing(f"{quote(k)}={quote(v)}" for k, v in labels.items())

    def maybe(self, word: str, options: Iterable[str]) -> Words:
        """" Did you mean ...?" for the option closest to ``word``, if one is close.

        Bounded: no suggestion for an overlong word, the check's budget of lookups, and each
        compares ``word`` with at most SUGGESTION_CANDIDATES options (those sharing the longest
        beginnings and endings with it, where a typo usually is not).
        """
        if not isinstance(word, str) or len(word) > SUGGESTION_LENGTH:
            return Words("")
        if not self.budget.suggest():
            return Words("")
        close = difflib.get_close_matches(word, self._candidates(word, options), n=1)
        return self.word("maybe", word=close[0]) if close else Words("")

    def _candidates(self, word: str, options: Iterable[str]) -> list[str]:
        cached = self._sorted.get(id(options))
        if cached is None or cached[0] is not options:
            names = sorted({o for o in options if isinstance(o, str)
                            and len(o) <= SUGGESTION_LENGTH})
            cached = (options, names, sorted(n[::-1] for n in names))
            self._sorted[id(options)] = cached  # keeps ``options`` alive: its id stays its own
        _, names, backwards = cached
        if len(names) <= SUGGESTION_CANDIDATES:
            return names
        half = SUGGESTION_CANDIDATES // 4
        i = bisect.bisect_left(names, word)
        j = bisect.bisect_left(backwards, word[::-1])
        return [*names[max(0, i - half) : i + half],
                *(n[::-1] for n in backwards[max(0, j - half) : j + half])]

    # --- findings ------------------------------------------------------------------------------

    def wording(self, code: str) -> bool:
        """Whether a finding of ``code`` would still be worded (see findings.Budget): a rule
        whose words cost work (a suggestion) asks first, and skips the work past the budget."""
        return self.budget.worded.get(code, 0) < WORDED_PER_CODE

    def at(self, doc: Document, path: DocPath, code: str, text: str | None = None, /, *,
           on_key: bool = False, hint: bool = True, severity: Severity | None = None,
           **fields: Any) -> Finding:
        """A finding of ``code`` at ``path`` (its key when ``on_key``, else its value), worded
        by the text id ``text`` (default: the code), with the severity its rule declares.

        Values from the manifest are quoted; pieces made by ``word``/``listing`` stay whole.
        ``severity`` lowers the declared one where the rule knows the finding matters less.
        """
        severity = severity or self.severities[code]
        pos = doc.pos(path, prefer_key=on_key)
        if not self.budget.word(code):
            return unworded(code, pos.line, pos.column, path=format_path(path), severity=severity)
        key = f"rules.{text or code}"
        fields = {k: quote(v) for k, v in fields.items()}
        return Finding(
            severity=severity,
            line=pos.line,
            column=pos.column,
            code=code,
            message=self.words(f"{key}.message", **fields).strip(),
            path=quote(format_path(path), 200),
            explanation=self.words(f"{key}.explanation", **fields).strip(),
            hint=self.words.get(f"{key}.hint", "", **fields).strip() if hint else "",
        )

    def missing_reference(self, doc: Document, path: DocPath, code: str, none_text: str,
                          kind: str, name: str, known: list[str]) -> Iterator[Finding]:
        """``name`` refers to a ``kind`` not in the input: list those that are (or, worded by
        ``none_text``, say there are none).

        Said once per missing object (the first reference to it), never about one the task
        says the cluster has, and only as info when the input is one part of several, where
        the object may well be in another part: a real app's many references to its one
        ConfigMap elsewhere are one remark, not thirty warnings.
        """
        if name in self.assumed.get(kind, ()):
            return
        key = (kind, namespace(doc), name)
        if key in self._missing:
            return
        self._missing.add(key)
        yield self.at(doc, path, code, None if known else none_text, name=name,
                      known=self.listing(known), maybe=self.maybe(name, known),
                      severity=INFO if self.partial else None)


def line_col(doc: Document, path: DocPath) -> tuple[int, int]:
    pos = doc.pos(path, prefer_key=False)
    return pos.line, pos.column

