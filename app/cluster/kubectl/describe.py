"""``kubectl describe`` (k8s.io/kubectl/pkg/describe/describe.go): Pods, Deployments,
ReplicaSets, Services, Ingresses, ConfigMaps, Nodes, and the Events table at the bottom.

Each describer writes the lines upstream writes, with the same tab stops, through Go's
tabwriter as ``tabbedString`` sets it up (:func:`tabwriter.tabbed`). Levels indent by two
spaces as ``PrefixWriter`` does. ``describe TYPE NAME`` that finds no object named exactly
so describes every object whose name starts with NAME, as kubectl does.
"""

from __future__ import annotations

from collections.abc import Callable

from kubelearn.cluster import podresources
from kubelearn.cluster.errors import ApiError, not_found
from kubelearn.cluster.kubectl import tabwriter
from kubelearn.cluster.kubectl.core import Context, Failure
from kubelearn.cluster.kubectl.objects import (
    Unmodelled,
    format_labels,
    format_selector,
    listing,
    parse_selector,
    targets,
)
from kubelearn.cluster.kubectl.parser import Args, Flag
from kubelearn.cluster.kubectl.printers import node_roles
from kubelearn.cluster.kubectl.timefmt import rfc1123z, since
from kubelearn.cluster.podstatus import qos_class

FLAGS = (Flag("selector", "l"), Flag("show-events", kind="bool", default=True),
         Flag("filename", "f", "list"), Flag("chunk-size"))

LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration"
MAX_ANNOTATION = 140


class Writer:
    """``PrefixWriter``: lines at a level of indentation (two spaces per level)."""

    def __init__(self) -> None:
        self.done = ""
        self.parts: list[str] = []

    def write(self, level: int, text: str) -> None:
        self.parts.append("  " * level + text)

    def flush(self) -> None:
        """``w.Flush()``: what was written so far is aligned on its own."""
        self.done += tabwriter.tabbed("".join(self.parts))
        self.parts = []

    def text(self) -> str:
        return self.done + tabwriter.tabbed("".join(self.parts))


def run(ctx: Context, args: Args) -> None:
    if not args.words:
        raise Failure("You must specify the type of resource to describe. Use \"kubectl "
                      "api-resources\" for a complete list of supported resources.\n\nerror: "
                      "Required resource not specified.\nSee 'kubectl describe -h' for help and "
                      "examples")
    try:
        wanted = targets(args.words, ctx, "describe")
    except Unmodelled:
        ctx.err(f"No resources found in {ctx.namespace} namespace.\n")
        return
    if any(t.resource.kind == "Endpoints" for t in wanted):
        from kubelearn.cluster.kubectl.get import ENDPOINTS_WARNING

        ctx.err(ENDPOINTS_WARNING)
    selector = parse_selector(args.str("selector")) if args.str("selector") else None
    found: list[dict] = []
    problems: list[ApiError] = []
    for target in wanted:
        resource = target.resource
        if target.name is None:
            found.extend(listing(ctx, resource, selector))
            continue
        ns = ctx.namespace if resource.namespaced else ""
        exact = ctx.cluster.find(resource.kind, ns, target.name)
        if exact is not None:
            found.append(exact)
            continue
        prefixed = [o for o in listing(ctx, resource) if o["metadata"]["name"].startswith(target.name)]
        if not prefixed:
            problems.append(not_found(resource, target.name))
        found.extend(prefixed)
    if not found and not problems:
        ctx.err(f"No resources found in {ctx.namespace} namespace.\n")
    texts = [describe(ctx, obj, events=args.bool("show-events")) for obj in found]
    if texts:
        ctx.out("\n\n".join(texts))
    for problem in problems:
        ctx.api_error(problem)


def describe(ctx: Context, obj: dict, *, events: bool = True) -> str:
    w = Writer()
    DESCRIBERS.get(obj["kind"], _generic)(ctx, obj, w)
    if events:
        describe_events(ctx, obj, w)
    return w.text()


# --- shared pieces -------------------------------------------------------------------------


def labels_block(w: Writer, title: str, labels: dict | None, indent: str = "") -> None:
    """``printLabelsMultilineWithIndent``."""
    w.write(0, f"{indent}{title}:\t")
    if not labels:
        w.write(0, "<none>\n")
        return
    for i, key in enumerate(sorted(labels)):
        if i:
            w.write(0, f"{indent}\t")
        w.write(0, f"{key}={labels[key]}\n")


def annotations_block(w: Writer, title: str, annotations: dict | None) -> None:
    """``printAnnotationsMultiline``: the last-applied annotation is skipped; long or
    multi-line values on lines of their own, cut at 140 characters."""
    w.write(0, f"{title}:\t")
    keys = sorted(k for k in (annotations or {}) if k != LAST_APPLIED)
    if not keys:
        w.write(0, "<none>\n")
        return
    for i, key in enumerate(keys):
        if i:
            w.write(0, "\t")
        value = str(annotations[key]).removesuffix("\n")
        if len(value) + len(key) + 2 > MAX_ANNOTATION or "\n" in value:
            w.write(0, f"{key}:\n")
            for line in value.split("\n"):
                cut = line if len(line) <= MAX_ANNOTATION - 2 else line[:MAX_ANNOTATION - 2] + "..."
                w.write(0, f"\t  {cut}\n")
        else:
            w.write(0, f"{key}: {value}\n")


