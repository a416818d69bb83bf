"""The kubelets of all nodes: what happens to a Pod once the scheduler bound it.

One controller models every node's kubelet (each Pod is handled by the kubelet of its
``spec.nodeName``, and events name that node as their host). The rules, with their upstream
files in kubernetes/kubernetes pkg/kubelet:

- Pod worker (pod_workers.go): a Pod is synced when it changes, when one of its timers is due,
  and again 10 s after a sync that failed (``backOffPeriod``); that resync is what repeats the
  ``BackOff`` and ``Failed`` events of a crash loop or an image that cannot be pulled.
- Sandbox: the Pod gets an IP from its node's podCIDR (host-local IPAM: .2, .3, ... in order,
  never .1) and ``PodReadyToStartContainers``, both seen :data:`POD_SANDBOX_MS` after the first
  sync (the PLEG relist), before any image is pulled: ContainerCreating even with the image on
  the node.
- Volumes (volumemanager): configMap/secret/projected volumes must be set up before any
  container starts; a failure is the ``FailedMount`` event 'MountVolume.SetUp failed for volume
  "config" : configmap "x" not found', retried with the operation executor's back-off (0.5 s
  doubling to 2m2s); the Pod stays ContainerCreating. Mounted files are rewritten at the Pod's
  periodic sync (``syncFrequency`` 1 min, at an offset fixed per Pod) after the object changed
  (the Watch strategy's cache delay is about zero).
- Containers (kuberuntime_manager.go ``computePodActions``/``SyncPod``, kuberuntime_container.go
  ``startContainer``): init containers one at a time, then the others; for each: back-off
  check, image (images/image_manager.go: Pulling/Pulled events, the node's serial pull queue,
  ErrImagePull then ImagePullBackOff with a back-off of 10 s doubling to 5 min), container
  config (env and envFrom, kubelet_pods.go ``makeEnvironmentVariables``:
  CreateContainerConfigError; in :mod:`kubelearn.cluster.containerenv`), then Created
  "Created container: nginx" and Started "Started container nginx".
- Restarts: ``restartPolicy`` Always/OnFailure/Never; the crash back-off of ``doBackOff``
  (flowcontrol.Backoff: the first restart at once, then 10 s doubling to 5 min, reset when the
  container ran for 10 min since the last back-off).
- Probes (prober/worker.go): startup, readiness and liveness with their delays, periods and
  thresholds; readiness starts as failure, liveness/startup failure restarts the container
  ("Container nginx failed liveness probe, will be restarted"); ``Unhealthy`` events worded as
  prober.go words them.
- Status (kubelet_pods.go ``generateAPIPodStatus``/``getPhase``, status/generate.go,
  status_manager.go; the pure rules in :mod:`kubelearn.cluster.podstatus`): phase, the
  conditions in the kubelet's order with lastTransitionTime kept while a condition's status
  does not change, containerStatuses. The Pod object is written
  only when its status really changed, so a probe that keeps succeeding costs no write.
- Termination (kuberuntime_container.go ``killContainer``): on deletionTimestamp, ``Killing``
  "Stopping container nginx", SIGTERM; what handles it exits at once, what ignores it (a shell
  or ``sleep`` as PID 1) is killed when the grace period ends (at least 2 s). The kill starts
  at the PLEG relist after the deletion and the object goes at the relist after the containers
  stopped (:func:`next_relist`), so ``kubectl get pods`` shows the Pod Terminating, then its
  terminal status (a deleted Pod's last status is terminal: ``podIsTerminal``). Readiness
  probes keep running while a Pod terminates (worker.go stops only liveness and startup
  probes), so a terminating Pod's containers stay ready until they stop; the EndpointSlice
  controller is what takes a terminating Pod out of service.
- A changed container definition (its image: ``HashContainer``) kills and restarts that
  container, whatever the restartPolicy (``computePodActions``).

Runtime state the API does not hold (processes, files, back-off entries) lives here; the
interface to the network and kubectl is :meth:`Kubelet.listens`, :meth:`Kubelet.ports`,
:meth:`Kubelet.serve_http`, :meth:`Kubelet.logs`, :meth:`Kubelet.exec` and :meth:`Kubelet.files`.
"""

from __future__ import annotations

import copy
import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from kubelearn.cluster import bootstrap, clock, containerenv, errors, images, process, volumes
from kubelearn.cluster.podresources import parse as parse_quantity_amount
from kubelearn.cluster.podstatus import get_phase, initialized_condition, qos_class, ready_condition
from kubelearn.cluster.process import ConnectionRefused, HttpAnswer
from kubelearn.kube.objects import as_dict, as_list

if TYPE_CHECKING:
    from kubelearn.cluster.cluster import Cluster

PodKey = tuple[str, str]

#: pod_workers.go: a failed sync is retried after this long.
RESYNC_ON_ERROR_MS = 10_000
#: kubelet ``syncFrequency``: every Pod is synced at least this often.
SYNC_PERIOD_MS = 60_000
#: flowcontrol back-off of container restarts and image pulls (kubelet.go).
BACKOFF_INITIAL_MS = 10_000
BACKOFF_MAX_MS = 300_000
#: operation executor back-off of a failed mount (nestedpendingoperations).
MOUNT_BACKOFF_INITIAL_MS = 500
MOUNT_BACKOFF_MAX_MS = 122_000
#: WaitForAttachAndMount gives up after this long and the sync fails.
MOUNT_TIMEOUT_MS = 120_000
#: kuberuntime: a container always gets at least this long between SIGTERM and SIGKILL.
MIN_GRACE_MS = 2_000
#: How long a pull that fails takes (resolving the reference).
FAILED_PULL_MS = 500
#: The lookahead for a process's exit (the kubelet looks again after this long).
EXIT_LOOKAHEAD_MS = 3_600_000
#: pkg/kubelet/kubelet.go ``plegRelistPeriod``: the PLEG relists the runtime every second, and
#: what the runtime did reaches the Pod's status at the sync that relist triggers. Two waits of
#: the lifecycle come from it (both ``kubectl get pods`` shows on a kind node):
#: - a new Pod: the sync that admits it creates the sandbox (kuberuntime_manager.go ``SyncPod``:
#:   createPodSandbox, then the image and containers) while the status it writes, computed
#:   before it acted, still shows them waiting, so a Pod is ContainerCreating for about a second
#:   even when its image is on the node (:data:`POD_SANDBOX_MS`, before the first pull);
#: - a deleted Pod: the deletion reaches the pod worker at once (kubelet.go
#:   ``syncLoopIteration``: the watch's DELETE "is treated as a UPDATE because of graceful
#:   deletion"), but pod_workers.go ``podWorkerLoop`` first waits "until we see the next refresh
#:   from the PLEG via the cache (max 2s)", which "adds ~1s of latency on all transitions from
#:   sync to terminating to terminated": SIGTERM goes at the relist after the deletion, and the
#:   object is deleted at the relist after the containers stopped (:func:`next_relist`; the
#:   relists of the model fall on whole seconds of the cluster clock). In between, the Pod is
#:   Terminating while its containers run and then shows its terminal status (Completed, Error:
#:   printPod prints Terminating only for a Pod whose phase is not terminal).
PLEG_RELIST_MS = 1_000
POD_SANDBOX_MS = PLEG_RELIST_MS


