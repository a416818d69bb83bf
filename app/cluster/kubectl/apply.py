"""``kubectl apply -f`` and ``kubectl create -f``: every object through the checker first
(:func:`kubelearn.cluster.admission.read_manifests`), as the API server validates it, then
created or merged.

``apply`` keeps the object it was given in the ``kubectl.kubernetes.io/last-applied-
configuration`` annotation and merges three ways (k8s.io/kubectl/pkg/cmd/apply/patcher.go,
strategic merge): a field the learner removed since the last apply is removed, one someone
else set (a controller, ``kubectl scale``) and the file never named is kept, lists of named
items (containers, env, ports, volumes) merge item by item on their key.
"""

from __future__ import annotations

import copy
import json
from typing import Any

from kubelearn.cluster import admission
from kubelearn.cluster.errors import ApiError
from kubelearn.cluster.kubectl import sources
from kubelearn.cluster.kubectl.core import Context, Failure, api_message, usage
from kubelearn.cluster.kubectl.parser import Args, Flag
from kubelearn.cluster.resources import BY_KIND

LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration"

FLAGS = (
    Flag("filename", "f", "list"),
    Flag("recursive", "R", "bool", False),
    Flag("output", "o"),
    Flag("dry-run"),
    Flag("server-side", kind="bool", default=False),
    Flag("force", kind="bool", default=False),
    Flag("validate"),
    Flag("save-config", kind="bool", default=False),
    Flag("selector", "l"),
    Flag("prune", kind="bool", default=False),
)

#: Keys that identify an item of a list, tried in order (the strategic-merge patch keys of
#: containers, volumes, env, volume mounts, container ports and Service ports).
MERGE_KEYS = ("name", "mountPath", "containerPort", "port", "ip")


def run_apply(ctx: Context, args: Args) -> None:
    _run(ctx, args, "apply")


def run_create(ctx: Context, args: Args) -> None:
    _run(ctx, args, "create")


def _run(ctx: Context, args: Args, verb: str) -> None:
    names = args.list("filename")
    if not names:
        if verb == "apply":
            raise usage("apply", "must specify one of -f and -k")
        raise usage("create", "must specify one of -f and -k")
    if args.words:
        raise usage(verb, f"Unexpected args: {args.words}")
    dry = args.str("dry-run")
    if dry not in ("", "none", "client", "server"):
        raise Failure(f'error: Invalid dry-run value ({dry}). Must be "none", "server", or "client".')
    files = sources.read(ctx, names, recursive=args.bool("recursive"))
    applied = 0
    # kubectl prints each object's line as it goes and the errors it collected at the end
    # (apply.go: ``cmdutil.CheckErr`` of the aggregate).
    failures: list[str] = []
    for source, text in files:
        read = admission.read_manifests(text, lang=ctx.cluster.lang)
        if read.errors:
            first = read.errors[0]
            failures.append(f"error: error parsing {source}: error converting YAML to JSON: "
                            f"yaml: line {first.line}: {first.message}")
            _hint(ctx, read.errors)
            continue
        for manifest in read.manifests:
            applied += 1
            if manifest.errors:
                failures.append(api_message(admission.refusal(manifest.data, manifest.errors)))
                _hint(ctx, manifest.errors)
                continue
            try:
                line = (_apply_one if verb == "apply" else _create_one)(
                    ctx, copy.deepcopy(manifest.data), source, dry in ("client", "server"),
                    args.bool("save-config"))
            except ApiError as error:
                failures.append(api_message(
                    _sourced(error, "creating" if verb == "create" else "applying", source)))
                _hint(ctx, error.findings)
                continue
            except Failure as failure:
                failures.append(failure.message)
                continue
            suffix = {"client": " (dry run)", "server": " (server dry run)"}.get(dry, "")
            name, _, what = line.partition(" ")
            ctx.out(f"{name}\n" if args.str("output") == "name" else f"{name} {what}{suffix}\n")
    for failure in failures:
        ctx.fail(failure)
    if applied == 0 and not ctx.failed:
        raise Failure("error: no objects passed to " + verb)
    ctx.cluster.settle()


def _hint(ctx: Context, findings: tuple) -> None:
    for finding in findings[:3]:
        ctx.note(finding.hint or finding.explanation or finding.message)


def _sourced(error: ApiError, verb: str, source: str) -> ApiError:
    """``cmdutil.AddSourceToErr``: 'error when creating "web.yaml": ...' (Invalid errors are
    printed from their details, without it)."""
    if error.reason == "Invalid":
        return error
    return ApiError(error.reason, error.code, f'error when {verb} "{source}": {error.message}',
                    error.findings)


def _target(ctx: Context, obj: dict, source: str) -> tuple[Any, str, str]:
    kind = obj.get("kind", "")
    resource = BY_KIND.get(kind)
    meta = obj.setdefault("metadata", {})
    name = meta.get("name") or meta.get("generateName") or ""
    if resource is None:
        raise Failure(f'error: resource mapping not found for name: "{name}" namespace: '
                      f'"{meta.get("namespace", "")}" from "{source}": no matches for kind '
                      f'"{kind}" in version "{obj.get("apiVersion", "")}"\nensure CRDs are '
                      "installed first")
    namespace = ""
    if resource.namespaced:
        given = meta.get("namespace")
        if given and ctx.explicit_namespace and given != ctx.namespace:
            raise Failure(f'error: the namespace from the provided object "{given}" does not '
                          f'match the namespace "{ctx.namespace}". You must pass '
                          f"'--namespace={given}' to perform this operation.")
        namespace = given or ctx.namespace
        meta["namespace"] = namespace
    return resource, namespace, name


