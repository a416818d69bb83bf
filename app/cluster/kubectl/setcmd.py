"""The ``kubectl set`` subcommands beyond ``image`` and ``env`` (those are in
:mod:`~kubelearn.cluster.kubectl.mutate`): ``selector``, ``serviceaccount``, ``resources``,
and ``subject``, which kubectl has and the offline cluster cannot run (it models no RBAC).

Upstream: k8s.io/kubectl/pkg/cmd/set/set_selector.go, set_serviceaccount.go,
set_resources.go, set_subject.go, and set.go (``DefaultSubCommandRun``: ``kubectl set`` with
no subcommand prints its help and exits 1; an unknown one is ``unknown command "x"``).
Each change goes through :func:`~kubelearn.cluster.kubectl.mutate.store`, the cluster's update
path, and prints upstream's line (``service/web selector updated``).
"""

from __future__ import annotations

import copy
import fnmatch

from kubelearn.cluster.kubectl.core import Context, Failure
from kubelearn.cluster.kubectl.mutate import COMMON, objects, pod_spec, printed, shown, store
from kubelearn.cluster.kubectl.objects import parse_selector
from kubelearn.cluster.kubectl.parser import Args, Flag
from kubelearn.kube.quantity import parse_quantity

SELECTOR_FLAGS = (*COMMON, Flag("resource-version"), Flag("recursive", "R", "bool", False))
SERVICEACCOUNT_FLAGS = (*COMMON, Flag("recursive", "R", "bool", False))
RESOURCES_FLAGS = (*COMMON, Flag("containers", "c", default="*"), Flag("limits"),
                   Flag("requests"), Flag("recursive", "R", "bool", False))
SUBJECT_FLAGS = (*COMMON, Flag("user", kind="list"), Flag("group", kind="list"),
                 Flag("serviceaccount", kind="list"))
#: ``resource.ParseQuantity``'s ErrFormatWrong (apimachinery/pkg/api/resource/quantity.go).
QUANTITY_FORMAT = ("quantities must match the regular expression "
                   "'^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'")


def selector(ctx: Context, args: Args) -> None:
    """``set selector TYPE NAME EXPRESSIONS``: the last word is the selector
    (``getResourcesAndSelector``), read by ``metav1.ParseToLabelSelector``; only a Service
    takes one (``updateSelectorForObject``), and only equality requirements. It replaces the
    old selector whole, and prints its line even when nothing changed (no empty-patch check)."""
    if not args.words:
        raise Failure("error: one selector is required")
    words, text = args.words[:-1], args.words[-1]
    labels, expressions = _label_selector(text)
    for obj in objects(ctx, args, "set selector", words):
        if obj["kind"] != "Service":
            ctx.fail("error: setting a selector is only supported for Services")
            continue
        if expressions:
            ctx.fail(f"error: match expression [{' '.join(expressions)}] not supported on "
                     "this object")
            continue
        changed = copy.deepcopy(obj)
        if labels:
            changed.setdefault("spec", {})["selector"] = labels
        else:
            changed.setdefault("spec", {}).pop("selector", None)
        if changed == obj or store(ctx, changed):
            printed(ctx, args, changed, "selector updated")


def _label_selector(text: str) -> tuple[dict[str, str], list[str]]:
    """``metav1.ParseToLabelSelector``: ``a=b`` and ``a==b`` become matchLabels, ``in``,
    ``notin``, ``exists`` and ``!`` match expressions (shown as Go's ``%v`` shows a
    LabelSelectorRequirement), anything else an error."""
    labels: dict[str, str] = {}
    expressions: list[str] = []
    operators = {"in": "In", "notin": "NotIn", "exists": "Exists", "!": "DoesNotExist"}
    for req in parse_selector(text).requirements:
        if req.op == "=":
            labels[req.key] = req.values[0]
        elif req.op in operators:
            expressions.append(f"{{{req.key} {operators[req.op]} [{' '.join(req.values)}]}}")
        elif req.op in (">", "<"):
            raise Failure(f'error: "{_go_op(req.op)}" isn\'t supported in label selectors')
        else:
            raise Failure(f'error: "{req.op}" is not a valid label selector operator')
    return labels, expressions


