"""The exact wording of the messages learners meet most, and a complete, consistent catalogue."""

from __future__ import annotations

import string

import pytest

from kubelearn.checker import check
from kubelearn.words import languages, load


def catalogue(lang: str) -> dict[str, dict[str, str]]:
    """``lang``'s checker catalogue (``app/words/<lang>/checker.toml``) as {code: {part: text}}."""
    out: dict[str, dict[str, str]] = {}
    for key, template in load(lang).items():
        if key.startswith("checker."):
            _, code, part = key.split(".", 2)
            out.setdefault(code, {})[part] = template
    return out


EN = catalogue("en")

POD = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n  - name: web\n    image: nginx\n"

GOLDEN = {
    "tab-indent": (
        "a:\n\tb: 1\n",
        "en",
        "2:1 error[tab-indent] A tab character is used for indentation.\n"
        "YAML forbids tabs in indentation: only spaces may indent a line. Many editors insert a "
        "tab when you press the Tab key, and it looks just like spaces.\n"
        "Replace the tab with spaces (two per level is the Kubernetes habit).",
    ),
    "unknown-field": (
        POD.replace("  containers:", "  contaners:"),
        "en",
        "6:3 error[unknown-field] `contaners` is not a field of `spec`. Did you mean `containers`?\n"
        "Kubernetes rejects fields it does not know. A misspelt field, or one placed at the wrong "
        "indentation, would otherwise be silently ignored.\n"
        "Rename it to `containers`, or remove it.",
    ),
    "missing-field": (
        POD.replace("  - name: web\n    image", "  - image"),
        "en",
        "7:5 error[missing-field] `spec.containers[0]` (Container) needs the field `name`.\n"
        "`name` is required here. What it is for: Name of the container specified as a "
        "DNS_LABEL.\n"
        "Add `name:` under `spec.containers[0]` (Container).",
    ),
    "wrong-type": (
        POD.replace("  containers:\n  - name: web\n    image: nginx\n", "  containers: nginx\n"),
        "en",
        "6:15 error[wrong-type] `containers` should be a list (lines starting with -), but here "
        'it is the text "nginx".\n'
        "Each field has one type. Kubernetes cannot convert between them, so it rejects the "
        "object. What `containers` is for: List of containers belonging to the pod.\n"
        "Write a list (lines starting with -) here.",
    ),
    "unquoted-bool": (
        POD + "    env:\n    - name: DEBUG\n      value: yes\n",
        "en",
        "11:14 error[unquoted-bool] `yes` is read as the boolean true, but `value` must be text.\n"
        "Kubernetes reads YAML by the old YAML 1.1 rules, where yes, no, on, off, y, n, true and "
        "false (in any of their usual spellings) without quotes are booleans, not words. "
        "Kubernetes then rejects a boolean where text is required.\n"
        'Put the value in quotes: `"yes"`.',
    ),
    "duplicate-key": (
        POD.replace("  name: web\n", "  name: web\n  name: api\n", 1),
        "en",
        "5:3 error[duplicate-key] The key `name` appears twice: on line 4 and on line 5.\n"
        "A mapping may have each key once. Kubernetes rejects the object when a field is repeated "
        "(some tools silently keep only the last one, losing the first).\n"
        "Keep one `name` and merge what you meant into it.",
    ),
    "wrong-api-version zh": (
        POD.replace("kind: Pod", "kind: Deployment"),
        "zh",
        "1:13 error[wrong-api-version] Deployment 不在 `v1` 中：Deployment 属于 apps/v1。\n"
        "每种 kind 属于特定的 API 组和版本。`apiVersion` 必须是其中之一，否则 Kubernetes 会报告找不到这种 kind。\n"
        "写成 `apiVersion: apps/v1`。",
    ),
    "tab-indent zh": (
        "a:\n\tb: 1\n",
        "zh",
        "2:1 error[tab-indent] 缩进中使用了制表符（Tab）。\n"
        "YAML 禁止用制表符缩进，只能用空格。很多编辑器按 Tab 键时会插入制表符，看起来和空格一模一样。\n"
        "把制表符换成空格（Kubernetes 习惯每层两个空格）。",
    ),
    "missing image": (
        POD.replace("    image: nginx\n", ""),
        "en",
        "7:5 error[missing-field] `spec.containers[0]` (Container) needs the field `image`.\n"
        "`image` is required here. What it is for: Container image name.\n"
        "Add `image:` under `spec.containers[0]` (Container).",
    ),
    "missing-name zh": (
        POD.replace("  name: web\n", "  labels: {app: web}\n", 1),
        "zh",
        "3:1 error[missing-field] `metadata` 缺少必填字段 `name`。\n"
        "每个对象都需要名称（或者由 Kubernetes 补全的 `generateName` 前缀）：Kubernetes 按 kind、名字空间和名称来找到对象。\n"
        "在 `metadata:` 下加上 `name: my-pod`（小写字母、数字和 `-`）。",
    ),
    "missing selector zh": (
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers:\n      - {name: web, image: nginx}\n",
        "zh",
        "5:1 error[missing-field] `spec` 缺少必填字段 `selector`。\n"
        "这里必须有 `selector`。它的用途：选出这个 Deployment 管理的 Pod，带有这些标签的 Pod 都归它管。选择算符必须与 `template.metadata.labels` 中的标签相符。\n"
        "在 `spec` 下加上 `selector:`。",
    ),
    "missing pathType zh": (
        "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: web\nspec:\n  rules:\n  - http:\n      paths:\n      - path: /\n        backend:\n          service: {name: web, port: {number: 80}}\n",
        "zh",
        "9:9 error[missing-field] `spec.rules[0].http.paths[0]` (HTTPIngressPath) 缺少必填字段 `pathType`。\n"
        "这里必须有 `pathType`。它的用途：决定怎样匹配路径，可以是 `Prefix`（以这个路径开头即可）、`Exact`（完全相同）或 `ImplementationSpecific`（由 Ingress 控制器解释）。\n"
        "在 `spec.rules[0].http.paths[0]` (HTTPIngressPath) 下加上 `pathType:`。",
    ),
    "wrong-type zh": (
        POD.replace("  containers:\n  - name: web\n    image: nginx\n", "  containers: nginx\n"),
        "zh",
        '6:15 error[wrong-type] `containers` 应该是列表（以 - 开头的行），但这里是文本 "nginx"。\n'
        "每个字段都有固定的类型，Kubernetes 不会在类型之间转换，因此会拒绝该对象。`containers` 的用途：列出 Pod 中运行的容器。每一项（以 `- ` 开头）是一个容器，至少要写 `name` 和 `image`。\n"
        "这里请写列表（以 - 开头的行）。",
    ),
    "plain-selector": (
        "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels:\n      app: web\n  ports:\n  - port: 80\n",
        "en",
        "7:5 error[plain-selector] A Service's selector is a plain map of labels, without `matchLabels`.\n"
        "A Deployment or ReplicaSet writes `selector:` then `matchLabels:`, but a Service lists the labels directly under `selector:` (for example `app: web`); it has no matchLabels or matchExpressions.\n"
        "Delete the `matchLabels:` line and move its labels one level up, directly under `selector:`.",
    ),
    "selector-mismatch": (
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels: {app: frontend}\n  template:\n    metadata:\n      labels: {app: front-end}\n    spec:\n      containers:\n      - {name: web, image: nginx}\n",
        "en",
        "7:19 error[selector-mismatch] The selector app=frontend matches none of the template labels (app=front-end)\n"
        "The selector asks for app=frontend, but the template has app=front-end. The template's labels (spec.template.metadata.labels) are: app=front-end. Kubernetes rejects a Deployment whose selector would not select the Pods it creates.\n"
        "Make both say app: front-end (or both frontend).",
    ),
    # The fix offers first what most of the file says (here the Deployment's own labels and
    # the Service), not the template's typo.
    "selector-mismatch, the file's spelling first": (
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  labels: {app: web}\nspec:\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: wbe}\n    spec:\n      containers:\n      - {name: web, image: nginx}\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector: {app: web}\n  ports:\n  - port: 80\n",
        "en",
        "8:19 error[selector-mismatch] The selector app=web matches none of the template labels (app=wbe)\n"
        "The selector asks for app=web, but the template has app=wbe. The template's labels (spec.template.metadata.labels) are: app=wbe. Kubernetes rejects a Deployment whose selector would not select the Pods it creates.\n"
        "Make both say app: web (or both wbe).",
    ),
    # A value no label can have (a negation matchLabels cannot say) is never offered.
    "selector-mismatch, no invalid value offered": (
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels: {track: '!canary'}\n  template:\n    metadata:\n      labels: {track: stable}\n    spec:\n      containers:\n      - {name: web, image: nginx}\n",
        "en",
        "7:19 error[selector-mismatch] The selector track=!canary matches none of the template labels (track=stable)\n"
        "The selector asks for track=!canary, but the template has track=stable. The template's labels (spec.template.metadata.labels) are: track=stable. Kubernetes rejects a Deployment whose selector would not select the Pods it creates.\n"
        "Make both say track: stable.",
    ),
    "invalid-base64": (
        "apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\ndata:\n  password: hunter2\n",
        "en",
        "6:13 error[invalid-base64] The value of 'password' is not valid base64\n"
        "Values under data are bytes written in base64 ('aGVsbG8=' is hello). Kubernetes cannot decode this one (its length, 7, is not a multiple of 4: '=' padding is missing or extra), so it rejects the Secret.\n"
        "Put the plain text under stringData instead, or encode it: echo -n 'the value' | base64",
    ),
    "duplicate-key-changed": (
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  on: a\n  y: b\n",
        "en",
        "7:3 error[duplicate-key] The key `y` is read as `true`, and `true` is already a key on line 6.\n"
        "Kubernetes reads YAML by the old YAML 1.1 rules, also for keys: unquoted yes, no, on, off, y and n are booleans and digits are numbers, then turned into text. A mapping may have each key once, so Kubernetes rejects the object.\n"
        'Put the keys in quotes: `"y": ...`.',
    ),
}


@pytest.mark.parametrize(("text", "lang", "expected"), GOLDEN.values(), ids=GOLDEN.keys())
def test_golden_wording(text, lang, expected):
    f = check(text, lang=lang).errors[0]
    got = f"{f.line}:{f.column} {f.severity.value}[{f.code}] {f.message}\n{f.explanation}\n{f.hint}"
    assert got == expected


def fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@pytest.mark.parametrize("lang", languages())
def test_catalogue_is_complete_and_uses_the_same_fields(lang):
    table = catalogue(lang)
    assert set(table) == set(EN)
    for code, entry in EN.items():
        for part, template in entry.items():
            assert fields(table[code].get(part, "")) == fields(template), (code, part)


def test_every_code_has_message_and_explanation():
    for code, entry in EN.items():
        if not code.startswith("_"):
            assert entry["message"] and entry["explanation"], code
