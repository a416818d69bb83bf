"""Meaning checks that a schema cannot express.

The schema says a field has the right type; the API server then runs its own validation
(names, selectors, quantities, port ranges) and the objects have to fit together (a Service
that selects the Pods, a mount that names a volume). These checks catch both, each at the line
the learner has to change.

Severities follow one rule: ``error`` when the API server would reject the object, ``warning``
when it would accept it but it cannot work as written (a Service that selects nothing, a
missing ConfigMap), ``info`` for a likely slip that is often deliberate. A named ``targetPort``
that no selected container declares is a warning: Kubernetes accepts it, the Service just
gets no endpoints for that port. What the schema stage already reports (a boolean where text
belongs, a value outside an enum) is left to it, so no spot is reported twice.

Every sentence lives in the ``_EN``/``_ZH`` catalogues below; ``semantic_findings(docs, lang)``
picks one.
"""

from __future__ import annotations

import base64
import binascii
import bisect
import difflib
import functools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from kubelearn.checker.document import DocPath, Document, format_path
from kubelearn.checker.findings import Finding, Severity
from kubelearn.checker.messages import Budget, Words, internal_error, quote, unworded
from kubelearn.checker.quantity import (
    BINARY_SUFFIXES,
    parse_quantity,
    suggest_quantity,
)

#: Kinds whose Pods come from ``spec.template``.
TEMPLATE_KINDS = frozenset(
    {"ReplicaSet", "Deployment", "StatefulSet", "DaemonSet", "Job", "ReplicationController"}
)
#: Kinds that Kubernetes rejects when ``spec.selector`` does not match the template labels.
SELECTOR_KINDS = frozenset({"ReplicaSet", "Deployment", "StatefulSet", "DaemonSet"})
CONTAINER_LISTS = ("initContainers", "containers", "ephemeralContainers")
NODE_PORT_RANGE = (30000, 32767)

_DNS1123_LABEL = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
_DNS1035_LABEL = re.compile(r"^[a-z]([-a-z0-9]*[a-z0-9])?$")
_QUALIFIED_NAME = re.compile(r"^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$")
_CONFIGMAP_KEY = re.compile(r"^[-._a-zA-Z0-9]+$")
_BASE64 = re.compile(r"^[A-Za-z0-9+/]*={0,2}$")
#: The maps whose keys become file names, per kind (``stringData`` is merged into ``data``).
_DATA_FIELDS = {"ConfigMap": ("data", "binaryData"), "Secret": ("data", "stringData")}


# --- Where things are in an object -------------------------------------------------------------


def as_dict(value: Any) -> dict:
    return value if isinstance(value, dict) else {}


def as_list(value: Any) -> list:
    return value if isinstance(value, list) else []


def pod_spec_path(doc: Document) -> DocPath | None:
    """Where the Pod spec of ``doc`` is: a Pod's spec or a workload's Pod template."""
    if doc.kind == "Pod":
        return ("spec",)
    if doc.kind in TEMPLATE_KINDS:
        return ("spec", "template", "spec")
    if doc.kind == "CronJob":
        return ("spec", "jobTemplate", "spec", "template", "spec")
    return None


def pod_labels_path(doc: Document) -> DocPath | None:
    """Where the labels of the Pods that ``doc`` makes are."""
    spec = pod_spec_path(doc)
    if spec is None:
        return None
    return (*spec[:-1], "metadata", "labels") if spec != ("spec",) else ("metadata", "labels")


def pod_labels(doc: Document) -> dict:
    path = pod_labels_path(doc)
    return as_dict(doc.value_at(path)) if path else {}


def containers(doc: Document) -> Iterator[tuple[DocPath, dict]]:
    """Every container of the Pod spec in ``doc`` (init containers too), with its path."""
    spec = pod_spec_path(doc)
    if spec is None:
        return
    for group in CONTAINER_LISTS:
        for i, container in enumerate(as_list(doc.value_at((*spec, group)))):
            if isinstance(container, dict):
                yield (*spec, group, i), container


def namespace(doc: Document) -> str | None:
    ns = doc.value_at(("metadata", "namespace"))
    return ns if isinstance(ns, str) and ns else None


def same_namespace(a: Document, b: Document) -> bool:
    """Unless both say otherwise, two objects in one answer land in the same namespace."""
    na, nb = namespace(a), namespace(b)
    return na is None or nb is None or na == nb


def selector_selects(selector: Any, labels: Any) -> bool:
    """A Service selector (a plain map) selects ``labels``; an empty selector selects nothing."""
    if not isinstance(selector, dict) or not selector or not isinstance(labels, dict):
        return False
    return all(k in labels and labels[k] == v for k, v in selector.items())


# --- What the checks say, per language ----------------------------------------------------------

