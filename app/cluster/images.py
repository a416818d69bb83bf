"""The container images the offline cluster knows: which tags exist, how big they are, how long a
pull takes, and what the image runs when the Pod does not say.

Nothing is downloaded. A well-known image (nginx, httpd, redis, busybox, hashicorp/http-echo,
registry.k8s.io/e2e-test-images/agnhost) is modelled by what it does (its ``kind``, read by
:mod:`kubelearn.cluster.process`); any other image pulls and listens on the Pod's declared
``containerPorts``, as the design asks. An obviously nonexistent tag of a known image
(``nginx:doesnotexist``, ``nginx:1.999``) fails to pull with containerd's own error text, and a
lesson can declare faults (:meth:`Catalogue.unpullable`, :meth:`Catalogue.exits`).

Image references are read as containerd reads them (docker.io/library/ for a short name,
``:latest`` when no tag is given; pkg/kubelet/images/image_manager.go ``applyDefaultImageTag``).
"""

from __future__ import annotations

import functools
import hashlib
import re
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Image:
    """What the catalogue knows of one repository."""

    #: How the process model runs it: "nginx", "httpd", "redis", "shell" (busybox-like),
    #: "http-echo", "agnhost", "stress" or "generic" (listens on the declared ports).
    kind: str
    #: Tags that exist (besides those ``tag_pattern`` matches).
    tags: tuple[str, ...]
    #: A regular expression for the version tags that exist.
    tag_pattern: str
    #: Compressed size in bytes (the ``Image size`` of the Pulled event).
    size: int
    #: How long a first pull takes, in ms.
    pull_ms: int
    #: The tools on the image's PATH that ``kubectl exec`` can run.
    tools: tuple[str, ...]


SHELL_TOOLS = ("sh", "cat", "ls", "env", "printenv", "echo", "hostname", "date", "sleep",
               "wget", "nslookup", "true", "false", "pwd", "id", "whoami", "uname", "head", "tail",
               "test", "[")
DEBIAN_TOOLS = ("sh", "bash", "cat", "ls", "env", "printenv", "echo", "hostname", "date",
                "sleep", "true", "false", "pwd", "id", "whoami", "uname", "head", "tail", "test",
                "[")
#: The official nginx image (nginxinc/docker-nginx mainline/debian/Dockerfile, on
#: debian bookworm-slim): coreutils, grep and bash from Debian, the curl the Dockerfile installs
#: beside the nginx package, and /usr/sbin/nginx itself (``nginx -v``, ``-t``, ``-s reload``).
NGINX_TOOLS = DEBIAN_TOOLS + ("curl", "nginx", "printf", "grep", "wc", "mkdir", "touch", "rm",
                              "cp", "mv", "ln", "chmod", "seq")

CATALOGUE: dict[str, Image] = {
    "docker.io/library/nginx": Image(
        "nginx", ("latest", "stable", "mainline", "alpine", "stable-alpine", "mainline-alpine",
                  "perl", "alpine-slim"),
        # 1.7 to 1.29: the Kubernetes docs use 1.7.9, 1.14.2, 1.16.1 and 1.17.10 (and the
        # missing 1.161 as the image that cannot be pulled).
        r"1\.([7-9]|1[0-9]|2[0-9])(\.[0-9]{1,2})?(-(alpine|perl|alpine-slim|bookworm|alpine-perl))?",
        72_404_038, 1_200, NGINX_TOOLS),
    "docker.io/library/httpd": Image(
        "httpd", ("latest", "alpine", "bookworm"), r"2(\.4(\.[0-9]{1,2})?)?(-(alpine|bookworm))?",
        58_142_113, 1_100, DEBIAN_TOOLS),
    "docker.io/library/redis": Image(
        "redis", ("latest", "alpine", "bookworm"), r"[5-8](\.[0-9])?(\.[0-9]{1,2})?(-(alpine|bookworm))?",
        45_932_170, 1_000, DEBIAN_TOOLS + ("redis-cli",)),
    "docker.io/library/busybox": Image(
        "shell", ("latest", "stable", "musl", "glibc", "uclibc"),
        r"1\.(2[0-9]|3[0-7])(\.[0-9])?(-(musl|glibc|uclibc))?", 2_155_502, 500, SHELL_TOOLS),
    # The Kubernetes docs' busybox (registry.k8s.io/busybox, the e2e copy; gcr.io's older name).
    "registry.k8s.io/busybox": Image(
        "shell", ("latest",), r"1\.(2[4-9]|3[0-7])(\.[0-9])?", 2_155_502, 500, SHELL_TOOLS),
    "gcr.io/google-containers/busybox": Image(
        "shell", ("latest",), r"1\.(2[4-9]|3[0-7])(\.[0-9])?", 2_155_502, 500, SHELL_TOOLS),
    "docker.io/library/alpine": Image(
        "shell", ("latest", "edge"), r"3(\.(1[0-9]|2[0-2]))?(\.[0-9]{1,2})?", 3_653_068, 600,
        SHELL_TOOLS),
    "docker.io/hashicorp/http-echo": Image(
        "http-echo", ("latest",), r"(v?0\.2\.3|1\.0(\.0)?)", 3_590_624, 600, ()),
    # ingress-nginx's controller, which kind's ingress guide installs
    # (deploy/static/provider/kind/deploy.yaml); its size is approximate.
    "registry.k8s.io/ingress-nginx/controller": Image(
        "ingress-nginx", (), r"v1\.([0-9]|1[0-5])\.[0-9]{1,2}", 105_906_176, 3_000, SHELL_TOOLS),
    # kube-system's DNS server (kubeadm's CoreDNS, distroless: no shell to exec).
    "registry.k8s.io/coredns/coredns": Image(
        "coredns", (), r"v1\.1[0-2]\.[0-9]", 20_941_568, 800, ()),
    # The docs' memory task ("Assign Memory Resources to Containers and Pods"): stress 1.0.4
    # on Alpine; the size is an estimate of its compressed layers (about 4 MB).
    "docker.io/polinux/stress": Image(
        "stress", ("latest",), r"1\.0\.4", 4_100_000, 700, SHELL_TOOLS),
    "registry.k8s.io/e2e-test-images/agnhost": Image(
        "agnhost", (), r"2\.(3[0-9]|4[0-9]|5[0-5])", 52_148_230, 1_500, SHELL_TOOLS + ("curl",)),
}