def tolerations_block(w: Writer, title: str, tolerations: list | None, indent: str = "") -> None:
    w.write(0, f"{indent}{title}:\t")
    if not tolerations:
        w.write(0, "<none>\n")
        return
    for i, t in enumerate(tolerations):
        if i:
            w.write(0, f"{indent}\t")
        text = str(t.get("key", ""))
        if t.get("value"):
            text += f"={t['value']}"
        if t.get("effect"):
            text += f":{t['effect']}"
        if t.get("operator") == "Exists" and not t.get("value"):
            text += " op=Exists" if (t.get("key") or t.get("effect")) else "op=Exists"
        if t.get("tolerationSeconds") is not None:
            text += f" for {t['tolerationSeconds']}s"
        w.write(0, text + "\n")


def describe_events(ctx: Context, obj: dict, w: Writer) -> None:
    """``DescribeEvents``: sorted by last time seen; AGE as first seen, or ``5s (x3 over
    2m)``."""
    found = ctx.cluster.events_for(obj) if obj["metadata"].get("uid") else []
    if not found:
        w.write(0, "Events:\t<none>\n")
        return
    w.flush()
    now = ctx.cluster.now_ms
    ordered = sorted(found, key=lambda e: e.get("lastTimestamp") or "")
    w.write(0, "Events:\n  Type\tReason\tAge\tFrom\tMessage\n")
    w.write(1, "----\t------\t----\t----\t-------\n")
    for e in ordered:
        first = since(now, e.get("firstTimestamp"))
        count = e.get("count") or 1
        age = f"{since(now, e.get('lastTimestamp'))} (x{count} over {first})" if count > 1 else first
        source = (e.get("source") or {}).get("component") or e.get("reportingController") or ""
        w.write(1, f"{e.get('type', '')}\t{e.get('reason', '')}\t{age}\t{source}\t"
                   f"{str(e.get('message', '')).strip()}\n")


def _controlled_by(obj: dict) -> str:
    for ref in obj["metadata"].get("ownerReferences") or []:
        if ref.get("controller"):
            return f"{ref.get('kind')}/{ref.get('name')}"
    return ""


# --- containers and templates --------------------------------------------------------------


def _probe(probe: dict) -> str:
    """``DescribeProbe``."""
    attrs = (f"delay={probe.get('initialDelaySeconds', 0)}s timeout={probe.get('timeoutSeconds', 1)}s "
             f"period={probe.get('periodSeconds', 10)}s #success={probe.get('successThreshold', 1)} "
             f"#failure={probe.get('failureThreshold', 3)}")
    if "exec" in probe:
        return f"exec [{' '.join(str(c) for c in (probe['exec'] or {}).get('command') or [])}] {attrs}"
    if "httpGet" in probe:
        http = probe["httpGet"] or {}
        host = str(http.get("host", ""))
        port = str(http.get("port", ""))
        scheme = str(http.get("scheme", "HTTP")).lower()
        where = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
        return f"http-get {scheme}://{where}{http.get('path', '')} {attrs}"
    if "tcpSocket" in probe:
        tcp = probe["tcpSocket"] or {}
        return f"tcp-socket {tcp.get('host', '')}:{tcp.get('port', '')} {attrs}"
    if "grpc" in probe:
        grpc = probe["grpc"] or {}
        return f"grpc <pod>:{grpc.get('port')} {grpc.get('service', '')} {attrs}"
    return f"unknown {attrs}"


def _state(w: Writer, title: str, state: dict) -> None:
    """``describeStatus``."""
    if state.get("running") is not None:
        w.write(2, f"{title}:\tRunning\n")
        w.write(3, f"Started:\t{rfc1123z(state['running'].get('startedAt'))}\n")
    elif state.get("waiting") is not None:
        w.write(2, f"{title}:\tWaiting\n")
        if state["waiting"].get("reason"):
            w.write(3, f"Reason:\t{state['waiting']['reason']}\n")
    elif state.get("terminated") is not None:
        t = state["terminated"]
        w.write(2, f"{title}:\tTerminated\n")
        if t.get("reason"):
            w.write(3, f"Reason:\t{t['reason']}\n")
        if t.get("message"):
            w.write(3, f"Message:\t{t['message']}\n")
        w.write(3, f"Exit Code:\t{t.get('exitCode', 0)}\n")
        if t.get("signal"):
            w.write(3, f"Signal:\t{t['signal']}\n")
        w.write(3, f"Started:\t{rfc1123z(t.get('startedAt'))}\n")
        w.write(3, f"Finished:\t{rfc1123z(t.get('finishedAt'))}\n")
    else:
        w.write(2, f"{title}:\tWaiting\n")


