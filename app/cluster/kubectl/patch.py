"""``kubectl patch`` (k8s.io/kubectl/pkg/cmd/patch/patch.go) and what ``kubectl edit``
answers in the offline cluster.

``patch TYPE NAME -p PATCH [--type strategic|merge|json]``: the patch text is read as YAML or
JSON (``yaml.ToJSON``), applied as the API server applies it
(:mod:`kubelearn.cluster.patches`; handlers/patch.go), and the result goes through the
cluster's update path like any change (admission, update rules, generation bump). kubectl
prints ``deployment.apps/web patched``, or ``patched (no change)`` when the object came back
as it was.

``kubectl edit`` opens an editor on the object, which a prompt cannot do: it answers with
kubectl's kind of error and a note saying what does the same here (``patch``, ``apply``,
``set``).
"""

from __future__ import annotations

import copy
import json

from kubelearn.cluster import defaults, patches
from kubelearn.cluster.errors import ApiError
from kubelearn.cluster.kubectl import formats
from kubelearn.cluster.kubectl.core import Context, Failure, usage
from kubelearn.cluster.kubectl.mutate import objects, shown, store
from kubelearn.cluster.kubectl.parser import Args, Flag
from kubelearn.cluster.resources import BY_KIND

FLAGS = (Flag("patch", "p"), Flag("patch-file"), Flag("type", default="strategic"),
         Flag("output", "o"), Flag("dry-run"), Flag("filename", "f", "list"),
         Flag("local", kind="bool"), Flag("subresource"), Flag("field-manager"),
         Flag("recursive", "R", "bool", False), Flag("selector", "l"),
         Flag("all", kind="bool", default=False))
EDIT_FLAGS = (Flag("output", "o"), Flag("filename", "f", "list"), Flag("output-patch", kind="bool"),
              Flag("save-config", kind="bool"), Flag("validate"), Flag("windows-line-endings",
                                                                        kind="bool"),
              Flag("subresource"), Flag("field-manager"), Flag("recursive", "R", "bool", False))
#: The most values a patch may hold (aliases included, counted each time they are used).
MAX_NODES = 20_000
#: patch.go's ``patchTypes``, in the sorted order its error lists them.
TYPES = ("json", "merge", "strategic")
#: The request is refused with the whole JSON-patch error hidden behind this
#: (``NewGenericServerResponse`` for 422, printed by kubectl's ``checkErr`` for Invalid).
JSON_PATCH_REFUSED = ("The request is invalid: the server rejected our request due to an "
                      "error in our request")


def run(ctx: Context, args: Args) -> None:
    text = args.str("patch")
    if text and args.str("patch-file"):
        raise Failure("error: cannot specify --patch and --patch-file together")
    if args.str("patch-file"):
        from kubelearn.cluster.kubectl import sources

        (_, text), = sources.read(ctx, [args.str("patch-file")])
    if not text:
        raise Failure("error: must specify --patch or --patch-file containing the contents of "
                      "the patch")
    if args.bool("local"):
        if args.words:
            raise Failure("error: cannot specify --local and server resources")
        raise Failure("error: kubectl patch --local is not available in the offline cluster")
    kind_of_patch = args.str("type").lower()
    if kind_of_patch not in TYPES:
        raise Failure(f'error: --type must be one of [{" ".join(TYPES)}], not '
                      f'"{args.str("type")}"')
    if args.str("subresource"):
        raise Failure(f'error: the offline cluster does not serve the "{args.str("subresource")}" '
                      "subresource: patch the object itself")
    dry = args.str("dry-run")
    if dry not in ("", "none", "client", "server"):
        raise Failure(f'error: Invalid dry-run value ({dry}). Must be "none", "server", or '
                      '"client".')
    data = _read(text)
    if args.list("filename"):
        raise Failure("error: kubectl patch -f is not available in the offline cluster: name "
                      "the object as TYPE NAME")
    found = objects(ctx, args, "patch", args.words)
    if not found:
        raise Failure("error: no objects passed to patch")
    for obj in found:
        _patch_one(ctx, args, obj, kind_of_patch, data, dry)


