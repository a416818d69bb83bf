"""An exercise session without any app: check, status line, passing, drafts, hints, solution."""

from __future__ import annotations

from dataclasses import replace

import pytest

from kubelearn.checker import Finding, Report, Severity
from kubelearn.course import load_course
from kubelearn.progress import ProgressStore
from kubelearn.tutor import Mark, Tutor, status_line, status_lines

EXERCISE = "pods-fix-typo"


def session_of(tutor, exercise_id: str = EXERCISE):
    lesson = next(lesson for lesson in tutor.course.lessons
                  if any(e.id == exercise_id for e in lesson.exercises))
    return tutor.exercise(lesson, tutor.course.exercise(exercise_id))


def test_a_passing_exercise_is_recorded_and_celebrated(make_tutor, saved):
    session = session_of(make_tutor())
    exercise = session.exercise
    starter = session.check(session.text_to_open())
    assert starter.text == exercise.starter
    assert not starter.passed and not starter.accepted and starter.findings
    assert session.settle(starter) is None
    session.note_edit()
    verdict = session.check(exercise.solution)
    assert verdict.passed and verdict.accepted
    assert verdict.kubernetes == "Kubernetes would accept this."
    assert verdict.goals.startswith("★ Passed!")
    assert session.settle(verdict) == "Exercise passed: Fix the misspelled field"
    assert session.settle(verdict) is None, "the same pass is celebrated once"
    state = saved().exercise(EXERCISE)
    assert state.status == "passed" and state.draft == exercise.solution


def test_opening_a_solved_exercise_does_not_celebrate_again(make_tutor):
    first = session_of(make_tutor())
    first.note_edit()
    assert first.settle(first.check(first.exercise.solution))
    again = session_of(make_tutor())
    assert again.text_to_open() == again.exercise.solution
    assert again.settle(again.check(again.text_to_open())) is None
    # Broken and mended by the learner: that pass is worth a notice.
    again.note_edit()
    assert again.settle(again.check(again.exercise.starter)) is None
    assert again.settle(again.check(again.exercise.solution + "\n"))


@pytest.mark.parametrize(
    ("lang", "starter", "wrong_image", "unreadable"),
    [
        ("en",
         ("Kubernetes would reject this: 1 error.", "Goals met: 1/2."),
         ("Kubernetes would accept this.", "Goals met: 1/2."),
         ("The YAML cannot be read as a whole: 1 error.",
          "Goals: not judged yet (they are judged once the YAML reads).")),
        ("zh",
         ("Kubernetes 会拒绝它：1 个错误。", "已达成目标：1/2。"),
         ("Kubernetes 会接受它。", "已达成目标：1/2。"),
         ("这段 YAML 无法完整读取：1 个错误。", "目标：尚未评判（YAML 能完整读取后才评判）。")),
    ],
)
def test_kubernetes_and_the_goals_are_two_lines(make_tutor, lang, starter, wrong_image,
                                                unreadable):
    """An unmet goal is not an error Kubernetes would report: the starter has one error (the
    misspelled field), and a goal still to meet, said on the goals' line."""
    session = session_of(make_tutor(lang))
    verdict = session.check(session.exercise.starter)
    assert (verdict.kubernetes, verdict.goals) == starter
    assert verdict.status == "\n".join(starter)
    wrong = session.check(session.exercise.solution.replace("nginx:1.27", "nginx:1.26"))
    assert (wrong.kubernetes, wrong.goals) == wrong_image
    assert wrong.accepted and not wrong.passed
    broken = session.check(session.exercise.solution.replace("  name: web", "  name: 'web"))
    assert (broken.kubernetes, broken.goals) == unreadable


def test_goals_are_not_judged_on_a_text_yaml_cannot_read(make_tutor):
    """Reading stops at a syntax error: what was read is part of the answer at most, so a
    goal that looks unmet there ("Keep the image nginx:1.27", while it is below) is not
    claimed. The goals are shown apart, as the lesson words them."""
    session = session_of(make_tutor())
    text = session.exercise.solution.replace("kind: Pod", "kind: Pod\n  bad: [")
    verdict = session.check(text)
    assert not verdict.report.goals_judged and not verdict.passed
    assert [f.code for f in verdict.findings if f.code == "expectation"] == []
    assert verdict.waiting == ("Write a Pod (kind Pod).", "Keep the image nginx:1.27.")
    assert verdict.findings, "the syntax error itself is shown"
    readable = session.check(session.exercise.solution)
    assert readable.report.goals_judged and readable.waiting == ()


