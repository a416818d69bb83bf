"""``kubectl create deployment|configmap|secret generic|service|namespace`` (k8s.io/kubectl/
pkg/cmd/create): each builds the object its upstream generator builds, which then goes
through the checker as a file would.
"""

from __future__ import annotations

import base64
import re
from pathlib import Path

from kubelearn.cluster import admission
from kubelearn.cluster.kubectl import sources
from kubelearn.cluster.kubectl.core import Context, Failure, usage
from kubelearn.cluster.kubectl.parser import Args, Flag

COMMON = (Flag("dry-run"), Flag("output", "o"), Flag("save-config", kind="bool", default=False))

DEPLOYMENT_FLAGS = (*COMMON, Flag("image", kind="list"), Flag("replicas", "r", "int", 1),
                    Flag("port", kind="int", default=-1))
CONFIGMAP_FLAGS = (*COMMON, Flag("from-literal", kind="list"), Flag("from-file", kind="list"),
                   Flag("from-env-file", kind="list"), Flag("append-hash", kind="bool"))
#: create secret docker-registry's own flags (and its default registry, as kubectl's).
DOCKER_FLAGS = ("docker-username", "docker-password", "docker-email", "docker-server")
DOCKER_HUB = "https://index.docker.io/v1/"
#: create secret tls's flags, read only to say why it cannot run offline.
TLS_FLAGS = ("cert", "key")
SECRET_FLAGS = (*CONFIGMAP_FLAGS, Flag("type"),
                *(Flag(name) for name in (*DOCKER_FLAGS, *TLS_FLAGS)))
SERVICE_FLAGS = (*COMMON, Flag("tcp", kind="list"), Flag("node-port", kind="int", default=0),
                 Flag("clusterip"), Flag("external-name"))
NAMESPACE_FLAGS = COMMON
INGRESS_FLAGS = (*COMMON, Flag("class"), Flag("rule", kind="list"), Flag("default-backend"),
                 Flag("annotation", kind="list"))


def _name(args: Args, verb: str) -> str:
    if len(args.words) != 1:
        raise usage(verb, f"exactly one NAME is required, got {len(args.words)}")
    return args.words[0]


def _submit(ctx: Context, args: Args, obj: dict, shown: str) -> None:
    found = admission.validate(obj, lang=ctx.cluster.lang)
    if found:
        ctx.api_error(admission.refusal(obj, found))
        for finding in found[:3]:
            ctx.note(finding.hint or finding.explanation or finding.message)
        return
    dry = args.str("dry-run")
    if args.str("output") in ("yaml", "json") and dry in ("client", "server"):
        from kubelearn.cluster.kubectl import formats

        shown = _as_generated(obj, ctx.explicit_namespace)
        ctx.out(formats.to_yaml(shown) if args.str("output") == "yaml" else formats.to_json(shown))
        return
    if dry not in ("client", "server"):
        created = ctx.cluster.create(obj)
        ctx.cluster.settle()
        shown = f"{shown.split('/')[0]}/{created['metadata']['name']}"
    suffix = {"client": " (dry run)", "server": " (server dry run)"}.get(dry, "")
    ctx.out(f"{shown}\n" if args.str("output") == "name" else f"{shown} created{suffix}\n")


def _as_generated(obj: dict, explicit_namespace: bool) -> dict:
    """What ``--dry-run=client -o yaml`` prints: the generator's object as Go serialises it,
    with ``creationTimestamp: null`` (1.33) and an empty status, and the namespace only when
    ``-n`` named one."""
    import copy

    shown = copy.deepcopy(obj)
    meta = shown["metadata"]
    if not explicit_namespace:
        meta.pop("namespace", None)
    shown["metadata"] = {"creationTimestamp": None, **meta}
    template = (shown.get("spec") or {}).get("template")
    if isinstance(template, dict):
        template["metadata"] = {"creationTimestamp": None, **(template.get("metadata") or {})}
    if shown["kind"] in ("Service", "Ingress"):
        # Their status holds a loadBalancer struct, which Go's omitempty never leaves out.
        shown.setdefault("status", {"loadBalancer": {}})
    elif shown["kind"] not in ("ConfigMap", "Secret", "Namespace"):
        shown.setdefault("status", {})
    return shown


