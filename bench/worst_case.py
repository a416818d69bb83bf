"""How the checker grows on the worst input we could construct for each stage.

For every stage (YAML reading, schema, meaning checks, exercise goals, the whole ``check``) a few
hostile inputs are built at 10 KiB, 100 KiB and 1 MiB (just under the reader's limit): many
objects that refer to objects that are not there, labels that almost match, keys that are
almost right, numbers with huge exponents. Each input is timed at each size, interleaved, and
the median is printed as time per KiB. The last column is the ratio of the per-KiB time at
1 MiB to the one at 10 KiB: near 1 means linear growth; a quadratic path shows as ~100.

Usage: .venv/bin/python bench/worst_case.py [--repeat N] [--only WORD] [--sizes 10,100,1024]
Prints figures only; nothing here asserts a timing (tests/checker/test_bounds_*.py do, loosely).
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass

from kubelearn.checker import check, goals, pipeline, rules, schema
from kubelearn.checker import yaml as checker_yaml
from kubelearn.checker.findings import Budget

KIB = 1024
#: The largest input the reader accepts; "1 MiB" inputs stay just under it.
LIMIT = checker_yaml.MAX_BYTES - 64


def fill(head: str, unit: Callable[[int], str], size: int, tail: str = "") -> str:
    """``head``, then ``unit(0)``, ``unit(1)``... while the text stays under ``size`` bytes."""
    parts = [head]
    total = len(head.encode()) + len(tail.encode())
    i = 0
    while True:
        piece = unit(i)
        n = len(piece.encode())
        if total + n > size:
            break
        parts.append(piece)
        total += n
        i += 1
    parts.append(tail)
    return "".join(parts)


POD = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: c\n    image: nginx\n"
DEPLOYMENT_HEAD = (
    "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\nspec:\n  selector:\n"
    "    matchLabels:\n"
)


# --- the inputs, by the stage they are hardest on -------------------------------------------


def many_documents(size: int) -> str:
    return fill("", lambda i: f"---\na{i}: {i}\n", size)


def flow_mapping(size: int) -> str:
    return fill("{", lambda i: f"k{i}: {i}, ", size, "z: 0}\n")


def duplicate_keys(size: int) -> str:
    return fill("", lambda i: "a: 1\n", size)


def long_numbers(size: int) -> str:
    return fill("", lambda i: f"k{i}: {'1' * 5000}\n", size)


def deep_blocks(size: int) -> str:
    block = "".join(" " * d + "a:\n" for d in range(90)) + " " * 90 + "a: 1\n"
    return fill("", lambda i: f"r{i}:\n" + "".join(" " + line + "\n"
                                                 for line in block.splitlines()), size)


def aliases(size: int) -> str:
    return fill("base: &b {x: 1, y: 2}\n", lambda i: f"k{i}: *b\n", size)


def unknown_fields(size: int) -> str:
    return fill(POD, lambda i: f"    contaner{i}: x\n", size)


def unquoted_keys(size: int) -> str:
    return fill(POD + "    resources:\n", lambda i: f"      {i}: yes\n", size)


def containers_without_image(size: int) -> str:
    return fill(POD, lambda i: f"  - name: c{i}\n", size)


def wrong_kinds(size: int) -> str:
    return fill("", lambda i: f"---\napiVersion: v1\nkind: Pdo{i}\nmetadata:\n  name: p\n", size)


def wrong_types(size: int) -> str:
    return fill(POD + "    ports:\n", lambda i: f"    - containerPort: port{i}\n", size)


def big_list(size: int) -> str:
    return fill(
        "apiVersion: v1\nkind: List\nitems:\n",
        lambda i: f"- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: c{i}\n",
        size,
    )


def configmap_keys(size: int) -> str:
    half = size // 2
    keys = fill("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\ndata:\n",
                lambda i: f"  key-{i:06d}-abc: v\n", half)
    refs = fill(
        "---\n" + POD + "    env:\n",
        lambda i: f"    - name: E{i}\n      valueFrom:\n        configMapKeyRef:\n"
        f"          name: cm\n          key: key-{i:06d}-abd\n",
        size - len(keys.encode()),
    )
    return keys + refs


def ingress_backends(size: int) -> str:
    half = size // 2
    ingress = fill(
        "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: i\nspec:\n"
        "  rules:\n  - http:\n      paths:\n",
        lambda i: f"      - path: /p{i}\n        pathType: Prefix\n        backend:\n"
        f"          service:\n            name: svc-{i:06d}\n            port:\n"
        "              number: 80\n",
        half,
    )
    services = fill(
        "",
        lambda i: f"---\napiVersion: v1\nkind: Service\nmetadata:\n  name: svc-{i:06d}x\n"
        "spec:\n  ports:\n  - port: 80\n",
        size - len(ingress.encode()),
    )
    return ingress + services


def services_and_pods(size: int) -> str:
    half = size // 2
    services = fill(
        "",
        lambda i: f"---\napiVersion: v1\nkind: Service\nmetadata:\n  name: s{i}\nspec:\n"
        f"  selector:\n    app: web\n    tier: t{i}\n  ports:\n  - port: 80\n    targetPort: http\n",
        half,
    )
    pods = fill(
        "",
        lambda i: f"---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: p{i}\n  labels:\n"
        f"    app: web\n    tier: t{i + 1}\nspec:\n  containers:\n  - name: c\n    image: x\n",
        size - len(services.encode()),
    )
    return services + pods


def shared_selector(size: int) -> str:
    """Every Service selects every Pod: the selection is worked out once."""
    half = size // 2
    services = fill(
        "",
        lambda i: f"---\napiVersion: v1\nkind: Service\nmetadata:\n  name: s{i}\nspec:\n"
        "  selector:\n    app: web\n  ports:\n  - port: 80\n    targetPort: http\n",
        half,
    )
    pods = fill(
        "",
        lambda i: f"---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: p{i}\n  labels:\n"
        "    app: web\nspec:\n  containers:\n  - name: c\n    image: x\n    ports:\n"
        f"    - name: p{i % 100}\n      containerPort: {1000 + i % 1000}\n",
        size - len(services.encode()),
    )
    return services + pods


def selector_labels(size: int) -> str:
    half = size // 2
    head = fill(DEPLOYMENT_HEAD, lambda i: f"      k{i}: v\n", half)
    tail = fill("  template:\n    metadata:\n      labels:\n", lambda i: f"        k{i}: w\n",
                size - len(head.encode()) - 64)
    return head + tail + "    spec:\n      containers:\n      - name: c\n        image: x\n"


def long_values(size: int) -> str:
    n = (size - 400) // 3
    return (
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  labels:\n"
        f"    a: \"{'1' * n}!\"\nspec:\n  containers:\n  - name: c\n    image: x\n"
        f"    resources:\n      limits:\n        memory: \"{'1' * n}!\"\n"
        f"        cpu: \"1e{'9' * n}\"\n"
    )


def huge_exponents(size: int) -> str:
    return fill(
        POD + "    resources:\n      requests:\n        memory: 1e100000001\n      limits:\n",
        lambda i: f"        r{i}.example.com/x: 1e{100000000 + i}\n",
        size,
    )


def missing_mounts(size: int) -> str:
    return fill(
        POD + "    volumeMounts:\n",
        lambda i: f"    - name: volume-{i:06d}\n      mountPath: /m{i}\n",
        size - 200,
        "  volumes:\n" + "".join(f"  - name: volume-{i:06d}x\n    emptyDir: {{}}\n"
                                 for i in range(3)),
    )


def bad_names(size: int) -> str:
    return fill("", lambda i: f"---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: "
                f"Bad_Name_{i}_{'X' * 40}\ndata:\n  '..k{i}': v\n", size)


# --- what each stage times ------------------------------------------------------------------

GOALS = [
    {"message": "selects", "selects": {"service": "Service", "target": "Pod"}},
    {"message": "routes", "routes": {"ingress": "Ingress", "service": "Service"}},
    {"message": "env", "env_from": {"pod": "Pod", "configmap": "ConfigMap"}},
    {"message": "path", "path": "spec.containers[*].env[*].name", "equals": "nope"},
    {"message": "labels", "path": "metadata.labels", "contains": {"zz": "zz"}},
    {"message": "count", "object": "Pod", "count": 1},
    {"message": "matches", "path": "metadata.name", "matches": "^q"},
]


def _docs(text: str) -> list:
    result = checker_yaml.read(text)
    return pipeline._unwrap_lists(result.documents, [], "en")


@dataclass
class Stage:
    name: str
    #: Turns the input into what the stage works on (not timed).
    prepare: Callable[[str], object]
    #: The timed work.
    run: Callable[[object], object]
    inputs: tuple[Callable[[int], str], ...]


def _schema(docs: list) -> None:
    budget = Budget()  # shared by the documents, as check() shares it
    for doc in docs:
        schema.schema_findings(doc, "en", budget)


STAGES = [
    Stage("read", lambda t: t, checker_yaml.read,
          (many_documents, flow_mapping, duplicate_keys, long_numbers, deep_blocks, aliases)),
    Stage("schema", _docs, _schema,
          (unknown_fields, unquoted_keys, containers_without_image, wrong_kinds, wrong_types,
           big_list)),
    Stage("semantic", _docs, rules.rule_findings,
          (configmap_keys, ingress_backends, services_and_pods, shared_selector, selector_labels,
           long_values, huge_exponents, missing_mounts, bad_names, big_list)),
    Stage("expectations",
          lambda t: (goals.parse_goals(GOALS), _docs(t)),
          lambda pair: goals.judge(*pair),
          (services_and_pods, shared_selector, ingress_backends, configmap_keys, big_list)),
    Stage("check", lambda t: t, lambda t: check(t, GOALS),
          (configmap_keys, ingress_backends, services_and_pods, selector_labels, big_list,
           unknown_fields, unquoted_keys, wrong_kinds, long_values, duplicate_keys, bad_names,
           many_documents)),
]


def measure(stage: Stage, make: Callable[[int], str], sizes: list[int], repeat: int) -> dict:
    """Median seconds per size, the runs of all sizes interleaved."""
    prepared = {size: stage.prepare(make(size)) for size in sizes}
    times: dict[int, list[float]] = {size: [] for size in sizes}
    for _ in range(repeat):
        for size in sizes:
            start = time.perf_counter()
            stage.run(prepared[size])
            times[size].append(time.perf_counter() - start)
    return {size: statistics.median(t) for size, t in times.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="runs of each input and size")
    parser.add_argument("--only", default="", help="only stages or inputs whose name has this")
    parser.add_argument("--sizes", default="10,100,1024", help="sizes in KiB")
    args = parser.parse_args()
    sizes = [min(int(s) * KIB, LIMIT) for s in args.sizes.split(",")]
    check(POD)  # load the schema first
    header = "".join(f"{size // KIB:>9} KiB" for size in sizes)
    print(f"{'stage':<13}{'input':<26}{header}   us/KiB   ratio")
    for stage in STAGES:
        worst: tuple[float, str] = (0.0, "")
        for make in stage.inputs:
            if args.only and args.only not in stage.name and args.only not in make.__name__:
                continue
            medians = measure(stage, make, sizes, args.repeat)
            per_kib = {size: medians[size] / (size / KIB) for size in sizes}
            ratio = per_kib[sizes[-1]] / per_kib[sizes[0]] if per_kib[sizes[0]] else 0.0
            cells = "".join(f"{per_kib[size] * 1e6:>10.0f}us" for size in sizes)
            print(f"{stage.name:<13}{make.__name__:<26}{cells}   {ratio:5.2f}")
            worst = max(worst, (medians[sizes[-1]], make.__name__))
        if worst[1]:
            print(f"{'':<13}slowest at {sizes[-1] // KIB} KiB: {worst[1]} "
                  f"({worst[0] * 1000:.0f} ms)")


if __name__ == "__main__":
    main()