def test_status_lines_count_what_kubernetes_says():
    def finding(severity: Severity, code: str = "code") -> Finding:
        return Finding(severity, 1, 1, code, "message")

    error, warning = finding(Severity.ERROR), finding(Severity.WARNING)
    goal = finding(Severity.ERROR, "expectation")

    def lines(findings, met=0, total=6, judged=True):
        return status_lines(Report(tuple(findings), total, met, judged), "en")

    assert lines([error]) == ("Kubernetes would reject this: 1 error.", "Goals met: 0/6.")
    assert lines([error] * 6 + [warning]) == (
        "Kubernetes would reject this: 6 errors, 1 warning.", "Goals met: 0/6.")
    assert lines([warning] * 2, 3) == (
        "Kubernetes would accept this (2 warnings).", "Goals met: 3/6.")
    assert lines([goal, goal], 4) == ("Kubernetes would accept this.", "Goals met: 4/6.")
    assert lines([error, warning], 0, 0) == ("Kubernetes would reject this: 1 error, 1 warning.",
                                             "")
    assert lines([], 6)[1].startswith("★ Passed!")
    assert lines([error], judged=False)[0] == "The YAML cannot be read as a whole: 1 error."
    assert status_line(Report((warning,), 1, 0), "en") == (
        "Kubernetes would accept this (1 warning).\nGoals met: 0/1.")


