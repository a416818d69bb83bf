"""Finding the objects a command names: resource types as kubectl resolves them, ``TYPE NAME``
and ``TYPE/NAME`` arguments (k8s.io/cli-runtime resource.Builder), label selectors
(k8s.io/apimachinery/pkg/labels/selector.go) and field selectors.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from kubelearn.cluster import errors
from kubelearn.cluster.kubectl.core import Context, Failure
from kubelearn.cluster.resources import BY_KIND, RESOURCES, Resource, resolve

#: What ``get all`` lists of the kinds the offline cluster serves (the "all" category, in
#: the order kubectl prints it).
ALL = ("Pod", "Service", "Deployment", "ReplicaSet")

#: Resource types of a real cluster that the offline cluster does not model: kubectl knows
#: them, so it lists nothing rather than calling the type unknown.
UNMODELLED = {
    name: plural
    for plural, names in {
        "statefulsets.apps": ("statefulsets", "statefulset", "sts"),
        "daemonsets.apps": ("daemonsets", "daemonset", "ds"),
        "jobs.batch": ("jobs", "job"),
        "cronjobs.batch": ("cronjobs", "cronjob", "cj"),
        "persistentvolumeclaims": ("persistentvolumeclaims", "persistentvolumeclaim", "pvc"),
        "persistentvolumes": ("persistentvolumes", "persistentvolume", "pv"),
        "horizontalpodautoscalers.autoscaling": ("horizontalpodautoscalers", "hpa"),
        "networkpolicies.networking.k8s.io": ("networkpolicies", "networkpolicy", "netpol"),
        "replicationcontrollers": ("replicationcontrollers", "replicationcontroller", "rc"),
        "storageclasses.storage.k8s.io": ("storageclasses", "storageclass", "sc"),
    }.items()
    for name in names
}


def resource_type(word: str) -> Resource:
    """The resource ``word`` names, or kubectl's error for a type the server lacks."""
    found = resolve(word)
    if found is None:
        raise Failure(f'error: the server doesn\'t have a resource type "{word}"')
    return found


@dataclass(frozen=True)
class Target:
    resource: Resource
    name: str | None  # None: every object of the type (filtered by the selectors)


def targets(words: list[str], ctx: Context, verb: str, *, allow_all: bool = True) -> list[Target]:
    """The ``TYPE[,TYPE] [NAME...]`` or ``TYPE/NAME...`` arguments of a command."""
    if not words:
        return []
    if any("/" in w for w in words):
        out = []
        for word in words:
            if "/" not in word:
                raise Failure("error: there is no need to specify a resource type as a separate "
                              "argument when passing arguments in resource/name form (e.g. "
                              f"'kubectl {verb} resource/<resource_name>' instead of 'kubectl "
                              f"{verb} resource resource/<resource_name>'")
            kind_word, _, name = word.partition("/")
            if not name:
                raise Failure("error: arguments in resource/name form must have a single "
                              "resource and name")
            out.append(Target(_one_type(kind_word, ctx), name))
        return out
    types: list[Resource] = []
    for word in words[0].split(","):
        if not word:
            continue
        if word.lower() == "all" and allow_all:
            types.extend(BY_KIND[k] for k in ALL)
        else:
            types.append(_one_type(word, ctx))
    names = words[1:]
    if not names:
        return [Target(t, None) for t in dict.fromkeys(types)]
    return [Target(t, n) for t in dict.fromkeys(types) for n in names]


class Unmodelled(Exception):
    """A real resource type the offline cluster does not model."""

    def __init__(self, qualified: str) -> None:
        super().__init__(qualified)
        self.qualified = qualified


def _one_type(word: str, ctx: Context) -> Resource:
    found = resolve(word)
    if found is not None:
        return found
    if word.lower() in UNMODELLED:
        raise Unmodelled(UNMODELLED[word.lower()])
    raise Failure(f'error: the server doesn\'t have a resource type "{word}"')


def namespace_of(resource: Resource, ctx: Context) -> str | None:
    """The namespace to look in: None for every namespace (``-A``) or a cluster-scoped type."""
    if not resource.namespaced or ctx.all_namespaces:
        return None
    return ctx.namespace