#: text id -> (message, explanation, hint); ``str.format`` templates.
_EN: dict[str, tuple[str, str, str]] = {
    "invalid-name": (
        "'{name}' is not a valid {what}",
        "A {what} must be a {title}: {rule}. Here {problem}.",
        "Try '{fixed}'.",
    ),
    "invalid-key": (
        "'{key}' is not a valid {kind} key",
        "{kind} keys may hold only letters, digits, '-', '_' and '.' (at most 253 "
        "characters), because each key can become a file name.",
        "Try '{fixed}'.",
    ),
    "invalid-key-dots": (
        "'{key}' is not a valid {kind} key",
        "A key cannot be '.' or '..' or start with '..': each key can become a file name in a "
        "mounted volume, and these names mean 'this folder' and 'the folder above'.",
        "Try '{fixed}'.",
    ),
    "data-key-twice": (
        "'{key}' is both in data and in binaryData",
        "A ConfigMap key names one file or variable, so it goes in data (text) or in "
        "binaryData (base64), not in both; {field} already has it on line {line}. Kubernetes "
        "rejects the ConfigMap.",
        "Keep '{key}' in one of them, or rename one.",
    ),
    "invalid-base64": (
        "The value of '{key}' is not valid base64",
        "Values under {field} are bytes written in base64 ('aGVsbG8=' is hello). Kubernetes "
        "cannot decode this one ({problem}), so it rejects the {kind}.",
        "{advice}",
    ),
    "invalid-label-key": (
        "'{key}' is not a valid label key",
        "A label key is an optional DNS prefix and '/', then a name of at most 63 characters. "
        "Here {problem}.",
        "Use letters, digits, '-', '_' and '.', e.g. 'app' or 'app.kubernetes.io/name'.",
    ),
    "invalid-label-value": (
        "'{value}' is not a valid label value",
        "A label value is empty or at most 63 letters, digits, '-', '_' and '.', starting and "
        "ending with a letter or digit. Here {problem}.",
        "Shorten it or replace the other characters with '-'.",
    ),
    "selector-empty": (
        "The {kind}'s selector is empty",
        "A {kind} finds its Pods by spec.selector; Kubernetes rejects an empty selector "
        "because it would claim every Pod in the namespace.",
        "Add matchLabels with the labels of spec.template.metadata.labels, e.g. '{key}: {value}'.",
    ),
    "selector-value": (
        "The selector {key}={value} matches none of the template labels ({labels})",
        "The selector asks for {key}={value}, but the template has {key}={has}. The template's "
        "labels ({where}) are: {labels}. Kubernetes rejects a {kind} whose selector would not "
        "select the Pods it creates.",
        "Make both say {key}: {has} (or both {value}).",
    ),
    "selector-key": (
        "The selector {key}={value} matches none of the template labels ({labels})",
        "The selector asks for {key}={value}, but the template has no label '{key}'. The "
        "template's labels ({where}) are: {labels}. Kubernetes rejects a {kind} whose selector "
        "would not select the Pods it creates.",
        "Add '{key}: {value}' to {where}, or remove it from the selector.",
    ),
    "selector-expression": (
        "The selector '{expression}' does not hold for the template labels ({labels})",
        "The selector needs '{expression}', but the template has {has}. The template's labels "
        "({where}) are: {labels}. Kubernetes rejects a {kind} whose selector would not select "
        "the Pods it creates.",
        "Change the expression or the template labels so they agree.",
    ),
    "selector-needs-values": (
        "'{op}' needs values",
        "With operator {op}, list the label values in 'values'.",
        "Add values: [...] with at least one value.",
    ),
    "selector-no-values": (
        "'{op}' takes no values",
        "With operator {op} only the label key matters; Kubernetes rejects 'values'.",
        "Remove 'values', or use In / NotIn.",
    ),
    "invalid-port": (
        "{field} {value} is not a port number",
        "Port numbers go from 1 to 65535.",
        "",
    ),
    "nodeport-clusterip": (
        "nodePort is not allowed on a {type} Service",
        "A {type} Service is reachable only inside the cluster, so Kubernetes rejects a "
        "nodePort on it. Without 'type', a Service is ClusterIP.",
        "Add 'type: NodePort' under spec, or remove nodePort.",
    ),
    "nodeport-range": (
        "nodePort {port} is outside 30000-32767",
        "Kubernetes opens node ports only in the range 30000-32767 (the default "
        "service-node-port-range); it rejects any other value.",
        "Pick a port between 30000 and 32767, or leave nodePort out and let Kubernetes choose.",
    ),
    "nodeport-duplicate": (
        "nodePort {port} is used twice",
        "spec.ports[{other}] already uses nodePort {port}; Kubernetes rejects the duplicate.",
        "Give each port its own nodePort.",
    ),
    "port-duplicate": (
        "port {port}/{protocol} is listed twice",
        "spec.ports[{other}] already has port {port} with protocol {protocol}; Kubernetes "
        "rejects the duplicate.",
        "Remove one, or give it another port number or protocol.",
    ),
    "port-name-duplicate": (
        "port name '{name}' is used twice",
        "spec.ports[{other}] is already named '{name}'; Kubernetes rejects the duplicate.",
        "Give each port its own name.",
    ),
    "service-port-name-required": (
        "Each port needs a name when a Service has several",
        "With more than one port, Kubernetes requires a name on each so that endpoints and "
        "Ingresses can tell them apart.",
        "Add e.g. 'name: http' to this port.",
    ),
    "service-selects-nothing": (
        "This Service's selector matches no Pod in the file",
        "The Service sends traffic to Pods having all of {selector}. None here does: {seen}.",
        "Copy the Pod labels (for a Deployment: spec.template.metadata.labels) into the "
        "Service's spec.selector.",
    ),
    "target-port-unknown": (
        "No selected container has a port named '{target}'",
        "A named targetPort sends traffic to the container port with that name. The selected "
        "Pods ({where}) name their ports: {names}. Kubernetes accepts this Service, but it "
        "would have no endpoint for this port.",
        "{maybe}Name the container port the same, or use the port number.",
    ),
    "target-port-undeclared": (
        "No selected container declares port {target}",
        "The selected Pods ({where}) declare containerPort {numbers}. Traffic still reaches "
        "port {target} if the program listens there; declaring it is documentation.",
        "Check the port number the container listens on.",
    ),
    "ingress-unknown-service": (
        "No Service named '{name}' in this input",
        "The Ingress sends this traffic to a Service by name. The Services here are: {known}.",
        "{maybe}Write the Service too, or fix the name.",
    ),
    "ingress-no-service": (
        "No Service named '{name}' in this input",
        "The Ingress sends this traffic to a Service by name. This input has no Service; the "
        "Ingress works only if one exists in the cluster.",
        "Write the Service too, or fix the name.",
    ),
    "ingress-unknown-port": (
        "Service '{name}' has no port {number}",
        "The Ingress must name one of the Service's ports (spec.ports[].port): {numbers}. The "
        "container's targetPort does not count here.",
        "Use port number {only}.",
    ),
    "ingress-unknown-port-name": (
        "Service '{name}' has no port named '{port}'",
        "The Service's port names are: {names}.",
        "{maybe}",
    ),
    "duplicate-container-name": (
        "Two containers are named '{name}'",
        "{other} already has this name. Every container of a Pod, init containers included, "
        "needs its own name.",
        "Rename one of them.",
    ),
    "duplicate-volume-name": (
        "Two volumes are named '{name}'",
        "{other} already has this name; Kubernetes rejects the Pod.",
        "Rename one of them, and the volumeMounts that use it.",
    ),
    "volume-mount-unknown": (
        "No volume named '{name}'",
        "A volumeMount names one of the Pod's volumes (spec.volumes). This Pod's volumes are: "
        "{volumes}.",
        "{maybe}Add a volume named '{name}' under {where}.",
    ),
    "volume-mount-no-volumes": (
        "No volume named '{name}'",
        "A volumeMount names one of the Pod's volumes (spec.volumes). This Pod has no volumes.",
        "Add a volume named '{name}' under {where}.",
    ),
    "duplicate-mount-path": (
        "Two mounts at {path}",
        "volumeMounts[{other}] already mounts at this path; mount paths must be unique in a "
        "container.",
        "Mount the second volume somewhere else.",
    ),
    "duplicate-port-name": (
        "Two ports are named '{name}'",
        "Port names must be unique within a container.",
        "Rename one of them.",
    ),
    "invalid-quantity": (
        "'{value}' is not a valid quantity",
        "Kubernetes writes amounts as a number with an optional suffix. For memory use the "
        "binary suffixes Ki, Mi, Gi (1Mi = 1024 x 1024 bytes) or decimal k, M, G (1M = "
        "1,000,000 bytes). Lowercase 'm' means one thousandth: for CPU, 500m is half a core; "
        "for memory it would be a fraction of a byte. Units like 'mb' or 'GB' are not accepted.",
        "Write {fixed}.",
    ),
    "invalid-quantity-example": (
        "'{value}' is not a valid quantity",
        "Kubernetes writes amounts as a number with an optional suffix: Ki, Mi, Gi (powers of "
        "1024) or k, M, G (powers of 1000), or m for thousandths (500m CPU = half a core).",
        "For example 128Mi for memory, 500m for CPU.",
    ),
    "quantity-negative": (
        "{resource} must not be negative",
        "Resource requests and limits must be 0 or more.",
        "",
    ),
    "quantity-millibytes": (
        "{resource}: {value} means {number} thousandths of a byte",
        "Lowercase 'm' is milli (one thousandth). It makes sense for CPU (500m = half a core), "
        "not for bytes. For megabytes write M (1,000,000) or Mi (1024 x 1024).",
        "Write {number}Mi.",
    ),
    "quantity-megacores": (
        "cpu: {value} asks for millions of cores",
        "CPU is counted in cores: 1 is one core, 500m (lowercase m) is half a core. M and Mi "
        "are multipliers meant for bytes.",
        "Write {number}m for thousandths of a core.",
    ),
    "strategy-recreate": (
        "rollingUpdate is not allowed with strategy type Recreate",
        "Recreate stops every old Pod before starting new ones, so the rollingUpdate settings "
        "mean nothing; Kubernetes rejects them.",
        "Remove rollingUpdate, or set type: RollingUpdate.",
    ),
    "strategy-percent": (
        "{field}: '{value}' is not a number or a percentage",
        "{field} is a whole number of Pods (1) or a percentage written with '%' (25%). Quoted "
        "digits without '%' are text, and Kubernetes rejects them.",
        "Write {fixed} or {fixed}%.",
    ),
    "strategy-negative": (
        "{field} must not be negative",
        "{field} counts Pods, so it is 0 or more.",
        "",
    ),
    "strategy-over-100": (
        "maxUnavailable {value} is more than 100%",
        "maxUnavailable says how many Pods may be missing during an update; more than all of "
        "them makes no sense, and Kubernetes rejects it.",
        "Use 100% or less.",
    ),
    "strategy-both-zero": (
        "maxUnavailable and maxSurge are both 0",
        "With no extra Pod allowed (maxSurge 0) and no Pod allowed to be missing "
        "(maxUnavailable 0), the update could never replace a Pod; Kubernetes rejects it.",
        "Set maxSurge: 1 (or maxUnavailable: 1).",
    ),
    "restart-policy": (
        "restartPolicy {value} is not allowed in a {kind}",
        "A {kind} keeps its Pods running, so their restartPolicy must be {allowed}.",
        "Remove restartPolicy (it defaults to {default}), or use {allowed}.",
    ),
    "negative-value": (
        "{field} must not be negative",
        "{field} is a count, so Kubernetes accepts only 0 or more.",
        "",
    ),
    "progress-deadline": (
        "progressDeadlineSeconds must be greater than minReadySeconds",
        "A rollout cannot be declared stuck ({deadline}s) before a new Pod even counts as "
        "ready ({ready}s); Kubernetes rejects it.",
        "Raise progressDeadlineSeconds above {ready}, or remove it (default 600).",
    ),
    "requests-exceed-limits": (
        "{resource} request is above its limit",
        "The request ({request}) must be less than or equal to the limit ({limit}); Kubernetes "
        "rejects the Pod.",
        "Lower the request or raise the limit.",
    ),
    "configmap-missing": (
        "No ConfigMap named '{name}' in this input",
        "The Pod will not start until a ConfigMap with this name exists in its namespace. The "
        "ConfigMaps here are: {known}.",
        "{maybe}Write the ConfigMap too, fix the name, or add 'optional: true'.",
    ),
    "configmap-none": (
        "No ConfigMap named '{name}' in this input",
        "The Pod will not start until a ConfigMap with this name exists in its namespace. This "
        "input has no ConfigMap; the Pod works only if one exists in the cluster.",
        "Write the ConfigMap too, or add 'optional: true'.",
    ),
    "configmap-key-missing": (
        "ConfigMap '{name}' has no key '{key}'",
        "Its keys are: {keys}. The Pod will not start while the key is missing.",
        "{maybe}Fix the key, or add it to the ConfigMap.",
    ),
}