def test_a_checker_that_fails_is_said_in_the_status_line(make_tutor, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("no schema")

    monkeypatch.setattr("kubelearn.tutor.exercise.check", broken)
    session = session_of(make_tutor())
    verdict = session.check("kind: Pod\n")
    assert verdict.report is None and not verdict.passed and verdict.findings == ()
    assert verdict.status == "The checker is not available: no schema"
    assert verdict.marks == ()
    assert session.settle(verdict) is None


def test_drafts_are_saved_from_the_text_unless_it_is_what_opened(make_tutor, saved):
    session = session_of(make_tutor())
    session.open()
    session.save_draft(session.exercise.starter)
    assert saved().exercises.get(EXERCISE) is None, "opening and leaving changes nothing"
    session.save_draft("# notes\n" + session.exercise.starter)
    state = saved().exercise(EXERCISE)
    assert state.status == "started" and state.draft.startswith("# notes\n")
    assert session_of(make_tutor()).text_to_open() == state.draft
    last = saved().last
    assert (last.lesson_id, last.screen, last.exercise_id) == ("pods", "exercise", EXERCISE)


def test_a_draft_with_control_characters_is_not_rewritten_by_opening_it(make_tutor, saved):
    session = session_of(make_tutor())
    session.save_draft("kind: Pod\x1b]0;x\x07\n")
    again = session_of(make_tutor())
    as_shown = "kind: Pod\\x1b]0;x\\x07\n"  # what the editor shows, and gives back
    again.save_draft(as_shown)
    assert saved().exercise(EXERCISE).draft == "kind: Pod\x1b]0;x\x07\n"
    again.save_draft(as_shown + "# changed\n")
    assert saved().exercise(EXERCISE).draft == as_shown + "# changed\n"


def test_hints_come_one_at_a_time_and_are_remembered(make_tutor, saved):
    session = session_of(make_tutor())
    assert session.hints_shown == 0 and session.hints() == []
    assert session.reveal_hint() is None
    assert session.hints() == [
        "Hint 1/2: Read the error on line 6. Which field does Kubernetes suggest?"
    ]
    assert session.reveal_hint() is None
    assert session.reveal_hint() == "No more hints. You can reveal the solution (F3)."
    assert saved().exercise(EXERCISE).hints_shown == 2
    assert len(session_of(make_tutor()).hints()) == 2


def test_an_exercise_without_hints_says_so(make_tutor):
    tutor = make_tutor("zh")
    lesson = tutor.course.lesson("pods")
    exercise = replace(tutor.course.exercise(EXERCISE), hints=())
    assert tutor.exercise(lesson, exercise).reveal_hint() == "这道练习没有提示。"


def test_the_solution_and_reset(make_tutor, saved):
    session = session_of(make_tutor())
    session.reveal_hint()
    session.save_draft("# mine\n")
    assert session.reveal_solution() == session.exercise.solution
    assert saved().exercise(EXERCISE).solution_revealed
    assert session.reset() == session.exercise.starter
    state = saved().exercise(EXERCISE)
    assert state.draft is None and state.hints_shown == 0 and state.status == "new"
    assert session.text_to_open() == session.exercise.starter


def test_a_pass_survives_a_reset(make_tutor, saved):
    session = session_of(make_tutor())
    session.settle(session.check(session.exercise.solution))
    session.reset()
    assert saved().exercise(EXERCISE).status == "passed"


def test_the_next_exercise_of_the_lesson(tmp_path):
    tutor = Tutor(load_course(None, lang="en"), ProgressStore(tmp_path / "p.json"), "en")
    lesson = tutor.course.lesson("pods")
    sessions = [tutor.exercise(lesson, exercise) for exercise in lesson.exercises]
    assert [s.number for s in sessions] == list(range(1, len(sessions) + 1))
    assert all(s.total == len(sessions) for s in sessions)
    assert [s.following() for s in sessions] == [*lesson.exercises[1:], None]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_shipped_exercise_starts_failing_and_passes_with_its_solution(lang, tmp_path):
    """What the UI smoke test once did for the whole course, through the same session the
    exercise screen uses (its own goals, parsed when the lesson was loaded)."""
    tutor = Tutor(load_course(None, lang=lang), ProgressStore(tmp_path / "p.json"), lang)
    for lesson in tutor.course.lessons:
        for exercise in lesson.exercises:
            session = tutor.exercise(lesson, exercise)
            assert not session.check(session.text_to_open()).passed, exercise.id
            verdict = session.check(exercise.solution)
            assert verdict.passed, (exercise.id, verdict.status)
            # Not even a warning: none may contradict the task (an object it says exists).
            assert verdict.findings == (), (exercise.id, verdict.findings)
            session.settle(verdict)
    progress = tutor.store.progress
    assert all(progress.exercise(e.id).status == "passed"
               for lesson in tutor.course.lessons for e in lesson.exercises)

def test_a_verdict_marks_the_misspelled_field(make_tutor):
    session = session_of(make_tutor())
    verdict = session.check(session.exercise.starter)
    assert verdict.marks == (Mark(5, "error", ((2, 11),)),)  # "container" on line 6
    assert session.check(session.exercise.solution).marks == ()


CONFIGMAP_POD = """\
apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
    - name: web
      image: nginx:1.27
      env:
        - name: MODE
          valueFrom:
            configMapKeyRef:
              name: settings
              key: {key}
"""
SETTINGS = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  mode: x\n"


@pytest.mark.parametrize(
    ("cluster", "key", "codes"),
    [
        ("", "mode", ["configmap-missing"]),        # not in the answer, nothing said it exists
        (SETTINGS, "mode", []),                      # the task says it exists: no warning
        (SETTINGS, "level", ["configmap-key-missing"]),  # it exists, without that key
    ],
)
def test_objects_the_task_says_exist_are_not_missing(make_tutor, cluster, key, codes):
    tutor = make_tutor()
    lesson = tutor.course.lesson("pods")
    exercise = replace(tutor.course.exercise(EXERCISE), cluster=cluster, goals=(),
                       expectations=())
    verdict = tutor.exercise(lesson, exercise).check(CONFIGMAP_POD.format(key=key))
    assert [f.code for f in verdict.findings] == codes
    assert verdict.accepted


def test_goals_that_run_the_answer_wait_as_running_then_are_judged(make_tutor):
    from kubelearn.course.model import Goals

    session = session_of(make_tutor())
    exercise = session.exercise
    raw = [*exercise.expectations,
           {"exec": {"pod": {"app": "web"}, "command": ["ls", "/usr/share/nginx/html"],
                     "contains": "index.html"}, "message": "nginx serves its page"}]
    session.exercise = replace(exercise, expectations=tuple(raw), goals=Goals(raw))
    labelled = exercise.solution.replace("  name: web\n", "  name: web\n  labels: {app: web}\n", 1)
    quick = session.check(labelled, outcomes=False)
    assert quick.running and not quick.passed
    assert quick.waiting == ("nginx serves its page",)
    assert quick.goals == "Goals met: 2/3; 1 left to judge, running in the cluster…"
    assert session.settle(quick) is None
    full = session.check(labelled)
    assert full.passed and not full.running and full.waiting == ()
    assert session.check(labelled) is full, "kept by text"
    unlabelled = session.check(exercise.solution)
    assert not unlabelled.passed
    failure = next(f for f in unlabelled.findings if f.code == "expectation")
    assert failure.message == "nginx serves its page"
    assert "No Pod labelled app=web exists in namespace default." in failure.explanation
    rejected = session.check(exercise.starter, outcomes=False)
    assert not rejected.running and rejected.waiting == ("nginx serves its page",)
    assert "once Kubernetes would accept the answer" in rejected.goals
