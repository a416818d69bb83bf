"""The ``playground`` lesson block: what an author writes, what the step holds, and every
mistake reported at its line."""

from __future__ import annotations

import pickle

import pytest

from kubelearn.course import parse_lesson
from kubelearn.course.blocks.playground import PlayGoal, PlaygroundPart

HEAD = "---\nformat: 1\nid: demo\ntitle: Demo\norder: 1\n---\n\n## Scale it\n\nText.\n\n"

BLOCK = """\
```playground
title: Scale web
task: |
  Scale `web` to 5.
files:
  web.yaml: |
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: web
script:
  - kubectl get pods
  - "# a comment is a line too"
expect:
  - in: Deployment/web
    path: spec.replicas
    equals: 5
    message: Scale web to 5.
  - ready: {labels: {app: web}, count: {min: 5}}
    message: Five ready Pods.
  - request: {url: "http://172.18.0.2:30080/", host: shop.example.com, contains: hello}
    message: The shop answers.
solution:
  - kubectl scale deployment/web --replicas=5
```

After.
"""


def test_a_playground_block_is_a_part_of_its_step() -> None:
    lesson = parse_lesson(HEAD + BLOCK, "l.md")
    assert lesson.problems == ()
    parts = lesson.steps[0].parts
    assert [p.kind for p in parts] == ["markdown", "playground", "markdown"]
    part = parts[1]
    assert isinstance(part, PlaygroundPart)
    assert part.title == "Scale web" and part.text == "Scale `web` to 5."
    assert [name for name, _ in part.files] == ["web.yaml"]
    assert part.files[0][1].startswith("apiVersion: apps/v1\n")
    assert part.script == ("kubectl get pods", "# a comment is a line too")
    assert [g.form for g in part.goals] == ["state", "ready", "request"]
    assert part.goals[1] == PlayGoal("ready", "Five ready Pods.",
                                     {"labels": {"app": "web"}, "count": {"min": 5}})
    assert part.solution == ("kubectl scale deployment/web --replicas=5",)
    assert part.line == 12
    assert "Scale `web` to 5." in lesson.steps[0].markdown, "lessons show prints the task"


def test_the_part_survives_the_course_cache() -> None:
    lesson = parse_lesson(HEAD + BLOCK, "l.md")
    assert pickle.loads(pickle.dumps(lesson)) == lesson


def _block(body: str) -> str:
    return HEAD + "```playground\n" + body + "```\n"


PROBLEMS = [
    pytest.param("title: x\n", 12, "playground is missing the key 'task'", id="no-task"),
    pytest.param("task: x\nsurprise: 1\n", 14, "unknown key 'surprise' in playground",
                 id="unknown-key"),
    pytest.param("task: x\nfiles: [a.yaml]\n", 14, "files must be a mapping", id="files-list"),
    pytest.param("task: x\nfiles:\n  ../etc/passwd: x\n", 14,
                 "file name '../etc/passwd' must be letters", id="file-name-with-folders"),
    pytest.param("task: x\nfiles:\n  a.yaml: 5\n", 14, "file 'a.yaml' must be YAML text",
                 id="file-not-text"),
    pytest.param("task: x\nscript: kubectl get pods\n", 14, "script must be a list",
                 id="script-not-list"),
    pytest.param("task: x\nscript: [\"get pods\\nget svc\"]\n", 14, "script must be a list",
                 id="script-two-lines-in-one"),
    pytest.param("task: x\nexpect:\n  - ready: {count: 1}\n    message: m\n", 15,
                 "goal 1: ready needs labels", id="ready-without-labels"),
    pytest.param("task: x\nexpect:\n  - ready: {labels: {app: web}, count: -1}\n    message: m\n",
                 15, "goal 1: ready needs a count", id="ready-negative-count"),
    pytest.param("task: x\nexpect:\n  - request: {url: 'ftp://x'}\n    message: m\n", 15,
                 "goal 1: request needs a url starting with http://", id="request-bad-url"),
    pytest.param("task: x\nexpect:\n  - request: {url: 'http://x', status: 999}\n    message: m\n",
                 15, "goal 1: status must be an HTTP status code", id="request-bad-status"),
    pytest.param("task: x\nexpect:\n  - ready: {labels: {app: web}, count: 1}\n", 15,
                 "goal 1: needs a message", id="goal-without-message"),
    pytest.param("task: x\nexpect:\n  - in: Deployment\n    path: spec..replicas\n"
                 "    equals: 5\n    message: m\n", 15, "goal 1: path 'spec..replicas' has an "
                 "empty field name", id="checker-goal-malformed"),
    pytest.param("task: x\nexpect:\n  - ready: {labels: {a: b}, count: 1}\n    exists: true\n"
                 "    message: m\n", 15, "goal 1: a 'ready' goal has only 'ready' and 'message'",
                 id="ready-with-a-test"),
    pytest.param("task: x\nsolution: [kubectl scale deploy/web --replicas=2]\n", 14,
                 "a solution needs goals", id="solution-without-goals"),
]


@pytest.mark.parametrize(("body", "line", "message"), PROBLEMS)
def test_each_mistake_is_a_problem_at_its_line(body: str, line: int, message: str) -> None:
    lesson = parse_lesson(_block(body), "l.md")
    assert [(p.line, p.message[: len(message)]) for p in lesson.problems] == [(line, message)]
    assert all(p.kind != "playground" for s in lesson.steps for p in s.parts)
