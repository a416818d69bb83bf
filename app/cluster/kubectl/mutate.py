"""Commands that change one field of stored objects: ``scale``, ``set image``, ``set env``,
``label``, ``annotate``, ``expose`` (k8s.io/kubectl/pkg/cmd/scale, set, label, annotate,
expose). Each changed object goes through the checker as the API server validates it, and
prints upstream's line: ``deployment.apps/web scaled``, ``... image updated``, ``... env
updated``, ``pod/x labeled``, ``service/web exposed``.
"""

from __future__ import annotations

import copy
import fnmatch
import re

from kubelearn.cluster import admission
from kubelearn.cluster.errors import ApiError
from kubelearn.cluster.kubectl.core import Context, Failure, usage
from kubelearn.cluster.kubectl.objects import (
    Unmodelled,
    fetch,
    listing,
    parse_selector,
    targets,
)
from kubelearn.cluster.kubectl.parser import Args, Flag
from kubelearn.cluster.resources import BY_KIND

COMMON = (Flag("selector", "l"), Flag("all", kind="bool", default=False), Flag("output", "o"),
          Flag("dry-run"), Flag("filename", "f", "list"), Flag("local", kind="bool"))
SCALE_FLAGS = (*COMMON, Flag("replicas", kind="int", default=-2),
               Flag("current-replicas", kind="int", default=-1), Flag("timeout"),
               Flag("resource-version"))
SET_FLAGS = COMMON
ENV_FLAGS = (*COMMON, Flag("containers", "c", default="*"), Flag("from"), Flag("prefix"),
             Flag("keys", kind="list"), Flag("list", kind="bool"), Flag("overwrite", kind="bool",
                                                                         default=True),
             Flag("env", "e", "list"))
LABEL_FLAGS = (*COMMON, Flag("overwrite", kind="bool", default=False), Flag("list", kind="bool"),
               Flag("resource-version"))
EXPOSE_FLAGS = (Flag("port"), Flag("target-port"), Flag("protocol"), Flag("type"),
                Flag("name"), Flag("selector"), Flag("labels", "l"), Flag("output", "o"),
                Flag("dry-run"), Flag("filename", "f", "list"), Flag("external-ip"),
                Flag("session-affinity"), Flag("cluster-ip"), Flag("load-balancer-ip"))

#: The kinds with a Pod template, and where it is.
TEMPLATED = ("Deployment", "ReplicaSet")


def objects(ctx: Context, args: Args, verb: str, words: list[str]) -> list[dict]:
    """The objects a command names (``TYPE NAME``, ``TYPE/NAME``, ``-l``, ``--all``)."""
    if not words:
        raise usage(verb, "one or more resources must be specified as <resource> <name> or "
                          "<resource>/<name>")
    try:
        wanted = targets(words, ctx, verb, allow_all=False)
    except Unmodelled as missing:
        raise Failure(f"error: the offline cluster does not model {missing.qualified}") from None
    selected = bool(args.str("selector")) or args.bool("all")
    out: list[dict] = []
    selector = parse_selector(args.str("selector")) if args.str("selector") else None
    for target in wanted:
        if target.name is None:
            if not selected:
                raise usage(verb, "resource(s) were provided, but no name was specified")
            out.extend(listing(ctx, target.resource, selector))
        else:
            out.append(fetch(ctx, target.resource, target.name))
    return out


def store(ctx: Context, obj: dict) -> bool:
    """Validate and update ``obj``; print the API server's refusal and return False if any."""
    found = admission.validate(obj, lang=ctx.cluster.lang)
    if found:
        ctx.api_error(admission.refusal(obj, found))
        for finding in found[:3]:
            ctx.note(finding.hint or finding.explanation or finding.message)
        return False
    try:
        ctx.cluster.update(obj)
    except ApiError as error:
        ctx.api_error(error)
        return False
    ctx.cluster.settle()
    return True


def shown(obj: dict) -> str:
    return f"{BY_KIND[obj['kind']].kind_group}/{obj['metadata']['name']}"


def printed(ctx: Context, args: Args, obj: dict, what: str) -> None:
    ctx.out(f"{shown(obj)}\n" if args.str("output") == "name" else f"{shown(obj)} {what}\n")


# --- scale ---------------------------------------------------------------------------------