def containers(w: Writer, label: str, specs: list, statuses: list | None, space: str) -> None:
    """``describeContainers``."""
    by_name = {s.get("name"): s for s in statuses or [] if isinstance(s, dict)}
    w.write(0, f"{space}{label}:{'' if specs else ' <none>'}\n")
    for c in specs:
        if not isinstance(c, dict):
            continue
        status = by_name.get(c.get("name"))
        w.write(1, f"{' ' if space else ''}{c.get('name')}:\n")
        if status is not None:
            w.write(2, f"Container ID:\t{status.get('containerID', '')}\n")
        w.write(2, f"Image:\t{c.get('image', '')}\n")
        if status is not None:
            w.write(2, f"Image ID:\t{status.get('imageID', '')}\n")
        ports = [p for p in c.get("ports") or [] if isinstance(p, dict)]
        port_text = ", ".join(f"{p.get('containerPort')}/{p.get('protocol', 'TCP')}" for p in ports)
        host_text = ", ".join(f"{p.get('hostPort', 0)}/{p.get('protocol', 'TCP')}" for p in ports)
        w.write(2, f"Ports:\t{port_text}\n" if "," in port_text else f"Port:\t{port_text or '<none>'}\n")
        w.write(2, f"Host Ports:\t{host_text}\n" if "," in host_text
                else f"Host Port:\t{host_text or '<none>'}\n")
        for field, title in (("command", "Command"), ("args", "Args")):
            if c.get(field):
                w.write(2, f"{title}:\n")
                for item in c[field]:
                    for line in str(item).split("\n"):
                        w.write(3, f"{line}\n")
        if status is not None:
            _state(w, "State", status.get("state") or {})
            if (status.get("lastState") or {}).get("terminated") is not None:
                _state(w, "Last State", status["lastState"])
            w.write(2, f"Ready:\t{'True' if status.get('ready') else 'False'}\n")
            w.write(2, f"Restart Count:\t{status.get('restartCount', 0)}\n")
        resources = c.get("resources") or {}
        for part, title in (("limits", "Limits"), ("requests", "Requests")):
            values = resources.get(part) or {}
            if values:
                w.write(2, f"{title}:\n")
                for name in sorted(values):
                    w.write(3, f"{name}:\t{values[name]}\n")
        for field, title in (("livenessProbe", "Liveness"), ("readinessProbe", "Readiness"),
                             ("startupProbe", "Startup")):
            if isinstance(c.get(field), dict):
                w.write(2, f"{title}:\t{_probe(c[field])}\n")
        if c.get("envFrom"):
            w.write(2, "Environment Variables from:\n")
            for e in c["envFrom"]:
                if "configMapRef" in e:
                    ref, kind = e["configMapRef"] or {}, "ConfigMap"
                else:
                    ref, kind = e.get("secretRef") or {}, "Secret"
                optional = "true" if ref.get("optional") else "false"
                prefix = f" with prefix '{e['prefix']}'" if e.get("prefix") else ""
                w.write(3, f"{ref.get('name', '')}\t{kind}{prefix}\tOptional: {optional}\n")
        env = c.get("env") or []
        w.write(2, f"Environment:{'' if env else chr(9) + '<none>'}\n")
        for e in env:
            if not isinstance(e, dict):
                continue
            source = e.get("valueFrom")
            if source is None:
                for i, line in enumerate(str(e.get("value", "")).split("\n")):
                    w.write(3, f"{e.get('name')}:\t{line}\n" if i == 0 else f"\t{line}\n")
            elif "configMapKeyRef" in source:
                ref = source["configMapKeyRef"] or {}
                w.write(3, f"{e.get('name')}:\t<set to the key '{ref.get('key')}' of config map "
                           f"'{ref.get('name')}'>\tOptional: {'true' if ref.get('optional') else 'false'}\n")
            elif "secretKeyRef" in source:
                ref = source["secretKeyRef"] or {}
                w.write(3, f"{e.get('name')}:\t<set to the key '{ref.get('key')}' in secret "
                           f"'{ref.get('name')}'>\tOptional: {'true' if ref.get('optional') else 'false'}\n")
            elif "fieldRef" in source:
                ref = source["fieldRef"] or {}
                w.write(3, f"{e.get('name')}:\t ({ref.get('apiVersion', 'v1')}:{ref.get('fieldPath')})\n")
            else:
                w.write(3, f"{e.get('name')}:\t\n")
        mounts = sorted((m for m in c.get("volumeMounts") or [] if isinstance(m, dict)),
                        key=lambda m: str(m.get("mountPath", "")))
        w.write(2, f"Mounts:{'' if mounts else chr(9) + '<none>'}\n")
        for m in mounts:
            flags = ["ro" if m.get("readOnly") else "rw"]
            if m.get("subPath"):
                flags.append(f'path="{m["subPath"]}"')
            w.write(3, f"{m.get('mountPath')} from {m.get('name')} ({','.join(flags)})\n")


def volumes(w: Writer, vols: list | None, space: str) -> None:
    """``describeVolumes`` for the sources the offline cluster models."""
    if not vols:
        w.write(0, f"{space}Volumes:\t<none>\n")
        return
    w.write(0, f"{space}Volumes:\n")
    for v in vols:
        if not isinstance(v, dict):
            continue
        w.write(1, f"{' ' if space else ''}{v.get('name')}:\n")
        if isinstance(v.get("configMap"), dict):
            cm = v["configMap"]
            w.write(2, "Type:\tConfigMap (a volume populated by a ConfigMap)\n"
                       f"    Name:\t{cm.get('name', '')}\n"
                       f"    Optional:\t{'true' if cm.get('optional') else 'false'}\n")
        elif isinstance(v.get("secret"), dict):
            s = v["secret"]
            w.write(2, "Type:\tSecret (a volume populated by a Secret)\n"
                       f"    SecretName:\t{s.get('secretName', '')}\n"
                       f"    Optional:\t{'true' if s.get('optional') else 'false'}\n")
        elif "emptyDir" in v:
            e = v.get("emptyDir") or {}
            w.write(2, "Type:\tEmptyDir (a temporary directory that shares a pod's lifetime)\n"
                       f"    Medium:\t{e.get('medium', '')}\n"
                       f"    SizeLimit:\t{e.get('sizeLimit') or '<unset>'}\n")
        elif isinstance(v.get("hostPath"), dict):
            h = v["hostPath"]
            w.write(2, "Type:\tHostPath (bare host directory volume)\n"
                       f"    Path:\t{h.get('path', '')}\n    HostPathType:\t{h.get('type', '')}\n")
        elif isinstance(v.get("persistentVolumeClaim"), dict):
            p = v["persistentVolumeClaim"]
            w.write(2, "Type:\tPersistentVolumeClaim (a reference to a PersistentVolumeClaim in "
                       "the same namespace)\n"
                       f"    ClaimName:\t{p.get('claimName', '')}\n"
                       f"    ReadOnly:\t{'true' if p.get('readOnly') else 'false'}\n")
        elif isinstance(v.get("projected"), dict):
            w.write(2, "Type:\tProjected (a volume that contains injected data from multiple "
                       "sources)\n")
        else:
            w.write(2, "<unknown>\n")


