"""``kubectl api-resources``, ``version`` and ``cluster-info``: what the offline cluster
serves and is, worded as kubectl prints it."""

from __future__ import annotations

from kubelearn.cluster.bootstrap import CONTROL_PLANE, KUBELET_VERSION, node_ip
from kubelearn.cluster.kubectl import tabwriter
from kubelearn.cluster.kubectl.core import Context
from kubelearn.cluster.kubectl.parser import Args, Flag
from kubelearn.cluster.resources import RESOURCES

API_FLAGS = (Flag("output", "o"), Flag("namespaced", kind="str"), Flag("api-group"),
             Flag("no-headers", kind="bool"), Flag("sort-by"), Flag("verbs", kind="list"))
VERSION_FLAGS = (Flag("output", "o"), Flag("client", kind="bool"))
KUSTOMIZE = "v5.6.0"


def api_resources(ctx: Context, args: Args) -> None:
    """Sorted by group then name, as kubectl sorts the discovery document."""
    chosen = sorted(RESOURCES, key=lambda r: (r.group, r.plural))
    if args.str("namespaced"):
        wanted = args.str("namespaced").lower() == "true"
        chosen = [r for r in chosen if r.namespaced == wanted]
    if "api-group" in args.given:
        chosen = [r for r in chosen if r.group == args.str("api-group")]
    if args.str("output") == "name":
        ctx.out("".join(f"{r.qualified}\n" for r in chosen))
        return
    rows = [] if args.bool("no-headers") else [["NAME", "SHORTNAMES", "APIVERSION", "NAMESPACED",
                                                "KIND"]]
    rows += [[r.plural, ",".join(r.short), r.api_version, "true" if r.namespaced else "false",
              r.kind] for r in chosen]
    ctx.out(tabwriter.table(rows))


def version(ctx: Context, args: Args) -> None:
    if args.str("output") in ("json", "yaml"):
        from kubelearn.cluster.kubectl import formats

        data = {"clientVersion": {"gitVersion": KUBELET_VERSION, "major": "1", "minor": "33",
                                  "platform": "linux/amd64"},
                "kustomizeVersion": KUSTOMIZE}
        if not args.bool("client"):
            data["serverVersion"] = {"gitVersion": KUBELET_VERSION, "major": "1", "minor": "33",
                                     "platform": "linux/amd64"}
        ctx.out(formats.to_json(data) if args.str("output") == "json" else formats.to_yaml(data))
        return
    ctx.out(f"Client Version: {KUBELET_VERSION}\nKustomize Version: {KUSTOMIZE}\n")
    if not args.bool("client"):
        ctx.out(f"Server Version: {KUBELET_VERSION}\n")


def cluster_info(ctx: Context, args: Args) -> None:
    node = ctx.cluster.find("Node", "", CONTROL_PLANE)
    address = f"https://{node_ip(node)}:6443" if node else "https://127.0.0.1:6443"
    lines = [f"Kubernetes control plane is running at {address}"]
    if ctx.cluster.find("Service", "kube-system", "kube-dns") is not None:
        lines.append(f"CoreDNS is running at {address}/api/v1/namespaces/kube-system/services/"
                     "kube-dns:dns/proxy")
    lines.append("\nTo further debug and diagnose cluster problems, use 'kubectl cluster-info "
                 "dump'.")
    ctx.out("\n".join(lines) + "\n")
