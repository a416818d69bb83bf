"""The verbs kubectl knows here, and how a line reaches one: global flags first
(``kubectl -n x get pods`` and ``kubectl get pods -n x`` alike), then the verb, then its
subcommand where it has some (``create deployment``, ``set image``, ``rollout status``).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from kubelearn.cluster.kubectl.core import Context, Failure
from kubelearn.cluster.kubectl.parser import GLOBAL, Args, Flag, parse

Run = Callable[[Context, Args], None]


#: Where a verb's flags and function are: (module under kubelearn.cluster.kubectl, the name
#: of its flags or None, the name of its function, and a key when the flags are a dict).
Where = tuple[str, str | None, str, str | None]


@cache
def _load(where: Where) -> tuple[tuple[Flag, ...], Run]:
    """A verb's module is imported when the verb is first used: judging an exercise in the
    cluster applies files and never pays for describe, explain or patch (3 MiB)."""
    module, flags_name, run_name, key = where
    found = importlib.import_module(f"kubelearn.cluster.kubectl.{module}")
    flags = getattr(found, flags_name) if flags_name else ()
    run = getattr(found, run_name)
    if key is not None:
        flags, run = flags[key], run[key]
    return tuple(flags), run


@dataclass(frozen=True)
class Verb:
    where: Where | None = None
    #: Subcommands by name; ``run`` (if any) handles the verb without one (``create -f``).
    subs: dict[str, Verb] | None = None
    short: str = ""

    @property
    def flags(self) -> tuple[Flag, ...]:
        return _load(self.where)[0] if self.where else ()

    @property
    def run(self) -> Run | None:
        return _load(self.where)[1] if self.where else None


#: The one-line help of each ``rollout`` subcommand (pkg/cmd/rollout/rollout_*.go ``Short``).
ROLLOUT_SHORT = {"history": "View rollout history", "pause": "Mark the provided resource as paused",
                 "restart": "Restart a resource", "resume": "Resume a paused resource",
                 "status": "Show the status of the rollout", "undo": "Undo a previous rollout"}

VERBS: dict[str, Verb] = {
    "get": Verb(("get", "FLAGS", "run", None), short="Display one or many resources"),
    "describe": Verb(("describe", "FLAGS", "run", None), short="Show details of a specific resource "
                                                        "or group of resources"),
    "apply": Verb(("apply", "FLAGS", "run_apply", None), short="Apply a configuration to a resource by "
                                                     "file name or stdin"),
    "create": Verb(("apply", "FLAGS", "run_create", None), {
        "deployment": Verb(("create", "DEPLOYMENT_FLAGS", "deployment", None)),
        "deploy": Verb(("create", "DEPLOYMENT_FLAGS", "deployment", None)),
        "configmap": Verb(("create", "CONFIGMAP_FLAGS", "configmap", None)),
        "cm": Verb(("create", "CONFIGMAP_FLAGS", "configmap", None)),
        "secret": Verb(("create", "SECRET_FLAGS", "secret", None)),
        "service": Verb(("create", "SERVICE_FLAGS", "service", None)),
        "svc": Verb(("create", "SERVICE_FLAGS", "service", None)),
        "namespace": Verb(("create", "NAMESPACE_FLAGS", "namespace", None)),
        "ns": Verb(("create", "NAMESPACE_FLAGS", "namespace", None)),
        "ingress": Verb(("create", "INGRESS_FLAGS", "ingress", None)),
        "ing": Verb(("create", "INGRESS_FLAGS", "ingress", None)),
    }, short="Create a resource from a file or from stdin"),
    "delete": Verb(("delete", "FLAGS", "run", None), short="Delete resources by file names, stdin, "
                                                  "resources and names, or by resources and "
                                                  "label selector"),
    "scale": Verb(("mutate", "SCALE_FLAGS", "scale", None), short="Set a new size for a deployment or "
                                                         "replica set"),
    "set": Verb(subs={
        "env": Verb(("mutate", "ENV_FLAGS", "set_env", None),
                    short="Update environment variables on a pod template"),
        "image": Verb(("mutate", "SET_FLAGS", "set_image", None),
                      short="Update the image of a pod template"),
        "resources": Verb(("setcmd", "RESOURCES_FLAGS", "resources", None),
                          short="Update resource requests/limits on objects with pod templates"),
        "selector": Verb(("setcmd", "SELECTOR_FLAGS", "selector", None),
                         short="Set the selector on a resource"),
        "serviceaccount": Verb(("setcmd", "SERVICEACCOUNT_FLAGS", "serviceaccount", None),
                               short="Update the service account of a resource"),
        "sa": Verb(("setcmd", "SERVICEACCOUNT_FLAGS", "serviceaccount", None)),
        "subject": Verb(("setcmd", "SUBJECT_FLAGS", "subject", None),
                        short="Update the user, group, or service account in a role binding "
                              "or cluster role binding"),
    }, short="Set specific features on objects"),
    "patch": Verb(("patch", "FLAGS", "run", None), short="Update fields of a resource"),
    "edit": Verb(("patch", "EDIT_FLAGS", "edit", None), short="Edit a resource on the server"),
    "label": Verb(("mutate", "LABEL_FLAGS", "label", None), short="Update the labels on a resource"),
    "annotate": Verb(("mutate", "LABEL_FLAGS", "annotate", None), short="Update the annotations on a "
                                                               "resource"),
    "expose": Verb(("mutate", "EXPOSE_FLAGS", "expose", None), short="Take a replication controller, "
                                                            "service, deployment or pod and "
                                                            "expose it as a new Kubernetes "
                                                            "service"),
    "rollout": Verb(subs={name: Verb(("rollout", "FLAGS", "SUBCOMMANDS", name), short=short)
                          for name, short in ROLLOUT_SHORT.items()},
                    short="Manage the rollout of a resource"),
    "logs": Verb(("logs", "LOGS_FLAGS", "logs", None), short="Print the logs for a container in a pod"),
    "exec": Verb(("logs", "EXEC_FLAGS", "exec_", None), short="Execute a command in a container"),
    "explain": Verb(("explain", "FLAGS", "run", None), short="Get documentation for a resource"),
    "api-resources": Verb(("info", "API_FLAGS", "api_resources", None),
                          short="Print the supported API resources on the server"),
    "version": Verb(("info", "VERSION_FLAGS", "version", None), short="Print the client and server "
                                                           "version information"),
    "cluster-info": Verb(("info", None, "cluster_info", None), short="Display cluster information"),
    "run": Verb(("create", "RUN_FLAGS", "run_pod", None), short="Run a particular image on the cluster"),
    "sleep": Verb(("simulate", None, "sleep", None), short="(offline cluster) Let time pass"),
    "curl": Verb(("simulate", "CURL_FLAGS", "curl", None), short="(offline cluster) Send an HTTP "
                                                          "request from outside the cluster"),
}

#: Verbs that are not kubectl's: their flags and errors are worded for themselves.
SIMULATOR = ("sleep", "curl")
#: kubectl's verbs the offline cluster does not offer: kubectl has them, so they are not
#: "unknown"; the answer says what to do instead.
UNSUPPORTED = ("replace", "port-forward", "proxy", "attach", "cp", "top",
               "drain", "cordon", "uncordon", "taint", "autoscale", "wait", "events", "diff",
               "kustomize", "auth", "certificate", "config", "debug", "plugin", "completion",
               "alpha", "set-last-applied")


def split_verb(words: list[str]) -> tuple[str | None, list[str]]:
    """The verb and every other word: global flags may come before the verb."""
    takes_value = {f"--{f.name}" for f in GLOBAL if f.kind != "bool"} | {
        f"-{f.short}" for f in GLOBAL if f.kind != "bool" and f.short}
    i = 0
    while i < len(words):
        word = words[i]
        if word.startswith("-") and word != "-":
            i += 2 if word in takes_value else 1
            continue
        return word, words[:i] + words[i + 1:]
    return None, words


def dispatch(ctx: Context, words: list[str]) -> None:
    verb_name, rest = split_verb(words)
    if verb_name is None:
        head = parse(rest, (), "")  # a flag mistake before any verb reads as kubectl's
        if head.bool("help"):
            ctx.out(help_text())
            return
        raise Failure("error: You must specify a verb.\nSee 'kubectl --help' for usage.")
    verb = VERBS.get(verb_name)
    if verb is None and verb_name in UNSUPPORTED:
        ctx.note(ctx.words("unsupported", verb=verb_name))
        raise Failure(f'error: "kubectl {verb_name}" is not available in the offline cluster')
    if verb is None:
        raise Failure(f'error: unknown command "{verb_name}" for "kubectl"'
                      + _suggest(verb_name))
    name = verb_name
    if verb.subs:
        sub, after = split_verb(rest)
        if sub is not None and sub in verb.subs:
            verb, rest, name = verb.subs[sub], after, f"{verb_name} {sub}"
        elif verb.run is None:
            # cmdutil.DefaultSubCommandRun (set, rollout): no subcommand prints the help and
            # exits 1; other words are RequireNoArguments' usage error.
            if sub is None:
                # set writes its help to stderr, rollout to stdout (set.go, rollout.go)
                (ctx.out if verb_name == "rollout" else ctx.err)(_sub_help(verb_name, verb))
                ctx.failed = True
                return
            words = [w for w in rest if not w.startswith("-")]
            raise Failure(f'error: unknown command "{" ".join(words)}"\nSee '
                          f"'kubectl {verb_name} -h' for help and examples")
    args = parse(rest, verb.flags, name)
    if args.bool("help"):
        ctx.out(f"{VERBS[verb_name].short or name}.\n\nUsage:\n  kubectl {name} [options]\n")
        return
    if args.given & {"namespace"}:
        ctx.namespace = args.str("namespace") or "default"
        ctx.explicit_namespace = True
        if not ctx.namespace.strip():
            raise Failure("error: a namespace must not be empty")
    ctx.all_namespaces = args.bool("all-namespaces")
    assert verb.run is not None
    verb.run(ctx, args)


def _sub_help(verb_name: str, verb: Verb) -> str:
    """The help cobra prints for a command with subcommands (aliases, with no ``short``, are
    not listed)."""
    subs = sorted((n, v.short) for n, v in (verb.subs or {}).items() if v.short)
    width = max(len(n) for n, _ in subs) + 3
    return (f"{verb.short}.\n\nAvailable Commands:\n"
            + "".join(f"  {n.ljust(width)}{short}\n" for n, short in subs)
            + f"\nUsage:\n  kubectl {verb_name} SUBCOMMAND [options]\n\n"
            f'Use "kubectl {verb_name} <command> --help" for more information about a given '
            "command.\n")


def _suggest(word: str, choices: list[str] | None = None) -> str:
    """cobra's "Did you mean this?" (Levenshtein distance of 2 or less, or a prefix)."""
    pool = choices if choices is not None else list(VERBS)
    close = [c for c in pool if _distance(word, c) <= 2 or c.startswith(word.lower())]
    if not close or len(word) > 64:
        return ""
    return "\n\nDid you mean this?\n" + "".join(f"\t{c}\n" for c in close).rstrip("\n")


def _distance(a: str, b: str) -> int:
    if abs(len(a) - len(b)) > 2 or len(a) > 64:
        return 99
    previous = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        current = [i]
        for j, y in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x != y)))
        previous = current
    return previous[-1]


def help_text() -> str:
    lines = ["kubectl controls the Kubernetes cluster manager (here: the offline cluster).", "",
             "Commands:"]
    width = max(len(v) for v in VERBS)
    lines += [f"  {name.ljust(width)}  {verb.short}" for name, verb in VERBS.items()]
    lines += ["", "Usage:", "  kubectl [flags] [options]"]
    return "\n".join(lines) + "\n"