def pod_template(template: dict, *, w: Writer | None = None) -> str:
    """``DescribePodTemplate`` (also what ``rollout history --revision`` prints)."""
    own = w is None
    w = w or Writer()
    meta = template.get("metadata") or {}
    spec = template.get("spec") or {}
    w.write(0, "Pod Template:\n")
    labels_block(w, "Labels", meta.get("labels"), "  ")
    if meta.get("annotations"):
        annotations_block(w, "  Annotations", meta["annotations"])
    if spec.get("serviceAccountName"):
        w.write(1, f"Service Account:\t{spec['serviceAccountName']}\n")
    if spec.get("initContainers"):
        containers(w, "Init Containers", spec["initContainers"], None, "  ")
    containers(w, "Containers", spec.get("containers") or [], None, "  ")
    volumes(w, spec.get("volumes"), "  ")
    if spec.get("priorityClassName"):
        w.write(1, f"Priority Class Name:\t{spec['priorityClassName']}\n")
    labels_block(w, "Node-Selectors", spec.get("nodeSelector"), "  ")
    tolerations_block(w, "Tolerations", spec.get("tolerations"), "  ")
    return w.text() if own else ""


# --- the describers ------------------------------------------------------------------------


def _qos(pod: dict) -> str:
    """kubectl's ``qos.GetPodQOS`` (pkg/util/qos): the Pod's ``status.qosClass``, else
    computed as the API server computes it."""
    given = (pod.get("status") or {}).get("qosClass")
    return given if isinstance(given, str) and given else qos_class(pod.get("spec") or {})


def _pod(ctx: Context, pod: dict, w: Writer) -> None:
    meta, spec, status = pod["metadata"], pod.get("spec") or {}, pod.get("status") or {}
    w.write(0, f"Name:\t{meta['name']}\n")
    w.write(0, f"Namespace:\t{meta.get('namespace', '')}\n")
    if spec.get("priority") is not None:
        w.write(0, f"Priority:\t{spec['priority']}\n")
    if spec.get("priorityClassName"):
        w.write(0, f"Priority Class Name:\t{spec['priorityClassName']}\n")
    if spec.get("serviceAccountName"):
        w.write(0, f"Service Account:\t{spec['serviceAccountName']}\n")
    if spec.get("nodeName"):
        w.write(0, f"Node:\t{spec['nodeName']}/{status.get('hostIP', '')}\n")
    else:
        w.write(0, "Node:\t<none>\n")
    if status.get("startTime"):
        w.write(0, f"Start Time:\t{rfc1123z(status['startTime'])}\n")
    labels_block(w, "Labels", meta.get("labels"))
    annotations_block(w, "Annotations", meta.get("annotations"))
    if meta.get("deletionTimestamp") and status.get("phase") not in ("Failed", "Succeeded"):
        w.write(0, f"Status:\tTerminating (lasts {since(ctx.cluster.now_ms, meta['deletionTimestamp'])})\n")
        w.write(0, f"Termination Grace Period:\t{meta.get('deletionGracePeriodSeconds', 0)}s\n")
    else:
        w.write(0, f"Status:\t{status.get('phase', '')}\n")
    if status.get("reason"):
        w.write(0, f"Reason:\t{status['reason']}\n")
    if status.get("message"):
        w.write(0, f"Message:\t{status['message']}\n")
    w.write(0, f"IP:\t{status.get('podIP', '')}\n")
    ips = status.get("podIPs") or []
    if not ips:
        w.write(0, "IPs:\t<none>\n")
    else:
        w.write(0, "IPs:\n")
        for ip in ips:
            w.write(1, f"IP:\t{ip.get('ip', '')}\n")
    if _controlled_by(pod):
        w.write(0, f"Controlled By:\t{_controlled_by(pod)}\n")
    if spec.get("initContainers"):
        containers(w, "Init Containers", spec["initContainers"], status.get("initContainerStatuses"), "")
    containers(w, "Containers", spec.get("containers") or [], status.get("containerStatuses"), "")
    if status.get("conditions"):
        w.write(0, "Conditions:\n  Type\tStatus\n")
        for c in status["conditions"]:
            w.write(1, f"{c.get('type')} \t{c.get('status')} \n")
    volumes(w, spec.get("volumes"), "")
    w.write(0, f"QoS Class:\t{_qos(pod)}\n")
    labels_block(w, "Node-Selectors", spec.get("nodeSelector"))
    tolerations_block(w, "Tolerations", spec.get("tolerations"))


def _conditions(w: Writer, status: dict) -> None:
    if status.get("conditions"):
        w.write(0, "Conditions:\n  Type\tStatus\tReason\n")
        w.write(1, "----\t------\t------\n")
        for c in status["conditions"]:
            w.write(1, f"{c.get('type')} \t{c.get('status')}\t{c.get('reason', '')}\n")


