"""The syntax Kubernetes asks of names and labels: DNS-1123 labels and subdomains, DNS-1035
labels, IANA service names, qualified names, label keys and values, ConfigMap keys.

Each check returns None for a valid name, or a problem: an id (``"too-long"``, ``"char"``...)
and its fields (``{"length": 70, "limit": 63}``). A problem may hold another problem as a
field (a label key's bad prefix). Callers put problems into words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

#: A problem with a name: an id and its fields.
Problem = tuple[str, dict[str, Any]]

_QUALIFIED_NAME = re.compile(r"^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$")
_CONFIGMAP_KEY = re.compile(r"^[-._a-zA-Z0-9]+$")


@dataclass(frozen=True)
class NameRule:
    """One kind of name: its title and rule (word ids for a caller) and its length limit."""

    title: str
    rule: str
    limit: int

    def problem(self, name: str) -> Problem | None:
        raise NotImplementedError


#: The valid forms (apimachinery/pkg/util/validation): a name that matches is valid at once,
#: and only an invalid one is taken apart to say what is wrong with it.
_LABEL_OK = re.compile(r"[a-z0-9]([-a-z0-9]*[a-z0-9])?")
_LABEL_1035_OK = re.compile(r"[a-z]([-a-z0-9]*[a-z0-9])?")
_SUBDOMAIN_OK = re.compile(r"[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*")


class _Dns1123Label(NameRule):
    def problem(self, name: str) -> Problem | None:
        if len(name) <= 63 and _LABEL_OK.fullmatch(name):
            return None
        return _label_problem(name, 63, first_letter=False)


class _Dns1035Label(NameRule):
    def problem(self, name: str) -> Problem | None:
        if len(name) <= 63 and _LABEL_1035_OK.fullmatch(name):
            return None
        return _label_problem(name, 63, first_letter=True)


class _Dns1123Subdomain(NameRule):
    def problem(self, name: str) -> Problem | None:
        if len(name) <= 253 and _SUBDOMAIN_OK.fullmatch(name):
            return None
        if len(name) > 253:
            return ("too-long", {"length": len(name), "limit": 253})
        if not name:
            return ("empty", {})
        for part in name.split("."):
            problem = _label_problem(part, 253, first_letter=False, dots=True)
            if problem:
                return problem
        return None


class _IanaServiceName(NameRule):
    def problem(self, name: str) -> Problem | None:
        if not name:
            return ("empty", {})
        if len(name) > 15:
            return ("too-long", {"length": len(name), "limit": 15})
        bad = _bad_chars(name, "-")
        if bad:
            return bad
        if not any(c.isalpha() for c in name):
            return ("no-letter", {})
        if name.startswith("-") or name.endswith("-"):
            return ("dash-ends", {})
        if "--" in name:
            return ("double-dash", {})
        return None


def _bad_chars(name: str, allowed: str) -> Problem | None:
    if any(c.isupper() for c in name):
        return ("uppercase", {})
    for c in name:
        if not (c.isascii() and (c.islower() or c.isdigit())) and c not in allowed:
            return ("space", {}) if c == " " else ("char", {"char": c})
    return None


def _label_problem(
    name: str, limit: int, *, first_letter: bool, dots: bool = False
) -> Problem | None:
    if not name:
        return ("empty-part", {}) if dots else ("empty", {})
    if len(name) > limit:
        return ("too-long", {"length": len(name), "limit": limit})
    bad = _bad_chars(name, "-" if not dots else "-.")
    if bad:
        return bad
    if first_letter and not name[0].isalpha():
        return ("first-letter", {})
    if not name[0].isalnum() or not name[-1].isalnum():
        return ("ends", {})
    return None


class _PathSegmentName(NameRule):
    """What every object's name must be at least: k8s.io/apiserver's ``BeforeCreate`` checks
    ``path.ValidatePathSegmentName`` for every kind (apimachinery/pkg/api/validation/path)."""

    def problem(self, name: str) -> Problem | None:
        if not name:
            return ("empty", {})
        if name in (".", ".."):
            return ("dots-name", {})
        for c in ("/", "%"):
            if c in name:
                return ("char", {"char": c})
        return None


class _CronJobName(_Dns1123Subdomain):
    """A DNS subdomain of at most 52 characters: the CronJob controller appends an 11-character
    ``-<timestamp>`` to name each Job (batch validation, ``ValidateCronJobCreate``)."""

    def problem(self, name: str) -> Problem | None:
        if len(name) > self.limit:
            return ("too-long", {"length": len(name), "limit": self.limit})
        return super().problem(name)


DNS1123_LABEL = _Dns1123Label("DNS-1123 label", "rule-label", 63)
DNS1035_LABEL = _Dns1035Label("DNS-1035 label", "rule-1035", 63)
DNS1123_SUBDOMAIN = _Dns1123Subdomain("DNS-1123 subdomain", "rule-subdomain", 253)
IANA_SVC_NAME = _IanaServiceName("IANA service name", "rule-iana", 15)
PATH_SEGMENT = _PathSegmentName("path segment name", "rule-path-segment", 0)
CRONJOB_NAME = _CronJobName("DNS-1123 subdomain", "rule-cronjob", 52)

#: How Kubernetes validates ``metadata.name``, per kind, from each kind's ``ValidateObjectMeta``
#: name function in pkg/apis/<group>/validation of kubernetes/kubernetes (core:
#: ValidatePodName, ValidateServiceName, ValidateNamespaceName...; apps: ValidateStatefulSetName
#: is a DNS label; batch; networking; storage ValidateClassName (VolumeAttachment too);
#: scheduling; node; autoscaling; discovery ValidateEndpointSliceName; coordination
#: ValidateLease; admissionregistration's webhook configurations).
#: Every other kind, custom resources included, gets :data:`PATH_SEGMENT`, which the API server
#: checks for all (RBAC's ValidateRBACName is exactly that: ``system:viewer`` is a fine name).
NAME_RULES: dict[str, NameRule] = {
    "Service": DNS1035_LABEL,
    "Namespace": DNS1123_LABEL,
    "StatefulSet": DNS1123_LABEL,
    "CronJob": CRONJOB_NAME,
    **dict.fromkeys(
        (
            # core
            "Pod", "ReplicationController", "Node", "LimitRange", "ResourceQuota", "Secret",
            "ServiceAccount", "Endpoints", "ConfigMap", "PersistentVolume",
            "PersistentVolumeClaim", "PodTemplate",
            # apps, batch, autoscaling
            "ReplicaSet", "Deployment", "DaemonSet", "ControllerRevision", "Job",
            "HorizontalPodAutoscaler",
            # networking
            "Ingress", "IngressClass", "NetworkPolicy",
            # storage, scheduling, node, resource, discovery, coordination, admission
            "StorageClass", "VolumeAttachment", "PriorityClass", "RuntimeClass",
            "ResourceClaim", "ResourceClaimTemplate", "EndpointSlice", "Lease",
            "ValidatingWebhookConfiguration", "MutatingWebhookConfiguration",
        ),
        DNS1123_SUBDOMAIN,
    ),
}


def name_rule(kind: str | None) -> NameRule:
    """The rule ``metadata.name`` of a ``kind`` must follow (path segment when not known)."""
    return NAME_RULES.get(kind or "", PATH_SEGMENT)


def suggest_name(name: str, rule: NameRule) -> str | None:
    """The nearest valid name: lowercase, other characters turned into '-'."""
    if rule is PATH_SEGMENT:
        fixed = name.replace("/", "-").replace("%", "-").strip(".")
        return fixed if fixed and fixed != name and rule.problem(fixed) is None else None
    keep = "-." if isinstance(rule, _Dns1123Subdomain) else "-"
    fixed = "".join(c if (c.isascii() and c.isalnum()) or c in keep else "-" for c in name.lower())
    fixed = re.sub(r"-{2,}", "-", fixed).strip("-.")
    fixed = fixed[: rule.limit].strip("-.")
    if rule is DNS1035_LABEL:
        fixed = fixed.lstrip("0123456789-")
    if fixed and fixed != name and rule.problem(fixed) is None:
        return fixed
    return None


def label_key_problem(key: str) -> Problem | None:
    """What is wrong with a label key (an optional DNS subdomain and '/', then a name)."""
    prefix, slash, name = key.rpartition("/")
    if slash:
        if not prefix:
            return ("prefix-empty", {})
        problem = DNS1123_SUBDOMAIN.problem(prefix)
        if problem:
            return ("prefix-bad", {"prefix": prefix, "problem": problem})
    if not name:
        return ("name-empty", {})
    if len(name) > 63:
        return ("name-too-long", {"length": len(name)})
    if not _QUALIFIED_NAME.match(name):
        return ("name-chars", {})
    return None


def label_value_problem(value: str) -> Problem | None:
    """What is wrong with a label value (empty, or a qualified name of at most 63)."""
    if value == "":
        return None
    if len(value) > 63:
        return ("too-long", {"length": len(value), "limit": 63})
    if " " in value:
        return ("space", {})
    if not _QUALIFIED_NAME.match(value):
        return ("value-chars", {})
    return None


def data_key_problem(key: str) -> Problem | None:
    """What is wrong with a ConfigMap or Secret key, which can become a file name:
    ``"dots"`` for '.', '..' or a leading '..', ``"chars"`` for anything else."""
    if key in (".", "..") or key.startswith(".."):
        return ("dots", {})
    if len(key) > 253 or not _CONFIGMAP_KEY.match(key):
        return ("chars", {})
    return None


def suggest_data_key(key: str) -> str:
    """A valid key near ``key``: other characters turned into '-', no leading dots."""
    return re.sub(r"[^-._a-zA-Z0-9]", "-", key).lstrip(".")[:253] or "key"


_IPV4 = re.compile(r"^\d{1,3}(\.\d{1,3}){3}$")


def _is_ip(host: str) -> bool:
    """What Go's ``netutils.ParseIPSloppy`` reads as an IP address (IPv4 with leading zeros too)."""
    if _IPV4.match(host):
        return all(int(part) <= 255 for part in host.split("."))
    if ":" in host:
        import ipaddress

        try:
            ipaddress.IPv6Address(host)
        except ValueError:
            return False
        return True
    return False