def next_relist(ms: int) -> int:
    """The PLEG relist strictly after ``ms`` (the first status newer than that moment)."""
    return (ms // PLEG_RELIST_MS + 1) * PLEG_RELIST_MS

#: What the kubelet's probes send (pkg/probe/http/request.go).
#: Hosts a probe's ``host`` may name that are the kubelet's own node, not the Pod.
LOOPBACK_HOSTS = frozenset({"localhost", "127.0.0.1", "::1"})
PROBE_AGENT = "kube-probe/1.33"
COMPONENT = "kubelet"

@dataclass
class Backoff:
    """One flowcontrol.Backoff entry."""

    duration_ms: int = 0
    last_update_ms: int = 0

    def expired(self, event_ms: int) -> bool:
        return event_ms - self.last_update_ms > 2 * BACKOFF_MAX_MS

    def next(self, event_ms: int, now_ms: int) -> None:
        if self.duration_ms == 0 or self.expired(event_ms):
            self.duration_ms = BACKOFF_INITIAL_MS
        else:
            self.duration_ms = min(self.duration_ms * 2, BACKOFF_MAX_MS)
        self.last_update_ms = now_ms


@dataclass
class Probe:
    spec: dict
    next_ms: int
    run: int = 0
    last: bool | None = None
    on_hold: bool = False


@dataclass
class Box:
    """One container of a Pod, across its restarts."""

    name: str
    spec: dict
    init: bool
    state: str = "waiting"  # waiting | running | terminated
    #: A restartable init container (``restartPolicy: Always``): a sidecar that starts before
    #: the app containers, keeps running beside them and is restarted whatever the Pod's policy.
    sidecar: bool = False
    reason: str = ""
    message: str = ""
    restart_count: int = 0
    ran: bool = False
    started_at: int = 0
    finished_at: int = 0
    exit_code: int = 0
    term_reason: str = ""
    container_id: str = ""
    last: dict | None = None
    process: process.Process | None = None
    previous: process.Process | None = None
    files: volumes.ContainerFiles | None = None
    ready: bool = False
    started: bool = False
    probes: dict[str, Probe] = field(default_factory=dict)
    backoff: Backoff = field(default_factory=Backoff)
    #: (when the pull ends, its error or None, started, queued)
    pull: tuple[int, str | None, int, int] | None = None
    image_ok: bool = False
    #: A kill in progress (SIGTERM sent, SIGKILL at this moment) and its message.
    kill_at: int | None = None
    kill_restart: bool = False
    #: Killed because its definition changed: it starts again whatever the restartPolicy.
    respec: bool = False
    #: ``HashContainer`` of the spec it runs (kept apart: the spec dict is the stored Pod's).
    spec_hash: tuple[str, str] = ("", "")


@dataclass
class Run:
    """The kubelet's state of one Pod."""

    uid: str
    node: str
    ip: str
    admitted_ms: int
    offset_ms: int
    boxes: dict[str, Box]
    mounted: bool = False
    mount_at: int = 0
    mount_backoff: int = 0
    mount_since: int = 0
    mount_errors: dict[str, str] = field(default_factory=dict)
    projections: dict[str, volumes.Projection] = field(default_factory=dict)
    shared: dict[str, dict[str, str]] = field(default_factory=dict)
    refresh_at: int | None = None
    pull_backoff: dict[str, Backoff] = field(default_factory=dict)
    resync_at: int | None = None
    killing: bool = False
    kill_deadline: int = 0
    #: When the sandbox is up (None before the first sync that creates it).
    sandbox_at: int | None = None
    #: When the kubelet starts to kill a deleted Pod's containers (None before it was deleted).
    kill_from: int | None = None
    #: When a deleted Pod whose containers all stopped is removed (None before they stopped).
    gone_at: int | None = None
    terminal: bool = False
    wakes: set[int] = field(default_factory=set)
    serial: int = 0
    #: What the last status written showed, and that status object.
    fingerprint: tuple | None = None
    status: dict | None = None


class Kubelet:
    name = "kubelet"

    def __init__(self, cluster: Cluster) -> None:
        self.cluster = cluster
        self.runs: dict[PodKey, Run] = {}
        #: How long a Pod's sandbox takes (:data:`POD_SANDBOX_MS`); 0 while kind's own Pods
        #: are installed, which were set up before the learner's first command.
        self.sandbox_ms = POD_SANDBOX_MS
        #: (kind, namespace, name) of a ConfigMap/Secret -> the Pods that read it.
        self.readers: dict[tuple[str, str, str], dict[PodKey, None]] = {}
        #: node -> image reference -> when it arrived on the node.
        self.node_images: dict[str, dict[str, int]] = {}
        #: node -> when its serial image puller is free.
        self.puller_free: dict[str, int] = {}
        #: node -> (next host number to try, host numbers in use).
        self.ipam: dict[str, tuple[int, dict[int, None]]] = {}
        self.images = images.Catalogue()
        #: Execs started so far (each gets its own exec id, as containerd generates one).
        self._execs = 0
        #: node -> image reference -> when a queued pull of it ends.
        self._pending_images: dict[str, dict[str, int]] = {}
        #: The Pod whose status the kubelet is writing (its own write is no reason to sync).
        self._writing: PodKey | None = None

    # --- watches ---------------------------------------------------------------------------

    def watches(self) -> dict:
        return {"Pod": self._pod_changed, "ConfigMap": self._object_changed,
                "Secret": self._object_changed}

    def _pod_changed(self, pod: dict, deleted: bool) -> Iterable[PodKey]:
        meta = pod["metadata"]
        key = (meta.get("namespace", "default"), meta["name"])
        run = self.runs.get(key)
        if not deleted and key == self._writing:
            return ()  # its own status write (a RECONCILE, not an UPDATE, in the kubelet's config)
        if MIRROR in (meta.get("annotations") or {}):
            # A mirror Pod only shows a static Pod the kubelet runs from its manifest file
            # (pkg/kubelet/pod: IsMirrorPod; the kubelet never runs it).
            return ()
        if deleted or pod.get("spec", {}).get("nodeName") or run is not None:
            return (key,)
        return ()

    def _object_changed(self, obj: dict, deleted: bool) -> Iterable[PodKey]:
        meta = obj["metadata"]
        readers = self.readers.get((obj["kind"], meta.get("namespace", ""), meta["name"]))
        if not readers:
            return ()
        for key in readers:
            run = self.runs.get(key)
            if run is not None and run.mounted and not run.killing:
                due = self._next_periodic_sync(run)
                if run.refresh_at is None or due < run.refresh_at:
                    run.refresh_at = due
                    self._wake(key, run, due)
        return ()

    def _next_periodic_sync(self, run: Run) -> int:
        """The Pod's next periodic sync at or after now (a fixed offset per Pod)."""
        now = self.cluster.now_ms
        base = run.admitted_ms + run.offset_ms
        if now <= base:
            return base
        periods = -(-(now - base) // SYNC_PERIOD_MS)
        return base + periods * SYNC_PERIOD_MS

    # --- the sync ------------------------------------------------------------------------

    def sync(self, key: PodKey) -> None:
        pod = self.cluster.store.get("Pod", *key)
        run = self.runs.get(key)
        if pod is None or (run is not None and run.uid != pod["metadata"]["uid"]):
            if run is not None:
                self._forget(key, run)
            run = None
            if pod is None:
                return
        node = pod.get("spec", {}).get("nodeName")
        if not node:
            return
        now = self.cluster.now_ms
        if run is None:
            if "deletionTimestamp" in pod["metadata"]:
                self.cluster.store.remove("Pod", *key)
                return
            run = self._admit(key, pod, node)
        # A wake at this very moment has fired (or is about to): keeping it stops a due item
        # that cannot progress yet (a pulled image behind a sidecar that has not started) from
        # waking the Pod again and again at the same instant.
        run.wakes = {w for w in run.wakes if w >= now}
        if run.resync_at is not None and run.resync_at <= now:
            run.resync_at = None
        self._catch_up(key, run, pod, now)
        if "deletionTimestamp" in pod["metadata"]:
            if self._terminate(key, run, pod, now):
                return
        elif not run.terminal:
            self._definitions_changed(run, pod, now)
            self._refresh_volumes(run, pod, now)
            # A container that exits at once is seen by the PLEG and synced again at once;
            # the crash back-off bounds this.
            for _ in range(4):
                self._progress(key, run, pod, now)
                if not self._catch_up(key, run, pod, now) or run.terminal:
                    break
        self._write_status(run, pod)
        self._schedule(key, run, pod)

    def _admit(self, key: PodKey, pod: dict, node: str) -> Run:
        spec = pod["spec"]
        boxes: dict[str, Box] = {}
        for group, init in (("initContainers", True), ("containers", False)):
            for c in as_list(spec.get(group)):
                c = as_dict(c)
                name = str(c.get("name", ""))
                boxes[name] = Box(name, c, init, reason="PodInitializing" if (
                    init or spec.get("initContainers")) else "ContainerCreating",
                    sidecar=init and c.get("restartPolicy") == "Always")
        for box in boxes.values():
            box.spec_hash = self.container_hash(box.spec)
        uid = pod["metadata"]["uid"]
        offset = int(hashlib.sha256(uid.encode()).hexdigest()[:8], 16) % SYNC_PERIOD_MS
        now = self.cluster.now_ms
        # A hostNetwork Pod shares its node's network namespace: its IP is the node's, and the
        # CNI's IPAM allocates nothing for it.
        ip = self._host_ip(node) if spec.get("hostNetwork") else self._allocate_ip(node)
        run = Run(uid, node, ip, now, offset // 1000 * 1000, boxes,
                  mount_at=now, mount_since=now)
        self.runs[key] = run
        for kind, name in volumes.references(spec):
            self.readers.setdefault((kind, key[0], name), {})[key] = None
        return run

    def _forget(self, key: PodKey, run: Run) -> None:
        del self.runs[key]
        for kind, name in volumes.references(self._spec_of(key) or {}):
            readers = self.readers.get((kind, key[0], name))
            if readers is not None:
                readers.pop(key, None)
        for readers in self.readers.values():
            readers.pop(key, None)
        start, used = self.ipam.get(run.node, (2, {}))
        if run.ip != self._host_ip(run.node):
            used.pop(int(run.ip.rsplit(".", 1)[-1]) if run.ip else 0, None)

    def _spec_of(self, key: PodKey) -> dict | None:
        pod = self.cluster.store.get("Pod", *key)
        return pod.get("spec") if pod else None

    def _allocate_ip(self, node: str) -> str:
        """host-local IPAM: the next free address of the node's podCIDR, round robin."""
        node_obj = self.cluster.store.get("Node", "", node)
        cidr = (node_obj or {}).get("spec", {}).get("podCIDR", "10.244.0.0/24")
        prefix = cidr.split("/")[0].rsplit(".", 1)[0]
        start, used = self.ipam.get(node, (2, {}))
        host = start
        for _ in range(253):
            if host not in used:
                break
            host = host + 1 if host < 254 else 2
        used[host] = None
        self.ipam[node] = (host + 1 if host < 254 else 2, used)
        return f"{prefix}.{host}"

    # --- timers ----------------------------------------------------------------------------

    def _wake(self, key: PodKey, run: Run, at: int) -> None:
        at = max(at, self.cluster.now_ms)
        if at in run.wakes:
            return
        run.wakes.add(at)
        self.cluster.at(at, self, key)

    def _schedule(self, key: PodKey, run: Run, pod: dict) -> None:
        now = self.cluster.now_ms
        due: list[int] = []
        if run.resync_at is not None:
            due.append(run.resync_at)
        if run.refresh_at is not None:
            due.append(run.refresh_at)
        if not run.mounted and not run.killing:
            due.append(run.mount_at)
        if run.killing:
            due.append(run.kill_deadline)
        due.extend(self._lifecycle_due(run))
        for box in run.boxes.values():
            if box.pull is not None:
                due.append(box.pull[0])
            if box.kill_at is not None:
                due.append(box.kill_at)
            if box.state == "running" and box.process is not None:
                proc = box.process
                exit_ms = proc.exit_by(now + EXIT_LOOKAHEAD_MS)
                if exit_ms is not None:
                    due.append(exit_ms)
                elif not proc.endless and not proc.blocked:
                    due.append(max(now + 1, proc.lookahead_until()))
                for probe in box.probes.values():
                    if not probe.on_hold:
                        due.append(probe.next_ms)
        for at in due:
            if at > now or (at == now and at not in run.wakes):
                self._wake(key, run, at)

    def _resync(self, run: Run, now: int) -> None:
        run.resync_at = now + RESYNC_ON_ERROR_MS if run.resync_at is None else min(
            run.resync_at, now + RESYNC_ON_ERROR_MS)

    # --- events ----------------------------------------------------------------------------

    def _event(self, run: Run, pod: dict, type_: str, reason: str, message: str) -> None:
        self.cluster.record(pod, type_, reason, message, COMPONENT, host=run.node)

    # --- what happened since the last sync -----------------------------------------------

    def _catch_up(self, key: PodKey, run: Run, pod: dict, now: int) -> bool:
        """Processes up to now, then the probes due; whether a container ended."""
        ended = False
        for box in run.boxes.values():
            if box.state != "running" or box.process is None:
                continue
            proc = box.process
            if box.kill_at is not None and box.kill_at <= now:
                proc.stop(box.kill_at, 137)
            proc.advance(now)
            if proc.exit_code is not None:
                self._terminated(run, pod, box, proc.exit_code, proc.exit_ms or now,
                                 proc.exit_reason)
                ended = True
                continue
            self._probe(key, run, pod, box, now)
            ended = ended or box.state == "terminated"
        return ended

    def _terminated(self, run: Run, pod: dict, box: Box, code: int, at: int,
                    reason: str = "") -> None:
        box.state = "terminated"
        box.exit_code = code
        box.finished_at = at
        # The runtime's reason (containerd's "OOMKilled" when the OOM killer ended it), else
        # the kubelet's Completed/Error.
        box.term_reason = reason or ("Completed" if code == 0 else "Error")
        box.ready = False
        box.kill_at = None
        box.probes = {k: p for k, p in box.probes.items()}
        for probe in box.probes.values():
            probe.run, probe.last, probe.on_hold = 0, None, False

    # --- probes ----------------------------------------------------------------------------

    def _start_probes(self, box: Box, now: int) -> None:
        box.probes = {}
        for kind in ("startupProbe", "readinessProbe", "livenessProbe"):
            spec = box.spec.get(kind)
            if isinstance(spec, dict):
                delay = int(spec.get("initialDelaySeconds", 0) or 0) * 1000
                box.probes[kind] = Probe(spec, now + delay)
        box.started = "startupProbe" not in box.probes
        box.ready = box.started and "readinessProbe" not in box.probes

    def _probe(self, key: PodKey, run: Run, pod: dict, box: Box, now: int) -> None:
        if box.init and not box.sidecar:
            return
        terminating = "deletionTimestamp" in pod["metadata"]
        for kind in ("startupProbe", "livenessProbe", "readinessProbe"):
            probe = box.probes.get(kind)
            if probe is None or probe.on_hold or probe.next_ms > now or box.state != "running":
                continue
            spec = probe.spec
            period = max(1, int(spec.get("periodSeconds", 10) or 10)) * 1000
            probe.next_ms = now + period
            if terminating and kind != "readinessProbe":
                continue
            if kind == "startupProbe" and box.started:
                continue
            if kind != "startupProbe" and not box.started:
                continue
            ok, output = self._run_probe(run, pod, box, spec, now)
            probe.run = probe.run + 1 if probe.last == ok else 1
            probe.last = ok
            label = {"startupProbe": "Startup", "livenessProbe": "Liveness",
                     "readinessProbe": "Readiness"}[kind]
            if not ok:
                self._event(run, pod, "Warning", "Unhealthy", f"{label} probe failed: {output}")
            threshold = int(spec.get("failureThreshold" if not ok else "successThreshold", 1) or 1)
            if probe.run < threshold:
                continue
            if kind == "readinessProbe":
                box.ready = ok
            elif kind == "startupProbe" and ok:
                box.started = True
                box.ready = "readinessProbe" not in box.probes
            elif not ok:
                probe.on_hold = True
                probe.run = 0
                what = "liveness" if kind == "livenessProbe" else "startup"
                self._kill_container(run, pod, box, now,
                                     f"Container {box.name} failed {what} probe",
                                     restart=self._restarts(pod, box, failed=True, forced=True))

    def _run_probe(self, run: Run, pod: dict, box: Box, spec: dict, now: int) -> tuple[bool, str]:
        """One probe: (success, the failure text prober.go puts after 'probe failed: ')."""
        if isinstance(spec.get("exec"), dict):
            argv = [str(a) for a in as_list(spec["exec"].get("command"))]
            output, code = self._exec_box(run, pod, box, argv)
            return code == 0, output.rstrip("\n")
        target = spec.get("httpGet") if isinstance(spec.get("httpGet"), dict) else spec.get("tcpSocket")
        if not isinstance(target, dict):
            return True, ""
        port = resolve_port(target.get("port"), box.spec)
        host = str(target.get("host") or run.ip)
        address = f"{host}:{port}" if port is not None else f"{host}:{target.get('port')}"
        dialled = address
        listening = box.process is not None and port is not None and port in box.process.listening
        if host in LOOPBACK_HOSTS and not as_dict(pod.get("spec")).get("hostNetwork"):
            # The kubelet dials from the node: its loopback is the node's, not the Pod's
            # (the probe's host field: "defaults to the pod IP").
            listening, dialled = False, f"127.0.0.1:{port if port is not None else target.get('port')}"
        if isinstance(spec.get("httpGet"), dict):
            path = str(target.get("path") or "/")
            scheme = str(target.get("scheme") or "HTTP").lower()
            url = f"{scheme}://{address}{path}"
            if not listening:
                return False, f'Get "{url}": dial tcp {dialled}: connect: connection refused'
            if scheme == "https":
                # No offline image serves TLS: Go's client reads the plain server's "HTTP/"
                # reply to its handshake (net/http transport.go).
                return False, f'Get "{url}": http: server gave HTTP response to HTTPS client'
            headers = {"User-Agent": PROBE_AGENT}
            for header in as_list(target.get("httpHeaders")):
                header = as_dict(header)
                headers[str(header.get("name", ""))] = str(header.get("value", ""))
            try:
                answer = self._answer(run, pod, box, port, "GET", path, headers,
                                      run.ip.rsplit(".", 1)[0] + ".1")
            except process.EmptyReply:
                return False, f'Get "{url}": EOF'
            if 200 <= answer.status < 400:
                return True, ""
            return False, f"HTTP probe failed with statuscode: {answer.status}"
        if not listening:
            return False, f"dial tcp {dialled}: connect: connection refused"
        return True, ""

    # --- making progress ---------------------------------------------------------------------

    def _progress(self, key: PodKey, run: Run, pod: dict, now: int) -> None:
        if not run.mounted:
            if now < run.mount_at:
                return
            if not self._mount(run, pod, now):
                return
        if not self._sandbox_ready(run, now):
            return
        for box in run.boxes.values():
            if box.kill_at is not None:
                continue
            if box.sidecar:
                # The next container starts once the sidecar has started (its startup probe
                # passed, or it has none); it never has to finish (kuberuntime_manager.go
                # computeInitContainerActions).
                if box.state != "running":
                    self._start(run, pod, box, now)
                if box.state == "running" and box.started:
                    continue
                return
            if box.init:
                if box.state == "terminated" and box.exit_code == 0:
                    continue
                if box.state == "running":
                    return
                if box.state == "terminated" and not self._restarts(pod, box, failed=True):
                    run.terminal = True
                    return
                self._start(run, pod, box, now)
                if box.state != "terminated" or box.exit_code != 0:
                    return
                continue
            if box.state == "running":
                continue
            if box.state == "terminated" and not box.respec and \
                    not self._restarts(pod, box, failed=box.exit_code != 0):
                continue
            self._start(run, pod, box, now)
        regular = [b for b in run.boxes.values() if not b.init]
        if regular and all(b.state == "terminated" and b.kill_at is None
                           and not self._restarts(pod, b, failed=b.exit_code != 0)
                           for b in regular):
            run.terminal = True

    def _sandbox_ready(self, run: Run, now: int) -> bool:
        """Whether the Pod's sandbox is up: the first sync after the volumes are mounted
        creates it, and it is seen :attr:`sandbox_ms` later."""
        if run.sandbox_at is None:
            run.sandbox_at = now + self.sandbox_ms
        return now >= run.sandbox_at

    @staticmethod
    def _sandbox_up(run: Run, now: int) -> bool:
        return run.sandbox_at is not None and now >= run.sandbox_at

    @staticmethod
    def _lifecycle_due(run: Run) -> list[int]:
        """The moments the sandbox comes up, a deleted Pod's kill starts and it goes."""
        return [at for at in (run.sandbox_at, run.kill_from, run.gone_at) if at is not None]

    @staticmethod
    def _restarts(pod: dict, box: Box, *, failed: bool, forced: bool = False) -> bool:
        """``ShouldContainerBeRestarted`` by restartPolicy (a sidecar's own is Always)."""
        policy = "Always" if box.sidecar else pod["spec"].get("restartPolicy", "Always")
        if policy == "Always":
            return True
        if policy == "OnFailure":
            return failed
        return False

    def _mount(self, run: Run, pod: dict, now: int) -> bool:
        """Set up the Pod's volumes; False (and a FailedMount event) while one cannot be."""
        lookup = self._lookup(pod)
        failed = {}
        for volume in as_list(pod["spec"].get("volumes")):
            volume = as_dict(volume)
            name = str(volume.get("name", ""))
            if isinstance(volume.get("emptyDir"), dict):
                run.shared.setdefault(name, {})
                continue
            try:
                files = volumes.project(volume, pod, lookup)
            except volumes.MountError as e:
                failed[name] = str(e)
                continue
            if files is not None:
                run.serial += 1
                run.projections[name] = volumes.Projection(files, volumes.stamp(now, run.serial))
        if failed:
            for name, why in failed.items():
                self._event(run, pod, "Warning", "FailedMount",
                            f'MountVolume.SetUp failed for volume "{name}" : {why}')
            if now - run.mount_since >= MOUNT_TIMEOUT_MS:
                names = " ".join(failed)
                self._event(run, pod, "Warning", "FailedMount",
                            f"Unable to attach or mount volumes: unmounted volumes=[{names}], "
                            "unattached volumes=[], failed to process volumes=[]: timed out "
                            "waiting for the condition")
                run.mount_since = now + RESYNC_ON_ERROR_MS
            run.mount_backoff = MOUNT_BACKOFF_INITIAL_MS if not run.mount_backoff else min(
                run.mount_backoff * 2, MOUNT_BACKOFF_MAX_MS)
            run.mount_at = now + run.mount_backoff
            run.mount_errors = failed
            return False
        run.mounted = True
        run.mount_errors = {}
        return True

    def _refresh_volumes(self, run: Run, pod: dict, now: int) -> None:
        """The periodic sync after a ConfigMap/Secret changed: rewrite the mounted files."""
        if run.refresh_at is None or run.refresh_at > now or not run.mounted:
            return
        run.refresh_at = None
        lookup = self._lookup(pod)
        for volume in as_list(pod["spec"].get("volumes")):
            volume = as_dict(volume)
            name = str(volume.get("name", ""))
            if name not in run.projections:
                continue
            try:
                files = volumes.project(volume, pod, lookup)
            except volumes.MountError as e:
                self._event(run, pod, "Warning", "FailedMount",
                            f'MountVolume.SetUp failed for volume "{name}" : {e}')
                continue
            if files is not None and files != run.projections[name].files:
                run.serial += 1
                run.projections[name] = volumes.Projection(files, volumes.stamp(now, run.serial))

    def _lookup(self, pod: dict) -> volumes.Lookup:
        namespace = pod["metadata"].get("namespace", "default")
        return lambda kind, name: self.cluster.store.get(kind, namespace, name)

    def _start(self, run: Run, pod: dict, box: Box, now: int) -> None:
        """``start()`` of SyncPod for one container: back-off, image, config, create, start."""
        if box.ran:
            if box.backoff.duration_ms and not box.backoff.expired(box.finished_at) and \
                    now - box.finished_at < box.backoff.duration_ms:
                left = clock.seconds(box.backoff.duration_ms)
                pod_name = f"{pod['metadata']['name']}_{pod['metadata']['namespace']}({run.uid})"
                self._event(run, pod, "Warning", "BackOff",
                            f"Back-off restarting failed container {box.name} in pod {pod_name}")
                self._waiting(box, "CrashLoopBackOff",
                              f"back-off {left} restarting failed container={box.name} pod={pod_name}")
                self._resync(run, now)
                run.resync_at = min(run.resync_at or now, box.finished_at + box.backoff.duration_ms) \
                    if box.finished_at + box.backoff.duration_ms > now else run.resync_at
                return
        if not self._ensure_image(run, pod, box, now):
            return
        try:
            env = containerenv.environment(
                self.cluster.store, pod, box.spec, run.ip, lambda: self._host_ip(run.node),
                lambda reason, message: self._event(run, pod, "Warning", reason, message))
        except containerenv.ConfigError as e:
            self._event(run, pod, "Warning", "Failed", f"Error: {e}")
            self._waiting(box, "CreateContainerConfigError", str(e))
            self._resync(run, now)
            return
        if box.ran:
            box.backoff.next(box.finished_at, now)
        self._create_and_start(run, pod, box, env, now)

    def _waiting(self, box: Box, reason: str, message: str = "") -> None:
        if box.state == "terminated":
            box.last = self._terminated_state(box)
        box.state, box.reason, box.message = "waiting", reason, message

    def _ensure_image(self, run: Run, pod: dict, box: Box, now: int) -> bool:
        """``EnsureImageExists``: True when the image is on the node (events as upstream)."""
        written = str(box.spec.get("image", ""))
        if box.pull is not None:
            done, error, began, queued = box.pull
            if done > now:
                return False
            box.pull = None
            if error is not None:
                self._event(run, pod, "Warning", "Failed", f'Failed to pull image "{written}": {error}')
                run.pull_backoff.setdefault(written, Backoff()).next(now, now)
                self._event(run, pod, "Warning", "Failed", "Error: ErrImagePull")
                self._waiting(box, "ErrImagePull", error)
                self._resync(run, now)
                return False
            ref = images.parse(written)
            size = images.lookup(ref).size if ref else 0
            self._event(run, pod, "Normal", "Pulled",
                        f'Successfully pulled image "{written}" in {images.go_duration(done - began)} '
                        f"({images.go_duration(done - queued)} including waiting). "
                        f"Image size: {size} bytes.")
            self.node_images.setdefault(run.node, {})[self._image_key(written)] = done
            box.image_ok = True
            return True
        ref = images.parse(written)
        if ref is None:
            message = f'Failed to apply default image tag "{written}": couldn\'t parse image name ' \
                      f'"{written}": invalid reference format'
            self._event(run, pod, "Warning", "InspectFailed", message)
            self._event(run, pod, "Warning", "Failed", "Error: InvalidImageName")
            self._waiting(box, "InvalidImageName", message)
            self._resync(run, now)
            return False
        present = self._image_key(written) in self.node_images.get(run.node, {}) or \
            self._image_key(written) in self._node_image_names(run.node)
        policy = str(box.spec.get("imagePullPolicy") or "IfNotPresent")
        if policy == "Never" or (policy == "IfNotPresent" and present):
            if present:
                self._event(run, pod, "Normal", "Pulled",
                            f'Container image "{written}" already present on machine')
                return True
            message = f'Container image "{written}" is not present with pull policy of Never'
            self._event(run, pod, "Warning", "ErrImageNeverPull", message)
            self._event(run, pod, "Warning", "Failed", "Error: ErrImageNeverPull")
            self._waiting(box, "ErrImageNeverPull", message)
            self._resync(run, now)
            return False
        backoff = run.pull_backoff.get(written)
        if backoff is not None and now - backoff.last_update_ms < backoff.duration_ms:
            self._event(run, pod, "Normal", "BackOff", f'Back-off pulling image "{written}"')
            self._event(run, pod, "Warning", "Failed", "Error: ImagePullBackOff")
            self._waiting(box, "ImagePullBackOff", f'Back-off pulling image "{written}"')
            self._resync(run, now)
            return False
        self._event(run, pod, "Normal", "Pulling", f'Pulling image "{written}"')
        error = self.images.pull_error(written)
        start = max(now, self.puller_free.get(run.node, 0))
        if error is not None:
            took = FAILED_PULL_MS
        elif self._image_key(written) in self.node_images.get(run.node, {}) or \
                self._arrives_by(run.node, written, start):
            took = images.REPULL_MS
        else:
            took = images.lookup(ref).pull_ms
        self.puller_free[run.node] = start + took
        box.pull = (start + took, error, start, now)
        if error is None:
            self._pending_images.setdefault(run.node, {}).setdefault(self._image_key(written), start + took)
        if box.state == "terminated":
            self._waiting(box, "ContainerCreating")
        return False

    def _arrives_by(self, node: str, written: str, at: int) -> bool:
        arrival = self._pending_images.get(node, {}).get(self._image_key(written))
        return arrival is not None and arrival <= at

    def _node_image_names(self, node: str) -> set[str]:
        """The images the node had before any pull: its ``status.images`` (a kind node image
        ships the cluster's own images, so kube-system's Pods start without pulling)."""
        node_obj = self.cluster.store.get("Node", "", node) or {}
        return {str(name) for image in as_list(node_obj.get("status", {}).get("images"))
                for name in as_list(as_dict(image).get("names"))}

    @staticmethod
    def _image_key(written: str) -> str:
        ref = images.parse(written)
        return ref.full if ref else written

    @staticmethod
    def _initializing(run: Run) -> bool:
        return any(b.init and not (b.state == "running" and b.started if b.sidecar
                                   else b.state == "terminated" and b.exit_code == 0)
                   for b in run.boxes.values())

    def _host_ip(self, node: str) -> str:
        node_obj = self.cluster.store.get("Node", "", node)
        return bootstrap.node_ip(node_obj) if node_obj else ""

    def _create_and_start(self, run: Run, pod: dict, box: Box, env: dict[str, str], now: int) -> None:
        if box.state == "terminated":
            box.last = self._terminated_state(box)
        if box.ran:
            box.restart_count += 1
            box.previous = box.process
        box.ran = True
        box.respec = False
        box.container_id = "containerd://" + hashlib.sha256(
            f"{run.uid}/{box.name}/{box.restart_count}".encode()).hexdigest()
        self._event(run, pod, "Normal", "Created", f"Created container: {box.name}")
        self._event(run, pod, "Normal", "Started", f"Started container {box.name}")
        box.state, box.reason, box.message = "running", "", ""
        box.started_at = now
        box.kill_at = None
        box.files = self._container_files(run, pod, box)
        ctx = self._context(run, pod, box, env)
        written = str(box.spec.get("image", ""))
        image = images.of_container(box.spec)
        argv = [containerenv.expand(str(a), env)
                for a in as_list(box.spec.get("command")) + as_list(box.spec.get("args"))]
        if not as_list(box.spec.get("command")) and image.kind == "http-echo":
            argv = ["/http-echo"] + argv
        fault = self.images.fault(written)
        spec = process.Spec(image.kind, argv,
                            [int(p["containerPort"]) for p in (as_dict(x) for x in as_list(box.spec.get("ports")))
                             if isinstance(p.get("containerPort"), int)],
                            fault.exit_code if fault else None,
                            round((fault.exit_after_s if fault else 0) * 1000),
                            fault.message if fault else "")
        program, on_term = process.program_for(spec, ctx)
        box.process = process.Process(program, now, ctx, on_term)
        box.process.advance(now)
        self._start_probes(box, now)

    def _context(self, run: Run, pod: dict, box: Box, env: dict[str, str]) -> process.Context:
        image = images.of_container(box.spec)
        namespace = pod["metadata"].get("namespace", "default")
        key = (namespace, pod["metadata"]["name"])

        def request(url: str, headers: dict) -> Any:
            from kubelearn.cluster import traffic  # the network engineer's module, loaded when used

            current = self.cluster.store.get("Pod", *key) or pod
            return traffic.request_from_pod(self.cluster, current, url, headers)

        def resolve(name: str) -> list[str] | None:
            try:
                from kubelearn.cluster import dns
            except ImportError:
                return None
            return dns.resolve(self.cluster, name, from_namespace=namespace)

        limit = parse_quantity_amount(
            as_dict(as_dict(box.spec.get("resources")).get("limits")).get("memory"))

        def lookup(name: str) -> tuple[str, str | None, list[str]] | None:
            from kubelearn.cluster import dns

            found = dns.lookup(self.cluster, name, namespace)
            if found is None:
                return None
            if found.cname is None:
                return found.name, None, found.addresses
            return found.name, found.cname, dns.resolve(self.cluster, found.cname + ".",
                                                        namespace)

        return process.Context(env=dict(env), files=box.files, hostname=pod["metadata"]["name"][:63],
                               pod_ip=run.ip, now=lambda: self.cluster.now_ms, request=request,
                               resolve=resolve, lookup=lookup, namespace=namespace,
                               tools=image.tools, signal_main=self._signal_main(key, run.uid, box.name),
                               memory_limit=limit.int_value() if limit is not None else None)

    def _signal_main(self, key: PodKey, uid: str, container: str) -> Callable[[str], None]:
        """What ``nginx -s stop|quit`` run by exec does to the container's main process: it
        exits with code 0 now, and the kubelet sees it at once (then restarts it as the Pod's
        restartPolicy says)."""
        def signal(_name: str) -> None:
            run = self.runs.get(key)
            box = run.boxes.get(container) if run is not None and run.uid == uid else None
            if run is None or box is None or box.state != "running" or box.process is None:
                return
            box.process.stop(self.cluster.now_ms, 0)
            self._wake(key, run, self.cluster.now_ms)

        return signal

    def _container_files(self, run: Run, pod: dict, box: Box) -> volumes.ContainerFiles:
        image = images.of_container(box.spec)
        name = pod["metadata"]["name"][:63]
        base = {
            "/etc/hostname": name + "\n",
            "/etc/hosts": "# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n::1\tlocalhost "
                          "ip6-localhost ip6-loopback\nfe00::0\tip6-localnet\nfe00::0\tip6-mcastprefix\n"
                          f"fe00::1\tip6-allnodes\nfe00::2\tip6-allrouters\n{run.ip}\t{name}\n",
            "/etc/resolv.conf": f"search {pod['metadata'].get('namespace', 'default')}.svc.cluster.local "
                                "svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n",
            "/tmp/.keep": "",
            # The runtime's /dev: `tail -f /dev/null` (a container kept alive) reads it.
            "/dev/null": "",
            **process.IMAGE_FILES.get(image.kind, {}),
        }
        base.pop("/tmp/.keep")
        mounts = []
        pod_volumes = {str(as_dict(v).get("name", "")): as_dict(v) for v in as_list(pod["spec"].get("volumes"))}
        for mount in as_list(box.spec.get("volumeMounts")):
            mount = as_dict(mount)
            vol_name = str(mount.get("name", ""))
            path = volumes.normalize(str(mount.get("mountPath", "/")))
            sub = str(mount.get("subPath") or "")
            read_only = bool(mount.get("readOnly"))
            if vol_name in run.shared:
                mounts.append(volumes.Mount(path, "dir", read_only, shared=run.shared[vol_name],
                                            prefix=sub.strip("/")))
                continue
            if vol_name in run.projections:
                projection = run.projections[vol_name]
                if sub:
                    found = projection.files.get(sub)
                    mounts.append(volumes.Mount(path, "file", True,
                                                content=found[0] if found else "",
                                                mode=found[1] if found else 0o644))
                    continue
                mounts.append(volumes.Mount(path, "atomic", True,
                                            projection=lambda n=vol_name: run.projections.get(n)))
                continue
            if vol_name in pod_volumes:
                run.shared.setdefault(vol_name, {})
                mounts.append(volumes.Mount(path, "dir", read_only, shared=run.shared[vol_name],
                                            prefix=sub.strip("/")))
        return volumes.ContainerFiles(base, mounts)

    # --- a changed container definition ------------------------------------------------

    @staticmethod
    def container_hash(container: dict) -> tuple[str, str]:
        """What ``HashContainer`` hashes (pkg/kubelet/container/helpers.go
        ``pickFieldsToHash``, since 1.31): the container's name and image only."""
        return str(container.get("name", "")), str(container.get("image", ""))

    def _definitions_changed(self, run: Run, pod: dict, now: int) -> None:
        """A container whose definition changed (``kubectl set image`` on a Pod: the image is
        the only container field a Pod update may change), as kuberuntime_manager.go does:

        - a running app container is killed with "Container nginx definition changed, will be
          restarted" and started again from the new spec "regardless of the restart policy"
          (``computePodActions``);
        - a running sidecar with "Init container x definition changed" and started again
          (``computeInitContainerActions``);
        - one that is not running starts from the new spec next time; an init container that
          ran to completion is not run again.

        The back-off starts afresh: its key (``GetStableKey``) includes the container's hash."""
        current = {str(as_dict(c).get("name", "")): as_dict(c)
                   for group in ("initContainers", "containers")
                   for c in as_list(pod["spec"].get(group))}
        for box in run.boxes.values():
            spec = current.get(box.name)
            if spec is None or self.container_hash(spec) == box.spec_hash:
                continue
            if box.init and not box.sidecar and box.state != "waiting":
                continue
            box.spec, box.spec_hash = spec, self.container_hash(spec)
            box.backoff = Backoff()
            box.pull = None
            if box.state == "running" and box.kill_at is None:
                box.respec = True
                what = "Init container" if box.init else "Container"
                self._kill_container(run, pod, box, now, f"{what} {box.name} definition changed",
                                     restart=not box.init)
            elif box.state == "terminated":
                box.respec = True

    # --- killing and termination --------------------------------------------------------

    def _kill_container(self, run: Run, pod: dict, box: Box, now: int, message: str, *,
                        restart: bool) -> None:
        """``killContainer``: the Killing event, SIGTERM, SIGKILL after the grace period."""
        if restart:
            message += ", will be restarted"
        self._event(run, pod, "Normal", "Killing", message)
        proc = box.process
        code = proc.exits_at_sigterm() if proc is not None else 0
        if code is not None:
            if proc is not None:
                proc.stop(now, code)
            self._terminated(run, pod, box, code, now)
            return
        grace = int(pod["metadata"].get("deletionGracePeriodSeconds",
                                        pod["spec"].get("terminationGracePeriodSeconds", 30)) or 0)
        box.kill_at = now + max(grace * 1000, MIN_GRACE_MS)

    def _terminate(self, key: PodKey, run: Run, pod: dict, now: int) -> bool:
        """A Pod being deleted: stop its containers at the next relist, then remove it at the
        relist after they stopped. True when it is gone."""
        if not run.killing:
            if run.kill_from is None:
                run.kill_from = next_relist(now)
            if now < run.kill_from:
                return False
            run.killing = True
            grace = int(pod["metadata"].get("deletionGracePeriodSeconds",
                                            pod["spec"].get("terminationGracePeriodSeconds", 30)) or 0)
            run.kill_deadline = now + max(grace * 1000, MIN_GRACE_MS)
            for box in run.boxes.values():
                box.pull = None
                if box.state == "running":
                    self._event(run, pod, "Normal", "Killing", f"Stopping container {box.name}")
                    code = box.process.exits_at_sigterm() if box.process else 0
                    if code is not None:
                        if box.process is not None:
                            box.process.stop(now, code)
                        self._terminated(run, pod, box, code, now)
        if now >= run.kill_deadline:
            for box in run.boxes.values():
                if box.state == "running":
                    if box.process is not None:
                        box.process.stop(now, 137)
                    self._terminated(run, pod, box, 137, now)
        if any(box.state == "running" for box in run.boxes.values()):
            return False
        if run.gone_at is None:
            run.gone_at = next_relist(now)
            # SyncTerminatedPod writes the status with podIsTerminal: getPhase then says
            # Succeeded or Failed even under restartPolicy Always (kubelet_pods.go).
            run.terminal = True
        if now < run.gone_at:
            return False
        self._forget(key, run)
        self.cluster.store.remove("Pod", *key)
        return True

    # --- status ----------------------------------------------------------------------------

    def _terminated_state(self, box: Box) -> dict:
        return {"terminated": {"containerID": box.container_id, "exitCode": box.exit_code,
                               "finishedAt": clock.rfc3339(box.finished_at), "reason": box.term_reason,
                               "startedAt": clock.rfc3339(box.started_at)}}

    def _container_status(self, run: Run, box: Box) -> dict:
        written = str(box.spec.get("image", ""))
        ref = images.parse(written)
        status: dict[str, Any] = {"name": box.name}
        if box.state == "running":
            state: dict = {"running": {"startedAt": clock.rfc3339(box.started_at)}}
        elif box.state == "terminated":
            state = self._terminated_state(box)
        else:
            state = {"waiting": {"reason": box.reason, **({"message": box.message} if box.message else {})}}
        if box.container_id:
            status["containerID"] = box.container_id
        status["image"] = ref.full if ref and box.ran else written
        status["imageID"] = (f"{ref.repository}@{images.digest_of(ref)}" if ref and box.ran else "")
        status["lastState"] = box.last or {}
        status["ready"] = box.ready and box.state == "running"
        status["restartCount"] = box.restart_count
        status["started"] = box.state == "running" and box.started
        status["state"] = state
        return status

    def _write_status(self, run: Run, pod: dict) -> None:
        sandbox_up = self._sandbox_up(run, self.cluster.now_ms)
        fingerprint = (run.terminal, sandbox_up, tuple(
            (b.state, b.reason, b.message, b.ready, b.started, b.restart_count, b.container_id,
             b.last is None) for b in run.boxes.values()))
        if fingerprint == run.fingerprint and pod.get("status") is run.status:
            return  # nothing the status shows changed: no work, no write (a probe that passes)
        now_stamp = self.cluster.timestamp()
        old = pod.get("status") or {}
        inits = [self._container_status(run, b) for b in run.boxes.values() if b.init]
        regular = [self._container_status(run, b) for b in run.boxes.values() if not b.init]
        sidecars = [s for s, b in zip(inits, (b for b in run.boxes.values() if b.init),
                                      strict=True) if b.sidecar]
        phase = get_phase(pod["spec"], inits, regular, run.terminal)
        status: dict[str, Any] = {}
        sandbox = phase not in ("Succeeded", "Failed") and sandbox_up
        conditions = [
            {"type": "PodReadyToStartContainers", "status": "True" if sandbox else "False"},
            initialized_condition(pod["spec"], inits, regular, phase),
            ready_condition(pod["spec"], [*sidecars, *regular], phase, "Ready"),
            ready_condition(pod["spec"], [*sidecars, *regular], phase, "ContainersReady"),
        ]
        previous = {c.get("type"): c for c in old.get("conditions") or ()}
        merged = []
        for c in conditions:
            before = previous.get(c["type"])
            stamp = before["lastTransitionTime"] if before and before.get("status") == c["status"] \
                else now_stamp
            merged.append({"lastProbeTime": None, "lastTransitionTime": stamp, **c})
        kubelet_types = {c["type"] for c in merged}
        merged.extend(c for c in old.get("conditions") or () if c.get("type") not in kubelet_types)
        status["conditions"] = merged
        if regular:
            status["containerStatuses"] = regular
        host = self._host_ip(run.node)
        status["hostIP"] = host
        status["hostIPs"] = [{"ip": host}]
        if inits:
            status["initContainerStatuses"] = inits
        status["phase"] = phase
        if sandbox_up:  # the sandbox's network gives the Pod its address
            status["podIP"] = run.ip
            status["podIPs"] = [{"ip": run.ip}]
        status["qosClass"] = qos_class(pod["spec"])
        status["startTime"] = old.get("startTime") or clock.rfc3339(run.admitted_ms)
        if status != old:
            pod["status"] = status
            meta = pod["metadata"]
            self._writing = (meta.get("namespace", "default"), meta["name"])
            try:
                self.cluster.write(pod)
            finally:
                self._writing = None
        run.fingerprint, run.status = fingerprint, pod.get("status")

    # --- the interface the network and kubectl use ------------------------------------------

    def _run_of(self, pod: dict) -> Run | None:
        meta = pod["metadata"]
        run = self.runs.get((meta.get("namespace", "default"), meta["name"]))
        return run if run is not None and run.uid == meta.get("uid") else None

    def _box(self, pod: dict, container: str | None) -> tuple[Run, Box]:
        meta = pod["metadata"]
        run = self._run_of(pod)
        spec = pod.get("spec", {})
        names = [str(as_dict(c).get("name")) for c in as_list(spec.get("containers"))]
        chosen = container or (names[0] if names else "")
        names += [str(as_dict(c).get("name")) for c in as_list(spec.get("initContainers"))]
        if run is None or chosen not in run.boxes:
            if chosen and chosen not in names and chosen not in (run.boxes if run else {}):
                raise errors.ApiError("BadRequest", 400,
                                      f"container {chosen} is not valid for pod {meta['name']}")
            raise errors.ApiError("BadRequest", 400,
                                  f'container "{chosen}" in pod "{meta["name"]}" is waiting to start: '
                                  "ContainerCreating")
        return run, run.boxes[chosen]

    def _all_caught_up(self, run: Run) -> None:
        """Every process of the Pod up to now, the app containers first: they share volumes,
        so what one reads (a sidecar's ``tail -f``) may be what another wrote."""
        for box in sorted(run.boxes.values(), key=lambda b: b.init):
            self._caught_up(box)

    def _caught_up(self, box: Box) -> None:
        if box.process is not None and box.state == "running":
            box.process.advance(self.cluster.now_ms)

    def listens(self, pod: dict, port: int) -> bool:
        """Whether a running container of the Pod listens on ``port`` now."""
        run = self._run_of(pod)
        if run is None:
            return False
        for box in run.boxes.values():
            self._caught_up(box)
            if box.state == "running" and box.process is not None and port in box.process.listening:
                return True
        return False

    def ports(self, pod: dict) -> list[tuple[str, int, str]]:
        """(container, port, protocol) of what the Pod's processes listen on now."""
        run = self._run_of(pod)
        out = []
        if run is None:
            return out
        for box in run.boxes.values():
            self._caught_up(box)
            if box.state == "running" and box.process is not None:
                out.extend((box.name, port, "TCP") for port in sorted(box.process.listening))
        return out

    def serve_http(self, pod: dict, port: int, method: str = "GET", path: str = "/",
                   headers: dict | None = None, client: str | None = None) -> HttpAnswer:
        """How the Pod answers an HTTP request on ``port``; raises :class:`ConnectionRefused`
        when nothing listens there (and ``EmptyReply`` for a server that is not HTTP)."""
        run = self._run_of(pod)
        if run is None:
            raise ConnectionRefused(f"{pod['metadata']['name']}:{port}")
        for box in run.boxes.values():
            self._caught_up(box)
            if box.state == "running" and box.process is not None and port in box.process.listening:
                return self._answer(run, pod, box, port, method, path, dict(headers or {}),
                                    client or run.ip.rsplit(".", 1)[0] + ".1")
        raise ConnectionRefused(f"{run.ip}:{port}")

    def _answer(self, run: Run, pod: dict, box: Box, port: int, method: str, path: str,
                headers: dict, client: str) -> HttpAnswer:
        assert box.process is not None
        proc = box.process
        return process.serve(proc.listening[port], method, path, headers, proc.ctx,
                             lambda line: proc.write(line + "\n"), client)

    def logs(self, pod: dict, container: str | None = None, previous: bool = False,
             tail: int | None = None) -> str:
        """``kubectl logs``: what the container printed (or its previous instance)."""
        run, box = self._box(pod, container)
        if previous:
            proc = box.previous if box.state == "running" else (
                box.process if box.state != "running" and box.last else box.previous)
            if box.state != "running" and box.process is not None and box.ran:
                proc = box.previous
            if proc is None:
                raise errors.ApiError("BadRequest", 400,
                                      f'previous terminated container "{box.name}" in pod '
                                      f'"{pod["metadata"]["name"]}" not found')
            return proc.text(tail)
        if box.process is None:
            reason = box.reason or "ContainerCreating"
            raise errors.ApiError("BadRequest", 400,
                                  f'container "{box.name}" in pod "{pod["metadata"]["name"]}" is '
                                  f"waiting to start: {reason}")
        self._all_caught_up(run)
        return box.process.text(tail)

    def exec(self, pod: dict, container: str | None, argv: list[str]) -> tuple[str, int]:
        """``kubectl exec POD -- argv``: the output (stdout and stderr) and the exit code.

        A program the image does not have never starts: containerd's CRI (internal/cri/server
        container_execsync.go) fails the exec with runc's error, which the kubelet's stream
        server (remotecommand ``ServeExec``) sends as an InternalError, not an exit code.
        Our explanations of what its tools did (a request that stopped) are left in
        :attr:`exec_notes` until the next exec."""
        self.exec_notes: list[str] = []
        run, box = self._box(pod, container)
        if box.state != "running" or box.process is None:
            raise errors.ApiError("InternalError", 500,
                                  "Internal error occurred: unable to upgrade connection: container "
                                  f'not found ("{box.name}")')
        self._all_caught_up(run)
        if argv and self._missing(box, argv[0]):
            self._execs += 1
            exec_id = hashlib.sha256(f"{run.uid}/{box.name}/exec/{self._execs}".encode()).hexdigest()
            raise errors.ApiError(
                "InternalError", 500,
                "Internal error occurred: error executing command in container: failed to exec in "
                f'container: failed to start exec "{exec_id}": {_not_found(argv[0])}')
        return self._exec_box(run, pod, box, argv)

    @staticmethod
    def _missing(box: Box, command: str) -> bool:
        """Whether the image has no ``command`` on its PATH."""
        program = command.rsplit("/", 1)[-1]
        return program not in images.of_container(box.spec).tools

    def _exec_box(self, run: Run, pod: dict, box: Box, argv: list[str]) -> tuple[str, int]:
        if not argv:
            return "", 0
        assert box.process is not None
        if self._missing(box, argv[0]):
            return _not_found(argv[0]), 126
        ctx = copy.copy(box.process.ctx)
        ctx.env = dict(box.process.ctx.env)
        ctx.now = lambda: self.cluster.now_ms
        ctx.notes = self.exec_notes = []
        return process.run_now(process.run_argv(list(argv), ctx), ctx)

    def files(self, pod: dict, container: str | None = None) -> volumes.ContainerFiles:
        """The files the container sees (read them with ``read``, ``entries``)."""
        _, box = self._box(pod, container)
        if box.files is None:
            raise errors.ApiError("BadRequest", 400,
                                  f'container "{box.name}" in pod "{pod["metadata"]["name"]}" is '
                                  "waiting to start: ContainerCreating")
        return box.files


#: The annotation that marks a mirror Pod (kubetypes.ConfigMirrorAnnotationKey).
MIRROR = "kubernetes.io/config.mirror"


def _not_found(command: str) -> str:
    """runc's error for a program that is not in the container (through containerd)."""
    return ("OCI runtime exec failed: exec failed: unable to start container process: exec: "
            f'"{command}": executable file not found in $PATH: unknown')


def resolve_port(port: Any, container: dict) -> int | None:
    """A probe's port: a number, or a name looked up in the container's ports."""
    if isinstance(port, int):
        return port
    text = str(port)
    for p in as_list(container.get("ports")):
        p = as_dict(p)
        if p.get("name") == text and isinstance(p.get("containerPort"), int):
            return int(p["containerPort"])
    return int(text) if text.isdigit() else None