def scale(ctx: Context, args: Args) -> None:
    replicas = args.get("replicas")
    if "replicas" not in args.given:
        raise usage("scale", 'required flag(s) "replicas" not set')
    if not isinstance(replicas, int) or replicas < 0:
        raise Failure("error: The --replicas=COUNT flag is required, and COUNT must be greater "
                      "than or equal to 0")
    objs = objects(ctx, args, "scale", args.words)
    if not objs:
        raise Failure("error: no objects passed to scale")
    for obj in objs:
        if obj["kind"] not in TEMPLATED:
            ctx.fail(f'error: no scaler has been implemented for {{"{BY_KIND[obj["kind"]].group}" '
                     f'"{obj["kind"]}"}}')
            continue
        current = args.get("current-replicas")
        have = obj.get("spec", {}).get("replicas", 1)
        if isinstance(current, int) and current >= 0 and current != have:
            ctx.fail(f"error: Expected replicas to be {current}, was {have}")
            continue
        changed = copy.deepcopy(obj)
        changed["spec"]["replicas"] = replicas
        if store(ctx, changed):
            printed(ctx, args, changed, "scaled")


# --- set image / set env -------------------------------------------------------------------


def pod_spec(obj: dict) -> dict | None:
    if obj["kind"] == "Pod":
        return obj.get("spec")
    if obj["kind"] in TEMPLATED:
        return obj.get("spec", {}).get("template", {}).get("spec")
    return None


def set_image(ctx: Context, args: Args) -> None:
    words = [w for w in args.words if "=" not in w]
    pairs = [w for w in args.words if "=" in w]
    if not pairs:
        raise usage("set image", "at least one image update is required")
    if any("=" in w for w in args.words[: len(words)]) or args.words[: len(words)] != words:
        raise usage("set image", "all resources must be specified before image changes: "
                                 + " ".join(args.words))
    objs = objects(ctx, args, "set image", words)
    for obj in objs:
        changed = copy.deepcopy(obj)
        spec = pod_spec(changed)
        if spec is None:
            ctx.fail(f"error: {shown(obj)} has no containers to set an image on")
            continue
        containers = [c for group in ("initContainers", "containers")
                      for c in spec.get(group) or [] if isinstance(c, dict)]
        ok = True
        for pair in pairs:
            name, _, image = pair.partition("=")
            if not image:
                raise Failure(f"error: invalid image update {pair}")
            hits = [c for c in containers if name == "*" or c.get("name") == name]
            if not hits:
                ctx.fail(f'error: unable to find container named "{name}"')
                ok = False
            for c in hits:
                c["image"] = image
        if not ok:
            continue
        if changed == obj:
            continue  # an empty patch: kubectl prints nothing
        if store(ctx, changed):
            printed(ctx, args, changed, "image updated")


