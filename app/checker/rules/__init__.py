"""The checker's rules: what the API server validates beyond the schema, and how objects must
fit together (a Service that selects the Pods, a mount that names a volume), each at the line
the learner has to change.

One module per concern, each declaring its :class:`~.base.Rule` (codes, severities, kinds, and
a check); its words are in ``app/words/<lang>/rules.toml``. To add a rule, add a module, list
its ``RULE`` in :data:`RULES` and add fixtures under ``tests/checker/rules/<rule>/``.

What the schema stage already reports (a boolean where text belongs, a value outside an enum)
is left to it, so no spot is reported twice.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping

from kubelearn.checker.findings import Budget, Finding, Severity
from kubelearn.checker.messages import internal_error
from kubelearn.checker.rules import (
    configmap_refs,
    container_ports,
    counts,
    data,
    env_sources,
    ingress,
    ingress_spec,
    labels,
    names,
    pod_spec,
    probes,
    resources,
    restart_policy,
    secret_type,
    service,
    service_targets,
    strategy,
    workload_selector,
)
from kubelearn.checker.rules.base import Context, Rule
from kubelearn.kube.document import Document

__all__ = ["RULES", "Rule", "rule_findings", "severities"]

#: Every rule, in the order each object is checked.
RULES: tuple[Rule, ...] = (
    names.RULE,
    labels.RULE,
    workload_selector.RULE,
    service.RULE,
    service_targets.RULE,
    ingress_spec.RULE,
    ingress.RULE,
    pod_spec.RULE,
    resources.RULE,
    container_ports.RULE,
    probes.RULE,
    configmap_refs.RULE,
    env_sources.RULE,
    data.RULE,
    secret_type.RULE,
    strategy.RULE,
    restart_policy.RULE,
    counts.RULE,
)


def severities(rules: tuple[Rule, ...] = RULES) -> Mapping[str, Severity]:
    """Each code's severity, as its rules declare it (a code two rules report has one)."""
    out: dict[str, Severity] = {}
    for rule in rules:
        for code, severity in rule.codes.items():
            if out.setdefault(code, severity) is not severity:
                raise ValueError(f"{rule.name}: {code} is {severity.value} and {out[code].value}")
    return out


def rule_findings(docs: list[Document], lang: str = "en", budget: Budget | None = None, *,
                  assumed: Mapping[str, frozenset[str]] | None = None,
                  partial: bool = False, cluster: tuple[Document, ...] = ()) -> list[Finding]:
    """Every rule's findings about ``docs`` (all objects of one input), in text order;
    ``cluster`` holds objects that already exist, which the rules relate ``docs`` to.

    ``assumed``: names of objects, by kind, that the task says are in the cluster already (a
    reference to one is never reported missing). ``partial``: the input is one part of a
    larger one (one of several files), so an object missing from it may be in another part.

    A rule that fails on one object costs only its own findings there: it becomes an
    internal-error finding at that object, naming the rule's check.
    """
    ctx = Context(list(docs) if isinstance(docs, list | tuple) else [], lang, budget,
                  _severities(RULES), assumed=assumed, partial=partial, cluster=cluster)
    findings: list[Finding] = []
    for doc in ctx.docs:
        for rule in _rules_for(doc.kind):
            try:
                findings.extend(rule.check(doc, ctx))
            except Exception as exc:
                findings.append(internal_error(exc, "semantic", doc.start, lang,
                                               rule.check.__name__))
    findings.sort(key=lambda f: (f.line, f.column))
    return findings


@functools.lru_cache(maxsize=4)
def _severities(rules: tuple[Rule, ...]) -> Mapping[str, Severity]:
    return severities(rules)


@functools.lru_cache(maxsize=256)  # kinds come from the input: a bounded cache
def _rules_for(kind: str | None) -> tuple[Rule, ...]:
    """The rules that look at an object of ``kind``, in order."""
    return tuple(r for r in RULES if r.kinds is None or kind in r.kinds)
