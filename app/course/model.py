"""The parsed course: plain frozen dataclasses that the loader builds and everything else reads.

Nothing here knows about files or about Textual. ``line`` fields are 1-based lines in the
lesson file the object came from, so every problem can be reported as ``path:line: message``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from kubelearn.safe_text import visible

FORMAT_VERSION = 1
#: A problem's message is one line of at most this many characters.
MAX_MESSAGE = 500


def _one_line(text: str) -> str:
    """``text`` safe to print on one line: controls escaped, undecodable file-name bytes
    (surrogates from the file system) as ``\\xff``."""
    if text.isprintable():
        return text
    try:
        text = text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:
        text = text.encode("utf-8", "backslashreplace").decode("utf-8")
    return visible(text, keep_newlines=False)


@dataclass(frozen=True)
class Problem:
    """Something wrong in a lesson file, reported as ``path:line: message``.

    Path and message are made safe when the problem is made (controls escaped, one line,
    bounded), since both may hold text from the file or its name.
    """

    path: str
    line: int
    message: str

    def __post_init__(self) -> None:
        message = _one_line(str(self.message))
        if len(message) > MAX_MESSAGE:
            message = message[: MAX_MESSAGE - 1] + "…"
        object.__setattr__(self, "path", _one_line(str(self.path)))
        object.__setattr__(self, "message", message)

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


@dataclass(frozen=True)
class StepPart:
    """A run of Markdown, or one diagram, inside a step. Diagrams are kept apart so the UI
    can show them unwrapped in a monospace box."""

    kind: Literal["markdown", "diagram"]
    text: str
    title: str = ""


@dataclass(frozen=True)
class PlayGoal:
    """One goal of a playground step: ``form`` is ``ready``, ``request`` or ``state`` (an
    exercise expectation); ``spec`` is what the lesson wrote for it."""

    form: str
    message: str
    spec: Any


@dataclass(frozen=True)
class PlaygroundPart:
    """A ``playground`` block: a part of a step, like a Markdown run or a diagram. The lesson
    screen shows ``text`` and offers to open the playground with the rest (here, not in the
    block's module, so that a cached course unpickles without importing the block kinds)."""

    text: str
    title: str = ""
    files: tuple[tuple[str, str], ...] = ()
    script: tuple[str, ...] = ()
    goals: tuple[PlayGoal, ...] = ()
    solution: tuple[str, ...] = ()
    line: int = 0
    kind: str = "playground"


@dataclass(frozen=True)
class Step:
    title: str
    parts: tuple[StepPart | PlaygroundPart, ...]
    line: int

    @property
    def markdown(self) -> str:
        """The step as one Markdown document (diagrams as fenced code blocks)."""
        chunks = [f"## {self.title}"]
        for part in self.parts:
            if part.kind == "diagram":
                chunks.append(f"```text\n{part.text}\n```")
            else:
                chunks.append(part.text)
        return "\n\n".join(chunks)

    @property
    def diagrams(self) -> tuple[StepPart, ...]:
        return tuple(p for p in self.parts if p.kind == "diagram")


@dataclass(frozen=True)
class Choice:
    key: str
    text: str
    explanation: str


@dataclass(frozen=True)
class QuizKubectl:
    """Where a "predict the output" question's kubectl output comes from: ``files`` applied
    and ``script`` run in a fresh offline cluster, then ``command``, whose output the
    question must show as it is (``lessons validate`` and the course's tests rebuild it)."""

    files: tuple[tuple[str, str], ...]
    script: tuple[str, ...]
    command: str


@dataclass(frozen=True)
class QuizQuestion:
    question: str
    choices: tuple[Choice, ...]
    answer: str
    line: int
    kubectl: QuizKubectl | None = None

    def choice(self, key: str) -> Choice | None:
        return next((c for c in self.choices if c.key == key), None)


@dataclass(frozen=True)
class Term:
    """A word of the course's glossary, as a lesson defines it (a ```` ```term ```` block):
    the step that teaches it is ``step`` (0-based) of the lesson that has the block."""

    name: str
    definition: str
    step: int
    line: int


class Goals(Sequence):
    """An exercise's goals, parsed once by the loader and kept.

    Pickled (the course cache) as the lesson wrote them and parsed again on first use, so
    that a cached start-up, which shows the course map, does not import the checker's goal
    forms: a start-up cost of about 15 ms for goals nobody has asked for yet.
    """

    __slots__ = ("_parsed", "_raw")

    def __init__(self, raw: Sequence[Any] = (), parsed: tuple[Any, ...] | None = None) -> None:
        self._raw = tuple(raw)
        self._parsed = parsed

    def _goals(self) -> tuple[Any, ...]:
        if self._parsed is None:
            from kubelearn.checker.goals import parse_goals

            self._parsed = parse_goals(self._raw)
        return self._parsed

    def __getitem__(self, index):  # type: ignore[override]
        return self._goals()[index]

    def __len__(self) -> int:
        return len(self._parsed) if self._parsed is not None else len(self._raw)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Sequence) and tuple(self) == tuple(other)

    __hash__ = None  # type: ignore[assignment]

    def __reduce__(self):
        return (Goals, (self._raw,))

    def __repr__(self) -> str:
        return f"Goals({list(self._raw)!r})"