def set_env(ctx: Context, args: Args) -> None:
    words, changes = [], []
    for w in args.words:
        (changes if ("=" in w or w.endswith("-")) and "/" not in w.split("=")[0] else words).append(w)
    changes += args.list("env")
    objs = objects(ctx, args, "set env", words)
    pattern = args.str("containers") or "*"
    if args.bool("list"):
        for obj in objs:
            for c in (pod_spec(obj) or {}).get("containers") or []:
                if fnmatch.fnmatchcase(str(c.get("name", "")), pattern):
                    ctx.out(f"# {obj['kind']} {obj['metadata']['name']}, container {c.get('name')}\n")
                    for e in c.get("env") or []:
                        if "value" in e:
                            ctx.out(f"{e['name']}={e['value']}\n")
                        else:
                            ctx.out(f"# {e['name']} from: {_env_source(e)}\n")
        return
    additions: list[dict] = []
    removals: list[str] = []
    for change in changes:
        if change.endswith("-") and "=" not in change:
            removals.append(change[:-1])
            continue
        name, _, value = change.partition("=")
        if not re.fullmatch(r"[-._a-zA-Z][-._a-zA-Z0-9]*", name):
            raise Failure(f"error: invalid env: {change}")
        additions.append({"name": name, "value": value})
    source = args.str("from")
    if source:
        kind, _, name = source.partition("/")
        resource = BY_KIND.get({"cm": "ConfigMap", "configmap": "ConfigMap",
                                "secret": "Secret"}.get(kind.lower(), ""))
        if resource is None:
            raise Failure("error: unsupported resource specified in --from")
        referenced = fetch(ctx, resource, name)
        keys = sorted(referenced.get("data") or {})
        if args.list("keys"):
            keys = [k for k in keys if k in args.list("keys")]
        ref = "configMapKeyRef" if resource.kind == "ConfigMap" else "secretKeyRef"
        for key in keys:
            env_name = re.sub(r"[^A-Za-z0-9_]", "_", key).upper()
            additions.append({"name": args.str("prefix") + env_name,
                              "valueFrom": {ref: {"key": key, "name": name}}})
    if not additions and not removals:
        raise Failure("error: at least one environment variable must be provided")
    for obj in objs:
        changed = copy.deepcopy(obj)
        matched = False
        for c in (pod_spec(changed) or {}).get("containers") or []:
            if not fnmatch.fnmatchcase(str(c.get("name", "")), pattern):
                continue
            matched = True
            env = [e for e in c.get("env") or [] if e.get("name") not in removals]
            for item in additions:
                for e in env:
                    if e.get("name") == item["name"]:
                        e.clear()
                        e.update(item)
                        break
                else:
                    env.append(dict(item))
            if env:
                c["env"] = env
            else:
                c.pop("env", None)
        if not matched:
            ctx.err(f"Warning: {obj['kind'].lower()}/{obj['metadata']['name']} does not have any "
                    f'containers matching "{pattern}"\n')
            continue
        if changed == obj:
            continue
        if store(ctx, changed):
            printed(ctx, args, changed, "env updated")


def _env_source(e: dict) -> str:
    source = e.get("valueFrom") or {}
    for key, label in (("configMapKeyRef", "configmap"), ("secretKeyRef", "secret")):
        if key in source:
            return f"{label} {source[key].get('name')}, key {source[key].get('key')}"
    if "fieldRef" in source:
        return f"field path {source['fieldRef'].get('fieldPath')}"
    return "unknown"


# --- label / annotate ----------------------------------------------------------------------


def label(ctx: Context, args: Args) -> None:
    _metadata_map(ctx, args, "label", "labels", "labeled", "unlabeled", "not labeled")


def annotate(ctx: Context, args: Args) -> None:
    _metadata_map(ctx, args, "annotate", "annotations", "annotated", "annotated", "not annotated")


_LABEL_KEY = re.compile(r"([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?"
                        r"[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?")
_LABEL_VALUE = re.compile(r"(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?")


def _metadata_map(ctx: Context, args: Args, verb: str, field: str, done: str, undone: str,
                  unchanged: str) -> None:
    words, changes = [], []
    for w in args.words:
        (changes if "=" in w or (w.endswith("-") and "/" not in w) else words).append(w)
    if not changes and not args.bool("list"):
        raise usage(verb, f"at least one {field[:-1]} update is required")
    sets: dict[str, str] = {}
    removes: list[str] = []
    for change in changes:
        if "=" in change:
            key, _, value = change.partition("=")
            if field == "labels" and (not _LABEL_KEY.fullmatch(key) or len(value) > 63
                                      or not _LABEL_VALUE.fullmatch(value)):
                raise Failure(f"error: invalid label value: \"{change}\": a valid label must be "
                              "an empty string or consist of alphanumeric characters, '-', '_' "
                              "or '.', and must start and end with an alphanumeric character")
            sets[key] = value
        else:
            removes.append(change[:-1])
    if set(sets) & set(removes):
        raise Failure("error: can not both modify and remove a label in the same command")
    for obj in objects(ctx, args, verb, words):
        if args.bool("list"):
            for k, v in sorted((obj["metadata"].get(field) or {}).items()):
                ctx.out(f"{k}={v}\n")
            continue
        current = dict(obj["metadata"].get(field) or {})
        clash = [k for k, v in sets.items() if k in current and current[k] != v]
        if clash and not args.bool("overwrite"):
            ctx.fail(f"error: '{clash[0]}' already has a value ({current[clash[0]]}), and "
                     "--overwrite is false")
            continue
        new = {k: v for k, v in current.items() if k not in removes}
        new.update(sets)
        if new == current:
            printed(ctx, args, obj, unchanged)
            continue
        changed = copy.deepcopy(obj)
        if new:
            changed["metadata"][field] = new
        else:
            changed["metadata"].pop(field, None)
        if store(ctx, changed):
            # updateDataChangeMsg (label.go): "unlabeled" when the object shrank without
            # --overwrite, else "labeled".
            shrank = not sets and not args.bool("overwrite")
            printed(ctx, args, changed, undone if shrank else done)