def container_name(image: str) -> str:
    """``create deployment``'s container name: the image's last path element without tag or
    digest, with what a DNS label cannot hold replaced."""
    name = image.split("/")[-1].split("@")[0].split(":")[0]
    name = re.sub(r"[^a-z0-9-]", "-", name.lower()).strip("-")
    return name[:63] or "container"


def deployment(ctx: Context, args: Args) -> None:
    name = _name(args, "create deployment")
    images = args.list("image")
    if not images:
        raise usage("create deployment", "required flag(s) \"image\" not set")
    if args.get("port") not in (-1, None) and len(images) > 1:
        raise Failure("error: cannot specify port with multiple images")
    # What follows -- is every container's command (CreateDeploymentOptions.Complete).
    command = list(args.rest or [])
    if command and len(images) > 1:
        raise Failure("error: cannot specify multiple --image options and command")
    labels = {"app": name}
    containers = []
    for image in images:
        c: dict = {"image": image, "name": container_name(image), "resources": {}}
        if command:
            c["command"] = command
        if isinstance(args.get("port"), int) and args.get("port") >= 0:
            c["ports"] = [{"containerPort": args.get("port")}]
        containers.append(c)
    obj = {"apiVersion": "apps/v1", "kind": "Deployment",
           "metadata": {"labels": dict(labels), "name": name, "namespace": ctx.namespace},
           "spec": {"replicas": args.get("replicas"), "selector": {"matchLabels": dict(labels)},
                    "strategy": {}, "template": {"metadata": {"labels": dict(labels)},
                                                 "spec": {"containers": containers}}}}
    _submit(ctx, args, obj, f"deployment.apps/{name}")


def _data(ctx: Context, args: Args, verb: str) -> dict[str, str]:
    data: dict[str, str] = {}
    for literal in args.list("from-literal"):
        key, sep, value = literal.partition("=")
        if not sep or not key:
            raise Failure(f"error: invalid literal source {literal}, expected key=value")
        if key in data:
            raise Failure(f'error: cannot add key "{key}", another key by that name already exists '
                          f"in Data for {verb}")
        data[key] = value
    for spec in args.list("from-file"):
        key, sep, path = spec.partition("=")
        if not sep:
            key, path = Path(spec).name, spec
        for source, text in sources.read(ctx, [path]):
            data[key if sep or len(text) else Path(source).name] = text
    for path in args.list("from-env-file"):
        for _, text in sources.read(ctx, [path]):
            for line in text.splitlines():
                line = line.strip()
                if not line or line.startswith("#"):
                    continue
                key, _, value = line.partition("=")
                data[key] = value
    return data


def _content_hash(obj: dict) -> str:
    """``hash.ConfigMapHash`` / ``hash.SecretHash`` (k8s.io/kubectl/pkg/util/hash): the
    sha256 of the object's content (not its metadata), its first ten hex digits with 0, 1,
    3, a and e changed to g, h, k, m and t."""
    import hashlib

    from kubelearn.cluster.kubectl.formats import go_marshal

    content: dict = {"kind": obj["kind"], "name": obj["metadata"]["name"],
                     "data": obj.get("data") or {}}
    if obj["kind"] == "Secret":
        content["type"] = obj.get("type", "")
    elif obj.get("binaryData"):
        content["binaryData"] = obj["binaryData"]
    digest = hashlib.sha256(go_marshal(content).encode()).hexdigest()[:10]
    return digest.translate(str.maketrans("013ae", "ghkmt"))


def _named(args: Args, obj: dict) -> str:
    """The object's name, with ``--append-hash`` its content hash appended."""
    if args.bool("append-hash"):
        obj["metadata"]["name"] += "-" + _content_hash(obj)
    return obj["metadata"]["name"]