def _deployment(ctx: Context, d: dict, w: Writer) -> None:
    meta, spec, status = d["metadata"], d.get("spec") or {}, d.get("status") or {}
    w.write(0, f"Name:\t{meta['name']}\n")
    w.write(0, f"Namespace:\t{meta.get('namespace', '')}\n")
    w.write(0, f"CreationTimestamp:\t{rfc1123z(meta.get('creationTimestamp'))}\n")
    labels_block(w, "Labels", meta.get("labels"))
    annotations_block(w, "Annotations", meta.get("annotations"))
    w.write(0, f"Selector:\t{format_selector(spec.get('selector'))}\n")
    w.write(0, f"Replicas:\t{spec.get('replicas', 1)} desired | {status.get('updatedReplicas', 0)} "
               f"updated | {status.get('replicas', 0)} total | {status.get('availableReplicas', 0)} "
               f"available | {status.get('unavailableReplicas', 0)} unavailable\n")
    strategy = spec.get("strategy") or {}
    w.write(0, f"StrategyType:\t{strategy.get('type', '')}\n")
    w.write(0, f"MinReadySeconds:\t{spec.get('minReadySeconds', 0)}\n")
    rolling = strategy.get("rollingUpdate")
    if isinstance(rolling, dict):
        w.write(0, f"RollingUpdateStrategy:\t{rolling.get('maxUnavailable')} max unavailable, "
                   f"{rolling.get('maxSurge')} max surge\n")
    pod_template(spec.get("template") or {}, w=w)
    _conditions(w, status)
    # deploymentutil.GetAllReplicaSetsInChunks: the sets it controls, in the API's order;
    # describe shows every old one (allOldRSes), scaled to 0 or not.
    owned = sorted((rs for rs in ctx.cluster.store.dependents(meta["uid"])
                    if rs["kind"] == "ReplicaSet" and _controlled_by(rs) == f"Deployment/{meta['name']}"),
                   key=lambda rs: rs["metadata"]["name"])
    if owned:
        new = _new_replica_set(d, owned)
        old = [rs for rs in owned if rs is not new]
        w.write(0, f"OldReplicaSets:\t{_rs_list(old)}\n")
        w.write(0, f"NewReplicaSet:\t{_rs_list([new] if new is not None else [])}\n")


def _new_replica_set(d: dict, owned: list[dict]) -> dict | None:
    """``FindNewReplicaSet``: the oldest set whose template equals the Deployment's,
    ignoring ``pod-template-hash``."""
    def strip(template: dict) -> dict:
        import copy

        t = copy.deepcopy(template or {})
        (t.get("metadata") or {}).get("labels", {}).pop("pod-template-hash", None)
        return t

    wanted = strip((d.get("spec") or {}).get("template") or {})
    for rs in sorted(owned, key=lambda r: (r["metadata"].get("creationTimestamp", ""),
                                           r["metadata"]["name"])):
        if strip((rs.get("spec") or {}).get("template") or {}) == wanted:
            return rs
    return None


def _rs_list(sets: list[dict]) -> str:
    text = ", ".join(f"{rs['metadata']['name']} ({(rs.get('status') or {}).get('replicas', 0)}/"
                     f"{(rs.get('spec') or {}).get('replicas', 0)} replicas created)" for rs in sets)
    return text or "<none>"


def _replicaset(ctx: Context, rs: dict, w: Writer) -> None:
    meta, spec, status = rs["metadata"], rs.get("spec") or {}, rs.get("status") or {}
    w.write(0, f"Name:\t{meta['name']}\n")
    w.write(0, f"Namespace:\t{meta.get('namespace', '')}\n")
    w.write(0, f"Selector:\t{format_selector(spec.get('selector'))}\n")
    labels_block(w, "Labels", meta.get("labels"))
    annotations_block(w, "Annotations", meta.get("annotations"))
    if _controlled_by(rs):
        w.write(0, f"Controlled By:\t{_controlled_by(rs)}\n")
    w.write(0, f"Replicas:\t{status.get('replicas', 0)} current / {spec.get('replicas', 1)} desired\n")
    counts = {"Running": 0, "Pending": 0, "Succeeded": 0, "Failed": 0}
    for pod in ctx.cluster.store.owned_pods(meta["uid"]):
        phase = (pod.get("status") or {}).get("phase", "Pending")
        if phase in counts:
            counts[phase] += 1
    w.write(0, f"Pods Status:\t{counts['Running']} Running / {counts['Pending']} Waiting / "
               f"{counts['Succeeded']} Succeeded / {counts['Failed']} Failed\n")
    pod_template(spec.get("template") or {}, w=w)
    _conditions(w, status)


def _slices(ctx: Context, namespace: str, service: str) -> list[dict]:
    return [s for s in ctx.cluster.list("EndpointSlice", namespace)
            if (s["metadata"].get("labels") or {}).get("kubernetes.io/service-name") == service]


def format_slices(slices: list[dict], port_name: str | None) -> str:
    """``formatEndpointSlices``: the ready endpoints as ``ip:port``, three at most."""
    if not slices:
        return "<none>"
    listed: list[str] = []
    count = 0
    for s in slices:
        ports = s.get("ports") or []
        endpoints = s.get("endpoints") or []
        for port in ports or [None]:
            if port is not None and port_name is not None and (port.get("name") or "") != port_name:
                continue
            for e in endpoints:
                ready = (e.get("conditions") or {}).get("ready")
                if ready is False or not e.get("addresses"):
                    continue
                address = e["addresses"][0]
                if len(listed) < 3:
                    listed.append(address if port is None else
                                  (f"[{address}]" if ":" in address else address)
                                  + f":{port.get('port')}")
                count += 1
    text = ",".join(listed)
    return f"{text} + {count - 3} more..." if count > 3 else text