# --- expose --------------------------------------------------------------------------------


def expose(ctx: Context, args: Args) -> None:
    objs = objects(ctx, args, "expose", args.words)
    for obj in objs:
        _expose_one(ctx, args, obj)


def _expose_one(ctx: Context, args: Args, obj: dict) -> None:
    kind = obj["kind"]
    if kind not in ("Deployment", "ReplicaSet", "Pod", "Service"):
        raise Failure(f"error: cannot expose a {kind}")
    spec = obj.get("spec") or {}
    if args.str("selector"):
        selector = dict(p.split("=", 1) for p in args.str("selector").split(",") if "=" in p)
    elif kind == "Pod":
        selector = dict(obj["metadata"].get("labels") or {})
    elif kind == "Service":
        selector = dict(spec.get("selector") or {})
    else:
        sel = spec.get("selector") or {}
        if sel.get("matchExpressions"):
            raise Failure("error: couldn't retrieve selectors via --selector flag or "
                          "introspection: the deployment has match expressions")
        selector = dict(sel.get("matchLabels") or {})
    if not selector:
        raise Failure("error: couldn't retrieve selectors via --selector flag or introspection: "
                      "the object has no labels to select by")
    ports: list[dict] = []
    if args.str("port"):
        try:
            number = int(args.str("port"))
        except ValueError:
            raise Failure(f"error: invalid port: {args.str('port')}") from None
        ports.append({"port": number, "protocol": args.str("protocol") or "TCP"})
    else:
        declared = _declared_ports(obj)
        if not declared:
            raise Failure("error: couldn't find port via --port flag or introspection\n"
                          "See 'kubectl expose -h' for help and examples")
        for i, (number, protocol) in enumerate(declared):
            port = {"port": number, "protocol": args.str("protocol") or protocol}
            if len(declared) > 1:
                port["name"] = f"port-{i + 1}"
            ports.append(port)
    target = args.str("target-port")
    for port in ports:
        if target:
            port["targetPort"] = int(target) if target.isdigit() else target
        else:
            port["targetPort"] = port["port"]
    service_type = args.str("type") or "ClusterIP"
    if service_type not in ("ClusterIP", "NodePort", "LoadBalancer", "ExternalName"):
        raise Failure(f'error: invalid service type "{service_type}"')
    name = args.str("name") or obj["metadata"]["name"]
    service: dict = {"apiVersion": "v1", "kind": "Service",
                     "metadata": {"name": name, "namespace": obj["metadata"]["namespace"]},
                     "spec": {"ports": ports, "selector": selector, "type": service_type}}
    labels = obj["metadata"].get("labels")
    if args.str("labels"):
        labels = dict(p.split("=", 1) for p in args.str("labels").split(",") if "=" in p)
    if labels:
        service["metadata"]["labels"] = dict(labels)
    if args.str("cluster-ip"):
        service["spec"]["clusterIP"] = args.str("cluster-ip")
    found = admission.validate(service, lang=ctx.cluster.lang)
    if found:
        ctx.api_error(admission.refusal(service, found))
        return
    if args.str("dry-run") in ("client", "server"):
        ctx.out(f"service/{name} exposed (dry run)\n")
        return
    ctx.cluster.create(service)
    ctx.cluster.settle()
    ctx.out(f"service/{name}\n" if args.str("output") == "name" else f"service/{name} exposed\n")


def _declared_ports(obj: dict) -> list[tuple[int, str]]:
    if obj["kind"] == "Service":
        return [(p.get("port"), p.get("protocol", "TCP"))
                for p in obj.get("spec", {}).get("ports") or [] if isinstance(p.get("port"), int)]
    spec = pod_spec(obj) or {}
    out = []
    for c in spec.get("containers") or []:
        for p in c.get("ports") or []:
            if isinstance(p, dict) and isinstance(p.get("containerPort"), int):
                out.append((p["containerPort"], p.get("protocol", "TCP")))
    return out