#: Any image the catalogue does not know: it pulls, runs, and listens on its declared ports.
GENERIC = Image("generic", (), r".*", 25_165_824, 800, DEBIAN_TOOLS)

#: How long a pull takes when the layers are already on the node (another Pod's pull of the
#: same image finished while this one waited in the node's serial pull queue).
REPULL_MS = 250


@dataclass(frozen=True)
class Reference:
    """An image reference as containerd resolves it."""

    #: What the Pod wrote (``nginx:1.27``), as events quote it.
    written: str
    #: ``docker.io/library/nginx``
    repository: str
    #: ``1.27`` (``latest`` when none was written); "" for a digest reference.
    tag: str
    digest: str = ""

    @property
    def full(self) -> str:
        """``docker.io/library/nginx:1.27``: what containerd names in its errors and status."""
        if self.digest:
            return f"{self.repository}@{self.digest}"
        return f"{self.repository}:{self.tag}"


_REFERENCE = re.compile(r"^[a-z0-9]+([._-][a-z0-9]+)*(/[a-z0-9]+([._-][a-z0-9]+)*)*"
                        r"(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(@sha256:[0-9a-f]{64})?$")


@functools.lru_cache(maxsize=1024)
def parse(image: str) -> Reference | None:
    """The reference ``image`` names, or None when containerd could not parse it (the kubelet
    then reports InvalidImageName). Remembered: the kubelet asks about every container often."""
    text = image.strip()
    digest = ""
    if "@" in text:
        text, digest = text.split("@", 1)
    first, _, rest = text.partition("/")
    if rest and ("." in first or ":" in first or first == "localhost"):
        registry, path = first, rest
    else:
        registry, path = "docker.io", text
    tag = ""
    if ":" in path.rsplit("/", 1)[-1]:
        path, tag = path.rsplit(":", 1)
        if not tag:
            return None
    if registry == "docker.io" and "/" not in path:
        path = "library/" + path
    if not path or not _REFERENCE.match(path.lower()) or path != path.lower():
        return None
    if tag and not re.fullmatch(r"[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}", tag):
        return None
    if not tag and not digest:
        tag = "latest"
    return Reference(image, f"{registry}/{path}", tag, digest)


def lookup(ref: Reference) -> Image:
    return CATALOGUE.get(ref.repository, GENERIC)


def of_container(container: dict) -> Image:
    """The catalogue entry of a container's ``image``; :data:`GENERIC` when it does not parse."""
    ref = parse(str(container.get("image", "")))
    return lookup(ref) if ref else GENERIC


def digest_of(ref: Reference) -> str:
    """A stable ``sha256:`` digest for the image (the ``imageID`` of a container status)."""
    if ref.digest:
        return ref.digest
    return "sha256:" + hashlib.sha256(ref.full.encode()).hexdigest()


@dataclass
class Fault:
    """What a lesson declared about an image: it cannot be pulled, or its command exits."""

    unpullable: bool = False
    exit_code: int | None = None
    exit_after_s: float = 0.0
    message: str = ""


@dataclass
class Catalogue:
    """The images one cluster knows: the built-in catalogue plus the lesson's faults."""

    faults: dict[str, Fault] = field(default_factory=dict)

    def unpullable(self, image: str) -> None:
        """Declare that ``image`` (as a Pod writes it) cannot be pulled."""
        self.faults.setdefault(image, Fault()).unpullable = True

    def exits(self, image: str, code: int, after_s: float = 0.0, message: str = "") -> None:
        """Declare that a container of ``image`` exits with ``code`` ``after_s`` seconds after it
        started (printing ``message`` first), whatever its command says."""
        fault = self.faults.setdefault(image, Fault())
        fault.exit_code, fault.exit_after_s, fault.message = code, after_s, message

    def fault(self, image: str) -> Fault | None:
        return self.faults.get(image)

    def pull_error(self, image: str) -> str | None:
        """containerd's error for a pull of ``image`` that fails, or None when it succeeds.

        The text is what ``kubectl describe pod`` shows after 'Failed to pull image "x": ' on a
        containerd 2 node (kind).
        """
        ref = parse(image)
        if ref is None:
            return None
        fault = self.faults.get(image)
        known = CATALOGUE.get(ref.repository)
        missing_tag = known is not None and not ref.digest and not (
            ref.tag in known.tags or re.fullmatch(known.tag_pattern, ref.tag))
        if not (fault and fault.unpullable) and not missing_tag:
            return None
        full = ref.full
        return (f'rpc error: code = NotFound desc = failed to pull and unpack image "{full}": '
                f'failed to resolve reference "{full}": {full}: not found')


def go_duration(ms: int) -> str:
    """A duration as Go's ``time.Duration.String`` prints it after ``Truncate(time.Millisecond)``:
    ``1.2s``, ``850ms``, ``1m5.5s``."""
    if ms < 1000:
        return f"{ms}ms"
    minutes, rest = divmod(ms, 60_000)
    seconds = f"{rest / 1000:.3f}".rstrip("0").rstrip(".")
    return f"{minutes}m{seconds}s" if minutes else f"{seconds}s"