def _service(ctx: Context, svc: dict, w: Writer) -> None:
    meta, spec, status = svc["metadata"], svc.get("spec") or {}, svc.get("status") or {}
    w.write(0, f"Name:\t{meta['name']}\n")
    w.write(0, f"Namespace:\t{meta.get('namespace', '')}\n")
    labels_block(w, "Labels", meta.get("labels"))
    annotations_block(w, "Annotations", meta.get("annotations"))
    w.write(0, f"Selector:\t{format_labels(spec.get('selector'))}\n")
    w.write(0, f"Type:\t{spec.get('type', 'ClusterIP')}\n")
    if spec.get("ipFamilyPolicy"):
        w.write(0, f"IP Family Policy:\t{spec['ipFamilyPolicy']}\n")
    w.write(0, f"IP Families:\t{','.join(spec.get('ipFamilies') or []) or '<none>'}\n")
    w.write(0, f"IP:\t{spec.get('clusterIP', '')}\n")
    w.write(0, f"IPs:\t{','.join(spec.get('clusterIPs') or []) or '<none>'}\n")
    if spec.get("externalIPs"):
        w.write(0, f"External IPs:\t{','.join(spec['externalIPs'])}\n")
    if spec.get("loadBalancerIP"):
        w.write(0, f"Desired LoadBalancer IP:\t{spec['loadBalancerIP']}\n")
    if spec.get("externalName"):
        w.write(0, f"External Name:\t{spec['externalName']}\n")
    ingress = (status.get("loadBalancer") or {}).get("ingress") or []
    if ingress:
        w.write(0, "LoadBalancer Ingress:\t" + ", ".join(
            (i.get("ip") or i.get("hostname") or "") + (f" ({i['ipMode']})" if i.get("ipMode") else "")
            for i in ingress) + "\n")
    slices = _slices(ctx, meta.get("namespace", ""), meta["name"])
    for port in spec.get("ports") or []:
        name = port.get("name") or "<unset>"
        protocol = port.get("protocol", "TCP")
        w.write(0, f"Port:\t{name}\t{port.get('port')}/{protocol}\n")
        w.write(0, f"TargetPort:\t{port.get('targetPort', port.get('port'))}/{protocol}\n")
        if port.get("nodePort"):
            w.write(0, f"NodePort:\t{name}\t{port['nodePort']}/{protocol}\n")
        w.write(0, f"Endpoints:\t{format_slices(slices, port.get('name') or '')}\n")
    w.write(0, f"Session Affinity:\t{spec.get('sessionAffinity', 'None')}\n")
    if spec.get("externalTrafficPolicy"):
        w.write(0, f"External Traffic Policy:\t{spec['externalTrafficPolicy']}\n")
    if spec.get("internalTrafficPolicy"):
        w.write(0, f"Internal Traffic Policy:\t{spec['internalTrafficPolicy']}\n")
    if spec.get("healthCheckNodePort"):
        w.write(0, f"HealthCheck NodePort:\t{spec['healthCheckNodePort']}\n")


def _backend(ctx: Context, namespace: str, backend: dict) -> str:
    """``describeBackendV1``: ``svc:80 (10.244.1.2:80,...)``."""
    service = backend.get("service")
    if isinstance(service, dict):
        port = service.get("port") or {}
        shown = f"{service.get('name')}:{port.get('number') or port.get('name') or ''}"
        svc = ctx.cluster.find("Service", namespace, str(service.get("name", "")))
        if svc is None:
            return f'{shown} (<error: services "{service.get("name")}" not found>)'
        port_name = ""
        for sp in (svc.get("spec") or {}).get("ports") or []:
            if port.get("number") and port.get("number") == sp.get("port"):
                port_name = sp.get("name", "")
            elif port.get("name") and port.get("name") == sp.get("name"):
                port_name = sp.get("name", "")
        return f"{shown} ({format_slices(_slices(ctx, namespace, str(service.get('name'))), port_name)})"
    resource = backend.get("resource")
    if isinstance(resource, dict):
        return (f"APIGroup: {resource.get('apiGroup') or '<none>'}, Kind: {resource.get('kind')}, "
                f"Name: {resource.get('name')}")
    return ""


def _ingress(ctx: Context, ing: dict, w: Writer) -> None:
    meta, spec, status = ing["metadata"], ing.get("spec") or {}, ing.get("status") or {}
    ns = meta.get("namespace", "")
    w.write(0, f"Name:\t{meta['name']}\n")
    labels_block(w, "Labels", meta.get("labels"))
    w.write(0, f"Namespace:\t{ns}\n")
    ingress = (status.get("loadBalancer") or {}).get("ingress") or []
    w.write(0, f"Address:\t{','.join(i.get('ip') or i.get('hostname') or '' for i in ingress)}\n")
    w.write(0, f"Ingress Class:\t{spec.get('ingressClassName') or '<none>'}\n")
    default = "<default>"
    if isinstance(spec.get("defaultBackend"), dict):
        default = _backend(ctx, ns, spec["defaultBackend"])
    w.write(0, f"Default backend:\t{default}\n")
    if spec.get("tls"):
        w.write(0, "TLS:\n")
        for tls in spec["tls"]:
            hosts = ",".join(tls.get("hosts") or [])
            if tls.get("secretName"):
                w.write(1, f"{tls['secretName']} terminates {hosts}\n")
            else:
                w.write(1, f"SNI routes {hosts}\n")
    w.write(0, "Rules:\n  Host\tPath\tBackends\n")
    w.write(1, "----\t----\t--------\n")
    count = 0
    for rule in spec.get("rules") or []:
        http = rule.get("http")
        if not isinstance(http, dict):
            continue
        count += 1
        w.write(1, f"{rule.get('host') or '*'}\t\n")
        for path in http.get("paths") or []:
            w.write(2, f"\t{path.get('path', '')} \t{_backend(ctx, ns, path.get('backend') or {})}\n")
    if count == 0:
        w.write(1, f"*\t*\t{default}\n")
    annotations_block(w, "Annotations", meta.get("annotations"))


