"""What a required field is for, in Simplified Chinese, for the fields a learner forgets.

A missing-field or wrong-type finding explains the field with the description from the
Kubernetes schema, which exists only in English; a Chinese sentence with an English one pasted
in ("它的用途：Label selector for pods.") helps no one. Here the required fields a beginner meets
in Pods, workloads, ConfigMaps, Secrets, Services and Ingresses get a short plain sentence
instead, written for a learner rather than translated word for word, and using the terms of the
Chinese Kubernetes documentation (标签, 选择算符, 容器, 镜像, 端口, 卷, 挂载...).

Keys are (type, field) as the checker names them: the schema definition's short name
(``Container``, ``DeploymentSpec``) or, at the top of an object, its kind (``Pod``). Each key is
a field the schema marks required or one that schema.SERVER_REQUIRED adds; a test keeps it so.
Fields not listed here keep the schema's English description.
"""

from __future__ import annotations

ZH: dict[tuple[str, str], str] = {
    # --- the top of an object (required by the API server, not by the schema) ---------------
    ("Pod", "spec"): "说明这个 Pod 要运行什么，最重要的是 `containers`（Pod 里的容器列表）。",
    ("Deployment", "spec"): "说明你想要的状态，包括运行几个副本（`replicas`）、用 `selector` 选出"
    "哪些 Pod、按哪个 Pod 模板（`template`）创建它们。",
    ("ReplicaSet", "spec"): "说明你想要的状态，包括运行几个副本（`replicas`）、用 `selector` 选出"
    "哪些 Pod、按哪个 Pod 模板（`template`）创建它们。",
    ("ObjectMeta", "name"): "对象的名称。同一名字空间中同一种对象不能重名；名称只能用小写字母、"
    "数字、`-` 和 `.`，例如 `web`。",
    # --- workloads ------------------------------------------------------------------------
    ("DeploymentSpec", "selector"): "选出这个 Deployment 管理的 Pod，带有这些标签的 Pod 都归它管。"
    "选择算符必须与 `template.metadata.labels` 中的标签相符。",
    ("DeploymentSpec", "template"): "描述 Deployment 要创建的 Pod（Pod 模板），里面写 Pod 的标签"
    "和容器。",
    ("ReplicaSetSpec", "selector"): "选出这个 ReplicaSet 管理的 Pod，它清点带有这些标签的 Pod，"
    "让数量保持为 `replicas`。选择算符必须与模板中的标签相符。",
    ("ReplicaSetSpec", "template"): "描述 Pod 不够时 ReplicaSet 要创建的 Pod（Pod 模板），里面写 "
    "Pod 的标签和容器。",
    ("PodTemplateSpec", "spec"): "说明按这个模板创建的 Pod 要运行什么，写法与 Pod 的 `spec` 相同，"
    "最重要的是 `containers`。",
    # --- Pods and containers ----------------------------------------------------------------
    ("PodSpec", "containers"): "列出 Pod 中运行的容器。每一项（以 `- ` 开头）是一个容器，至少要写 "
    "`name` 和 `image`。",
    ("Container", "name"): "容器的名称，在同一个 Pod 中不能重复；只能用小写字母、数字和 `-`，"
    "例如 `web`。",
    ("Container", "image"): "容器要运行的镜像，例如 `nginx:1.27`。Kubernetes 会从镜像仓库拉取它。",
    ("ContainerPort", "containerPort"): "容器中的程序监听的端口号（1 到 65535），例如 nginx "
    "用 `80`。",
    ("EnvVar", "name"): "环境变量的名称，例如 `LOG_LEVEL`；容器中的程序用这个名字读取它的值。",
    ("ConfigMapKeySelector", "key"): "指明要取 ConfigMap 中哪个键的值（它的 `data` 下的某个"
    "键名）。",
    ("SecretKeySelector", "key"): "指明要取 Secret 中哪个键的值（它的 `data` 或 `stringData` 下的"
    "某个键名）。",
    ("ObjectFieldSelector", "fieldPath"): "指明要读取 Pod 自身的哪个字段，例如 `metadata.name` 或 "
    "`status.podIP`。",
    ("ResourceFieldSelector", "resource"): "指明要读取容器的哪项资源设置，例如 `limits.memory` 或 "
    "`requests.cpu`。",
    ("SeccompProfile", "type"): "指明使用哪种 seccomp 配置，通常写 `RuntimeDefault`（容器运行时的"
    "默认配置）。",
    # --- volumes ----------------------------------------------------------------------------
    ("Volume", "name"): "卷的名称，在同一个 Pod 中不能重复；容器在 `volumeMounts` 中用这个名称"
    "挂载它。",
    ("VolumeMount", "name"): "指明要挂载哪个卷，必须与 Pod 的 `volumes` 中某一项的 `name` 相同。",
    ("VolumeMount", "mountPath"): "卷在容器中出现的位置，是一个绝对路径，例如 `/etc/config`。",
    ("KeyToPath", "key"): "指明 ConfigMap 或 Secret 中的哪个键要变成卷里的一个文件。",
    ("KeyToPath", "path"): "这个键在卷中对应的文件名，是相对路径（例如 `app.conf`），不能以 `/` "
    "开头。",
    ("HostPathVolumeSource", "path"): "节点（运行这个 Pod 的机器）上的目录或文件的路径，例如 "
    "`/var/log`。",
    ("PersistentVolumeClaimVolumeSource", "claimName"): "要使用的 PersistentVolumeClaim 的名称，"
    "它必须与 Pod 在同一个名字空间中。",
    ("DownwardAPIVolumeFile", "path"): "在卷中创建的文件名，是相对路径（例如 `labels`）；文件内容是"
    "所选字段的值。",
    # --- probes -----------------------------------------------------------------------------
    ("HTTPGetAction", "port"): "HTTP 请求发往容器的哪个端口，可以写端口号（例如 `8080`），也可以"
    "写容器 `ports` 中起的端口名称。",
    ("TCPSocketAction", "port"): "要连接容器的哪个端口，可以写端口号（例如 `5432`），也可以写容器 "
    "`ports` 中起的端口名称。",
    ("GRPCAction", "port"): "容器中 gRPC 服务的端口号，例如 `9000`。",
    ("HTTPHeader", "name"): "HTTP 请求头的名称，例如 `Host`。",
    ("HTTPHeader", "value"): "这个 HTTP 请求头的值，例如 `example.com`。",
    # --- labels and scheduling --------------------------------------------------------------
    ("LabelSelectorRequirement", "key"): "要比较的标签的键，例如 `app`。",
    ("LabelSelectorRequirement", "operator"): "决定怎样比较这个标签，可以是 `In`（值在 `values` "
    "中）、`NotIn`、`Exists`（有这个标签就行）或 `DoesNotExist`。",
    ("NodeSelector", "nodeSelectorTerms"): "列出对节点的条件，节点满足其中任意一项，Pod 就可以"
    "调度到它上面。",
    ("NodeSelectorRequirement", "key"): "要比较的节点标签的键，例如 `kubernetes.io/os`。",
    ("NodeSelectorRequirement", "operator"): "决定怎样比较这个节点标签，可以是 `In`、`NotIn`、"
    "`Exists`、`DoesNotExist`、`Gt` 或 `Lt`。",
    ("PreferredSchedulingTerm", "weight"): "这条偏好的权重（1 到 100），数值越大，调度器越看重它。",
    ("PreferredSchedulingTerm", "preference"): "给出偏好的节点条件，调度器会尽量把 Pod 放到满足它"
    "的节点上。",
    ("WeightedPodAffinityTerm", "weight"): "这条偏好的权重（1 到 100），数值越大，调度器越看重它。",
    ("WeightedPodAffinityTerm", "podAffinityTerm"): "说明希望（或不希望）与哪些 Pod 在同一位置"
    "运行。",
    ("PodAffinityTerm", "topologyKey"): "用哪个节点标签划分“同一位置”，例如 "
    "`kubernetes.io/hostname` 表示同一个节点。",
    ("TopologySpreadConstraint", "maxSkew"): "允许的最大不均衡程度，即任意两个拓扑域中匹配的 Pod "
    "数量最多相差多少，例如 `1`。",
    ("TopologySpreadConstraint", "topologyKey"): "用哪个节点标签划分拓扑域，例如 "
    "`topology.kubernetes.io/zone` 表示按可用区分布。",
    ("TopologySpreadConstraint", "whenUnsatisfiable"): "决定无法满足分布要求时怎么办，可以是 "
    "`DoNotSchedule`（不调度）或 `ScheduleAnyway`（照样调度）。",
    # --- Services and Ingresses -------------------------------------------------------------
    ("ServicePort", "port"): "Service 提供的端口号，其他 Pod 通过它访问这个 Service；请求会转发到 "
    "Pod 的 `targetPort`（不写时与 `port` 相同）。",
    ("HTTPIngressRuleValue", "paths"): "列出 URL 路径，每一项把一个路径上的请求转发到一个后端 "
    "Service。",
    ("HTTPIngressPath", "pathType"): "决定怎样匹配路径，可以是 `Prefix`（以这个路径开头即可）、"
    "`Exact`（完全相同）或 `ImplementationSpecific`（由 Ingress 控制器解释）。",
    ("HTTPIngressPath", "backend"): "与这个路径匹配的请求转发到哪里，通常是在 `service:` 下写 "
    "Service 的名称和端口。",
    ("IngressServiceBackend", "name"): "接收请求的 Service 的名称，它必须与 Ingress 在同一个名字"
    "空间中。",
    ("IngressClassParametersReference", "kind"): "存放 Ingress 控制器参数的那个对象的类型"
    "（kind）。",
    ("IngressClassParametersReference", "name"): "存放 Ingress 控制器参数的那个对象的名称。",
}


def purpose(type_name: str | None, field: str, lang: str) -> str | None:
    """What ``field`` of ``type_name`` is for, in ``lang``, or None to keep the schema's words."""
    if lang != "zh" or type_name is None:
        return None
    return ZH.get((type_name, field))