def configmap(ctx: Context, args: Args) -> None:
    name = _name(args, "create configmap")
    data = _data(ctx, args, "configmap")
    obj = {"apiVersion": "v1", "kind": "ConfigMap",
           "metadata": {"name": name, "namespace": ctx.namespace}}
    if data:
        obj["data"] = data
    name = _named(args, obj)
    _submit(ctx, args, obj, f"configmap/{name}")


def secret(ctx: Context, args: Args) -> None:
    kind = args.words[0] if args.words else ""
    if kind == "tls":
        raise usage("create secret tls", "the offline cluster cannot read certificates: make "
                                         "the Secret with kubectl create secret generic NAME "
                                         "--type=kubernetes.io/tls --from-file=tls.crt=FILE "
                                         "--from-file=tls.key=FILE")
    if kind not in ("generic", "docker-registry"):
        raise usage("create secret", "a secret kind is required: generic, docker-registry "
                                     "(or tls): kubectl create secret generic NAME "
                                     "--from-literal=key=value")
    args.words = args.words[1:]
    verb = f"create secret {kind}"
    name = _name(args, verb)
    if kind == "docker-registry":
        obj = _docker_registry(ctx, args, name)
    else:
        for flag in (*DOCKER_FLAGS, *TLS_FLAGS):
            if flag in args.given:
                raise usage(verb, f"unknown flag: --{flag}")
        obj = {"apiVersion": "v1", "kind": "Secret",
               "metadata": {"name": name, "namespace": ctx.namespace},
               "type": args.str("type") or "Opaque"}
        data = _data(ctx, args, "secret")
        if data:
            obj["data"] = {k: base64.b64encode(v.encode()).decode() for k, v in data.items()}
    name = _named(args, obj)
    _submit(ctx, args, obj, f"secret/{name}")


def _docker_registry(ctx: Context, args: Args, name: str) -> dict:
    """``create secret docker-registry`` (create_secret_docker.go): the registry login as
    a ``.dockerconfigjson`` (``auths.<server>`` with username, password, email and auth,
    the base64 of ``user:password``), or the files ``--from-file`` names."""
    for flag in ("from-literal", "from-env-file", "type", *TLS_FLAGS):
        if flag in args.given:
            raise usage("create secret docker-registry", f"unknown flag: --{flag}")
    user, password = args.str("docker-username"), args.str("docker-password")
    server = args.str("docker-server") if "docker-server" in args.given else DOCKER_HUB
    files = args.list("from-file")
    if not files and not (user and password and server):
        raise Failure("error: either --from-file or the combination of --docker-username, "
                      "--docker-password and --docker-server is required")
    obj: dict = {"apiVersion": "v1", "kind": "Secret",
                 "metadata": {"name": name, "namespace": ctx.namespace},
                 "type": "kubernetes.io/dockerconfigjson"}
    if files:
        data = _data(ctx, args, "secret")
    else:
        from kubelearn.cluster.kubectl.formats import go_marshal

        entry = {"username": user, "password": password, "email": args.str("docker-email"),
                 "auth": base64.b64encode(f"{user}:{password}".encode()).decode()}
        config = {"auths": {server: {k: v for k, v in entry.items() if v}}}
        data = {".dockerconfigjson": go_marshal(config, sort_keys=False)}
    obj["data"] = {k: base64.b64encode(v.encode()).decode() for k, v in data.items()}
    return obj


