"""What ``lessons validate`` says about a quiz question that lets a learner answer without
knowing: an explanation that opens with a verdict, a right choice that is the longest by far,
a quiz whose right choice is mostly the longest; and the ``kubectl`` key of a "predict the
output" question, whose output is rebuilt from the offline cluster."""

from __future__ import annotations

from pathlib import Path

import pytest

from kubelearn.course import parse_lesson
from kubelearn.course.blocks.quiz import gives_itself_away, opens_with_verdict
from kubelearn.course.validate import quiz_balance_problems, quiz_output_problems

HEAD = "---\nformat: 1\nid: l\ntitle: L\norder: 1\n---\n\n## Step\n\nText.\n\n## Quiz\n\n"


def lesson_of(*questions: str):
    return parse_lesson(HEAD + "".join(f"````quiz\n{q}````\n\n" for q in questions), "l.md")


def question(a: str = "One IP", b: str = "Two IPs", explain_a: str = "They share it.",
             explain_b: str = "Containers share the Pod's one address.", answer: str = "a",
             extra: str = "") -> str:
    return (f"question: How many IPs?\nchoices:\n  a: {a}\n  b: {b}\nanswer: {answer}\n"
            f"explain:\n  a: {explain_a}\n  b: {explain_b}\n{extra}")


@pytest.mark.parametrize(("text", "verdict"), [
    ("Right. They share one address.", True),
    ("**Correct!** They share it.", True),
    ("Not quite: a Pod has one.", True),
    ("Wrong, that is a node.", True),
    ("No. Every Pod gets an IP.", True),
    ("Yes, they share it.", True),
    ("Incorrect. The node has its own.", True),
    ("正确。它们共享一个地址。", True),
    ("对。它们共享。", True),
    ("错，那是节点。", True),
    ("不对。每个 Pod 都有 IP。", True),
    ("不太对，Pod 只有一个。", True),
    ("不会。数量仍然正确。", True),
    ("No Pod has two addresses.", False),
    ("Rightly so, Pods share an address.", False),
    ("Correctness is not the point here.", False),
    ("Nothing reassigns a bare Pod.", False),
    ("对于同一个 Pod 里的容器，localhost 就够了。", False),
    ("不是所有容器都需要端口。", False),
    ("错误的镜像名会让 Pod 停在 ImagePullBackOff。", False),
    ("正确的做法是使用 Deployment。", False),
])
def test_a_verdict_is_the_first_words_followed_by_a_mark(text: str, verdict: bool) -> None:
    assert opens_with_verdict(text) is verdict


@pytest.mark.parametrize(("right", "others", "away"), [
    ("A group of containers that share one IP address", ["A machine", "A file"], True),
    ("One, shared by both", ["Two, one per container", "None"], False),
    ("A group of containers sharing an IP", ["A machine in the cluster that runs them"], False),
    # more than 30% longer but not 15 columns: short choices differ little in absolute terms
    ("Through localhost:80", ["By name", "Over DNS"], False),
    # 15 columns longer but not 30%: long choices may differ by a clause
    ("x" * 70, ["y" * 60, "z" * 56], False),
    # Chinese counts two columns a character
    ("同一个节点上共享一个 IP 地址的一组容器", ["一台机器", "一个文件"], True),
    ("一组容器", ["一台机器", "一个文件"], False),
])
def test_a_right_choice_gives_itself_away_when_far_longer(right: str, others: list[str],
                                                          away: bool) -> None:
    assert gives_itself_away(right, others) is away


def test_verdicts_and_giveaways_are_noted_at_their_lines_and_the_question_still_works() -> None:
    lesson = lesson_of(question(explain_a="Right. They share it.", explain_b="No. One per Pod.",
                                a="One, shared by every container in the Pod"))
    assert len(lesson.quiz) == 1 and not lesson.problems
    assert [str(n) for n in lesson.notes] == [
        "l.md:21: the explanation of choice 'a' opens with a verdict ('Right. They share it'): "
        "the quiz screen says right or wrong itself; start with the reason",
        "l.md:22: the explanation of choice 'b' opens with a verdict ('No. One per Pod.'): "
        "the quiz screen says right or wrong itself; start with the reason",
        "l.md:16: the right choice 'a' is much longer than every other (over 30% and 15 "
        "columns more): the longest choice should not give the answer away; shorten it or "
        "lengthen the others",
    ]


def test_a_clean_question_has_no_notes() -> None:
    assert lesson_of(question()).notes == ()


def test_a_quiz_whose_right_choice_is_mostly_the_longest_is_a_problem() -> None:
    biased = lesson_of(*[question(a="One address", b="Two")] * 3, question(a="One", b="Two"))
    assert [str(p) for p in quiz_balance_problems(biased)] == [
        "l.md:14: the right choice is the longest in 3 of the 4 quiz questions: make it so in "
        "at most half, so that picking the longest choice does not pay"]
    balanced = lesson_of(*[question(a="One address", b="Two")] * 2,
                         *[question(a="One", b="Two of them")] * 2)
    assert quiz_balance_problems(balanced) == []
    assert quiz_balance_problems(lesson_of(*[question(a="One address", b="Two")] * 3)) == [], \
        "three questions are too few to call it a habit"