def fetch(ctx: Context, resource: Resource, name: str) -> dict:
    """One object, or the API server's NotFound."""
    found = ctx.cluster.find(resource.kind, ctx.namespace if resource.namespaced else "", name)
    if found is None:
        raise errors.not_found(resource, name)
    return found


def listing(ctx: Context, resource: Resource, selector: Selector | None = None,
            fields: FieldSelector | None = None) -> list[dict]:
    """The objects of a type in the namespace (or all), sorted as the API server lists them
    (by namespace, then name: etcd's key order)."""
    objs = ctx.cluster.list(resource.kind, namespace_of(resource, ctx))
    if selector is not None:
        objs = [o for o in objs if selector.matches(o["metadata"].get("labels") or {})]
    if fields is not None:
        objs = [o for o in objs if fields.matches(o)]
    return sorted(objs, key=lambda o: (o["metadata"].get("namespace", ""), o["metadata"]["name"]))


# --- label selectors -----------------------------------------------------------------------


@dataclass(frozen=True)
class Requirement:
    key: str
    op: str  # "=", "!=", "in", "notin", "exists", "!"
    values: tuple[str, ...] = ()

    def holds(self, labels: dict) -> bool:
        has = self.key in labels
        value = labels.get(self.key)
        if self.op == "exists":
            return has
        if self.op == "!":
            return not has
        if self.op in ("=", "in"):
            return has and value in self.values
        if self.op in ("!=", "notin"):
            return not has or value not in self.values
        if self.op in (">", "<"):
            try:
                number, limit = int(value), int(self.values[0])
            except (TypeError, ValueError):
                return False
            return number > limit if self.op == ">" else number < limit
        return False


@dataclass(frozen=True)
class Selector:
    requirements: tuple[Requirement, ...]

    def matches(self, labels: dict) -> bool:
        return all(r.holds(labels) for r in self.requirements)


def parse_selector(text: str) -> Selector:
    """A label selector as ``kubectl -l`` reads it: ``a=b,c!=d,e in (x,y),f notin (z),g,!h``."""
    tokens = _tokens(text)
    reqs: list[Requirement] = []
    i = 0

    def fail(found: str, expected: str) -> Failure:
        return Failure(f"error: unable to parse requirement: found '{found}', expected: {expected}")

    while i < len(tokens):
        tok = tokens[i]
        if tok == "!":
            if i + 1 >= len(tokens) or not _identifier(tokens[i + 1]):
                raise fail(tokens[i + 1] if i + 1 < len(tokens) else "", "identifier")
            reqs.append(Requirement(tokens[i + 1], "!"))
            i += 2
        elif _identifier(tok):
            key = tok
            i += 1
            if i >= len(tokens) or tokens[i] == ",":
                reqs.append(Requirement(key, "exists"))
            elif tokens[i] in ("=", "==", "!=", ">", "<"):
                op = "=" if tokens[i] == "==" else tokens[i]
                i += 1
                value = ""
                if i < len(tokens) and tokens[i] not in (",",):
                    value = tokens[i]
                    i += 1
                reqs.append(Requirement(key, op, (value,)))
            elif tokens[i] in ("in", "notin"):
                op = tokens[i]
                i += 1
                if i >= len(tokens) or tokens[i] != "(":
                    raise fail(tokens[i] if i < len(tokens) else "", "'(', or identifier")
                i += 1
                values: list[str] = []
                while i < len(tokens) and tokens[i] != ")":
                    if tokens[i] != ",":
                        values.append(tokens[i])
                    i += 1
                if i >= len(tokens):
                    raise fail("", "')'")
                i += 1
                reqs.append(Requirement(key, op, tuple(values)))
            else:
                raise fail(tokens[i], "'=', '!=', '==', 'in', notin'")
        else:
            raise fail(tok, "!, identifier, or 'end of string'")
        if i < len(tokens):
            if tokens[i] != ",":
                raise fail(tokens[i], "',' or 'end of string'")
            i += 1
    return Selector(tuple(reqs))


def _identifier(token: str) -> bool:
    return bool(token) and token not in ("!", "=", "==", "!=", "(", ")", ",", ">", "<")


def _tokens(text: str) -> list[str]:
    out: list[str] = []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch.isspace():
            i += 1
        elif text.startswith(("==", "!="), i):
            out.append(text[i:i + 2])
            i += 2
        elif ch in "!=(),<>":
            out.append(ch)
            i += 1
        else:
            start = i
            while i < len(text) and not text[i].isspace() and text[i] not in "!=(),<>":
                i += 1
            out.append(text[start:i])
    return out


