"""``kubectl logs`` and ``kubectl exec`` (k8s.io/kubectl/pkg/cmd/logs, exec): they reach the
kubelet model (``cluster.controller("kubelet")``) for what a container printed and for running
a command in it.

As upstream: a Pod with several containers and no ``-c`` uses the one named by the
``kubectl.kubernetes.io/default-container`` annotation or the first, saying so on stderr
("Defaulted container ..."); ``logs deploy/web`` picks one of its Pods ("Found 3 pods, using
pod/..."); ``exec`` needs ``--`` before the command and reports a non-zero exit as "command
terminated with exit code N". ``logs -f`` prints what there is and stops (the offline cluster
does not stream).
"""

from __future__ import annotations

from kubelearn.cluster import pods as podutil
from kubelearn.cluster.errors import ApiError, not_found
from kubelearn.cluster.kubectl.core import Context, Failure, usage
from kubelearn.cluster.kubectl.objects import resource_type
from kubelearn.cluster.kubectl.parser import Args, Flag
from kubelearn.cluster.resources import BY_KIND

LOGS_FLAGS = (Flag("container", "c"), Flag("previous", "p", "bool", False),
              Flag("tail", kind="int", default=-1), Flag("follow", "f", "bool", False),
              Flag("timestamps", kind="bool"), Flag("since"), Flag("all-containers", kind="bool"),
              Flag("selector", "l"), Flag("prefix", kind="bool"))
EXEC_FLAGS = (Flag("container", "c"), Flag("stdin", "i", "bool", False),
              Flag("tty", "t", "bool", False), Flag("quiet", "q", "bool", False),
              Flag("filename", "f", "list"))
DEFAULT_CONTAINER = "kubectl.kubernetes.io/default-container"


def _pod(ctx: Context, word: str, verb: str) -> dict:
    """The Pod a ``logs``/``exec`` argument names: ``NAME``, ``pod/NAME``, or a workload."""
    if "/" not in word:
        found = ctx.cluster.find("Pod", ctx.namespace, word)
        if found is None:
            raise not_found(BY_KIND["Pod"], word)
        return found
    kind_word, _, name = word.partition("/")
    resource = resource_type(kind_word)
    if resource.kind == "Pod":
        return _pod(ctx, name, verb)
    owner = ctx.cluster.find(resource.kind, ctx.namespace, name)
    if owner is None:
        raise not_found(resource, name)
    if resource.kind not in ("Deployment", "ReplicaSet", "Service"):
        raise Failure(f"error: cannot attach to *v1.{resource.kind}: selector for "
                      f"*v1.{resource.kind} not implemented")
    selector = (owner.get("spec") or {}).get("selector") or {}
    if resource.kind != "Service":
        pods = [p for p in ctx.cluster.list("Pod", ctx.namespace)
                if podutil.selector_matches(selector, p["metadata"].get("labels") or {})]
    else:
        pods = [p for p in ctx.cluster.list("Pod", ctx.namespace) if selector and all(
            (p["metadata"].get("labels") or {}).get(k) == v for k, v in selector.items())]
    if not pods:
        raise Failure("error: timed out waiting for the condition")
    pods.sort(key=lambda p: (podutil.is_active(p), podutil.is_ready(p),
                             p["metadata"].get("creationTimestamp", "")), reverse=True)
    if len(pods) > 1 and verb == "logs":
        ctx.err(f"Found {len(pods)} pods, using pod/{pods[0]['metadata']['name']}\n")
    return pods[0]


def _container(ctx: Context, pod: dict, given: str) -> str:
    names = [str(c.get("name")) for c in (pod.get("spec") or {}).get("containers") or []]
    if given:
        return given
    chosen = (pod["metadata"].get("annotations") or {}).get(DEFAULT_CONTAINER)
    if chosen not in names:
        chosen = names[0] if names else ""
    if len(names) > 1:
        ctx.err(f'Defaulted container "{chosen}" out of: {", ".join(names)}\n')
    return chosen


def _kubelet(ctx: Context) -> object:
    try:
        return ctx.cluster.controller("kubelet")
    except KeyError:
        raise Failure("error: the offline cluster runs no kubelet") from None


def logs(ctx: Context, args: Args) -> None:
    if not args.words:
        raise usage("logs", "expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\n"
                            "POD or TYPE/NAME is a required argument for the logs command")
    if len(args.words) > 2:
        raise usage("logs", "expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\n"
                            "POD or TYPE/NAME is a required argument for the logs command")
    pod = _pod(ctx, args.words[0], "logs")
    given = args.words[1] if len(args.words) == 2 else args.str("container")
    kubelet = _kubelet(ctx)
    spec = pod.get("spec") or {}
    # --all-containers and -c know the init containers too (a sidecar's logs, an init's).
    names = [str(c.get("name")) for group in ("initContainers", "containers")
             for c in spec.get(group) or []]
    chosen = names if args.bool("all-containers") else [_container(ctx, pod, given)]
    tail = args.get("tail")
    for name in chosen:
        if name not in names:
            raise Failure(f'error: container {name} is not valid for pod {pod["metadata"]["name"]}')
        text = kubelet.logs(pod, name, previous=args.bool("previous"),  # type: ignore[attr-defined]
                            tail=tail if isinstance(tail, int) and tail >= 0 else None)
        if args.bool("prefix"):
            text = "".join(f"[pod/{pod['metadata']['name']}/{name}] {line}\n"
                           for line in text.splitlines())
        ctx.out(text)
    if args.bool("follow"):
        ctx.note(ctx.words("follow"))


def exec_(ctx: Context, args: Args) -> None:
    if not args.words:
        raise usage("exec", "pod, type/name or --filename must be specified")
    if args.rest is None:
        if len(args.words) > 1:
            raise Failure("error: exec [POD] [COMMAND] is not supported anymore. Use exec [POD] "
                          "-- [COMMAND] instead\nSee 'kubectl exec -h' for help and examples")
        raise usage("exec", "you must specify at least one command for the container")
    if len(args.words) > 1:
        raise Failure("error: exec [POD] [COMMAND] is not supported anymore. Use exec [POD] -- "
                      "[COMMAND] instead\nSee 'kubectl exec -h' for help and examples")
    if not args.rest:
        raise usage("exec", "you must specify at least one command for the container")
    pod = _pod(ctx, args.words[0], "exec")
    phase = (pod.get("status") or {}).get("phase")
    if phase in ("Succeeded", "Failed"):
        raise Failure(f"error: cannot exec into a container in a completed pod; current phase is "
                      f"{phase}")
    name = _container(ctx, pod, args.str("container"))
    spec = pod.get("spec") or {}
    # Any container of the Pod can be exec'd into, a running sidecar (init container) too.
    names = [str(c.get("name")) for group in ("initContainers", "containers")
             for c in spec.get(group) or []]
    if name not in names:
        raise Failure(f"error: unable to upgrade connection: container {name} not found in pod "
                      f"{pod['metadata']['name']}")
    try:
        output, code = _kubelet(ctx).exec(pod, name, list(args.rest))  # type: ignore[attr-defined]
    except ApiError as error:
        # kubectl shows the upgrade failure without the API server's "Internal error occurred";
        # an exec that failed to start comes through the stream with it (remotecommand).
        message = error.message
        if "unable to upgrade connection" in message:
            message = message.removeprefix("Internal error occurred: ")
        raise Failure("error: " + message) from None
    ctx.out(output)
    for note in getattr(_kubelet(ctx), "exec_notes", ()):
        ctx.note(note)
    if code:
        ctx.fail(f"command terminated with exit code {code}")