def _read(text: str) -> object:
    """``yaml.ToJSON`` of the patch text (JSON is YAML). Aliases may make a short text a huge
    tree: more than :data:`MAX_NODES` values is refused before any work."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        data = yaml.load(text, Loader=loader)  # noqa: S506 - a safe loader
    except yaml.MarkedYAMLError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else 1
        raise Failure(f'error: unable to parse "{text}": yaml: line {line}: {exc.problem}') from None
    except yaml.YAMLError as exc:
        raise Failure(f'error: unable to parse "{text}": yaml: {exc}') from None
    seen, pending = 0, [data]
    while pending:
        node = pending.pop()
        seen += 1
        if seen > MAX_NODES:
            raise Failure(f"error: the patch holds more than {MAX_NODES} values")
        if isinstance(node, dict):
            if not all(isinstance(k, str) for k in node):
                raise Failure(f'error: unable to parse "{text}": yaml: a key is not a string')
            pending.extend(node.values())
        elif isinstance(node, list):
            pending.extend(node)
    return data


def _patch_one(ctx: Context, args: Args, obj: dict, kind_of_patch: str, data: object,
               dry: str) -> None:
    try:
        if kind_of_patch == "json":
            patched = patches.json_patch(obj, data)
        elif kind_of_patch == "merge":
            patched = patches.merge(obj, data)
        else:
            patched = patches.strategic(obj["kind"], obj, data)
    except patches.PatchError as error:
        if kind_of_patch == "json" and not error.message.startswith("json: "):
            ctx.note(ctx.words("patch-json-failed", reason=error.message))
            raise Failure(JSON_PATCH_REFUSED) from None
        raise ApiError("BadRequest", 400, error.message) from None
    _check_identity(obj, patched)
    defaults.apply(patched)
    if "status" in obj:  # the status is a subresource: a patch of the object leaves it
        patched["status"] = copy.deepcopy(obj["status"])
    else:
        patched.pop("status", None)
    changed = _differs(obj, patched)
    if dry not in ("client", "server") and changed and not store(ctx, patched):
        return
    if dry not in ("client", "server") and changed:
        patched = ctx.cluster.get(obj["kind"], obj["metadata"].get("namespace", ""),
                                  obj["metadata"]["name"])
    output = args.str("output")
    if output in ("yaml", "json"):
        ctx.out(formats.to_yaml(patched) if output == "yaml" else formats.to_json(patched))
        return
    suffix = {"client": " (dry run)", "server": " (server dry run)"}.get(dry, "")
    what = "patched" if changed else "patched (no change)"
    ctx.out(f"{shown(obj)}\n" if output == "name" else f"{shown(obj)} {what}{suffix}\n")


def _check_identity(obj: dict, patched: dict) -> None:
    """What the API server refuses before it stores a patched object (handlers/rest.go
    ``checkName``; the optimistic-concurrency precondition on ``resourceVersion``)."""
    meta, new = obj["metadata"], patched.get("metadata")
    if not isinstance(new, dict):
        raise ApiError("BadRequest", 400, "metadata: the patched object has no metadata")
    if new.get("name") != meta["name"]:
        raise ApiError("BadRequest", 400, f"the name of the object ({new.get('name')}) does not "
                                          f"match the name on the URL ({meta['name']})")
    if new.get("namespace", meta.get("namespace")) != meta.get("namespace"):
        raise ApiError("BadRequest", 400, "the namespace of the provided object does not match "
                                          "the namespace sent on the request")
    if patched.get("kind") != obj["kind"] or patched.get("apiVersion") != obj["apiVersion"]:
        raise ApiError("BadRequest", 400, f"the kind or apiVersion of the patched object does "
                                          f"not match {obj['apiVersion']}, Kind={obj['kind']}")
    if new.get("resourceVersion") != meta.get("resourceVersion"):
        resource = BY_KIND[obj["kind"]]
        raise ApiError("Conflict", 409, f'Operation cannot be fulfilled on {resource.qualified} '
                                        f'"{meta["name"]}": the object has been modified; please '
                                        "apply your changes to the latest version and try again")


def _differs(a: dict, b: dict) -> bool:
    return json.dumps(a, sort_keys=True) != json.dumps(b, sort_keys=True)


def edit(ctx: Context, args: Args) -> None:
    """``kubectl edit`` needs an editor (``$KUBE_EDITOR``/``$EDITOR``), which the offline
    cluster's prompt has not: kubectl's kind of failure to start one, and what to use."""
    if not args.words and not args.list("filename"):
        raise usage("edit", "You must provide one or more resources by argument or filename.")
    objects(ctx, args, "edit", args.words)  # an unknown type or a missing object says so first
    ctx.note(ctx.words("edit"))
    raise Failure("error: kubectl edit needs an editor, which the offline cluster does not "
                  "have: use kubectl patch, kubectl apply -f, or kubectl set")
