"""``kubectl rollout status|history|undo|restart|pause|resume`` (k8s.io/kubectl/pkg/cmd/
rollout and pkg/polymorphichelpers).

``status`` is kubectl's own watch (rollout_status.go with the DeploymentStatusViewer of
polymorphichelpers/rollout_status.go): it prints the status line at the start and after every
change of the Deployment, until the rollout is done, the progress deadline is exceeded, or
``--timeout`` passes ("error: timed out waiting for the condition"). Here the watch moves the
virtual clock from one scheduled moment to the next, so a learner sees the lines a real
terminal would show over those seconds. What each operation does to the Deployment (the
status viewer, the history viewer, undo, restart, pause, resume) is
:mod:`kubelearn.cluster.rollout`'s; kubectl's part is the arguments, the waiting and the
words printed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from kubelearn.cluster.errors import ApiError
from kubelearn.cluster.kubectl import tabwriter
from kubelearn.cluster.kubectl.core import Context, Failure, usage
from kubelearn.cluster.kubectl.objects import Unmodelled, fetch, targets
from kubelearn.cluster.kubectl.parser import Args, Flag
from kubelearn.cluster.kubectl.timefmt import parse_duration
from kubelearn.cluster.resources import BY_KIND

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


# --- status and history ----------------------------------------------------------------


def status(ctx: Context, args: Args) -> None:
    domain = _domain()
    timeout_text = args.str("timeout")
    timeout: float = DEFAULT_WATCH_S
    if timeout_text:
        parsed = parse_duration(timeout_text)
        if parsed is None or parsed < 0:
            raise Failure(f'error: invalid argument "{timeout_text}" for "--timeout" flag: '
                          f'time: invalid duration "{timeout_text}"')
        timeout = parsed if parsed > 0 else DEFAULT_WATCH_S
    revision = args.get("revision") if isinstance(args.get("revision"), int) else 0
    for d in _deployments(ctx, args, "status"):
        try:
            if not args.bool("watch") or revision:
                line, done = domain.status(ctx.cluster, d, revision)
                ctx.out(line)
                if done or not args.bool("watch"):
                    continue
            lines, done = domain.watch(ctx.cluster, d, timeout)
        except domain.RolloutError as error:
            ctx.out("".join(getattr(error, "lines", [])[:MAX_LINES]))
            raise Failure(error.message) from None
        ctx.out("".join(lines[:MAX_LINES]))
        if done:
            continue
        if ctx.cluster.find("Deployment", d["metadata"]["namespace"], d["metadata"]["name"]) is None:
            raise Failure("error: object has been deleted")
        if timeout_text:
            raise Failure("error: timed out waiting for the condition")
        ctx.note(ctx.words("rollout-stuck", seconds=int(timeout)))


def history(ctx: Context, args: Args) -> None:
    from kubelearn.cluster.kubectl.describe import pod_template

    domain = _domain()
    wanted = args.get("revision") if isinstance(args.get("revision"), int) else 0
    for d in _deployments(ctx, args, "history"):
        try:
            found = domain.history(ctx.cluster, d, wanted or None)
        except domain.RolloutError as error:
            raise Failure(error.message) from None
        if isinstance(found, dict):
            ctx.out(f"{_shown(d)} with revision #{wanted}\n{pod_template(found)}\n")
        elif not found:
            ctx.out(f"{_shown(d)} \nNo rollout history found.\n")
        else:
            rows = "REVISION\tCHANGE-CAUSE\n" + "".join(
                f"{r.number}\t{r.change_cause or '<none>'}\n" for r in found)
            ctx.out(f"{_shown(d)} \n{tabwriter.tabbed(rows)}\n")


# --- undo, restart, pause, resume (the workloads' domain operations) ----------------------


def _domain() -> Any:
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
            except domain.RolloutError as error:
                ctx.fail(error.message)
                continue
            ctx.cluster.settle()
            said = outcome if isinstance(outcome, str) and outcome else done
            ctx.out(f"{_shown(d)}\n" if args.str("output") == "name" else f"{_shown(d)} {said}\n")

    return run


SUBCOMMANDS: dict[str, Callable[[Context, Args], None]] = {
    "status": status,
    "history": history,
    "undo": _operation("undo", "rolled back"),
    "restart": _operation("restart", "restarted"),
    "pause": _operation("pause", "paused"),
    "resume": _operation("resume", "resumed"),
}