def _create_one(ctx: Context, obj: dict, source: str, dry: bool, save: bool) -> str:
    resource, namespace, name = _target(ctx, obj, source)
    if save:
        _annotate(obj)
    if dry:
        if name and ctx.cluster.find(resource.kind, namespace, name) is not None:
            raise _exists(resource, name)
        return f"{resource.kind_group}/{name} created"
    created = ctx.cluster.create(obj)
    return f"{resource.kind_group}/{created['metadata']['name']} created"


def _exists(resource: Any, name: str) -> ApiError:
    from kubelearn.cluster import errors

    return errors.already_exists(resource, name)


def _annotate(obj: dict) -> None:
    """Store what was applied, as kubectl does: the object without the annotation itself,
    compact JSON with sorted keys and a newline."""
    meta = obj.setdefault("metadata", {})
    annotations = dict(meta.get("annotations") or {})
    annotations.pop(LAST_APPLIED, None)
    shown = copy.deepcopy(obj)
    shown["metadata"]["annotations"] = annotations
    annotations[LAST_APPLIED] = json.dumps(shown, sort_keys=True, separators=(",", ":"),
                                           ensure_ascii=False) + "\n"
    meta["annotations"] = annotations


def _apply_one(ctx: Context, obj: dict, source: str, dry: bool, save: bool) -> str:
    resource, namespace, name = _target(ctx, obj, source)
    if not name:
        raise Failure("error: from " + source + ": cannot use generate name with apply")
    current = ctx.cluster.find(resource.kind, namespace, name)
    _annotate(obj)
    if current is None:
        if dry:
            return f"{resource.kind_group}/{name} created"
        ctx.cluster.create(obj)
        return f"{resource.kind_group}/{name} created"
    annotations = current["metadata"].get("annotations") or {}
    original: Any = None
    if LAST_APPLIED in annotations:
        try:
            original = json.loads(annotations[LAST_APPLIED])
        except ValueError:
            original = None
    else:
        ctx.err(f"Warning: resource {resource.qualified}/{name} is missing the "
                f"{LAST_APPLIED} annotation which is required by kubectl apply. kubectl apply "
                "should only be used on resources created declaratively by either kubectl "
                "create --save-config or kubectl apply. The missing annotation will be patched "
                "automatically.\n")
    merged = merge(original, obj, copy.deepcopy(current))
    if _same(merged, current):
        return f"{resource.kind_group}/{name} unchanged"
    if not dry:
        ctx.cluster.update(merged)
    return f"{resource.kind_group}/{name} configured"


def _same(a: dict, b: dict) -> bool:
    def strip(o: dict) -> dict:
        out = {k: v for k, v in o.items() if k != "status"}
        out["metadata"] = {k: v for k, v in (o.get("metadata") or {}).items()
                           if k not in ("resourceVersion", "generation", "managedFields")}
        return out

    return strip(a) == strip(b)


def merge(original: Any, modified: Any, current: Any) -> Any:
    """A three-way merge: what ``modified`` sets wins, what ``original`` had and ``modified``
    dropped goes, what only ``current`` has stays."""
    if isinstance(modified, dict) and isinstance(current, dict):
        base = original if isinstance(original, dict) else {}
        result = dict(current)
        for key, value in modified.items():
            if value is None and key in base and base[key] is None:
                continue  # null then and now: no change to send (``creationTimestamp: null``)
            result[key] = (merge(base.get(key), value, current[key]) if key in current
                           else copy.deepcopy(value))
        for key in base:
            if key not in modified:
                result.pop(key, None)
        return result
    if isinstance(modified, list) and isinstance(current, list):
        key = _merge_key(modified, current)
        if key is None:
            return copy.deepcopy(modified)
        base_items = {i[key]: i for i in original
                      if isinstance(i, dict) and isinstance(i.get(key), str | int)} \
            if isinstance(original, list) else {}
        now = {i[key]: i for i in current}
        out = [merge(base_items.get(i[key]), i, now[i[key]]) if i[key] in now
               else copy.deepcopy(i) for i in modified]
        wanted = {_hashable(i[key]) for i in modified}
        for item in current:
            k = _hashable(item[key])
            if k not in wanted and item[key] not in base_items:
                out.append(item)
        return out
    return copy.deepcopy(modified)


def _hashable(value: Any) -> Any:
    return value if isinstance(value, str | int | float | bool) else repr(value)


def _merge_key(*lists: list) -> str | None:
    items = [i for lst in lists for i in lst]
    if not items or not all(isinstance(i, dict) for i in items):
        return None
    for key in MERGE_KEYS:
        if all(key in i and isinstance(i[key], str | int) for i in items) and all(
                len({i[key] for i in lst}) == len(lst) for lst in lists):
            return key
    return None