@dataclass(frozen=True)
class Exercise:
    """YAML for the learner to write. ``expectations`` are the goals as the lesson wrote them
    (shown by ``lessons show --json``); ``goals`` the same, parsed once by the loader, ready
    for ``check(text, exercise.goals)``."""

    id: str
    title: str
    prompt: str
    starter: str
    solution: str
    hints: tuple[str, ...]
    expectations: tuple[dict[str, Any], ...]
    lesson_id: str
    line: int
    goals: Goals = field(default_factory=Goals)
    #: YAML of the objects the task says already exist in the cluster: the checker relates
    #: the answer to them (a ConfigMap it mounts is there), and says nothing about them.
    cluster: str = ""


@dataclass(frozen=True)
class Lesson:
    id: str
    title: str
    order: int
    lang: str
    path: str
    prerequisites: tuple[str, ...] = ()
    minutes: int = 0
    steps: tuple[Step, ...] = ()
    quiz: tuple[QuizQuestion, ...] = ()
    exercises: tuple[Exercise, ...] = ()
    terms: tuple[Term, ...] = ()
    problems: tuple[Problem, ...] = ()
    #: What ``lessons validate`` also reports but does not break the lesson (control
    #: characters written as YAML escapes, which are shown escaped).
    notes: tuple[Problem, ...] = ()
    #: The line of each front-matter key, for problems found later (duplicate ids...).
    key_lines: dict[str, int] = field(default_factory=dict, compare=False, repr=False)

    @property
    def broken(self) -> bool:
        """A lesson with problems still shows in the course map, with its errors."""
        return bool(self.problems)

    @property
    def diagram_count(self) -> int:
        return sum(len(step.diagrams) for step in self.steps)


@dataclass(frozen=True)
class Course:
    lang: str
    lessons: tuple[Lesson, ...]
    problems: tuple[Problem, ...] = field(default=())

    def lesson(self, lesson_id: str) -> Lesson | None:
        return next((lesson for lesson in self.lessons if lesson.id == lesson_id), None)

    def exercise(self, exercise_id: str) -> Exercise | None:
        for lesson in self.lessons:
            for exercise in lesson.exercises:
                if exercise.id == exercise_id:
                    return exercise
        return None

    @property
    def all_problems(self) -> tuple[Problem, ...]:
        found = list(self.problems)
        for lesson in self.lessons:
            found.extend(lesson.problems)
        return tuple(found)

    @property
    def all_notes(self) -> tuple[Problem, ...]:
        return tuple(note for lesson in self.lessons for note in lesson.notes)
