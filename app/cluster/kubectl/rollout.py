"""``kubectl rollout status|history|undo|restart|pause|resume`` (k8s.io/kubectl/pkg/cmd/
rollout and pkg/polymorphichelpers).

``status`` is kubectl's own watch (rollout_status.go with the DeploymentStatusViewer of
polymorphichelpers/rollout_status.go): it prints the status line at the start and after every
change of the Deployment, until the rollout is done, the progress deadline is exceeded, or
``--timeout`` passes ("error: timed out waiting for the condition"). Here the watch moves the
virtual clock from one scheduled moment to the next, so a learner sees the lines a real
terminal would show over those seconds. ``history`` reads the ReplicaSets' revision
annotations as polymorphichelpers/history.go does. The domain operations (undo, restart,
pause, resume) are :mod:`kubelearn.cluster.rollout`'s.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from kubelearn.cluster.errors import ApiError
from kubelearn.cluster.kubectl import tabwriter
from kubelearn.cluster.kubectl.core import Context, Failure, usage
from kubelearn.cluster.kubectl.objects import Unmodelled, fetch, targets
from kubelearn.cluster.kubectl.parser import Args, Flag
from kubelearn.cluster.kubectl.timefmt import parse_duration
from kubelearn.cluster.resources import BY_KIND

REVISION = "deployment.kubernetes.io/revision"
CHANGE_CAUSE = "kubernetes.io/change-cause"
#: How long ``rollout status`` watches without ``--timeout`` (kubectl would wait forever;
#: the progress deadline ends a stuck rollout long before this).
DEFAULT_WATCH_S = 3600
#: The most status lines one ``rollout status`` prints.
MAX_LINES = 2_000

_COMMON = (Flag("selector", "l"), Flag("filename", "f", "list"), Flag("output", "o"))
FLAGS: dict[str, tuple[Flag, ...]] = {
    "status": (*_COMMON, Flag("watch", "w", "bool", True), Flag("timeout"),
               Flag("revision", kind="int", default=0)),
    "history": (*_COMMON, Flag("revision", kind="int", default=0)),
    "undo": (*_COMMON, Flag("to-revision", kind="int", default=0), Flag("dry-run")),
    "restart": _COMMON,
    "pause": _COMMON,
    "resume": _COMMON,
}


def _deployments(ctx: Context, args: Args, verb: str) -> list[dict]:
    if not args.words:
        raise usage(f"rollout {verb}", "required resource not specified")
    try:
        wanted = targets(args.words, ctx, f"rollout {verb}", allow_all=False)
    except Unmodelled as missing:
        raise Failure(f"error: the offline cluster does not model {missing.qualified}") from None
    out = []
    for target in wanted:
        if target.name is None:
            raise usage(f"rollout {verb}", "resource(s) were provided, but no name was specified")
        if target.resource.kind != "Deployment":
            group = target.resource.group
            raise Failure(f'error: no {_what(verb)} has been implemented for {{"{group}" '
                          f'"{target.resource.kind}"}}')
        out.append(fetch(ctx, target.resource, target.name))
    return out


def _what(verb: str) -> str:
    return {"status": "status viewer", "history": "history viewer", "undo": "rollbacker",
            "restart": "restarter", "pause": "pauser", "resume": "resumer"}.get(verb, verb)


def _shown(d: dict) -> str:
    return f"{BY_KIND['Deployment'].kind_group}/{d['metadata']['name']}"


# --- status --------------------------------------------------------------------------------


def status_line(d: dict, revision: int = 0) -> tuple[str, bool]:
    """``DeploymentStatusViewer.Status``: the line kubectl prints and whether it is done.
    Raises Failure for a deadline exceeded or a revision that is not the running one."""
    name = d["metadata"]["name"]
    meta, spec, status = d["metadata"], d.get("spec") or {}, d.get("status") or {}
    if revision > 0:
        running = int(str((meta.get("annotations") or {}).get(REVISION, "0")) or 0)
        if running != revision:
            raise Failure(f"error: desired revision ({revision}) is different from the running "
                          f"revision ({running})")
    if meta.get("generation", 0) <= status.get("observedGeneration", 0):
        for c in status.get("conditions") or []:
            if c.get("type") == "Progressing" and c.get("reason") == "ProgressDeadlineExceeded":
                raise Failure(f'error: deployment "{name}" exceeded its progress deadline')
        replicas = spec.get("replicas", 1)
        updated = status.get("updatedReplicas", 0)
        total = status.get("replicas", 0)
        available = status.get("availableReplicas", 0)
        if updated < replicas:
            return (f'Waiting for deployment "{name}" rollout to finish: {updated} out of '
                    f"{replicas} new replicas have been updated...", False)
        if total > updated:
            return (f'Waiting for deployment "{name}" rollout to finish: {total - updated} old '
                    "replicas are pending termination...", False)
        if available < updated:
            return (f'Waiting for deployment "{name}" rollout to finish: {available} of {updated} '
                    "updated replicas are available...", False)
        return f'deployment "{name}" successfully rolled out', True
    return "Waiting for deployment spec update to be observed...", False


def status(ctx: Context, args: Args) -> None:
    timeout_text = args.str("timeout")
    timeout = DEFAULT_WATCH_S
    if timeout_text:
        parsed = parse_duration(timeout_text)
        if parsed is None or parsed < 0:
            raise Failure(f'error: invalid argument "{timeout_text}" for "--timeout" flag: '
                          f'time: invalid duration "{timeout_text}"')
        timeout = parsed if parsed > 0 else DEFAULT_WATCH_S
    revision = args.get("revision") if isinstance(args.get("revision"), int) else 0
    cluster = ctx.cluster
    for d in _deployments(ctx, args, "status"):
        ns, name = d["metadata"]["namespace"], d["metadata"]["name"]
        cluster.settle()
        limit = cluster.now_ms + round(timeout * 1000)
        seen = None
        lines = 0
        while True:
            current = cluster.find("Deployment", ns, name)
            if current is None:
                raise Failure("error: object has been deleted")
            version = current["metadata"].get("resourceVersion")
            if version != seen:
                seen = version
                line, done = status_line(current, revision)
                lines += 1
                if lines <= MAX_LINES:
                    ctx.out(line + "\n")
                if done or not args.bool("watch"):
                    break
            upcoming = cluster.next_timer()
            if upcoming is None or upcoming > limit:
                cluster.advance_to(max(cluster.now_ms, limit))
                if cluster.find("Deployment", ns, name) is not None and \
                        cluster.find("Deployment", ns, name)["metadata"].get("resourceVersion") != seen:
                    continue
                if timeout_text:
                    raise Failure("error: timed out waiting for the condition")
                ctx.note(ctx.words("rollout-stuck", seconds=int(timeout)))
                return
            cluster.advance_to(upcoming)


# --- history -------------------------------------------------------------------------------


def _replica_sets(ctx: Context, d: dict) -> list[dict]:
    uid = d["metadata"]["uid"]
    return [rs for rs in ctx.cluster.store.dependents(uid) if rs["kind"] == "ReplicaSet"
            and any(r.get("uid") == uid and r.get("controller")
                    for r in rs["metadata"].get("ownerReferences") or [])]


def _revision(obj: dict) -> int | None:
    value = (obj["metadata"].get("annotations") or {}).get(REVISION)
    try:
        return int(str(value))
    except (TypeError, ValueError):
        return None


def history(ctx: Context, args: Args) -> None:
    from kubelearn.cluster.kubectl.describe import pod_template

    wanted = args.get("revision") if isinstance(args.get("revision"), int) else 0
    for d in _deployments(ctx, args, "history"):
        info: dict[int, dict] = {}
        for rs in _replica_sets(ctx, d):
            rev = _revision(rs)
            if rev is not None:
                info[rev] = rs
        if not info:
            ctx.out(f"{_shown(d)} \nNo rollout history found.\n")
            continue
        if wanted > 0:
            if wanted not in info:
                raise Failure("error: unable to find the specified revision")
            template = info[wanted].get("spec", {}).get("template") or {}
            text = pod_template(template, change_cause=_cause(info[wanted]))
            ctx.out(f"{_shown(d)} with revision #{wanted}\n{text}\n")
            continue
        rows = "REVISION\tCHANGE-CAUSE\n" + "".join(
            f"{r}\t{_cause(info[r]) or '<none>'}\n" for r in sorted(info))
        ctx.out(f"{_shown(d)} \n{tabwriter.tabbed(rows)}\n")


def _cause(rs: dict) -> str:
    return str((rs["metadata"].get("annotations") or {}).get(CHANGE_CAUSE, ""))


# --- undo, restart, pause, resume (the workloads' domain operations) ----------------------


def _domain() -> object:
    from kubelearn.cluster import rollout as domain

    return domain


def _operation(verb: str, done: str) -> Callable[[Context, Args], None]:
    def run(ctx: Context, args: Args) -> None:
        domain = _domain()
        for d in _deployments(ctx, args, verb):
            try:
                if verb == "undo":
                    to = args.get("to-revision") if isinstance(args.get("to-revision"), int) else 0
                    outcome = domain.undo(ctx.cluster, d, to)
                else:
                    outcome = getattr(domain, verb)(ctx.cluster, d)
            except ApiError as error:
                ctx.api_error(error)
                continue
            except ValueError as error:
                ctx.fail(_error_text(str(error)))
                continue
            ctx.cluster.settle()
            said = outcome if isinstance(outcome, str) and outcome else done
            ctx.out(f"{_shown(d)}\n" if args.str("output") == "name" else f"{_shown(d)} {said}\n")

    return run


def _error_text(message: str) -> str:
    return message if re.match(r"^(error|Error from server)", message) else f"error: {message}"


SUBCOMMANDS: dict[str, Callable[[Context, Args], None]] = {
    "status": status,
    "history": history,
    "undo": _operation("undo", "rolled back"),
    "restart": _operation("restart", "restarted"),
    "pause": _operation("pause", "paused"),
    "resume": _operation("resume", "resumed"),
}
