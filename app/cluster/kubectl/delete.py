"""``kubectl delete`` (k8s.io/kubectl/pkg/cmd/delete, as in kubectl 1.33): by name, ``-f``,
``-l``, ``--all``; ``--grace-period``, ``--now``, ``--force``, ``--cascade``.

As upstream: ``pod "web-x" deleted`` is printed when the API server accepted the delete, and
then kubectl waits (``--wait``, on by default) until the objects are gone, which for a Pod is
after its containers stopped within the grace period; so the clock moves while it waits.
``--grace-period=0`` without ``--force`` becomes 1 second, ``--now`` is 1 second, and
``--force --grace-period=0`` removes at once with upstream's warning and "force deleted".
(1.34 added "from default namespace" to the line; 1.33 does not say it.)
"""

from __future__ import annotations

from kubelearn.cluster import admission
from kubelearn.cluster.errors import ApiError
from kubelearn.cluster.kubectl import sources
from kubelearn.cluster.kubectl.core import Context, Failure
from kubelearn.cluster.kubectl.objects import (
    Target,
    Unmodelled,
    listing,
    parse_fields,
    parse_selector,
    targets,
)
from kubelearn.cluster.kubectl.parser import Args, Flag
from kubelearn.cluster.resources import BY_KIND

FLAGS = (
    Flag("filename", "f", "list"),
    Flag("recursive", "R", "bool", False),
    Flag("selector", "l"),
    Flag("field-selector"),
    Flag("all", kind="bool", default=False),
    Flag("grace-period", kind="int", default=-1),
    Flag("now", kind="bool", default=False),
    Flag("force", kind="bool", default=False),
    Flag("cascade", default="background"),
    Flag("ignore-not-found", kind="bool", default=False),
    Flag("wait", kind="bool", default=True),
    Flag("timeout"),
    Flag("output", "o"),
)

NO_ARGS = ("error: You must provide one or more resources by argument or filename.\n"
           "Example resource specifications include:\n   '-f rsrc.yaml'\n   "
           "'--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'")
FORCE_WARNING = ("Warning: Immediate deletion does not wait for confirmation that the running "
                 "resource has been terminated. The resource may continue to run on the cluster "
                 "indefinitely.\n")
#: The longest kubectl waits for deleted objects to go (their grace periods, bounded).
MAX_WAIT_S = 3600


def run(ctx: Context, args: Args) -> None:
    grace = args.get("grace-period")
    grace = grace if isinstance(grace, int) else -1
    if args.bool("now"):
        if grace != -1:
            raise Failure("error: --now and --grace-period cannot be specified together")
        grace = 1
    force = args.bool("force")
    if grace == 0 and not force:
        grace = 1
    if force and grace < 0:
        grace = 0
    if force and grace > 0:
        raise Failure("error: --force and --grace-period greater than 0 cannot be specified "
                      "together")
    cascade = args.str("cascade") or "background"
    if cascade not in ("background", "foreground", "orphan", "true", "false"):
        raise Failure(f'error: invalid cascade value ({cascade}). Must be "background", '
                      '"foreground", or "orphan".')
    cascade = "orphan" if cascade in ("orphan", "false") else "background"
    selected = bool(args.str("selector")) or bool(args.str("field-selector")) or args.bool("all")
    ignore = args.bool("ignore-not-found") or (selected and "ignore-not-found" not in args.given)
    if force and grace == 0:
        ctx.err(FORCE_WARNING)

    chosen: list[tuple[str, str, str]] = []  # kind, namespace, name
    problems: list[ApiError] = []
    if args.list("filename"):
        if args.words:
            raise Failure("error: there is no need to specify a resource type as a separate "
                          "argument when passing arguments in resource/name form")
        for source, text in sources.read(ctx, args.list("filename"),
                                         recursive=args.bool("recursive")):
            for manifest in admission.read_manifests(text, lang=ctx.cluster.lang).manifests:
                data = manifest.data if isinstance(manifest.data, dict) else {}
                resource = BY_KIND.get(str(data.get("kind", "")))
                meta = data.get("metadata") if isinstance(data.get("metadata"), dict) else {}
                if resource is None or not meta.get("name"):
                    ctx.fail(f'error: resource mapping not found for "{source}"')
                    continue
                ns = (meta.get("namespace") or ctx.namespace) if resource.namespaced else ""
                chosen.append((resource.kind, ns, str(meta["name"])))
    else:
        if not args.words:
            raise Failure(NO_ARGS)
        try:
            wanted = targets(args.words, ctx, "delete")
        except Unmodelled:
            ctx.err("No resources found\n")
            return
        if any(t.name is None for t in wanted) and not selected:
            raise Failure("error: resource(s) were provided, but no name was specified")
        if selected and any(t.name is not None for t in wanted):
            raise Failure("error: name cannot be provided when a selector is specified")
        chosen = _choose(ctx, args, wanted)
        if selected and not chosen:
            ctx.err("No resources found\n" if ctx.all_namespaces
                    else f"No resources found in {ctx.namespace} namespace.\n")
            return
    gone: list[tuple[str, str, str]] = []
    for kind, ns, name in chosen:
        resource = BY_KIND[kind]
        try:
            ctx.cluster.delete(kind, ns, name, grace_seconds=None if grace < 0 else grace,
                               cascade=cascade)
        except ApiError as error:
            if not (ignore and error.reason == "NotFound"):
                problems.append(error)
            continue
        gone.append((kind, ns, name))
        if args.str("output") == "name":
            ctx.out(f"{resource.kind_group}/{name}\n")
        else:
            ctx.out(f'{resource.kind_group} "{name}" '
                    f'{"force deleted" if grace == 0 else "deleted"}\n')
        ctx.cluster.settle()
    if gone and args.bool("wait"):
        def done() -> bool:
            return all(ctx.cluster.find(*key) is None for key in gone)

        if not ctx.cluster.run_until(done, MAX_WAIT_S):
            ctx.note(ctx.words("delete-waiting"))
    for problem in problems:
        ctx.api_error(problem)


def _choose(ctx: Context, args: Args, wanted: list[Target]) -> list[tuple[str, str, str]]:
    out: list[tuple[str, str, str]] = []
    selector = parse_selector(args.str("selector")) if args.str("selector") else None
    for target in wanted:
        resource = target.resource
        if target.name is not None:
            out.append((resource.kind, ctx.namespace if resource.namespaced else "", target.name))
            continue
        fields = (parse_fields(args.str("field-selector"), resource)
                  if args.str("field-selector") else None)
        for obj in listing(ctx, resource, selector, fields):
            meta = obj["metadata"]
            out.append((resource.kind, meta.get("namespace", ""), meta["name"]))
    return out