def service(ctx: Context, args: Args) -> None:
    kinds = {"clusterip": "ClusterIP", "nodeport": "NodePort", "loadbalancer": "LoadBalancer",
             "externalname": "ExternalName"}
    if not args.words or args.words[0] not in kinds:
        raise usage("create service", "Unexpected args: " + str(args.words) if args.words
                    else "the service type is required: clusterip, nodeport, loadbalancer or "
                         "externalname")
    kind = kinds[args.words[0]]
    args.words = args.words[1:]
    name = _name(args, f"create service {kind.lower()}")
    ports = []
    for spec in args.list("tcp"):
        for item in spec.split(","):
            port, _, target = item.partition(":")
            try:
                number = int(port)
                target_value: int | str = int(target) if target else number
            except ValueError:
                raise Failure(f"error: invalid tcp port specifier {item}") from None
            entry: dict = {"name": f"{port}-{target or port}", "port": number,
                           "protocol": "TCP", "targetPort": target_value}
            if kind == "NodePort" and args.get("node-port"):
                entry["nodePort"] = args.get("node-port")
            ports.append(entry)
    if not ports and kind != "ExternalName":
        raise Failure("error: at least one tcp port specifier must be provided")
    spec_obj: dict = {"type": kind}
    if kind == "ExternalName":
        if not args.str("external-name"):
            raise usage("create service externalname", 'required flag(s) "external-name" not set')
        spec_obj["externalName"] = args.str("external-name")
    else:
        spec_obj["ports"] = ports
        spec_obj["selector"] = {"app": name}
        if args.str("clusterip"):
            spec_obj["clusterIP"] = args.str("clusterip")
    obj = {"apiVersion": "v1", "kind": "Service",
           "metadata": {"labels": {"app": name}, "name": name, "namespace": ctx.namespace},
           "spec": spec_obj}
    _submit(ctx, args, obj, f"service/{name}")


def namespace(ctx: Context, args: Args) -> None:
    name = _name(args, "create namespace")
    obj = {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": name},
           "spec": {"finalizers": ["kubernetes"]}, "status": {"phase": "Active"}}
    _submit(ctx, args, obj, f"namespace/{name}")


RUN_FLAGS = (*COMMON, Flag("image"), Flag("port"), Flag("restart"), Flag("env", kind="list"),
             Flag("labels", "l"), Flag("command", kind="bool", default=False),
             Flag("stdin", "i", "bool", False), Flag("tty", "t", "bool", False),
             Flag("rm", kind="bool", default=False), Flag("attach", kind="bool"),
             Flag("image-pull-policy"))


def run_pod(ctx: Context, args: Args) -> None:
    """``kubectl run NAME --image=I`` (pkg/cmd/run, the run-pod/v1 generator): a Pod labelled
    ``run=NAME`` with one container named NAME; words after ``--`` are its args (its command
    with ``--command``)."""
    if len(args.words) != 1:
        raise usage("run", "NAME is required for run")
    name = args.words[0]
    if not args.str("image"):
        raise Failure("error: --image is required")
    if args.bool("stdin") or args.bool("tty") or args.bool("rm") or args.bool("attach"):
        raise Failure("error: the offline cluster cannot attach to a container: run it without "
                      "-i, -t, --rm or --attach, then use kubectl logs or kubectl exec")
    restart = args.str("restart") or "Always"
    if restart not in ("Always", "OnFailure", "Never"):
        raise Failure(f"error: invalid restart policy: {restart}")
    labels = {"run": name}
    if args.str("labels"):
        labels = dict(p.split("=", 1) for p in args.str("labels").split(",") if "=" in p)
    container: dict = {"image": args.str("image"), "name": name, "resources": {}}
    if args.rest:
        container["command" if args.bool("command") else "args"] = list(args.rest)
    if args.str("port"):
        try:
            container["ports"] = [{"containerPort": int(args.str("port"))}]
        except ValueError:
            raise Failure(f'error: invalid argument "{args.str("port")}" for "--port" flag') from None
    env = []
    for item in args.list("env"):
        key, _, value = item.partition("=")
        env.append({"name": key, "value": value})
    if env:
        container["env"] = env
    if args.str("image-pull-policy"):
        container["imagePullPolicy"] = args.str("image-pull-policy")
    obj = {"apiVersion": "v1", "kind": "Pod",
           "metadata": {"labels": labels, "name": name, "namespace": ctx.namespace},
           "spec": {"containers": [container], "dnsPolicy": "ClusterFirst",
                    "restartPolicy": restart}}
    _submit(ctx, args, obj, f"pod/{name}")


#: create_ingress.go's ruleRegex: host/path=service:port[,tls[=secret]] (Go's \w is ASCII).
_INGRESS_RULE = re.compile(
    r"^(?P<host>[\w*\-.]*)(?P<path>/[^,=\n]*)=(?P<svcname>[\w\-]+):(?P<svcport>[\w\-]+)"
    r"(,(?P<istls>tls)=?(?P<secretname>[\w\-]+)?)?$", re.ASCII)


