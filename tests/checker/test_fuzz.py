"""Fuzzing the checker: generated YAML-ish text and mutated real manifests, in both languages,
with random exercise goals. Whatever comes in, ``check`` answers in under 2 s, raises nothing,
reports no internal error, says a bounded amount and writes no control character.

5,000 examples by default; KUBELEARN_FUZZ_SCALE raises it (a nightly run uses 100,000).
The real manifests are the corpus beside the repository (see test_corpus.py), or else the
solutions of the shipped exercises.
"""

from __future__ import annotations

import time
from functools import cache

from corpus import CORPUS
from fuzzing import examples, fuzz
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kubelearn.checker import Report, check
from kubelearn.safe_text import has_control

pytestmark = fuzz

EXAMPLES = examples(1000)
SECONDS = 2.0
#: All the messages, explanations and hints of one report together stay under this.
OUTPUT_LIMIT = 200_000



@cache
def manifests() -> tuple[str, ...]:
    if CORPUS.is_dir():
        found = [p.read_text(errors="replace") for p in sorted(CORPUS.rglob("*.yaml"))]
        if found:
            return tuple(found)
    from kubelearn.course import load_course

    course = load_course(lang="en")
    return tuple(ex.solution for lesson in course.lessons for ex in lesson.exercises)


@cache
def shipped_goals() -> tuple[dict, ...]:
    from kubelearn.course import load_course

    course = load_course(lang="en")
    return tuple(g for lesson in course.lessons for ex in lesson.exercises
                 for g in ex.expectations)


PIECES = [
    ":", ": ", "- ", "\n", "\n  ", "\n    ", "\t", " ", "'", '"', "[", "]", "{", "}", ",", "#",
    "&a ", "*a", "<<: *a\n", "!!str ", "!!int ", "!!binary ", "!foo ", "? ", "|", ">", "---\n",
    "...\n", "yes", "on", "010", "0x1F", "1e3", "1e100000000", "9" * 4400, ".inf", "~", "null",
    "kind: ", "apiVersion: v1\n", "apps/v1", "Pod", "Deployment", "Service", "List", "items:\n",
    "ConfigMap", "Ingress", "metadata:\n  name: ", "spec:\n", "containers:\n", "- name: c\n",
    "image: nginx\n", "selector:\n", "matchLabels:\n", "labels:\n", "app: web\n", "ports:\n",
    "- port: 80\n", "targetPort: http\n", "resources:\n", "limits:\n", "memory: ", "cpu: ",
    "500m", "128Mi", "1" * 300 + "!", "configMapKeyRef:\n", "key: ", "valueFrom:\n",
    "\x1b]52;c;aGk=\x07", "\x1b[2J", "\u202e", "\x9b", "\\e\\x07", "\r\n", "\x00", "é", "中文",
    "\u2028", "\ufeff",
]
YAMLISH = st.lists(st.sampled_from(PIECES) | st.text(max_size=8), max_size=60).map("".join)


@st.composite
def mutated(draw) -> str:
    """A real manifest with a few pieces deleted, repeated or replaced."""
    text = draw(st.sampled_from(manifests()))
    for _ in range(draw(st.integers(1, 4))):
        if not text:
            break
        i = draw(st.integers(0, len(text) - 1))
        j = draw(st.integers(i, min(len(text), i + 40)))
        action = draw(st.sampled_from(["delete", "repeat", "replace", "insert"]))
        if action == "delete":
            text = text[:i] + text[j:]
        elif action == "repeat":
            text = text[:j] + text[i:j] * draw(st.integers(2, 50)) + text[j:]
        elif action == "replace":
            text = text[:i] + draw(st.sampled_from(PIECES)) + text[j:]
        else:
            text = text[:i] + draw(YAMLISH) + text[i:]
    return text


REFS = st.sampled_from(["Pod", "Deployment", "Service", "Ingress", "ConfigMap", "Pod/web",
                        "Service/web", "ConfigMap/cfg", "cfg", "Nope", "", 3, None])
SCALARS = st.none() | st.booleans() | st.integers() | st.text(max_size=12) | st.floats()
PATHS = st.sampled_from(["spec.replicas", "metadata.name", "spec.containers[*].image",
                         "spec.containers[0].ports[name=http].containerPort",
                         "metadata.labels", 'data["a.b"]', "spec..x", "[", "a[*][*]", ""])


@st.composite
def goal(draw) -> object:
    form = draw(st.sampled_from(["object", "path", "selects", "mounts", "env_from", "routes",
                                 "shipped", "junk"]))
    if form == "shipped" and shipped_goals():
        return draw(st.sampled_from(shipped_goals()))
    if form == "junk":
        return draw(SCALARS | st.dictionaries(st.text(max_size=6), SCALARS, max_size=3))
    body: dict = {"message": draw(st.sampled_from(["goal", "", "\x1b[2J goal"]))}
    if form == "object":
        body["object"] = draw(REFS)
        if draw(st.booleans()):
            body["count"] = draw(SCALARS)
    elif form == "path":
        if draw(st.booleans()):
            body["in"] = draw(REFS)
        body["path"] = draw(PATHS)
        test = draw(st.sampled_from(["exists", "equals", "one_of", "matches", "contains",
                                     "count"]))
        body[test] = draw(SCALARS | st.lists(SCALARS, max_size=3)
                          | st.sampled_from(["^we", "(a|b", ".*x"]))
        if draw(st.booleans()):
            body["all"] = draw(st.booleans())
    else:
        keys = {"selects": ("service", "target"), "mounts": ("pod", "configmap", "path"),
                "env_from": ("pod", "configmap", "key", "var"),
                "routes": ("ingress", "service", "path", "host")}[form]
        body[form] = {k: draw(REFS | SCALARS) for k in keys if draw(st.booleans()) or k in
                      keys[:2]}
    return body


GOALS = st.none() | st.lists(goal(), max_size=4)


def assert_sound(text: str, goals, lang: str) -> None:
    start = time.perf_counter()
    report = check(text, goals, lang=lang)
    elapsed = time.perf_counter() - start
    assert isinstance(report, Report)
    assert elapsed < SECONDS, f"{elapsed:.2f} s"
    size = 0
    for f in report.findings:
        assert f.code != "internal-error", f
        assert f.message, f
        for s in (f.message, f.explanation, f.hint, f.path):
            assert not has_control(s, allow_newlines=False), f
            size += len(s)
    assert size < OUTPUT_LIMIT


FUZZ = settings(max_examples=EXAMPLES, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@FUZZ
@given(text=YAMLISH, goals=GOALS, lang=st.sampled_from(["en", "zh"]))
def test_generated_text(text, goals, lang):
    assert_sound(text, goals, lang)


@FUZZ
@given(text=mutated(), goals=GOALS, lang=st.sampled_from(["en", "zh"]))
def test_mutated_real_manifests(text, goals, lang):
    assert_sound(text, goals, lang)