_ZH: dict[str, tuple[str, str, str]] = {
    "invalid-name": (
        "'{name}' 不是有效的{what}",
        "{what}必须是 {title}：{rule}。这里{problem}。",
        "试试 '{fixed}'。",
    ),
    "invalid-key": (
        "'{key}' 不是有效的 {kind} 键",
        "{kind} 的键只能包含字母、数字、'-'、'_' 和 '.'（最多 253 个字符），因为每个键都可能成为文件名。",
        "试试 '{fixed}'。",
    ),
    "invalid-key-dots": (
        "'{key}' 不是有效的 {kind} 键",
        "键不能是 '.' 或 '..'，也不能以 '..' 开头：每个键都可能成为挂载卷中的文件名，而这两个名称表示“当前目录”和“上一级目录”。",
        "试试 '{fixed}'。",
    ),
    "data-key-twice": (
        "'{key}' 同时出现在 data 和 binaryData 中",
        "ConfigMap 的一个键对应一个文件或变量，所以它要么放在 data（文本）中，要么放在 binaryData（base64）中，"
        "不能两处都有；{field} 在第 {line} 行已经有它了。Kubernetes 会拒绝这个 ConfigMap。",
        "只在其中一处保留 '{key}'，或者给其中一个改名。",
    ),
    "invalid-base64": (
        "'{key}' 的值不是有效的 base64",
        "{field} 下的值是用 base64 写成的字节（'aGVsbG8=' 就是 hello）。Kubernetes 无法解码这个值（{problem}），"
        "所以会拒绝这个 {kind}。",
        "{advice}",
    ),
    "invalid-label-key": (
        "'{key}' 不是有效的标签键",
        "标签键由可选的 DNS 前缀加 '/'，再加最多 63 个字符的名称组成。这里{problem}。",
        "使用字母、数字、'-'、'_' 和 '.'，例如 'app' 或 'app.kubernetes.io/name'。",
    ),
    "invalid-label-value": (
        "'{value}' 不是有效的标签值",
        "标签值可以为空，或最多 63 个字母、数字、'-'、'_' 和 '.'，并以字母或数字开头和结尾。这里{problem}。",
        "缩短它，或把其他字符换成 '-'。",
    ),
    "selector-empty": (
        "{kind} 的选择算符是空的",
        "{kind} 通过 spec.selector 找到它的 Pod；Kubernetes 拒绝空的选择算符，因为它会认领名字空间中的所有 Pod。",
        "添加 matchLabels，写上 spec.template.metadata.labels 中的标签，例如 '{key}: {value}'。",
    ),
    "selector-value": (
        "选择算符 {key}={value} 与模板的任何标签（{labels}）都不匹配",
        "选择算符要求 {key}={value}，但模板中是 {key}={has}。模板的标签（{where}）是：{labels}。"
        "如果 {kind} 的选择算符选不中它自己创建的 Pod，Kubernetes 会拒绝它。",
        "让两边一致：都写 {key}: {has}（或都写 {value}）。",
    ),
    "selector-key": (
        "选择算符 {key}={value} 与模板的任何标签（{labels}）都不匹配",
        "选择算符要求 {key}={value}，但模板中没有标签 '{key}'。模板的标签（{where}）是：{labels}。"
        "如果 {kind} 的选择算符选不中它自己创建的 Pod，Kubernetes 会拒绝它。",
        "在 {where} 中添加 '{key}: {value}'，或从选择算符中删掉它。",
    ),
    "selector-expression": (
        "模板的标签（{labels}）不满足选择算符 '{expression}'",
        "选择算符需要 '{expression}'，但模板中{has}。模板的标签（{where}）是：{labels}。"
        "如果 {kind} 的选择算符选不中它自己创建的 Pod，Kubernetes 会拒绝它。",
        "修改表达式或模板标签，让两者一致。",
    ),
    "selector-needs-values": (
        "'{op}' 需要 values",
        "使用运算符 {op} 时，要在 'values' 中列出标签值。",
        "添加 values: [...]，至少写一个值。",
    ),
    "selector-no-values": (
        "'{op}' 不接受 values",
        "使用运算符 {op} 时只看标签键；Kubernetes 会拒绝 'values'。",
        "删掉 'values'，或改用 In / NotIn。",
    ),
    "invalid-port": ("{field} {value} 不是端口号", "端口号的范围是 1 到 65535。", ""),
    "nodeport-clusterip": (
        "{type} 类型的 Service 不允许设置 nodePort",
        "{type} Service 只能在集群内部访问，所以 Kubernetes 拒绝在它上面设置 nodePort。不写 'type' 时，Service 就是 ClusterIP。",
        "在 spec 下添加 'type: NodePort'，或删掉 nodePort。",
    ),
    "nodeport-range": (
        "nodePort {port} 不在 30000-32767 范围内",
        "Kubernetes 只在 30000-32767 范围内（默认的 service-node-port-range）开放节点端口；其他值都会被拒绝。",
        "选一个 30000 到 32767 之间的端口，或者不写 nodePort，让 Kubernetes 自动分配。",
    ),
    "nodeport-duplicate": (
        "nodePort {port} 被用了两次",
        "spec.ports[{other}] 已经使用了 nodePort {port}；Kubernetes 会拒绝重复的值。",
        "给每个端口使用不同的 nodePort。",
    ),
    "port-duplicate": (
        "端口 {port}/{protocol} 出现了两次",
        "spec.ports[{other}] 已经有协议为 {protocol} 的端口 {port}；Kubernetes 会拒绝重复的端口。",
        "删掉一个，或换一个端口号或协议。",
    ),
    "port-name-duplicate": (
        "端口名称 '{name}' 被用了两次",
        "spec.ports[{other}] 已经叫 '{name}'；Kubernetes 会拒绝重复的名称。",
        "给每个端口起不同的名称。",
    ),
    "service-port-name-required": (
        "Service 有多个端口时，每个端口都需要名称",
        "端口多于一个时，Kubernetes 要求每个端口都有名称，以便 Endpoints 和 Ingress 区分它们。",
        "给这个端口加上名称，例如 'name: http'。",
    ),
    "service-selects-nothing": (
        "这个 Service 的选择算符没有选中文件中的任何 Pod",
        "Service 把流量发给同时带有 {selector} 的 Pod。这里没有这样的 Pod：{seen}。",
        "把 Pod 的标签（对 Deployment 来说是 spec.template.metadata.labels）复制到 Service 的 spec.selector 中。",
    ),
    "target-port-unknown": (
        "被选中的容器中没有名为 '{target}' 的端口",
        "命名的 targetPort 会把流量发给同名的容器端口。被选中的 Pod（{where}）的端口名称是：{names}。"
        "Kubernetes 会接受这个 Service，但这个端口不会有任何端点。",
        "{maybe}让容器端口使用相同的名称，或者改用端口号。",
    ),
    "target-port-undeclared": (
        "被选中的容器都没有声明端口 {target}",
        "被选中的 Pod（{where}）声明的 containerPort 是 {numbers}。只要程序在端口 {target} 上监听，流量仍然能到达；声明端口只起说明作用。",
        "确认容器实际监听的端口号。",
    ),
    "ingress-unknown-service": (
        "这份输入中没有名为 '{name}' 的 Service",
        "Ingress 按名称把流量发给 Service。这里的 Service 有：{known}。",
        "{maybe}把 Service 也写上，或者改正名称。",
    ),
    "ingress-no-service": (
        "这份输入中没有名为 '{name}' 的 Service",
        "Ingress 按名称把流量发给 Service。这份输入中没有 Service；只有集群中存在这个 Service 时，Ingress 才能工作。",
        "把 Service 也写上，或者改正名称。",
    ),
    "ingress-unknown-port": (
        "Service '{name}' 没有端口 {number}",
        "Ingress 必须指定 Service 的某个端口（spec.ports[].port）：{numbers}。容器的 targetPort 在这里不算。",
        "使用端口号 {only}。",
    ),
    "ingress-unknown-port-name": (
        "Service '{name}' 没有名为 '{port}' 的端口",
        "这个 Service 的端口名称是：{names}。",
        "{maybe}",
    ),
    "duplicate-container-name": (
        "有两个容器都叫 '{name}'",
        "{other} 已经使用了这个名称。Pod 中的每个容器（包括 Init 容器）都需要自己的名称。",
        "给其中一个改名。",
    ),
    "duplicate-volume-name": (
        "有两个卷都叫 '{name}'",
        "{other} 已经使用了这个名称；Kubernetes 会拒绝这个 Pod。",
        "给其中一个改名，并同时修改使用它的 volumeMounts。",
    ),
    "volume-mount-unknown": (
        "没有名为 '{name}' 的卷",
        "volumeMount 引用的是 Pod 的某个卷（spec.volumes）。这个 Pod 的卷有：{volumes}。",
        "{maybe}在 {where} 下添加一个名为 '{name}' 的卷。",
    ),
    "volume-mount-no-volumes": (
        "没有名为 '{name}' 的卷",
        "volumeMount 引用的是 Pod 的某个卷（spec.volumes）。这个 Pod 没有任何卷。",
        "在 {where} 下添加一个名为 '{name}' 的卷。",
    ),
    "duplicate-mount-path": (
        "有两个挂载都在 {path}",
        "volumeMounts[{other}] 已经挂载到这个路径；同一容器中的挂载路径必须互不相同。",
        "把第二个卷挂载到别的位置。",
    ),
    "duplicate-port-name": (
        "有两个端口都叫 '{name}'",
        "同一容器中的端口名称必须互不相同。",
        "给其中一个改名。",
    ),
    "invalid-quantity": (
        "'{value}' 不是有效的数量",
        "Kubernetes 的数量写成数字加可选的后缀。内存使用二进制后缀 Ki、Mi、Gi（1Mi = 1024 x 1024 字节）"
        "或十进制后缀 k、M、G（1M = 1,000,000 字节）。小写 'm' 表示千分之一：对 CPU 来说 500m 是半个核；"
        "对内存来说就成了不到一个字节。'mb' 或 'GB' 这样的单位不被接受。",
        "写成 {fixed}。",
    ),
    "invalid-quantity-example": (
        "'{value}' 不是有效的数量",
        "Kubernetes 的数量写成数字加可选的后缀：Ki、Mi、Gi（1024 的幂）或 k、M、G（1000 的幂），"
        "或者 m 表示千分之一（500m CPU = 半个核）。",
        "例如内存写 128Mi，CPU 写 500m。",
    ),
    "quantity-negative": (
        "{resource} 不能是负数",
        "资源的 requests 和 limits 必须大于或等于 0。",
        "",
    ),
    "quantity-millibytes": (
        "{resource}: {value} 表示千分之 {number} 字节",
        "小写 'm' 是毫（千分之一）。它适用于 CPU（500m = 半个核），不适用于字节。"
        "兆字节请写 M（1,000,000）或 Mi（1024 x 1024）。",
        "写成 {number}Mi。",
    ),
    "quantity-megacores": (
        "cpu: {value} 请求的是数百万个核",
        "CPU 以核计：1 是一个核，500m（小写 m）是半个核。M 和 Mi 是给字节用的倍数。",
        "写成 {number}m，表示千分之几个核。",
    ),
    "strategy-recreate": (
        "策略类型为 Recreate 时不能设置 rollingUpdate",
        "Recreate 会先停掉所有旧 Pod 再启动新 Pod，rollingUpdate 的设置没有意义；Kubernetes 会拒绝它们。",
        "删掉 rollingUpdate，或设置 type: RollingUpdate。",
    ),
    "strategy-percent": (
        "{field}: '{value}' 既不是数字也不是百分比",
        "{field} 是 Pod 的个数（1）或带 '%' 的百分比（25%）。加了引号又没有 '%' 的数字是文本，Kubernetes 会拒绝它。",
        "写成 {fixed} 或 {fixed}%。",
    ),
    "strategy-negative": (
        "{field} 不能是负数",
        "{field} 计的是 Pod 的个数，所以必须大于或等于 0。",
        "",
    ),
    "strategy-over-100": (
        "maxUnavailable {value} 超过了 100%",
        "maxUnavailable 表示更新期间最多可以缺少多少 Pod；超过全部 Pod 没有意义，Kubernetes 会拒绝它。",
        "使用 100% 或更小的值。",
    ),
    "strategy-both-zero": (
        "maxUnavailable 和 maxSurge 都是 0",
        "既不允许多出 Pod（maxSurge 为 0），也不允许缺少 Pod（maxUnavailable 为 0），更新就永远无法替换任何 Pod；Kubernetes 会拒绝它。",
        "设置 maxSurge: 1（或 maxUnavailable: 1）。",
    ),
    "restart-policy": (
        "{kind} 中不允许 restartPolicy {value}",
        "{kind} 要让它的 Pod 一直运行，所以 restartPolicy 必须是 {allowed}。",
        "删掉 restartPolicy（默认是 {default}），或使用 {allowed}。",
    ),
    "negative-value": (
        "{field} 不能是负数",
        "{field} 是一个计数，Kubernetes 只接受大于或等于 0 的值。",
        "",
    ),
    "progress-deadline": (
        "progressDeadlineSeconds 必须大于 minReadySeconds",
        "新 Pod 要 {ready} 秒才算就绪，不能在这之前（{deadline} 秒）就判定上线卡住；Kubernetes 会拒绝它。",
        "把 progressDeadlineSeconds 调到 {ready} 以上，或者删掉它（默认 600）。",
    ),
    "requests-exceed-limits": (
        "{resource} 的 request 高于 limit",
        "request（{request}）必须小于或等于 limit（{limit}）；Kubernetes 会拒绝这个 Pod。",
        "降低 request 或提高 limit。",
    ),
    "configmap-missing": (
        "这份输入中没有名为 '{name}' 的 ConfigMap",
        "在它的名字空间中存在同名的 ConfigMap 之前，这个 Pod 不会启动。这里的 ConfigMap 有：{known}。",
        "{maybe}把 ConfigMap 也写上、改正名称，或者加上 'optional: true'。",
    ),
    "configmap-none": (
        "这份输入中没有名为 '{name}' 的 ConfigMap",
        "在它的名字空间中存在同名的 ConfigMap 之前，这个 Pod 不会启动。这份输入中没有 ConfigMap；只有集群中存在这个 ConfigMap 时，Pod 才能启动。",
        "把 ConfigMap 也写上，或者加上 'optional: true'。",
    ),
    "configmap-key-missing": (
        "ConfigMap '{name}' 中没有键 '{key}'",
        "它的键有：{keys}。缺少这个键时，Pod 不会启动。",
        "{maybe}改正键名，或者把它加到 ConfigMap 中。",
    ),
}