def _ingress_backend(service: str) -> dict:
    """``buildIngressBackendSvc``: NAME:PORT, the port a number (intstr.Parse) or a name."""
    name, port = service.split(":")[:2]
    number = port.isdigit() or (port[:1] == "-" and port[1:].isdigit())
    return {"service": {"name": name,
                        "port": {"number": int(port)} if number else {"name": port}}}


def _ingress_path(path_service: str) -> dict:
    """``buildHTTPIngressPath``: a path ending in ``*`` is a Prefix (without the star), any
    other Exact."""
    path, service = path_service.split("=")[:2]
    path = "/" + path
    path_type = "Exact"
    if path.endswith("*"):
        path_type, path = "Prefix", path[:-1]
    return {"backend": _ingress_backend(service), "path": path, "pathType": path_type}


def _ingress_tls(rules: list[str]) -> list[dict]:
    """``buildTLSRules``: each rule's ``,tls[=secret]``; hosts sharing a secret share an
    entry, and a host is listed once."""
    entries: list[dict] = []
    seen: set[str] = set()
    for rule in rules:
        parts = rule.split(",")
        if len(parts) != 2:
            continue
        host = rule.split("/", 1)[0]
        secret_parts = parts[1].split("=")
        secret = secret_parts[1] if len(secret_parts) > 1 else ""
        if host in seen:
            continue
        seen.add(host)
        shared = next((e for e in entries if e.get("secretName", "") == secret), None)
        if shared is not None:
            shared.setdefault("hosts", []).append(host)
            continue
        entry: dict = {}
        if host:
            entry["hosts"] = [host]
        if secret:
            entry["secretName"] = secret
        if entry:
            entries.append(entry)
    return entries


def _ingress_rules(rules: list[str]) -> list[dict]:
    """``buildIngressRules``: one rule per host, its paths in the order given."""
    built: list[dict] = []
    for rule in rules:
        host, path_service = rule.split(",")[0].split("/", 1)
        path = _ingress_path(path_service)
        same = next((r for r in built if r.get("host", "") == host), None)
        if same is not None:
            same["http"]["paths"].append(path)
            continue
        entry: dict = {"host": host} if host else {}
        entry["http"] = {"paths": [path]}
        built.append(entry)
    return built


def ingress(ctx: Context, args: Args) -> None:
    """``kubectl create ingress NAME --rule=host/path=service:port[,tls[=secret]]``
    (k8s.io/kubectl/pkg/cmd/create/create_ingress.go)."""
    name = _name(args, "create ingress")
    rules, default = args.list("rule"), args.str("default-backend")
    if not default and not rules:
        raise Failure("error: not enough information provided: every ingress has to either "
                      "specify a default-backend (which catches all traffic) or a list of rules "
                      "(which catch specific paths)")
    for rule in rules:
        if not _INGRESS_RULE.match(rule):
            raise Failure(f"error: rule {rule} is invalid and should be in format "
                          "host/path=svcname:svcport[,tls[=secret]]")
    annotations: dict[str, str] = {}
    for annotation in args.list("annotation"):
        key, sep, value = annotation.partition("=")
        if not sep:
            raise Failure(f"error: annotation {annotation} is invalid and should be in format "
                          "key=[value]")
        annotations[key] = value
    if default and len(default.split(":")) != 2:
        raise Failure("error: default-backend should be in format servicename:serviceport")
    spec: dict = {}
    if args.str("class"):
        spec["ingressClassName"] = args.str("class")
    if default:
        spec["defaultBackend"] = _ingress_backend(default)
    if rules:
        spec["rules"] = _ingress_rules(rules)
    tls = _ingress_tls(rules)
    if tls:
        spec["tls"] = tls
    metadata: dict = {"name": name, "namespace": ctx.namespace}
    if annotations:
        metadata["annotations"] = annotations
    obj = {"apiVersion": "networking.k8s.io/v1", "kind": "Ingress", "metadata": metadata,
           "spec": spec}
    _submit(ctx, args, obj, f"ingress.networking.k8s.io/{name}")