def format_labels(labels: dict | None) -> str:
    """``labels.FormatLabels``: ``a=b,c=d`` sorted by key, ``<none>`` when empty."""
    if not labels:
        return "<none>"
    return ",".join(f"{k}={labels[k]}" for k in sorted(labels))


def format_selector(selector: object) -> str:
    """``metav1.FormatLabelSelector``: matchLabels then matchExpressions, ``<none>`` if empty."""
    if not isinstance(selector, dict):
        return "<none>"
    parts = [f"{k}={v}" for k, v in sorted((selector.get("matchLabels") or {}).items())]
    for term in selector.get("matchExpressions") or ():
        if not isinstance(term, dict):
            continue
        key, op = term.get("key", ""), term.get("operator", "")
        values = sorted(str(v) for v in term.get("values") or ())
        if op == "In":
            parts.append(f"{key} in ({','.join(values)})")
        elif op == "NotIn":
            parts.append(f"{key} notin ({','.join(values)})")
        elif op == "Exists":
            parts.append(key)
        elif op == "DoesNotExist":
            parts.append(f"!{key}")
    text = ",".join(parts)
    return text if text else "<none>"


# --- field selectors -----------------------------------------------------------------------

def _involved(key: str) -> Callable[[dict], object]:
    return lambda o: (o.get("involvedObject") or {}).get(key)


_COMMON_FIELDS: dict[str, Callable[[dict], object]] = {
    "metadata.name": lambda o: o["metadata"].get("name"),
    "metadata.namespace": lambda o: o["metadata"].get("namespace"),
}
_FIELDS: dict[str, dict[str, Callable[[dict], object]]] = {
    "Event": {
        **{f"involvedObject.{k}": _involved(k)
           for k in ("kind", "namespace", "name", "uid", "apiVersion", "resourceVersion",
                     "fieldPath")},
        "reason": lambda o: o.get("reason"),
        "reportingComponent": lambda o: o.get("reportingComponent"),
        "source": lambda o: (o.get("source") or {}).get("component"),
        "type": lambda o: o.get("type"),
    },
    "Pod": {
        "spec.nodeName": lambda o: o.get("spec", {}).get("nodeName", ""),
        "spec.restartPolicy": lambda o: o.get("spec", {}).get("restartPolicy"),
        "spec.schedulerName": lambda o: o.get("spec", {}).get("schedulerName"),
        "spec.serviceAccountName": lambda o: o.get("spec", {}).get("serviceAccountName"),
        "status.phase": lambda o: o.get("status", {}).get("phase", ""),
        "status.podIP": lambda o: o.get("status", {}).get("podIP", ""),
    },
}


@dataclass(frozen=True)
class FieldSelector:
    terms: tuple[tuple[str, str, str], ...]  # (field, "=" or "!=", value)
    kind: str

    def matches(self, obj: dict) -> bool:
        table = {**_COMMON_FIELDS, **_FIELDS.get(self.kind, {})}
        for field_name, op, value in self.terms:
            got = table[field_name](obj)
            got = "" if got is None else str(got)
            if (got == value) != (op == "="):
                return False
        return True


def parse_fields(text: str, resource: Resource) -> FieldSelector:
    terms = []
    table = {**_COMMON_FIELDS, **_FIELDS.get(resource.kind, {})}
    for part in text.split(","):
        if not part:
            continue
        if "!=" in part:
            name, value, op = *part.split("!=", 1), "!="
        elif "==" in part:
            name, value, op = *part.split("==", 1), "="
        elif "=" in part:
            name, value, op = *part.split("=", 1), "="
        else:
            raise Failure(f'error: invalid selector: \'{text}\'; can\'t understand \'{part}\'')
        if name not in table:
            group = f"{resource.group}/" if resource.group else "/"
            raise Failure(
                f'Error from server (BadRequest): Unable to find "{group}{resource.version}, '
                f'Resource={resource.plural}" that match label selector "", field selector '
                f'"{text}": field label not supported: {name}')
        terms.append((name, op, value))
    return FieldSelector(tuple(terms), resource.kind)


def kinds_served() -> list[Resource]:
    return list(RESOURCES)
