"""The course linter behind ``kubelearn lessons validate``.

It reads every lesson in every language (not just the chosen one), reports what the loader
found, what only a comparison of languages shows, and runs each exercise through the checker:
its starter must fail and its solution must pass. A lesson's quiz must not reward picking the
longest choice (:func:`quiz_balance_problems`), and a "predict the output" question must show
the output the offline cluster gives (:func:`quiz_output_problems`).
"""

from __future__ import annotations

from importlib.resources.abc import Traversable
from itertools import zip_longest
from pathlib import Path

from kubelearn.course.assemble import assemble
from kubelearn.course.files import scan_course
from kubelearn.course.loader import load_file
from kubelearn.course.markdown import display_width
from kubelearn.course.model import Course, Exercise, Lesson, Problem, QuizQuestion

#: A lesson with at least this many questions is looked at for a bias to the longest choice.
BALANCE_MIN_QUESTIONS = 4


def load_all(root: Traversable | Path) -> dict[str, Course]:
    """Every language's lessons as written (no fallback), keyed by language. What is wrong
    in the folders themselves is in the first course's problems."""
    found = scan_course(root)
    courses = {}
    folder_problems = found.problems
    for lang, files in found.files.items():
        if files:
            lessons = [load_file(lang, item) for _, item in sorted(files.items())]
            courses[lang] = assemble(lang, lessons, folder_problems)
            folder_problems = []
    if folder_problems:
        courses["en"] = Course(lang="en", lessons=(), problems=tuple(folder_problems))
    return courses


def exercise_problems(lesson_path: str, exercise: Exercise, lang: str) -> list[Problem]:
    from kubelearn.checker import check

    problems = []
    if exercise.cluster:
        cluster = check(exercise.cluster, lang=lang)
        for f in cluster.errors[:1]:
            problems.append(Problem(lesson_path, exercise.line,
                                    f"exercise '{exercise.id}': cluster, line {f.line}: "
                                    f"{f.message}"))
    starter = check(exercise.starter, exercise.goals, lang=lang, cluster=exercise.cluster)
    if starter.passed:
        problems.append(Problem(lesson_path, exercise.line,
                                f"exercise '{exercise.id}': the starter already passes; "
                                "it must give the learner something to fix"))
    solution = check(exercise.solution, exercise.goals, lang=lang, cluster=exercise.cluster)
    if not solution.passed:
        first = next((f for f in solution.findings if f.severity.value == "error"), None)
        detail = f" (line {first.line}: {first.message})" if first else ""
        problems.append(Problem(lesson_path, exercise.line,
                                f"exercise '{exercise.id}': the solution does not pass{detail}"))
    return problems


def validate_course(root: Traversable | Path, *, run_checker: bool = True) -> list[Problem]:
    courses = load_all(root)
    problems: list[Problem] = []
    for course in courses.values():
        problems.extend(course.all_problems)
        problems.extend(course.all_notes)
    if not any(course.lessons for course in courses.values()):
        return [*problems, Problem(str(root), 1, "no lessons here: expected en/*.md "
                                                 "(and zh/*.md)")]
    english = courses.get("en") or Course(lang="en", lessons=())
    if not english.lessons:
        problems.append(Problem(str(root), 1, "no English lessons: a course needs its default "
                                              "language in en/*.md; other languages translate it"))
    for lang, course in courses.items():
        if lang != "en":
            problems.extend(_compare_languages(english, course))
    for course in courses.values():
        for lesson in course.lessons:
            problems.extend(quiz_balance_problems(lesson))
    if run_checker:
        for lang, course in courses.items():
            for lesson in course.lessons:
                for exercise in lesson.exercises:
                    problems.extend(exercise_problems(lesson.path, exercise, lang))
                for question in lesson.quiz:
                    problems.extend(quiz_output_problems(lesson.path, question))
    return problems


def right_is_longest(question: QuizQuestion) -> bool:
    """Whether the right choice is longer than every other one (in terminal columns)."""
    widths = {c.key: display_width(c.text) for c in question.choices}
    right = widths.get(question.answer, 0)
    return all(right > w for key, w in widths.items() if key != question.answer)


def quiz_balance_problems(lesson: Lesson) -> list[Problem]:
    """A quiz whose right choice is the longest in more than half of its questions teaches
    "pick the longest"; one problem, at the first question."""
    quiz = lesson.quiz
    longest = sum(1 for q in quiz if right_is_longest(q))
    if len(quiz) < BALANCE_MIN_QUESTIONS or longest * 2 <= len(quiz):
        return []
    return [Problem(lesson.path, quiz[0].line,
                    f"the right choice is the longest in {longest} of the {len(quiz)} quiz "
                    "questions: make it so in at most half, so that picking the longest "
                    "choice does not pay")]