def _configmap(ctx: Context, cm: dict, w: Writer) -> None:
    meta = cm["metadata"]
    w.write(0, f"Name:\t{meta['name']}\n")
    w.write(0, f"Namespace:\t{meta.get('namespace', '')}\n")
    labels_block(w, "Labels", meta.get("labels"))
    annotations_block(w, "Annotations", meta.get("annotations"))
    w.write(0, "\nData\n====\n")
    data = cm.get("data") or {}
    for key in sorted(data):  # Go ranges over the map in random order; sorted is one of them
        w.write(0, f"{key}:\n----\n")
        w.write(0, f"{data[key]}\n")
        w.write(0, "\n")
    w.write(0, "\nBinaryData\n====\n")
    binary = cm.get("binaryData") or {}
    for key in sorted(binary):
        import base64

        try:
            size = len(base64.b64decode(str(binary[key])))
        except ValueError:
            size = 0
        w.write(0, f"{key}: {size} bytes\n")
    w.write(0, "\n")


def _secret(ctx: Context, secret: dict, w: Writer) -> None:
    """``describeSecret``: sizes of the values, never the values."""
    import base64

    meta = secret["metadata"]
    w.write(0, f"Name:\t{meta['name']}\n")
    w.write(0, f"Namespace:\t{meta.get('namespace', '')}\n")
    labels_block(w, "Labels", meta.get("labels"))
    annotations_block(w, "Annotations", meta.get("annotations"))
    w.write(0, f"\nType:\t{secret.get('type', 'Opaque')}\n")
    w.write(0, "\nData\n====\n")
    data = secret.get("data") or {}
    for key in sorted(data):
        try:
            size = len(base64.b64decode(str(data[key])))
        except ValueError:
            size = 0
        w.write(0, f"{key}:\t{size} bytes\n")


def _node(ctx: Context, node: dict, w: Writer) -> None:
    meta, spec, status = node["metadata"], node.get("spec") or {}, node.get("status") or {}
    w.write(0, f"Name:\t{meta['name']}\n")
    w.write(0, f"Roles:\t{','.join(node_roles(node)) or '<none>'}\n")
    labels_block(w, "Labels", meta.get("labels"))
    annotations_block(w, "Annotations", meta.get("annotations"))
    w.write(0, f"CreationTimestamp:\t{rfc1123z(meta.get('creationTimestamp'))}\n")
    taints = spec.get("taints") or []
    w.write(0, "Taints:\t")
    if not taints:
        w.write(0, "<none>\n")
    for i, t in enumerate(taints):
        if i:
            w.write(0, "\t")
        value = f"={t['value']}" if t.get("value") else ""
        w.write(0, f"{t.get('key')}{value}:{t.get('effect')}\n")
    w.write(0, f"Unschedulable:\t{'true' if spec.get('unschedulable') else 'false'}\n")
    if status.get("conditions"):
        w.write(0, "Conditions:\n  Type\tStatus\tLastHeartbeatTime\tLastTransitionTime\tReason\tMessage\n")
        w.write(1, "----\t------\t-----------------\t------------------\t------\t-------\n")
        for c in status["conditions"]:
            w.write(1, f"{c.get('type')} \t{c.get('status')} \t{rfc1123z(c.get('lastHeartbeatTime'))} \t"
                       f"{rfc1123z(c.get('lastTransitionTime'))} \t{c.get('reason', '')} \t"
                       f"{c.get('message', '')}\n")
    w.write(0, "Addresses:\n")
    for a in status.get("addresses") or []:
        w.write(1, f"{a.get('type')}:\t{a.get('address')}\n")
    for title in ("capacity", "allocatable"):
        values = status.get(title) or {}
        if values:
            w.write(0, f"{title.capitalize()}:\n")
            for name in sorted(values):
                w.write(0, f"  {name}:\t{values[name]}\n")
    info = status.get("nodeInfo") or {}
    w.write(0, "System Info:\n")
    for label, key in (("Machine ID", "machineID"), ("System UUID", "systemUUID"),
                       ("Boot ID", "bootID"), ("Kernel Version", "kernelVersion"),
                       ("OS Image", "osImage"), ("Operating System", "operatingSystem"),
                       ("Architecture", "architecture"),
                       ("Container Runtime Version", "containerRuntimeVersion"),
                       ("Kubelet Version", "kubeletVersion"),
                       ("Kube-Proxy Version", "kubeProxyVersion")):
        w.write(0, f"  {label}:\t{info.get(key, '')}\n")
    if spec.get("podCIDR"):
        w.write(0, f"PodCIDR:\t{spec['podCIDR']}\n")
    if spec.get("podCIDRs"):
        w.write(0, f"PodCIDRs:\t{','.join(spec['podCIDRs'])}\n")
    if spec.get("providerID"):
        w.write(0, f"ProviderID:\t{spec['providerID']}\n")
    running = [p for p in ctx.cluster.list("Pod") if (p.get("spec") or {}).get("nodeName") == meta["name"]
               and (p.get("status") or {}).get("phase") not in ("Succeeded", "Failed")]
    running.sort(key=lambda p: (p["metadata"].get("namespace", ""), p["metadata"]["name"]))
    _node_resources(ctx, node, running[:500], w)


def _percent(part: int, whole: int) -> int:
    """``int64(float64(part) / float64(whole) * 100)``: truncated toward zero."""
    return int(part / whole * 100) if whole else 0