def _go_op(op: str) -> str:
    return {">": "gt", "<": "lt"}[op]


def serviceaccount(ctx: Context, args: Args) -> None:
    """``set serviceaccount TYPE NAME SA``: sets the Pod template's ``serviceAccountName``
    (a Pod's own is immutable, as the API server's update rule says). Printed even when
    unchanged."""
    if not args.words:
        raise Failure("error: serviceaccount is required")
    words, account = args.words[:-1], args.words[-1]
    for obj in objects(ctx, args, "set serviceaccount", words):
        changed = copy.deepcopy(obj)
        spec = pod_spec(changed)
        if spec is None:
            ctx.fail(f"error: {shown(obj)} the object is not a pod or does not have a pod "
                     "template: *v1." + obj["kind"])
            continue
        spec["serviceAccountName"] = account
        # The v1 conversion writes the deprecated alias too (``DeprecatedServiceAccount``,
        # pkg/apis/core/v1/conversion.go), so the served object carries both.
        spec["serviceAccount"] = account
        if changed == obj or store(ctx, changed):
            printed(ctx, args, changed, "serviceaccount updated")


def resources(ctx: Context, args: Args) -> None:
    """``set resources TYPE NAME --limits=cpu=200m,memory=512Mi --requests=...``: the chosen
    containers (``-c``, wildcards) of the Pod template get the given entries, the others of
    their limits and requests are kept (set_resources.go)."""
    if args.bool("all") and args.str("selector"):
        raise Failure("error: cannot set --all and --selector at the same time")
    if not args.str("limits") and not args.str("requests"):
        raise Failure("error: you must specify an update to requests or limits (in the form "
                      "of --requests/--limits)")
    limits, requests = _resource_list(args.str("limits")), _resource_list(args.str("requests"))
    pattern = args.str("containers") or "*"
    for obj in objects(ctx, args, "set resources", args.words):
        changed = copy.deepcopy(obj)
        spec = pod_spec(changed)
        chosen = [c for group in ("initContainers", "containers")
                  for c in (spec or {}).get(group) or []
                  if isinstance(c, dict) and fnmatch.fnmatchcase(str(c.get("name", "")), pattern)]
        if not chosen:
            ctx.fail(f"error: unable to find container named {pattern}")
            continue
        for container in chosen:
            wanted = container.setdefault("resources", {})
            for field, entries in (("limits", limits), ("requests", requests)):
                if entries:
                    wanted.setdefault(field, {}).update(entries)
        if changed == obj:
            continue  # an empty patch: kubectl prints nothing
        if store(ctx, changed):
            printed(ctx, args, changed, "resource requirements updated")


def _resource_list(spec: str) -> dict[str, str]:
    """``parseResourceList``: ``name=quantity`` pairs separated by commas."""
    out: dict[str, str] = {}
    if not spec:
        return out
    for statement in spec.split(","):
        parts = statement.split("=")
        if len(parts) != 2:
            raise Failure(f"error: invalid argument syntax {statement}, expected "
                          "<resource>=<value>")
        if parse_quantity(parts[1]) is None:
            raise Failure(f"error: {QUANTITY_FORMAT}")
        out[parts[0]] = parts[1]
    return out


def subject(ctx: Context, args: Args) -> None:
    """``set subject`` changes RoleBindings and ClusterRoleBindings, which the offline
    cluster does not model: kubectl has the command, so the answer says it is not available
    here (never "unknown command")."""
    ctx.note(ctx.words("unsupported", verb="set subject"))
    raise Failure('error: "kubectl set subject" is not available in the offline cluster: it '
                  "models no RoleBindings or ClusterRoleBindings")