RS = """\
    rs.yaml: |
      apiVersion: apps/v1
      kind: ReplicaSet
      metadata:
        name: web
      spec:
        replicas: 2
        selector:
          matchLabels: {app: web}
        template:
          metadata:
            labels: {app: web}
          spec:
            containers:
              - name: nginx
                image: nginx:1.27
"""
SHOWN = """\
question: |
  What does this show?

  ```
  $ kubectl get rs
  NAME   DESIRED   CURRENT   READY   AGE
  web    2         2         2       60s
  ```
choices:
  a: Two ready Pods
  b: No Pod yet
answer: a
explain:
  a: READY counts the Pods that are ready.
  b: CURRENT counts the Pods that exist.
kubectl:
  files:
""" + RS + """\
  script: [sleep 1m]
  command: kubectl get rs
"""


def test_a_predict_the_output_question_must_show_what_the_cluster_prints() -> None:
    [shown] = lesson_of(SHOWN).quiz
    assert shown.kubectl is not None and shown.kubectl.command == "kubectl get rs"
    assert quiz_output_problems("l.md", shown) == []
    [stale] = lesson_of(SHOWN.replace("script: [sleep 1m]", "script: [sleep 2m]")).quiz
    assert [str(p) for p in quiz_output_problems("l.md", stale)] == [
        "l.md:14: line 2 of the output of 'kubectl get rs' differs: the offline cluster prints "
        "'web    2         2         2       2m', the question shows "
        "'web    2         2         2       60s'"]
    [unprompted] = lesson_of(SHOWN.replace("$ kubectl get rs", "kubectl get rs")).quiz
    assert [str(p) for p in quiz_output_problems("l.md", unprompted)] == [
        "l.md:14: the question must show the line '$ kubectl get rs' and then its output, or "
        "its right choice must be a line that command prints (the offline cluster prints 2 "
        "line(s), the first 'NAME   DESIRED   CURRENT   READY   AGE')"]
    [cut] = lesson_of(SHOWN.replace("  web    2         2         2       60s\n", "")).quiz
    assert [str(p) for p in quiz_output_problems("l.md", cut)] == [
        "l.md:14: line 2 of the output of 'kubectl get rs' differs: the offline cluster prints "
        "'web    2         2         2       60s', the question shows '```'"]
    [failing] = lesson_of(SHOWN.replace("command: kubectl get rs",
                                        "command: kubectl get rs nope")).quiz
    assert [str(p) for p in quiz_output_problems("l.md", failing)] == [
        "l.md:14: quiz kubectl: 'kubectl get rs nope' failed: Error from server (NotFound): "
        'replicasets.apps "nope" not found']


PREDICT = """\
question: After a minute, which line does `kubectl get rs` print for web?
choices:
  a: "`web    2         2         2       60s`"
  b: "`web    2         2         0       60s`"
answer: a
explain:
  a: Both Pods are ready after a minute.
  b: nginx is ready long before a minute.
kubectl:
  files:
""" + RS + """\
  script: [sleep 1m]
  command: kubectl get rs
"""


def test_a_question_may_ask_for_the_output_itself_as_its_choices() -> None:
    [predict] = lesson_of(PREDICT).quiz
    assert quiz_output_problems("l.md", predict) == []
    [wrong] = lesson_of(PREDICT.replace("answer: a", "answer: b")).quiz
    assert "its right choice must be a line that command prints" in \
        str(quiz_output_problems("l.md", wrong)[0])
    [twice] = lesson_of(PREDICT.replace("2         0       60s", "2         2       60s  ")).quiz
    assert [str(p) for p in quiz_output_problems("l.md", twice)] == [
        "l.md:14: choice 'b' is also a line that 'kubectl get rs' prints: only the right choice "
        "may be"]


@pytest.mark.parametrize(("kubectl", "problem"), [
    ("kubectl: kubectl get pods\n", "kubectl must be a mapping with a command"),
    ("kubectl: {files: {}}\n", "kubectl must be a mapping with a command"),
    ("kubectl: {command: get pods, wait: 1}\n", "kubectl has no key 'wait'"),
    ("kubectl: {command: [kubectl, get]}\n", "kubectl command must be one kubectl line"),
    ("kubectl: {command: x, script: x}\n", "kubectl script must be a list"),
    ("kubectl: {command: x, files: {a/b.yaml: x}}\n", "file name 'a/b.yaml' must be letters"),
])
def test_a_kubectl_key_an_author_got_wrong_is_a_problem(kubectl: str, problem: str) -> None:
    lesson = parse_lesson(HEAD + f"```quiz\n{question(extra=kubectl)}```\n", Path("l.md").name)
    assert lesson.quiz == () and any(problem in str(p) for p in lesson.problems), lesson.problems