#: Words and phrases the sentences above are built from.
_WORDS: dict[str, dict[str, str]] = {
    "en": {
        "name": "{kind} name",
        "namespace": "namespace name",
        "volume": "volume name",
        "container": "container name",
        "port": "port name",
        "service-port": "Service port name",
        "target-port": "targetPort name",
        "service": "Service name",
        "none": "none",
        "more": "and {count} more",
        "no-labels": "no labels",
        "no-name": "(no name)",
        "has-labels": "{kind} {name} has {labels}",
        "has-label": "{label}",
        "has-no-label": "no label '{key}'",
        "maybe": "Did you mean '{word}'? ",
        "DNS-1123 label": "DNS-1123 label",
        "DNS-1035 label": "DNS-1035 label",
        "DNS-1123 subdomain": "DNS-1123 subdomain",
        "IANA service name": "IANA service name",
        "rule-label": "at most 63 characters: lowercase letters, digits and '-', starting and "
        "ending with a letter or digit",
        "rule-1035": "at most 63 characters: lowercase letters, digits and '-', starting with a "
        "letter and ending with a letter or digit",
        "rule-subdomain": "at most 253 characters: lowercase letters, digits, '-' and '.', "
        "starting and ending with a letter or digit",
        "rule-iana": "at most 15 characters: lowercase letters, digits and '-', with at least "
        "one letter, and no '-' at the start, at the end or twice in a row",
        "too-long": "it is {length} characters long; the limit is {limit}",
        "empty": "it is empty",
        "empty-part": "it has an empty part between dots",
        "uppercase": "it has uppercase letters",
        "space": "it contains a space",
        "char": "it contains '{char}'",
        "no-letter": "it needs at least one letter",
        "dash-ends": "it starts or ends with '-'",
        "double-dash": "it has two '-' in a row",
        "first-letter": "it must start with a letter",
        "ends": "it must start and end with a letter or digit",
        "prefix-empty": "the part before '/' is empty",
        "prefix-bad": "its prefix '{prefix}' is not a DNS subdomain: {problem}",
        "name-empty": "the name part is empty",
        "name-too-long": "the name part is {length} characters long; the limit is 63",
        "name-chars": "the name part may hold only letters, digits, '-', '_' and '.', and must "
        "start and end with a letter or digit",
        "value-chars": "it may hold only letters, digits, '-', '_' and '.', and must start and "
        "end with a letter or digit",
        "b64-char": "it contains '{char}', which base64 does not use",
        "b64-length": "its length, {length}, is not a multiple of 4: '=' padding is missing "
        "or extra",
        "b64-hint-secret": "Put the plain text under stringData instead, or encode it: "
        "echo -n 'the value' | base64",
        "b64-hint-configmap": "Put text under data instead, or encode the file: base64 -w0 FILE",
    },
    "zh": {
        "name": " {kind} 名称",  # the space sets Latin apart from the Chinese before it
        "namespace": "名字空间名称",
        "volume": "卷名称",
        "container": "容器名称",
        "port": "端口名称",
        "service-port": " Service 端口名称",
        "target-port": " targetPort 名称",
        "service": " Service 名称",
        "none": "无",
        "more": "另有 {count} 个",
        "no-labels": "没有标签",
        "no-name": "（无名称）",
        "has-labels": "{kind} {name} 的标签是 {labels}",
        "has-label": "是 {label}",
        "has-no-label": "没有标签 '{key}'",
        "maybe": "你是不是想写 '{word}'？",
        "DNS-1123 label": "DNS-1123 标签",
        "DNS-1035 label": "DNS-1035 标签",
        "DNS-1123 subdomain": "DNS-1123 子域名",
        "IANA service name": "IANA 服务名",
        "rule-label": "最多 63 个字符，只含小写字母、数字和 '-'，以字母或数字开头和结尾",
        "rule-1035": "最多 63 个字符，只含小写字母、数字和 '-'，以字母开头，以字母或数字结尾",
        "rule-subdomain": "最多 253 个字符，只含小写字母、数字、'-' 和 '.'，以字母或数字开头和结尾",
        "rule-iana": "最多 15 个字符，只含小写字母、数字和 '-'，至少有一个字母，'-' 不能在开头、结尾或连续出现",
        "too-long": "它有 {length} 个字符，上限是 {limit}",
        "empty": "它是空的",
        "empty-part": "两个点之间是空的",
        "uppercase": "它含有大写字母",
        "space": "它含有空格",
        "char": "它含有 '{char}'",
        "no-letter": "它至少需要一个字母",
        "dash-ends": "它以 '-' 开头或结尾",
        "double-dash": "它含有两个连续的 '-'",
        "first-letter": "它必须以字母开头",
        "ends": "它必须以字母或数字开头和结尾",
        "prefix-empty": "'/' 前面的部分是空的",
        "prefix-bad": "它的前缀 '{prefix}' 不是 DNS 子域名：{problem}",
        "name-empty": "名称部分是空的",
        "name-too-long": "名称部分有 {length} 个字符，上限是 63",
        "name-chars": "名称部分只能包含字母、数字、'-'、'_' 和 '.'，并以字母或数字开头和结尾",
        "value-chars": "它只能包含字母、数字、'-'、'_' 和 '.'，并以字母或数字开头和结尾",
        "b64-char": "它含有 base64 不使用的字符 '{char}'",
        "b64-length": "它的长度 {length} 不是 4 的倍数：'=' 填充少了或多了",
        "b64-hint-secret": "把明文放到 stringData 下，或者先编码：echo -n '值' | base64",
        "b64-hint-configmap": "把文本放到 data 下，或者先编码文件：base64 -w0 文件",
    },
}
_TEXTS = {"en": _EN, "zh": _ZH}

#: A problem with a name: a word id from ``_WORDS`` and its fields.
Problem = tuple[str, dict[str, Any]]


# --- Name rules ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class NameRule:
    title: str
    rule: str
    limit: int

    def problem(self, name: str) -> Problem | None:
        raise NotImplementedError


class _Dns1123Label(NameRule):
    def problem(self, name: str) -> Problem | None:
        return _label_problem(name, 63, first_letter=False)


class _Dns1035Label(NameRule):
    def problem(self, name: str) -> Problem | None:
        return _label_problem(name, 63, first_letter=True)


class _Dns1123Subdomain(NameRule):
    def problem(self, name: str) -> Problem | None:
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


DNS1123_LABEL = _Dns1123Label("DNS-1123 label", "rule-label", 63)
DNS1035_LABEL = _Dns1035Label("DNS-1035 label", "rule-1035", 63)
DNS1123_SUBDOMAIN = _Dns1123Subdomain("DNS-1123 subdomain", "rule-subdomain", 253)
IANA_SVC_NAME = _IanaServiceName("IANA service name", "rule-iana", 15)

#: How Kubernetes validates ``metadata.name``, for the kinds where we know. Other kinds (RBAC
#: roles allow ``system:...``, for one) are left alone rather than guessed.
NAME_RULES: dict[str, NameRule] = {
    "Service": DNS1035_LABEL,
    "Namespace": DNS1123_LABEL,
    **dict.fromkeys(
        (
            "Pod",
            "ReplicaSet",
            "Deployment",
            "StatefulSet",
            "DaemonSet",
            "Job",
            "CronJob",
            "ReplicationController",
            "ConfigMap",
            "Secret",
            "Ingress",
            "IngressClass",
            "PersistentVolumeClaim",
            "PersistentVolume",
            "ServiceAccount",
            "NetworkPolicy",
        ),
        DNS1123_SUBDOMAIN,
    ),
}


def suggest_name(name: str, rule: NameRule) -> str | None:
    """The nearest valid name: lowercase, other characters turned into '-'."""
    keep = "-." if rule is DNS1123_SUBDOMAIN else "-"
    fixed = "".join(c if (c.isascii() and c.isalnum()) or c in keep else "-" for c in name.lower())
    fixed = re.sub(r"-{2,}", "-", fixed).strip("-.")
    fixed = fixed[: rule.limit].strip("-.")
    if rule is DNS1035_LABEL:
        fixed = fixed.lstrip("0123456789-")
    if fixed and fixed != name and rule.problem(fixed) is None:
        return fixed
    return None