def kubectl_output(question: QuizQuestion) -> tuple[str, str | None]:
    """What a "predict the output" question's ``kubectl`` key gives in a fresh offline
    cluster: what the terminal shows of the command (stdout and stderr, in the order they
    were written), and the first line that failed on the way (or None)."""
    from kubelearn.cluster.playground import Playground

    spec = question.kubectl
    assert spec is not None
    playground = Playground()
    for result in playground.apply(dict(spec.files)) + playground.run_script(spec.script):
        if result.status != 0:
            return "", f"'{result.command}' failed: {(result.error or result.output).strip()}"
    result = playground.run(spec.command, remember=False)
    if result.status != 0:
        return "", f"'{spec.command}' failed: {(result.error or result.output).strip()}"
    return "".join(text for _, text in result.chunks) or result.output, None


def quiz_output_problems(lesson_path: str, question: QuizQuestion) -> list[Problem]:
    """A question with a ``kubectl`` key must show, as it is, the output the offline
    cluster gives: a line ``$ COMMAND``, then every line the command printed. The problem
    names the first line that differs, so that one line of ``lessons validate`` says what to
    paste."""
    spec = question.kubectl
    if spec is None:
        return []
    output, failure = kubectl_output(question)
    if failure:
        return [Problem(lesson_path, question.line, f"quiz kubectl: {failure}")]
    lines = question.question.splitlines()
    prompt = f"$ {spec.command}"
    if prompt not in lines:
        return _predicted_problems(lesson_path, question, output)
    start = lines.index(prompt) + 1
    printed = output.rstrip("\n").split("\n")
    shown = lines[start:start + len(printed)]
    for number, (want, have) in enumerate(zip_longest(printed, shown), 1):
        if want != have:
            return [Problem(lesson_path, question.line,
                            f"line {number} of the output of '{spec.command}' differs: the "
                            f"offline cluster prints '{want}', the question shows "
                            f"'{have if have is not None else ''}'")]
    return []


def _as_shown(choice: str) -> str:
    """A choice as the output it stands for: without the backticks around it."""
    text = choice.strip()
    if len(text) > 1 and text.startswith("`") and text.endswith("`"):
        text = text[1:-1]
    return text.rstrip()


def _predicted_problems(lesson_path: str, question: QuizQuestion, output: str) -> list[Problem]:
    """A question that asks for the output itself (it does not show ``$ COMMAND``): the right
    choice must be what the offline cluster prints (one of its lines, or all of it) and no
    other choice may be."""
    command = question.kubectl.command if question.kubectl else ""
    printed = {line.rstrip() for line in output.rstrip("\n").split("\n")} | {output.strip()}
    right = question.choice(question.answer)
    if right is None:
        return []  # the quiz block reports an answer that is not a choice
    if _as_shown(right.text) not in printed:
        first = output.rstrip("\n").split("\n")
        return [Problem(lesson_path, question.line,
                        f"the question must show the line '$ {command}' and then its output, "
                        f"or its right choice must be a line that command prints (the offline "
                        f"cluster prints {len(first)} line(s), the first '{first[0]}')")]
    return [Problem(lesson_path, question.line,
                    f"choice '{choice.key}' is also a line that '{command}' prints: only the "
                    "right choice may be")
            for choice in question.choices
            if choice.key != question.answer and _as_shown(choice.text) in printed]


def _compare_languages(english: Course, other: Course) -> list[Problem]:
    """A translation must keep the ids and exercises of the English lesson of the same file."""
    problems = []
    by_name = {Path(lesson.path).name: lesson for lesson in english.lessons}
    for lesson in other.lessons:
        original = by_name.get(Path(lesson.path).name)
        if original is None:
            problems.append(Problem(lesson.path, 1, "no English lesson of the same file name: "
                                                    "every translation needs its original"))
            continue
        if lesson.broken or original.broken:
            continue
        if lesson.id != original.id:
            problems.append(Problem(lesson.path, lesson.key_lines.get("id", 1),
                                    f"id '{lesson.id}' differs from the English lesson's "
                                    f"'{original.id}'"))
        mine = [e.id for e in lesson.exercises]
        theirs = [e.id for e in original.exercises]
        if mine != theirs:
            problems.append(Problem(lesson.path, 1,
                                    f"exercise ids {mine} differ from the English lesson's "
                                    f"{theirs}"))
    return problems
