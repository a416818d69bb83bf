"""``kubectl get`` (k8s.io/kubectl/pkg/cmd/get/get.go): tables, ``-o wide|yaml|json|name|
jsonpath=``, selectors, several types at once, ``--sort-by``.

As upstream: the objects come as the API server lists them (by namespace and name), each
type's table gets its own header and a blank line before it, names carry their kind
(``deployment.apps/web``) when more than one kind is printed, "No resources found in default
namespace." goes to stderr when nothing was printed, and NotFound errors come after the tables.
"""

from __future__ import annotations

from typing import Any

from kubelearn.cluster.errors import ApiError
from kubelearn.cluster.kubectl import formats, tabwriter
from kubelearn.cluster.kubectl.core import MAX_OUTPUT, Context, Failure
from kubelearn.cluster.kubectl.objects import (
    Unmodelled,
    fetch,
    listing,
    parse_fields,
    parse_selector,
    targets,
)
from kubelearn.cluster.kubectl.parser import Args, Flag
from kubelearn.cluster.kubectl.printers import table_rows
from kubelearn.cluster.resources import BY_KIND

FLAGS = (
    Flag("output", "o"),
    Flag("selector", "l"),
    Flag("field-selector"),
    Flag("show-labels", kind="bool", default=False),
    Flag("show-kind", kind="bool", default=False),
    Flag("no-headers", kind="bool", default=False),
    Flag("sort-by"),
    Flag("watch", "w", "bool", False),
    Flag("ignore-not-found", kind="bool", default=False),
    Flag("label-columns", "L", "list"),
    Flag("chunk-size"),
)

OUTPUTS = ("", "wide", "yaml", "json", "name")
#: The most rows one ``get`` lays out (more would be cut from the screen anyway).
MAX_ROWS = 3_000
#: The API server's warning on every v1 Endpoints request since 1.33 (KEP-4974), which
#: kubectl prints on stderr.
ENDPOINTS_WARNING = ("Warning: v1 Endpoints is deprecated in v1.33+; use discovery.k8s.io/v1 "
                     "EndpointSlice\n")

NO_TYPE = (
    "You must specify the type of resource to get. Use \"kubectl api-resources\" for a complete "
    "list of supported resources.\n\nerror: Required resource not specified.\nUse \"kubectl "
    "explain <resource>\" for a detailed description of that resource (e.g. kubectl explain "
    "pods).\nSee 'kubectl get -h' for help and examples"
)


def run(ctx: Context, args: Args) -> None:
    output = args.str("output")
    if output not in OUTPUTS and not output.startswith(("jsonpath=", "jsonpath-as-json=")):
        raise Failure(f"error: unable to match a printer suitable for the output format "
                      f"\"{output}\", allowed formats are: custom-columns,custom-columns-file,"
                      f"go-template,go-template-file,json,jsonpath,jsonpath-as-json,"
                      f"jsonpath-file,name,template,templatefile,wide,yaml")
    if not args.words:
        raise Failure(NO_TYPE)
    try:
        wanted = targets(args.words, ctx, "get")
    except Unmodelled as missing:
        ctx.err(_nothing(ctx))
        ctx.note(ctx.words("unmodelled", resource=missing.qualified))
        return
    if any(t.resource.kind == "Endpoints" for t in wanted):
        ctx.err(ENDPOINTS_WARNING)
    if args.bool("watch"):
        ctx.note(ctx.words("watch"))
    selector = parse_selector(args.str("selector")) if args.str("selector") else None
    found: list[dict] = []
    problems: list[ApiError] = []
    for target in wanted:
        if target.name is None:
            fields = (parse_fields(args.str("field-selector"), target.resource)
                      if args.str("field-selector") else None)
            found.extend(listing(ctx, target.resource, selector, fields))
            continue
        try:
            obj = fetch(ctx, target.resource, target.name)
        except ApiError as error:
            if not args.bool("ignore-not-found"):
                problems.append(error)
            continue
        if selector is None or selector.matches(obj["metadata"].get("labels") or {}):
            found.append(obj)
    sort_by = args.str("sort-by")
    if sort_by:
        found = sort_objects(found, sort_by)
    single = len(wanted) == 1 and wanted[0].name is not None
    if output in ("", "wide"):
        _tables(ctx, args, found, output == "wide")
        if not found and not problems and not args.bool("ignore-not-found"):
            ctx.err(_nothing(ctx, cluster_scoped=any(not t.resource.namespaced for t in wanted)))
    elif output == "name":
        ctx.out("".join(formats.name_of(o) + "\n" for o in found))
    else:
        data: Any = found[0] if single and len(found) == 1 else formats.as_list(found)
        if not (single and not found):
            _generic(ctx, output, data)
    for problem in problems:
        ctx.api_error(problem)