def label_key_problem(key: str) -> Problem | None:
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
    if value == "":
        return None
    if len(value) > 63:
        return ("too-long", {"length": len(value), "limit": 63})
    if not _QUALIFIED_NAME.match(value):
        return ("value-chars", {})
    return None


# --- The checks ---------------------------------------------------------------------------------


#: Items a list in a sentence names; the rest are counted.
LIST_LIMIT = 10
#: Names one suggestion compares with, and the longest word or name it considers.
SUGGESTION_CANDIDATES, SUGGESTION_LENGTH = 64, 100


class _Context:
    """Every object in the input, indexed for the checks that relate objects, and the
    language to speak. Lookups are by key, so relating objects stays linear in their number."""

    def __init__(self, docs: list[Document], lang: str, budget: Budget | None = None) -> None:
        self.budget = budget or Budget()
        self.docs = [d for d in docs if isinstance(d, Document) and isinstance(d.data, dict)]
        self.configmaps = [d for d in self.docs if d.kind == "ConfigMap"]
        self.services = [d for d in self.docs if d.kind == "Service"]
        self.pod_makers = [d for d in self.docs if pod_spec_path(d) is not None]
        self.texts = _TEXTS.get(lang, _EN)
        self.words = _WORDS.get(lang, _WORDS["en"])
        self.configmap_names = _names(self.configmaps)
        self.service_names = _names(self.services)
        self._by_name = {
            "ConfigMap": _by_name(self.configmaps),
            "Service": _by_name(self.services),
        }
        self.pods = PodIndex(self.pod_makers)
        self._keys: dict[int, _KeyList] = {}
        self._sorted: dict[int, tuple[Any, list[str], list[str]]] = {}

    def configmap_keys(self, cm: Document) -> list[str]:
        """The keys of a ConfigMap (data and binaryData), computed once per ConfigMap."""
        keys = self._keys.get(id(cm))
        if keys is None:
            fields = ("data", "binaryData")
            keys = _KeyList(str(k) for f in fields for k in as_dict(cm.value_at((f,))))
            self._keys[id(cm)] = keys
        return keys

    def _named(self, kind: str, name: str, near: Document) -> Document | None:
        for doc in self._by_name[kind].get(name, ()):
            if same_namespace(doc, near):
                return doc
        return None

    def configmap(self, name: str, near: Document) -> Document | None:
        return self._named("ConfigMap", name, near)

    def service(self, name: str, near: Document) -> Document | None:
        return self._named("Service", name, near)

    def word(self, word: str, /, **fields: Any) -> Words:
        template = self.words.get(word, _WORDS["en"].get(word, word))
        return Words(template.format(**{k: quote(v) for k, v in fields.items()}))

    def problem(self, problem: Problem) -> Words:
        word, fields = problem
        fields = {k: self.problem(v) if isinstance(v, tuple) else v for k, v in fields.items()}
        return self.word(word, **fields)

    def listing(self, items: Iterable[Any]) -> Words:
        """At most LIST_LIMIT items, each quoted, and how many more there are."""
        items = list(items)
        shown = ", ".join(str(quote(i)) for i in items[:LIST_LIMIT])
        if len(items) > LIST_LIMIT:
            shown += ", " + self.word("more", count=len(items) - LIST_LIMIT)
        return Words(shown or self.word("none"))

    def maybe(self, word: str, options: Iterable[str]) -> Words:
        """" Did you mean ...?" for the option closest to ``word``, if one is close.

        Bounded: no suggestion for an overlong word, the check's budget of lookups, and each
        compares ``word`` with at most SUGGESTION_CANDIDATES options (those
        sharing the longest beginnings and endings with it, where a typo usually is not).
        """
        if not isinstance(word, str) or len(word) > SUGGESTION_LENGTH:
            return Words("")
        if not self.budget.suggest():
            return Words("")
        close = difflib.get_close_matches(word, self._candidates(word, options), n=1)
        return self.word("maybe", word=close[0]) if close else Words("")

    def _candidates(self, word: str, options: Iterable[str]) -> list[str]:
        cached = self._sorted.get(id(options))
        if cached is None or cached[0] is not options:
            names = sorted({o for o in options if isinstance(o, str)
                            and len(o) <= SUGGESTION_LENGTH})
            cached = (options, names, sorted(n[::-1] for n in names))
            self._sorted[id(options)] = cached  # keeps ``options`` alive: its id stays its own
        _, names, backwards = cached
        if len(names) <= SUGGESTION_CANDIDATES:
            return names
        half = SUGGESTION_CANDIDATES // 4
        i = bisect.bisect_left(names, word)
        j = bisect.bisect_left(backwards, word[::-1])
        return [*names[max(0, i - half) : i + half],
                *(n[::-1] for n in backwards[max(0, j - half) : j + half])]

    def labels(self, labels: dict) -> Words:
        if not labels:
            return self.word("no-labels")
        return self.listing(f"{quote(k)}={quote(v)}" for k, v in labels.items())

    def at(
        self,
        doc: Document,
        path: DocPath,
        severity: Severity,
        code: str,
        text: str | None = None,
        /,
        *,
        on_key: bool = False,
        hint: bool = True,
        **fields: Any,
    ) -> Finding:
        """A finding at ``path`` (its key when ``on_key``, else its value), worded by ``text``.

        Values from the manifest are quoted; pieces made by ``word``/``listing`` stay whole.
        """
        pos = doc.pos(path, prefer_key=on_key)
        if not self.budget.word(code):
            return unworded(code, pos.line, pos.column, path=format_path(path), severity=severity)
        message, explanation, hint_text = self.texts.get(text or code, _EN[text or code])
        fields = {k: quote(v) for k, v in fields.items()}
        return Finding(
            severity=severity,
            line=pos.line,
            column=pos.column,
            code=code,
            message=message.format(**fields).strip(),
            path=quote(format_path(path), 200),
            explanation=explanation.format(**fields).strip(),
            hint=hint_text.format(**fields).strip() if hint else "",
        )


def _names(docs: list[Document]) -> list[str]:
    return [d.name for d in docs if d.name]


def _by_name(docs: list[Document]) -> dict[str, list[Document]]:
    out: dict[str, list[Document]] = {}
    for doc in docs:
        if doc.name:
            out.setdefault(doc.name, []).append(doc)
    return out


_SCALARS = (str, int, float, bool, type(None))


@dataclass
class Selection:
    """What a selector selects among the Pod makers, and what their containers declare."""

    docs: list[Document]
    port_names: list[str]
    port_numbers: list[int]


class PodIndex:
    """The Pod makers by each of their labels (``key=value``), so a selector finds what it
    selects by intersecting a few sets instead of testing every Pod maker.

    A selection is computed once per selector and namespace, however many Services share it.
    """

    def __init__(self, pod_makers: list[Document]) -> None:
        self.pod_makers = pod_makers
        self.by_label: dict[tuple[str, str], set[int]] = {}
        for i, doc in enumerate(pod_makers):
            for key, value in pod_labels(doc).items():
                if isinstance(value, _SCALARS):
                    self.by_label.setdefault((key, value), set()).add(i)
        self._cache: dict[tuple, Selection] = {}

    def selected(self, selector: dict, near: Document) -> Selection:
        """The Pod makers in ``near``'s namespace that ``selector`` (a plain map) selects, as
        :func:`selector_selects` says; an empty selector selects nothing."""
        pairs = list(selector.items())
        if not pairs or not all(isinstance(v, _SCALARS) for _, v in pairs):
            return Selection([], [], [])
        key = (frozenset(pairs), namespace(near))
        if key in self._cache:
            return self._cache[key]
        sets = sorted((self.by_label.get(p, set()) for p in pairs), key=len)
        chosen = set(sets[0]).intersection(*sets[1:]) if sets[0] else set()
        docs = [self.pod_makers[i] for i in sorted(chosen)]
        docs = [d for d in docs if same_namespace(d, near)]
        names: set[str] = set()
        numbers: set[int] = set()
        for d in docs:
            for _, container in containers(d):
                for p in as_list(container.get("ports")):
                    if isinstance(p, dict):
                        if isinstance(p.get("name"), str):
                            names.add(p["name"])
                        number = _int(p.get("containerPort"))
                        if number is not None:
                            numbers.add(number)
        selection = Selection(docs, sorted(names), sorted(numbers))
        self._cache[key] = selection
        return selection


def _missing_reference(ctx, doc: Document, path: DocPath, code: str, none_code: str,
                       name: str, known: list[str]) -> Finding:
    """A warning that ``name`` refers to an object not in the input, listing those that are
    (or, with ``none_code``'s wording, saying there are none)."""
    return ctx.at(doc, path, Severity.WARNING, code, None if known else none_code, name=name,
                  known=ctx.listing(known), maybe=ctx.maybe(name, known))


def semantic_findings(
    docs: list[Document], lang: str = "en", budget: Budget | None = None
) -> list[Finding]:
    """Every meaning problem in ``docs`` (all objects of one input), in text order.

    A check that fails on one object costs only its own findings there: it becomes an
    internal-error finding at that object, naming the check.
    """
    ctx = _Context(list(docs) if isinstance(docs, (list, tuple)) else [], lang, budget)
    findings: list[Finding] = []
    for doc in ctx.docs:
        for check in _checks_for(doc.kind):
            try:
                findings.extend(check(doc, ctx))
            except Exception as exc:
                findings.append(internal_error(exc, "semantic", doc.start, lang, check.__name__))
    findings.sort(key=lambda f: (f.line, f.column))
    return findings


def _line_col(doc: Document, path: DocPath) -> tuple[int, int]:
    pos = doc.pos(path, prefer_key=False)
    return pos.line, pos.column


def _check_name(
    doc: Document, ctx: _Context, path: DocPath, what: str, rule: NameRule
) -> Iterator[Finding]:
    name = doc.value_at(path)
    if not isinstance(name, str):
        return
    problem = rule.problem(name)
    if problem is None:
        return
    fixed = suggest_name(name, rule)
    yield ctx.at(
        doc,
        path,
        Severity.ERROR,
        "invalid-name",
        hint=fixed is not None,
        name=name,
        what=what,
        title=ctx.word(rule.title),
        rule=ctx.word(rule.rule),
        problem=ctx.problem(problem),
        fixed=fixed,
    )


