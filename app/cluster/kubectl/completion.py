"""What could come next on a kubectl line: verbs, subcommands, resource types, object names
and flags, as kubectl's shell completion offers them (``__complete``)."""

from __future__ import annotations

import shlex
from typing import TYPE_CHECKING

from kubelearn.cluster.kubectl.parser import GLOBAL
from kubelearn.cluster.resources import RESOURCES, resolve

if TYPE_CHECKING:
    from kubelearn.cluster.cluster import Cluster

#: The most names offered at once.
MAX_OFFERED = 200
#: Verbs whose first argument is a resource type (``get TYPE NAME``).
TYPED = ("get", "describe", "delete", "label", "annotate", "scale", "expose", "edit",
         "explain")
TYPE_NAMES = sorted({r.plural for r in RESOURCES} | {s for r in RESOURCES for s in r.short}
                    | {r.singular for r in RESOURCES} | {"all"})


def complete(cluster: Cluster, line: str) -> list[str]:
    from kubelearn.cluster.kubectl.commands import VERBS, split_verb

    try:
        words = shlex.split(line)
    except ValueError:
        return []
    ending = line.endswith((" ", "\t")) or not line
    current = "" if ending else (words.pop() if words else "")
    if words and words[0] == "kubectl":
        words = words[1:]
    verb_name, rest = split_verb(words)
    if current.startswith("-"):
        verb = VERBS.get(verb_name or "")
        flags = list(GLOBAL) + list(verb.flags if verb else ())
        if verb and verb.subs and rest and rest[0] in verb.subs:
            flags += list(verb.subs[rest[0]].flags)
        names = sorted({f"--{f.name}" for f in flags} | {f"-{f.short}" for f in flags if f.short})
        return [n for n in names if n.startswith(current)][:MAX_OFFERED]
    if verb_name is None:
        return [v for v in VERBS if v.startswith(current)]
    verb = VERBS.get(verb_name)
    if verb is None:
        return []
    positional = [w for w in rest if not w.startswith("-")]
    if verb.subs:
        if not positional:
            return [s for s in verb.subs if s.startswith(current)]
        positional = positional[1:]
        if verb_name == "rollout" and not positional:
            return _typed(cluster, current, ("deployments",))
        if verb_name == "set" and not positional:
            return _typed(cluster, current, ("deployments", "pods", "replicasets"))
        return _names(cluster, "Deployment", current, _namespace(rest)) if positional else []
    if verb_name in ("logs", "exec"):
        return _names(cluster, "Pod", current, _namespace(rest)) if not positional else []
    if verb_name in TYPED:
        if not positional:
            return _typed(cluster, current, TYPE_NAMES)
        resource = resolve(positional[0].split(",")[0])
        if resource is not None and "/" not in positional[0]:
            return _names(cluster, resource.kind, current, _namespace(rest))
    return []


def _typed(cluster: Cluster, current: str, types: tuple[str, ...] | list[str]) -> list[str]:
    if "/" in current:
        kind_word, _, prefix = current.partition("/")
        resource = resolve(kind_word)
        if resource is None:
            return []
        return [f"{kind_word}/{n}" for n in _names(cluster, resource.kind, prefix, "default")]
    return [t for t in types if t.startswith(current)][:MAX_OFFERED]


def _namespace(rest: list[str]) -> str:
    for i, word in enumerate(rest):
        if word in ("-n", "--namespace") and i + 1 < len(rest):
            return rest[i + 1]
        if word.startswith("--namespace="):
            return word.split("=", 1)[1]
    return "default"


def _names(cluster: Cluster, kind: str, prefix: str, namespace: str) -> list[str]:
    resource = resolve(kind)
    ns = namespace if resource is not None and resource.namespaced else None
    names = sorted(o["metadata"]["name"] for o in cluster.list(kind, ns))
    return [n for n in names if n.startswith(prefix)][:MAX_OFFERED]
