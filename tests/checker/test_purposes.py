"""The purposes of required fields (``app/words/<lang>/purposes.toml``): each still names a
required field, reaches learners, and in English is the schema's own description.

A schema update that renames a field or drops ``required`` would otherwise leave an entry that
no finding can ever show, without anyone noticing.
"""

from __future__ import annotations

from collections import defaultdict

import pytest
import yaml

from kubelearn.checker import check
from kubelearn.checker.schema import SERVER_REQUIRED, bundle, schema_at
from kubelearn.kube.document import format_path
from kubelearn.words import load


def purposes(lang: str) -> dict[tuple[str, str], str]:
    """``lang``'s purposes catalogue, keyed by (type, field)."""
    out = {}
    for key, sentence in load(lang).items():
        if key.startswith("purposes."):
            _, type_name, field = key.split(".", 2)
            out[type_name, field] = sentence
    return out


ZH = purposes("zh")
EN = purposes("en")


def definitions() -> dict[str, list[dict]]:
    """Every schema definition by the short name the checker calls its type."""
    by_name = defaultdict(list)
    for name, node in bundle()["$defs"].items():
        by_name[name.rsplit(".", 1)[-1]].append(node)
    return by_name


def _fields_written(api_version: str, kind: str, node, path: tuple) -> set[tuple[str, str]]:
    found = set()
    if isinstance(node, dict):
        owner = schema_at(api_version, kind, path)[1] if path else kind  # None: a map's keys
        for key, value in node.items():
            if owner and isinstance(key, str) and schema_at(api_version, kind, (*path, key))[0]:
                found.add((owner, key))
            found |= _fields_written(api_version, kind, value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found |= _fields_written(api_version, kind, value, (*path, index))
    return found


def course_fields() -> set[tuple[str, str]]:
    """(type, field) of every field the shipped course's exercises write, starter or solution."""
    from kubelearn.course import load_course

    found = set()
    for lesson in load_course(None, "en").lessons:
        for exercise in lesson.exercises:
            for text in (exercise.starter, exercise.solution):
                for doc in yaml.safe_load_all(text):
                    if isinstance(doc, dict) and isinstance(doc.get("kind"), str):
                        found |= _fields_written(doc.get("apiVersion"), doc["kind"], doc, ())
    return found


COURSE_FIELDS = course_fields()


def test_every_field_the_course_writes_has_a_purpose():
    """A Chinese learner reads every field the exercises use explained in Chinese."""
    assert sorted(COURSE_FIELDS - set(ZH)) == []


@pytest.mark.parametrize(("type_name", "field"), sorted(ZH), ids=lambda v: v)
def test_every_purpose_names_a_required_field_or_one_the_course_writes(type_name, field):
    (node,) = definitions()[type_name]  # exactly one definition has this name
    assert field in node.get("properties", {})
    assert (field in node.get("required", []) or (type_name, field) in SERVER_REQUIRED
            or (type_name, field) in COURSE_FIELDS)


@pytest.mark.parametrize(("type_name", "field"), sorted(ZH), ids=lambda v: v)
def test_every_purpose_is_a_plain_sentence(type_name, field):
    sentence = ZH[type_name, field]
    assert sentence.endswith("。") and "  " not in sentence
    assert sentence.count("`") % 2 == 0


def test_english_purposes_are_the_schema_descriptions():
    """English says what the schema says, so the English catalogue changes no English finding."""
    assert set(EN) == set(ZH)
    for (type_name, field), sentence in EN.items():
        (node,) = definitions()[type_name]
        child = node["properties"][field]
        target = child
        while "$ref" in target:
            target = bundle()["$defs"][target["$ref"].rsplit("/", 1)[-1]]
        assert sentence == (child.get("description") or target.get("description", "")), field


META = "metadata:\n  name: a\n"
TEMPLATE = "  template:\n    metadata:\n      labels: {app: a}\n"
SELECTOR = "  selector:\n    matchLabels: {app: a}\n"
SERVER_CASES = {
    ("ObjectMeta", "name"): (
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name:\n",
        ("metadata", "name"),
    ),
    ("Container", "image"): (
        "apiVersion: v1\nkind: Pod\n" + META + "spec:\n  containers:\n  - name: a\n",
        ("spec", "containers", 0, "image"),
    ),
    ("Pod", "spec"): ("apiVersion: v1\nkind: Pod\n" + META, ("spec",)),
    ("Deployment", "spec"): ("apiVersion: apps/v1\nkind: Deployment\n" + META, ("spec",)),
    ("ReplicaSet", "spec"): ("apiVersion: apps/v1\nkind: ReplicaSet\n" + META, ("spec",)),
    ("StatefulSet", "spec"): ("apiVersion: apps/v1\nkind: StatefulSet\n" + META, ("spec",)),
    ("DaemonSet", "spec"): ("apiVersion: apps/v1\nkind: DaemonSet\n" + META, ("spec",)),
    ("Job", "spec"): ("apiVersion: batch/v1\nkind: Job\n" + META, ("spec",)),
    ("CronJob", "spec"): ("apiVersion: batch/v1\nkind: CronJob\n" + META, ("spec",)),
    ("ReplicaSetSpec", "template"): (
        "apiVersion: apps/v1\nkind: ReplicaSet\n" + META + "spec:\n" + SELECTOR,
        ("spec", "template"),
    ),
    ("PodTemplateSpec", "spec"): (
        "apiVersion: apps/v1\nkind: Deployment\n" + META + "spec:\n" + SELECTOR + TEMPLATE,
        ("spec", "template", "spec"),
    ),
    ("JobTemplateSpec", "spec"): (
        "apiVersion: batch/v1\nkind: CronJob\n" + META + "spec:\n  schedule: '* * * * *'\n"
        "  jobTemplate:\n    metadata:\n      labels: {app: a}\n",
        ("spec", "jobTemplate", "spec"),
    ),
}


def test_every_server_required_field_has_a_case():
    assert set(SERVER_CASES) == SERVER_REQUIRED


@pytest.mark.parametrize(
    ("key", "text", "path"),
    [(key, text, path) for key, (text, path) in SERVER_CASES.items()],
    ids=[f"{t}.{f}" for t, f in SERVER_CASES],
)
def test_server_required_fields_are_reported_with_their_purpose(key, text, path):
    (f,) = [f for f in check(text, lang="zh").findings if f.code == "missing-field"]
    assert f.path == format_path(path)
    data = yaml.safe_load(text)
    assert (schema_at(data["apiVersion"], data["kind"], path[:-1])[1], path[-1]) == key
    if key in ZH:
        assert ZH[key] in f.explanation


def test_english_keeps_the_schema_description():
    text = "apiVersion: v1\nkind: Pod\n" + META + "spec:\n  containers:\n  - image: nginx\n"
    (en,) = check(text).errors
    (zh,) = check(text, lang="zh").errors
    assert en.explanation.endswith("Name of the container specified as a DNS_LABEL.")
    assert zh.explanation.endswith(ZH["Container", "name"])


def test_fields_without_a_purpose_keep_the_english_description():
    text = "apiVersion: v1\nkind: Pod\n" + META + "spec:\n  containers: []\n  os: {}\n"
    zh = [f for f in check(text, lang="zh").errors if f.path == "spec.os.name"]
    assert zh and zh[0].explanation.endswith("Name is the name of the operating system.")