def check_names(doc: Document, ctx: _Context) -> Iterator[Finding]:
    rule = NAME_RULES.get(doc.kind or "")
    if rule is not None:
        yield from _check_name(
            doc, ctx, ("metadata", "name"), ctx.word("name", kind=doc.kind), rule
        )
    yield from _check_name(
        doc, ctx, ("metadata", "namespace"), ctx.word("namespace"), DNS1123_LABEL
    )
    spec = pod_spec_path(doc)
    if spec is not None:
        for i, _ in enumerate(as_list(doc.value_at((*spec, "volumes")))):
            yield from _check_name(
                doc, ctx, (*spec, "volumes", i, "name"), ctx.word("volume"), DNS1123_LABEL
            )
    for path, container in containers(doc):
        yield from _check_name(doc, ctx, (*path, "name"), ctx.word("container"), DNS1123_LABEL)
        for j, _ in enumerate(as_list(container.get("ports"))):
            yield from _check_name(
                doc, ctx, (*path, "ports", j, "name"), ctx.word("port"), IANA_SVC_NAME
            )
    if doc.kind == "Service":
        for i, port in enumerate(as_list(doc.value_at(("spec", "ports")))):
            yield from _check_name(
                doc, ctx, ("spec", "ports", i, "name"), ctx.word("service-port"), DNS1123_LABEL
            )
            if isinstance(as_dict(port).get("targetPort"), str):
                yield from _check_name(
                    doc,
                    ctx,
                    ("spec", "ports", i, "targetPort"),
                    ctx.word("target-port"),
                    IANA_SVC_NAME,
                )
    for field in _DATA_FIELDS.get(doc.kind or "", ()):
        for key in as_dict(doc.value_at((field,))):
            if not isinstance(key, str):
                continue
            dots = key in (".", "..") or key.startswith("..")
            if dots or len(key) > 253 or not _CONFIGMAP_KEY.match(key):
                fixed = re.sub(r"[^-._a-zA-Z0-9]", "-", key).lstrip(".")[:253] or "key"
                yield ctx.at(
                    doc,
                    (field, key),
                    Severity.ERROR,
                    "invalid-key",
                    "invalid-key-dots" if dots else None,
                    on_key=True,
                    fixed=fixed,
                    key=key,
                    kind=doc.kind,
                )


def _label_maps(doc: Document) -> Iterator[DocPath]:
    yield ("metadata", "labels")
    labels = pod_labels_path(doc)
    if labels and labels != ("metadata", "labels"):
        yield labels
    if doc.kind in SELECTOR_KINDS or doc.kind == "Job":
        yield ("spec", "selector", "matchLabels")
    if doc.kind in ("Service", "ReplicationController"):
        yield ("spec", "selector")


def check_labels(doc: Document, ctx: _Context) -> Iterator[Finding]:
    for path in _label_maps(doc):
        for label, value in as_dict(doc.value_at(path)).items():
            if not isinstance(label, str):
                continue
            problem = label_key_problem(label)
            if problem:
                yield ctx.at(
                    doc,
                    (*path, label),
                    Severity.ERROR,
                    "invalid-label",
                    "invalid-label-key",
                    on_key=True,
                    problem=ctx.problem(problem),
                    key=label,
                )
            if isinstance(value, str):
                problem = label_value_problem(value)
                if problem:
                    yield ctx.at(
                        doc,
                        (*path, label),
                        Severity.ERROR,
                        "invalid-label",
                        "invalid-label-value",
                        value=value,
                        problem=ctx.problem(problem),
                    )


_OPERATORS = ("In", "NotIn", "Exists", "DoesNotExist")


def check_workload_selector(doc: Document, ctx: _Context) -> Iterator[Finding]:
    if doc.kind not in SELECTOR_KINDS:
        return
    selector = doc.value_at(("spec", "selector"))
    if not isinstance(selector, dict):
        return
    if not isinstance(doc.value_at(("spec", "template")), dict):
        return  # the schema stage says the template is missing
    where = format_path(pod_labels_path(doc) or ())
    labels = pod_labels(doc)
    kind = doc.kind
    match_labels = selector.get("matchLabels")
    expressions = selector.get("matchExpressions")
    if not as_dict(match_labels) and not as_list(expressions):
        yield ctx.at(
            doc,
            ("spec", "selector"),
            Severity.ERROR,
            "selector-empty",
            on_key=True,
            kind=kind,
            value=next(iter(labels.values()), "web"),
            key=next(iter(labels), "app"),
        )
        return
    shown = ctx.labels(labels)
    for label, value in as_dict(match_labels).items():
        if not isinstance(value, str) or labels.get(label) == value:
            continue
        if label in labels and not isinstance(labels[label], str):
            continue  # a label that is not text: the schema reports that first
        yield ctx.at(
            doc,
            ("spec", "selector", "matchLabels", label),
            Severity.ERROR,
            "selector-mismatch",
            "selector-value" if label in labels else "selector-key",
            on_key=True,
            value=value,
            has=labels.get(label),
            where=where,
            labels=shown,
            kind=kind,
            key=label,
        )
    for i, expr in enumerate(as_list(expressions)):
        if not isinstance(expr, dict):
            continue
        path = ("spec", "selector", "matchExpressions", i)
        label, op, values = expr.get("key"), expr.get("operator"), as_list(expr.get("values"))
        if not isinstance(label, str) or not isinstance(op, str):
            continue
        if op not in _OPERATORS:
            continue  # the schema reports an unknown operator (unsupported-value)
        if op in ("In", "NotIn") and not values:
            yield ctx.at(
                doc, path, Severity.ERROR, "invalid-selector", "selector-needs-values", op=op
            )
            continue
        if op in ("Exists", "DoesNotExist") and values:
            yield ctx.at(
                doc,
                (*path, "values"),
                Severity.ERROR,
                "invalid-selector",
                "selector-no-values",
                on_key=True,
                op=op,
            )
            continue
        if not isinstance(labels.get(label, ""), str):
            continue  # a label that is not text: the schema reports that first
        present = label in labels
        holds = {
            "In": present and labels.get(label) in values,
            "NotIn": not present or labels.get(label) not in values,
            "Exists": present,
            "DoesNotExist": not present,
        }[op]
        if holds:
            continue
        has = (
            ctx.word("has-label", label=f"{label}={labels[label]}")
            if present
            else ctx.word("has-no-label", key=label)
        )
        listed = f" [{', '.join(map(str, values))}]" if values else ""
        yield ctx.at(
            doc,
            (*path, "key"),
            Severity.ERROR,
            "selector-mismatch",
            "selector-expression",
            on_key=True,
            expression=f"{label} {op}{listed}",
            has=has,
            where=where,
            labels=shown,
            kind=kind,
        )


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def check_service(doc: Document, ctx: _Context) -> Iterator[Finding]:
    if doc.kind != "Service":
        return
    spec = as_dict(doc.value_at(("spec",)))
    svc_type = spec.get("type", "ClusterIP")
    ports = as_list(spec.get("ports"))
    seen_ports: dict[tuple, int] = {}
    seen_names: dict[str, int] = {}
    seen_node: dict[int, int] = {}
    for i, port in enumerate(ports):
        if not isinstance(port, dict):
            continue
        path = ("spec", "ports", i)
        number, node_port = _int(port.get("port")), _int(port.get("nodePort"))
        for field, value in (("port", number), ("targetPort", _int(port.get("targetPort")))):
            # targetPort 0 means "same as port"
            if (
                value is not None
                and not 1 <= value <= 65535
                and (field, value) != ("targetPort", 0)
            ):
                yield ctx.at(
                    doc, (*path, field), Severity.ERROR, "invalid-port", field=field, value=value
                )
        if node_port:
            if svc_type in ("ClusterIP", "ExternalName"):
                yield ctx.at(
                    doc,
                    (*path, "nodePort"),
                    Severity.ERROR,
                    "nodeport-clusterip",
                    on_key=True,
                    type=svc_type,
                )
            elif not NODE_PORT_RANGE[0] <= node_port <= NODE_PORT_RANGE[1]:
                yield ctx.at(
                    doc, (*path, "nodePort"), Severity.ERROR, "nodeport-range", port=node_port
                )
            elif node_port in seen_node:
                yield ctx.at(
                    doc,
                    (*path, "nodePort"),
                    Severity.ERROR,
                    "service-port-duplicate",
                    "nodeport-duplicate",
                    port=node_port,
                    other=seen_node[node_port],
                )
            seen_node.setdefault(node_port, i)
        protocol = port.get("protocol", "TCP")
        if number is not None and isinstance(protocol, str):
            if (number, protocol) in seen_ports:
                yield ctx.at(
                    doc,
                    (*path, "port"),
                    Severity.ERROR,
                    "service-port-duplicate",
                    "port-duplicate",
                    port=number,
                    protocol=protocol,
                    other=seen_ports[(number, protocol)],
                )
            seen_ports.setdefault((number, protocol), i)
        name = port.get("name")
        if isinstance(name, str):
            if name in seen_names:
                yield ctx.at(
                    doc,
                    (*path, "name"),
                    Severity.ERROR,
                    "service-port-duplicate",
                    "port-name-duplicate",
                    name=name,
                    other=seen_names[name],
                )
            seen_names.setdefault(name, i)
        elif name is None and len(ports) > 1:
            yield ctx.at(doc, path, Severity.ERROR, "service-port-name-required")
    yield from _check_service_targets(doc, ctx)


def _describe(doc: Document, ctx: _Context) -> Words:
    return Words(f"{quote(doc.kind)} {quote(doc.name) if doc.name else ctx.word('no-name')}")