def _nothing(ctx: Context, *, cluster_scoped: bool = False) -> str:
    if ctx.all_namespaces or cluster_scoped:
        return "No resources found\n"
    return f"No resources found in {ctx.namespace} namespace.\n"


def _generic(ctx: Context, output: str, data: Any) -> None:
    if output == "yaml":
        ctx.out(formats.to_yaml(data, limit=MAX_OUTPUT))
    elif output == "json":
        ctx.out(formats.to_json(data))
    else:
        template = output.split("=", 1)[1]
        if len(template) >= 2 and template[0] == template[-1] and template[0] in "'\"":
            template = template[1:-1]
        ctx.out(formats.jsonpath(template, data))


def _tables(ctx: Context, args: Args, found: list[dict], wide: bool) -> None:
    if len(found) > MAX_ROWS:
        ctx.note(ctx.words("rows-cut", shown=MAX_ROWS, total=len(found)))
        found = found[:MAX_ROWS]
    kinds = list(dict.fromkeys(o["kind"] for o in found))
    with_kind = len(kinds) > 1 or args.bool("show-kind")
    groups: list[tuple[str, list[dict]]] = []
    for obj in found:  # consecutive runs of one kind, as kubectl starts a new table per mapping
        if groups and groups[-1][0] == obj["kind"]:
            groups[-1][1].append(obj)
        else:
            groups.append((obj["kind"], [obj]))
    first = True
    for kind, objs in groups:
        namespaced = BY_KIND[kind].namespaced
        rows = table_rows(kind, objs, ctx.cluster.now_ms, wide=wide, with_kind=with_kind,
                          with_namespace=ctx.all_namespaces and namespaced,
                          show_labels=args.bool("show-labels"),
                          headers=not args.bool("no-headers"))
        for column in args.list("label-columns"):
            for key in column.split(","):
                _label_column(rows, objs, key, not args.bool("no-headers"))
        if not first and not args.bool("no-headers"):
            ctx.out("\n")
        first = False
        ctx.out(tabwriter.table(rows))


def _label_column(rows: list[list[str]], objs: list[dict], key: str, headers: bool) -> None:
    """``-L key``: a column named after the label's last path segment, upper-cased."""
    offset = 1 if headers else 0
    if headers:
        rows[0].append(key.rsplit("/", 1)[-1].upper())
    for row, obj in zip(rows[offset:], objs, strict=True):
        row.append(str((obj["metadata"].get("labels") or {}).get(key, "")))


def sort_objects(objs: list[dict], field: str) -> list[dict]:
    """``--sort-by``: by the value at a JSONPath (``.lastTimestamp``, ``{.metadata.name}``);
    numbers numerically, everything else as text; objects without the field first."""
    path = field.strip()
    if path.startswith("{") and path.endswith("}"):
        path = path[1:-1]
    if not path.startswith("."):
        path = "." + path

    def key(obj: dict) -> tuple:
        try:
            values = formats._eval(path, obj, obj)
        except Failure:
            values = []
        if not values or values[0] is None:
            return (0, 0, "")
        value = values[0]
        if isinstance(value, int | float) and not isinstance(value, bool):
            return (1, value, "")
        return (2, 0, formats._show(value))

    return sorted(objs, key=key)