def host_problem(host: str) -> Problem | None:
    """What is wrong with an Ingress rule's ``host`` (empty means every host).

    networking validation ``validateIngressRules``: not an IP address; with a ``*``, a wildcard
    DNS subdomain (``*.`` then a DNS subdomain: ``*.example.com``, never ``*.*.example.com``,
    ``foo.*.com`` or ``*example.com``); otherwise a DNS-1123 subdomain (lowercase).
    """
    if not host:
        return None
    if _is_ip(host):
        return ("ip", {})
    if "*" in host:
        if len(host) > 253:
            return ("too-long", {"length": len(host), "limit": 253})
        if not host.startswith("*.") or "*" in host[2:]:
            return ("wildcard", {})
        return DNS1123_SUBDOMAIN.problem(host[2:])
    return DNS1123_SUBDOMAIN.problem(host)


#: networking validation ``invalidPathSequences`` and ``invalidPathSuffixes``.
_BAD_PATH_PARTS = ("//", "/./", "/../", "%2f", "%2F")
_BAD_PATH_ENDS = ("/..", "/.")


def ingress_path_problem(path: str, path_type: str) -> Problem | None:
    """What is wrong with an Ingress path of a known ``pathType`` (``validateHTTPIngressPath``).

    Exact and Prefix paths are absolute and free of the sequences that climb out of a folder;
    an ImplementationSpecific path may be empty, else it is absolute.
    """
    if path_type == "ImplementationSpecific":
        return ("relative", {}) if path and not path.startswith("/") else None
    if not path.startswith("/"):
        return ("relative", {})
    for part in _BAD_PATH_PARTS:
        if part in path:
            return ("path-part", {"part": part})
    for end in _BAD_PATH_ENDS:
        if path.endswith(end):
            return ("path-end", {"end": end})
    return None