def _node_resources(ctx: Context, node: dict, pods: list[dict], w: Writer) -> None:
    """``describeNodeResource`` (kubectl pkg/describe/describe.go): each Pod's requests and
    limits as a share of the node's allocatable, then the totals."""
    status = node.get("status") or {}
    allocatable = podresources.resource_list(status.get("allocatable") or status.get("capacity"))
    cpu = allocatable.get("cpu", podresources.ZERO).milli_value()
    memory = allocatable.get("memory", podresources.ZERO).int_value()
    storage = allocatable.get("ephemeral-storage", podresources.ZERO).int_value()
    w.write(0, f"Non-terminated Pods:\t({len(pods)} in total)\n")
    w.write(1, "Namespace\tName\t\tCPU Requests\tCPU Limits\tMemory Requests\tMemory Limits\tAge\n")
    w.write(1, "---------\t----\t\t------------\t----------\t---------------\t-------------\t---\n")
    requests: podresources.ResourceList = {}
    limits: podresources.ResourceList = {}
    zero = podresources.ZERO
    for p in pods:
        req, lim = podresources.pod_requests(p), podresources.pod_limits(p)
        for total, own in ((requests, req), (limits, lim)):
            for name, amount in own.items():
                total[name] = total[name].add(amount) if name in total else amount
        cells = []
        for amount, whole, milli in ((req.get("cpu", zero), cpu, True),
                                     (lim.get("cpu", zero), cpu, True),
                                     (req.get("memory", zero), memory, False),
                                     (lim.get("memory", zero), memory, False)):
            part = amount.milli_value() if milli else amount.int_value()
            cells.append(f"{amount} ({_percent(part, whole)}%)")
        w.write(1, f"{p['metadata'].get('namespace')}\t{p['metadata']['name']}\t\t{cells[0]}\t"
                   f"{cells[1]}\t{cells[2]}\t{cells[3]}\t"
                   f"{since(ctx.cluster.now_ms, p['metadata'].get('creationTimestamp'))}\n")
    w.write(0, "Allocated resources:\n  (Total limits may be over 100 percent, i.e., overcommitted.)\n")
    w.write(1, "Resource\tRequests\tLimits\n")
    w.write(1, "--------\t--------\t------\n")
    for name, whole, milli in (("cpu", cpu, True), ("memory", memory, False),
                               ("ephemeral-storage", storage, False)):
        cells = []
        for total in (requests, limits):
            amount = total.get(name, zero)
            part = amount.milli_value() if milli else amount.int_value()
            cells.append(f"{amount} ({_percent(part, whole)}%)")
        w.write(1, f"{name}\t{cells[0]}\t{cells[1]}\n")
    for name in sorted(n for n in allocatable if n.startswith("hugepages-")):
        whole = allocatable[name].int_value()
        cells = [f"{t.get(name, zero)} ({_percent(t.get(name, zero).int_value(), whole)}%)"
                 for t in (requests, limits)]
        w.write(1, f"{name}\t{cells[0]}\t{cells[1]}\n")


def _endpointslice(ctx: Context, eps: dict, w: Writer) -> None:
    """``describeEndpointSliceV1``: the ports, then each endpoint with its addresses, its
    Ready condition, hostname, target, node and zone (``<unset>`` for what is not set)."""
    meta = eps["metadata"]
    w.write(0, f"Name:\t{meta['name']}\n")
    w.write(0, f"Namespace:\t{meta.get('namespace', '')}\n")
    labels_block(w, "Labels", meta.get("labels"))
    annotations_block(w, "Annotations", meta.get("annotations"))
    w.write(0, f"AddressType:\t{eps.get('addressType', '')}\n")
    ports = [p for p in eps.get("ports") or [] if isinstance(p, dict)]
    if not ports:
        w.write(0, "Ports: <unset>\n")
    else:
        w.write(0, "Ports:\n")
        w.write(1, "Name\tPort\tProtocol\n")
        w.write(1, "----\t----\t--------\n")
        for port in ports:
            number = port.get("port")
            w.write(1, f"{port.get('name') or '<unset>'}\t"
                       f"{number if number is not None else '<unset>'}\t"
                       f"{port.get('protocol', 'TCP')}\n")
    endpoints = [e for e in eps.get("endpoints") or [] if isinstance(e, dict)]
    if not endpoints:
        w.write(0, "Endpoints: <none>\n")
        return
    w.write(0, "Endpoints:\n")
    for endpoint in endpoints:
        addresses = ", ".join(str(a) for a in endpoint.get("addresses") or []) or "<none>"
        w.write(1, f"- Addresses:\t{addresses}\n")
        w.write(2, "Conditions:\n")
        ready = (endpoint.get("conditions") or {}).get("ready")
        w.write(3, f"Ready:\t{'<unset>' if ready is None else str(bool(ready)).lower()}\n")
        hostname = endpoint.get("hostname")
        w.write(2, f"Hostname:\t{'<unset>' if hostname is None else hostname}\n")
        ref = endpoint.get("targetRef")
        if isinstance(ref, dict):
            w.write(2, f"TargetRef:\t{ref.get('kind', '')}/{ref.get('name', '')}\n")
        node = endpoint.get("nodeName")
        w.write(2, f"NodeName:\t{'<unset>' if node is None else node}\n")
        zone = endpoint.get("zone")
        w.write(2, f"Zone:\t{'<unset>' if zone is None else zone}\n")


def _generic(ctx: Context, obj: dict, w: Writer) -> None:
    meta = obj["metadata"]
    w.write(0, f"Name:\t{meta['name']}\n")
    if meta.get("namespace"):
        w.write(0, f"Namespace:\t{meta['namespace']}\n")
    labels_block(w, "Labels", meta.get("labels"))
    annotations_block(w, "Annotations", meta.get("annotations"))
    if obj["kind"] == "Namespace":
        w.write(0, f"\nStatus:\t{(obj.get('status') or {}).get('phase', 'Active')}\n")
        w.write(0, "\nNo resource quota.\n\nNo LimitRange resource.\n")


DESCRIBERS: dict[str, Callable[[Context, dict, Writer], None]] = {
    "Pod": _pod,
    "Deployment": _deployment,
    "ReplicaSet": _replicaset,
    "Service": _service,
    "Ingress": _ingress,
    "ConfigMap": _configmap,
    "Secret": _secret,
    "Node": _node,
    "EndpointSlice": _endpointslice,
}