def _check_service_targets(svc: Document, ctx: _Context) -> Iterator[Finding]:
    selector = svc.value_at(("spec", "selector"))
    if not isinstance(selector, dict) or not selector or not ctx.pod_makers:
        return
    if not all(isinstance(v, str) for v in selector.values()):
        return
    selection = ctx.pods.selected(selector, svc)
    selected = selection.docs
    if not selected:
        seen = "; ".join(
            ctx.word(
                "has-labels",
                kind=d.kind,
                name=d.name or ctx.word("no-name"),
                labels=ctx.labels(pod_labels(d)),
            )
            for d in ctx.pod_makers[:3]
        )
        seen = Words(seen)
        yield ctx.at(
            svc,
            ("spec", "selector"),
            Severity.WARNING,
            "service-selects-nothing",
            on_key=True,
            selector=ctx.labels(selector),
            seen=seen,
        )
        return
    names, numbers = selection.port_names, selection.port_numbers
    where = Words(", ".join(_describe(d, ctx) for d in selected[:3]))
    for i, port in enumerate(as_list(svc.value_at(("spec", "ports")))):
        if not isinstance(port, dict):
            continue
        target = port.get("targetPort", port.get("port"))
        path = ("spec", "ports", i, "targetPort" if "targetPort" in port else "port")
        if isinstance(target, str) and target not in names:
            yield ctx.at(
                svc,
                path,
                Severity.WARNING,
                "target-port-unknown",
                target=target,
                where=where,
                names=ctx.listing(names),
                maybe=ctx.maybe(target, names),
            )
        elif _int(target) and numbers and target not in numbers:
            yield ctx.at(
                svc,
                path,
                Severity.INFO,
                "target-port-undeclared",
                target=target,
                where=where,
                numbers=ctx.listing(numbers),
            )


def check_ingress(doc: Document, ctx: _Context) -> Iterator[Finding]:
    if doc.kind != "Ingress":
        return
    backends: list[DocPath] = [("spec", "defaultBackend")]
    for i, rule in enumerate(as_list(doc.value_at(("spec", "rules")))):
        paths = as_list(as_dict(as_dict(rule).get("http")).get("paths"))
        backends.extend(
            ("spec", "rules", i, "http", "paths", j, "backend") for j in range(len(paths))
        )
    for backend in backends:
        svc_path = (*backend, "service")
        service = doc.value_at(svc_path)
        if not isinstance(service, dict) or not isinstance(service.get("name"), str):
            continue
        name = service["name"]
        yield from _check_name(doc, ctx, (*svc_path, "name"), ctx.word("service"), DNS1035_LABEL)
        yield from _check_name(
            doc, ctx, (*svc_path, "port", "name"), ctx.word("port"), IANA_SVC_NAME
        )
        target = ctx.service(name, doc)
        if target is None:
            yield _missing_reference(ctx, doc, (*svc_path, "name"), "ingress-unknown-service",
                                     "ingress-no-service", name, ctx.service_names)
            continue
        port = as_dict(service.get("port"))
        svc_ports = [p for p in as_list(target.value_at(("spec", "ports"))) if isinstance(p, dict)]
        numbers = [n for n in (_int(p.get("port")) for p in svc_ports) if n is not None]
        names = [p["name"] for p in svc_ports if isinstance(p.get("name"), str)]
        number, port_name = _int(port.get("number")), port.get("name")
        if number is not None and number not in numbers:
            yield ctx.at(
                doc,
                (*svc_path, "port", "number"),
                Severity.WARNING,
                "ingress-unknown-port",
                hint=len(numbers) == 1,
                name=name,
                number=number,
                numbers=ctx.listing(numbers),
                only=numbers[0] if numbers else "",
            )
        elif isinstance(port_name, str) and port_name not in names:
            yield ctx.at(
                doc,
                (*svc_path, "port", "name"),
                Severity.WARNING,
                "ingress-unknown-port",
                "ingress-unknown-port-name",
                name=name,
                port=port_name,
                names=ctx.listing(names),
                maybe=ctx.maybe(port_name, names),
            )


def check_pod_spec(doc: Document, ctx: _Context) -> Iterator[Finding]:
    spec = pod_spec_path(doc)
    if spec is None:
        return
    seen: dict[str, DocPath] = {}
    named = [(path, c["name"]) for path, c in containers(doc) if isinstance(c.get("name"), str)]
    named.sort(key=lambda item: _line_col(doc, (*item[0], "name")))
    for path, name in named:
        if name in seen:
            yield ctx.at(
                doc,
                (*path, "name"),
                Severity.ERROR,
                "duplicate-container-name",
                name=name,
                other=format_path(seen[name]),
            )
        else:
            seen[name] = path
    volumes: dict[str, DocPath] = {}
    for i, volume in enumerate(as_list(doc.value_at((*spec, "volumes")))):
        name = as_dict(volume).get("name")
        if not isinstance(name, str):
            continue
        if name in volumes:
            yield ctx.at(
                doc,
                (*spec, "volumes", i, "name"),
                Severity.ERROR,
                "duplicate-volume-name",
                name=name,
                other=format_path(volumes[name]),
            )
        else:
            volumes[name] = (*spec, "volumes", i)
    for path, container in containers(doc):
        mount_paths: dict[str, int] = {}
        for j, mount in enumerate(as_list(container.get("volumeMounts"))):
            mount = as_dict(mount)
            name, mount_path = mount.get("name"), mount.get("mountPath")
            if isinstance(name, str) and name not in volumes:
                yield ctx.at(
                    doc,
                    (*path, "volumeMounts", j, "name"),
                    Severity.ERROR,
                    "volume-mount-unknown",
                    None if volumes else "volume-mount-no-volumes",
                    name=name,
                    volumes=ctx.listing(volumes),
                    maybe=ctx.maybe(name, volumes),
                    where=format_path((*spec, "volumes")),
                )
            if isinstance(mount_path, str):
                if mount_path in mount_paths:
                    yield ctx.at(
                        doc,
                        (*path, "volumeMounts", j, "mountPath"),
                        Severity.ERROR,
                        "duplicate-mount-path",
                        path=mount_path,
                        other=mount_paths[mount_path],
                    )
                mount_paths.setdefault(mount_path, j)
        yield from _check_resources(doc, ctx, path, container)
        yield from _check_container_ports(doc, ctx, path, container)
    yield from _check_configmap_refs(doc, spec, ctx)


def _check_container_ports(
    doc: Document, ctx: _Context, path: DocPath, container: dict
) -> Iterator[Finding]:
    names: set[str] = set()
    for j, port in enumerate(as_list(container.get("ports"))):
        port = as_dict(port)
        number = _int(port.get("containerPort"))
        if number is not None and not 1 <= number <= 65535:
            yield ctx.at(
                doc,
                (*path, "ports", j, "containerPort"),
                Severity.ERROR,
                "invalid-port",
                field="containerPort",
                value=number,
            )
        name = port.get("name")
        if isinstance(name, str):
            if name in names:
                yield ctx.at(
                    doc,
                    (*path, "ports", j, "name"),
                    Severity.ERROR,
                    "duplicate-port-name",
                    name=name,
                )
            names.add(name)


_MEMORY_LIKE = ("memory", "ephemeral-storage", "storage")
_BIG_SUFFIXES = ("M", "G", "T", "P", "E")


def _check_resources(
    doc: Document, ctx: _Context, path: DocPath, container: dict
) -> Iterator[Finding]:
    resources = as_dict(container.get("resources"))
    amounts: dict[str, dict[str, Any]] = {}
    for group in ("requests", "limits"):
        for resource, value in as_dict(resources.get(group)).items():
            if not isinstance(resource, str):
                continue
            at = (*path, "resources", group, resource)
            amount = parse_quantity(value)
            if isinstance(value, bool):
                continue  # the schema reports yes/no/true read as a boolean (unquoted-bool)
            if amount is None:
                if isinstance(value, str):
                    fixed = suggest_quantity(value)
                    yield ctx.at(
                        doc,
                        at,
                        Severity.ERROR,
                        "invalid-quantity",
                        None if fixed else "invalid-quantity-example",
                        value=value,
                        fixed=fixed,
                    )
                continue
            if amount < 0:
                yield ctx.at(
                    doc,
                    at,
                    Severity.ERROR,
                    "invalid-quantity",
                    "quantity-negative",
                    resource=resource,
                )
                continue
            amounts.setdefault(resource, {})[group] = (amount, value)
            text = value if isinstance(value, str) else ""
            if resource in _MEMORY_LIKE and text.endswith("m"):
                yield ctx.at(
                    doc,
                    at,
                    Severity.WARNING,
                    "quantity-unit",
                    "quantity-millibytes",
                    resource=resource,
                    value=text,
                    number=text[:-1],
                )
            elif resource == "cpu" and (text[-2:] in BINARY_SUFFIXES or text[-1:] in _BIG_SUFFIXES):
                yield ctx.at(
                    doc,
                    at,
                    Severity.WARNING,
                    "quantity-unit",
                    "quantity-megacores",
                    value=text,
                    number=text.rstrip("iMGTPE"),
                )
    for resource, both in amounts.items():
        if "requests" in both and "limits" in both and both["requests"][0] > both["limits"][0]:
            yield ctx.at(
                doc,
                (*path, "resources", "requests", resource),
                Severity.ERROR,
                "requests-exceed-limits",
                resource=resource,
                request=both["requests"][1],
                limit=both["limits"][1],
            )


