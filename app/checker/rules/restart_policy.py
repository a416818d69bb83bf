"""The ``restartPolicy`` a workload's Pod template may have: Always for the controllers that
keep Pods running, OnFailure or Never for Jobs (a Pod of its own may have any)."""

from __future__ import annotations

from collections.abc import Iterator

from kubelearn.checker.findings import Finding
from kubelearn.checker.rules.base import ERROR, Context, Rule
from kubelearn.kube.document import Document
from kubelearn.kube.objects import pod_spec_path

#: The restartPolicy values a workload's Pod template may have; the first is the default.
RESTART_POLICIES = {
    **dict.fromkeys(
        ("ReplicaSet", "Deployment", "StatefulSet", "DaemonSet", "ReplicationController"),
        ("Always",),
    ),
    "Job": ("OnFailure", "Never"),
    "CronJob": ("OnFailure", "Never"),
}


def check_restart_policy(doc: Document, ctx: Context) -> Iterator[Finding]:
    allowed = RESTART_POLICIES.get(doc.kind or "")
    spec = pod_spec_path(doc)
    if allowed is None or spec is None:
        return
    value = doc.value_at((*spec, "restartPolicy"))
    if not isinstance(value, str) or value in allowed:
        return
    if value not in ("Always", "OnFailure", "Never"):
        return  # the schema reports a value outside the enum
    jobs = doc.kind in ("Job", "CronJob")
    yield ctx.at(doc, (*spec, "restartPolicy"), "restart-policy", value=value, kind=doc.kind,
                 allowed=" / ".join(allowed), default=allowed[0] if not jobs else "-",
                 hint=not jobs)


RULE = Rule("restart_policy", {"restart-policy": ERROR}, check_restart_policy,
            kinds=frozenset(RESTART_POLICIES))
