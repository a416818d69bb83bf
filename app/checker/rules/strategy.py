"""A Deployment's update strategy, as Kubernetes validates it: no ``rollingUpdate`` with
``Recreate``, maxSurge and maxUnavailable each a count or a percentage that is not negative,
maxUnavailable at most 100%, and not both zero (the rollout could never move)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from kubelearn.checker.findings import Finding
from kubelearn.checker.rules.base import ERROR, Context, Rule
from kubelearn.kube.document import Document

_PERCENT = re.compile(r"^[0-9]+%$")


def check_strategy(doc: Document, ctx: Context) -> Iterator[Finding]:
    strategy = doc.value_at(("spec", "strategy"))
    if not isinstance(strategy, dict):
        return
    rolling = strategy.get("rollingUpdate")
    if strategy.get("type") == "Recreate":
        if rolling is not None:
            yield ctx.at(doc, ("spec", "strategy", "rollingUpdate"), "invalid-strategy",
                         "strategy-recreate", on_key=True)
        return
    if not isinstance(rolling, dict):
        return
    amounts = {}
    for field in ("maxSurge", "maxUnavailable"):
        value = rolling.get(field, "25%")
        at = ("spec", "strategy", "rollingUpdate", field)
        if isinstance(value, bool):
            continue  # the schema reports it
        if isinstance(value, str) and value.startswith("-") and _PERCENT.match(value[1:]):
            yield ctx.at(doc, at, "invalid-strategy", "strategy-negative", field=field)
            continue
        if isinstance(value, str) and not _PERCENT.match(value):
            fixed = value.strip().rstrip("%").strip()
            yield ctx.at(doc, at, "invalid-strategy", "strategy-percent", hint=fixed.isdigit(),
                         field=field, value=value, fixed=fixed)
            continue
        if isinstance(value, int) and value < 0:
            yield ctx.at(doc, at, "invalid-strategy", "strategy-negative", field=field)
            continue
        if field == "maxUnavailable" and isinstance(value, str) and int(value[:-1]) > 100:
            yield ctx.at(doc, at, "invalid-strategy", "strategy-over-100", value=value)
            continue
        amounts[field] = int(value[:-1]) if isinstance(value, str) else value
    if amounts.get("maxSurge") == 0 and amounts.get("maxUnavailable") == 0:
        yield ctx.at(doc, ("spec", "strategy", "rollingUpdate", "maxUnavailable"),
                     "invalid-strategy", "strategy-both-zero")


RULE = Rule("strategy", {"invalid-strategy": ERROR}, check_strategy,
            kinds=frozenset({"Deployment"}))