def _check_configmap_refs(doc: Document, spec: DocPath, ctx: _Context) -> Iterator[Finding]:
    # (path to the reference, ConfigMap name, optional, [(path to key, key)])
    refs: list[tuple[DocPath, str, bool, list[tuple[DocPath, str]]]] = []

    def add(path: DocPath, ref: dict, keys: list[tuple[DocPath, str]]) -> None:
        name = ref.get("name")
        if isinstance(name, str):
            refs.append((path, name, ref.get("optional") is True, keys))

    def item_keys(path: DocPath, source: dict) -> list[tuple[DocPath, str]]:
        return [
            ((*path, "items", k, "key"), item["key"])
            for k, item in enumerate(as_list(source.get("items")))
            if isinstance(item, dict) and isinstance(item.get("key"), str)
        ]

    for i, volume in enumerate(as_list(doc.value_at((*spec, "volumes")))):
        volume = as_dict(volume)
        cm = volume.get("configMap")
        if isinstance(cm, dict):
            path = (*spec, "volumes", i, "configMap")
            add(path, cm, item_keys(path, cm))
        for k, source in enumerate(as_list(as_dict(volume.get("projected")).get("sources"))):
            cm = as_dict(source).get("configMap")
            if isinstance(cm, dict):
                path = (*spec, "volumes", i, "projected", "sources", k, "configMap")
                add(path, cm, item_keys(path, cm))
    for path, container in containers(doc):
        for j, env in enumerate(as_list(container.get("env"))):
            ref = as_dict(as_dict(as_dict(env).get("valueFrom")).get("configMapKeyRef"))
            key = ref.get("key")
            ref_path = (*path, "env", j, "valueFrom", "configMapKeyRef")
            add(ref_path, ref, [((*ref_path, "key"), key)] if isinstance(key, str) else [])
        for j, source in enumerate(as_list(container.get("envFrom"))):
            ref = as_dict(source).get("configMapRef")
            if isinstance(ref, dict):
                add((*path, "envFrom", j, "configMapRef"), ref, [])
    for path, name, optional, keys in refs:
        if optional:
            continue
        cm = ctx.configmap(name, doc)
        if cm is None:
            yield _missing_reference(ctx, doc, (*path, "name"), "configmap-missing",
                                     "configmap-none", name, ctx.configmap_names)
            continue
        have = ctx.configmap_keys(cm)
        for key_path, key in keys:
            if key not in have:
                yield ctx.at(
                    doc,
                    key_path,
                    Severity.WARNING,
                    "configmap-key-missing",
                    name=name,
                    keys=ctx.listing(have),
                    maybe=ctx.maybe(key, have),
                    key=key,
                )


class _KeyList(list):
    """A list of keys with a set beside it: ``key in keys`` without a scan."""

    def __init__(self, items: Iterable[str]) -> None:
        super().__init__(items)
        self._set = frozenset(self)

    def __contains__(self, item: object) -> bool:
        return item in self._set


def _base64_problem(value: str) -> Problem | None:
    """Why Go's base64.StdEncoding (as Kubernetes decodes []byte) refuses ``value``, if it does."""
    text = value.replace("\r", "").replace("\n", "")
    if _BASE64.match(text) and len(text) % 4 == 0:
        try:
            base64.b64decode(text, validate=True)
        except (binascii.Error, ValueError):
            return ("b64-length", {"length": len(text)})
        return None
    bad = next(
        (c for c in text.rstrip("=") if not (c.isascii() and (c.isalnum() or c in "+/"))), None
    )
    if bad is not None:
        return ("b64-char", {"char": bad})
    return ("b64-length", {"length": len(text)})


def check_data(doc: Document, ctx: _Context) -> Iterator[Finding]:
    """A ConfigMap's or Secret's data: base64 where bytes go, each ConfigMap key once."""
    if doc.kind == "ConfigMap":
        data, binary = as_dict(doc.value_at(("data",))), as_dict(doc.value_at(("binaryData",)))
        for key in data.keys() & binary.keys():
            first, second = ("data", key), ("binaryData", key)
            if _line_col(doc, first) > _line_col(doc, second):
                first, second = second, first
            yield ctx.at(
                doc,
                second,
                Severity.ERROR,
                "data-key-twice",
                on_key=True,
                key=key,
                field=first[0],
                line=doc.pos(first).line,
            )
        fields = ("binaryData",)
    elif doc.kind == "Secret":
        fields = ("data",)
    else:
        return
    for field in fields:
        for key, value in as_dict(doc.value_at((field,))).items():
            if not isinstance(value, str):
                continue  # the schema reports a number or a boolean
            problem = _base64_problem(value)
            if problem is None:
                continue
            yield ctx.at(
                doc,
                (field, key),
                Severity.ERROR,
                "invalid-base64",
                key=key,
                field=field,
                kind=doc.kind,
                problem=ctx.problem(problem),
                advice=ctx.word(
                    "b64-hint-secret" if doc.kind == "Secret" else "b64-hint-configmap"
                ),
            )


_PERCENT = re.compile(r"^[0-9]+%$")


def check_strategy(doc: Document, ctx: _Context) -> Iterator[Finding]:
    """A Deployment's update strategy, as Kubernetes validates it."""
    if doc.kind != "Deployment":
        return
    strategy = doc.value_at(("spec", "strategy"))
    if not isinstance(strategy, dict):
        return
    rolling = strategy.get("rollingUpdate")
    if strategy.get("type") == "Recreate":
        if rolling is not None:
            yield ctx.at(
                doc,
                ("spec", "strategy", "rollingUpdate"),
                Severity.ERROR,
                "invalid-strategy",
                "strategy-recreate",
                on_key=True,
            )
        return
    if not isinstance(rolling, dict):
        return
    amounts = {}
    for field in ("maxSurge", "maxUnavailable"):
        value = rolling.get(field, "25%")
        at = ("spec", "strategy", "rollingUpdate", field)
        if isinstance(value, bool):
            continue  # the schema reports it
        if isinstance(value, str) and value.startswith("-") and _PERCENT.match(value[1:]):
            yield ctx.at(
                doc, at, Severity.ERROR, "invalid-strategy", "strategy-negative", field=field
            )
            continue
        if isinstance(value, str) and not _PERCENT.match(value):
            fixed = value.strip().rstrip("%").strip()
            yield ctx.at(
                doc,
                at,
                Severity.ERROR,
                "invalid-strategy",
                "strategy-percent",
                hint=fixed.isdigit(),
                field=field,
                value=value,
                fixed=fixed,
            )
            continue
        if isinstance(value, int) and value < 0:
            yield ctx.at(
                doc, at, Severity.ERROR, "invalid-strategy", "strategy-negative", field=field
            )
            continue
        if field == "maxUnavailable" and isinstance(value, str) and int(value[:-1]) > 100:
            yield ctx.at(
                doc, at, Severity.ERROR, "invalid-strategy", "strategy-over-100", value=value
            )
            continue
        amounts[field] = int(value[:-1]) if isinstance(value, str) else value
    if amounts.get("maxSurge") == 0 and amounts.get("maxUnavailable") == 0:
        yield ctx.at(
            doc,
            ("spec", "strategy", "rollingUpdate", "maxUnavailable"),
            Severity.ERROR,
            "invalid-strategy",
            "strategy-both-zero",
        )


#: The restartPolicy values a workload's Pod template may have; the first is the default.
_RESTART_POLICIES = {
    **dict.fromkeys(
        ("ReplicaSet", "Deployment", "StatefulSet", "DaemonSet", "ReplicationController"),
        ("Always",),
    ),
    "Job": ("OnFailure", "Never"),
    "CronJob": ("OnFailure", "Never"),
}


def check_restart_policy(doc: Document, ctx: _Context) -> Iterator[Finding]:
    allowed = _RESTART_POLICIES.get(doc.kind or "")
    spec = pod_spec_path(doc)
    if allowed is None or spec is None:
        return
    value = doc.value_at((*spec, "restartPolicy"))
    if not isinstance(value, str) or value in allowed:
        return
    if value not in ("Always", "OnFailure", "Never"):
        return  # the schema reports a value outside the enum
    yield ctx.at(
        doc,
        (*spec, "restartPolicy"),
        Severity.ERROR,
        "restart-policy",
        value=value,
        kind=doc.kind,
        allowed=" / ".join(allowed),
        default=allowed[0] if doc.kind not in ("Job", "CronJob") else "-",
        hint=doc.kind not in ("Job", "CronJob"),
    )


#: Counts Kubernetes rejects when negative, per kind (paths from the object's root).
_COUNTS = {
    "Deployment": (
        "replicas",
        "minReadySeconds",
        "revisionHistoryLimit",
        "progressDeadlineSeconds",
    ),
    "ReplicaSet": ("replicas", "minReadySeconds"),
    "StatefulSet": ("replicas", "minReadySeconds", "revisionHistoryLimit"),
    "DaemonSet": ("minReadySeconds", "revisionHistoryLimit"),
    "ReplicationController": ("replicas", "minReadySeconds"),
}


def check_counts(doc: Document, ctx: _Context) -> Iterator[Finding]:
    for field in _COUNTS.get(doc.kind or "", ()):
        value = _int(doc.value_at(("spec", field)))
        if value is not None and value < 0:
            yield ctx.at(doc, ("spec", field), Severity.ERROR, "negative-value", field=field)
    spec = pod_spec_path(doc)
    if spec is not None:
        value = _int(doc.value_at((*spec, "terminationGracePeriodSeconds")))
        if value is not None and value < 0:
            yield ctx.at(
                doc,
                (*spec, "terminationGracePeriodSeconds"),
                Severity.ERROR,
                "negative-value",
                field="terminationGracePeriodSeconds",
            )
    if doc.kind == "Deployment":
        deadline = _int(doc.value_at(("spec", "progressDeadlineSeconds")))
        ready = _int(doc.value_at(("spec", "minReadySeconds"))) or 0
        if deadline is not None and 0 <= ready and 0 <= deadline <= ready:
            yield ctx.at(
                doc,
                ("spec", "progressDeadlineSeconds"),
                Severity.ERROR,
                "progress-deadline",
                deadline=deadline,
                ready=ready,
            )


_CHECKS = (
    check_names,
    check_labels,
    check_workload_selector,
    check_service,
    check_ingress,
    check_pod_spec,
    check_data,
    check_strategy,
    check_restart_policy,
    check_counts,
)

_POD_KINDS = frozenset({"Pod", "CronJob"} | TEMPLATE_KINDS)
#: The kinds each check looks at (a check not listed looks at every object).
_KINDS: dict[Any, frozenset[str]] = {
    check_workload_selector: SELECTOR_KINDS,
    check_service: frozenset({"Service"}),
    check_ingress: frozenset({"Ingress"}),
    check_pod_spec: _POD_KINDS,
    check_data: frozenset({"ConfigMap", "Secret"}),
    check_strategy: frozenset({"Deployment"}),
    check_restart_policy: frozenset(_RESTART_POLICIES),
    check_counts: frozenset(_COUNTS) | _POD_KINDS,
}


@functools.lru_cache(maxsize=256)  # kinds come from the input: a bounded cache
def _checks_for(kind: str | None) -> tuple[Any, ...]:
    """The checks that have something to say about an object of ``kind``, in order."""
    return tuple(c for c in _CHECKS if c not in _KINDS or kind in _KINDS[c])
