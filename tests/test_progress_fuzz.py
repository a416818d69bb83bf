"""Fuzzing the progress loader: whatever is in ``progress.json``, kubelearn starts.

Generated JSON of any shape, files shaped like progress with wrong values anywhere, mutated
bytes of a real file, huge numbers and deep nesting are each loaded by a real store in a real
directory, which then saves a change. Every input must give: no exception, an answer in under
2 s, a warning with no control character, the original bytes still on disk (in place or moved
aside), and a progress that reads back as written.

2,000 examples per test by default; set ``KUBELEARN_FUZZ_SCALE`` for a longer run.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from fuzzing import examples, fuzz
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kubelearn.progress import (
    LessonProgress,
    Progress,
    ProgressStore,
    encode_progress,
    parse_progress,
)
from kubelearn.safe_text import has_control

pytestmark = fuzz

EXAMPLES = examples(200)
FUZZ = settings(max_examples=EXAMPLES, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


# Thousands of saves, each with two fsyncs: on tmpfs when there is one, so the run is bound
# by the loader and not by the disk.
_SCRATCH = "/dev/shm" if os.access("/dev/shm", os.W_OK) else None


@contextmanager
def _fresh_dir() -> Iterator[Path]:
    path = Path(tempfile.mkdtemp(prefix="kubelearn-fuzz-", dir=_SCRATCH))
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


def _original(content: bytes) -> Progress | None:
    try:
        return parse_progress(content)
    except ValueError:
        return None


def _check(content: bytes, *, save: bool = True) -> None:
    with _fresh_dir() as directory:
        path = directory / "progress.json"
        path.write_bytes(content)
        start = time.monotonic()
        store = ProgressStore(path)
        if save:
            store.mark_step_seen("fuzz", 1)
        elapsed = time.monotonic() - start
        assert elapsed < 2, f"{elapsed:.1f} s"
        assert store.warning is None or not has_control(store.warning, allow_newlines=False)
        assert parse_progress(encode_progress(store.progress)) == store.progress
        aside = [p.read_bytes() for p in directory.iterdir() if ".corrupt-" in p.name]
        original = _original(content)
        if store.read_only or (original is not None and not save):
            assert path.read_bytes() == content and aside == []
        elif original is None:
            assert aside == [content], "a damaged file must be kept, once"
        else:
            assert aside == []
            original.lessons.setdefault("fuzz", LessonProgress()).steps_seen.add(1)
            assert ProgressStore(path).progress == original


# ----------------------------------------------------------------- strategies

NUMBERS = st.one_of(
    st.integers(),
    st.integers(min_value=-(10**40), max_value=10**40),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([0, 1, -1, 2, 10**5, 10**5 + 1, 2**63, True, False]),
)
TEXT = st.text(max_size=30) | st.sampled_from(["", "new", "started", "passed", "lesson",
                                               "quiz", "exercise", "\x1b]52;c;aGk=\x07",
                                               "\u202e", "\ud800"])
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | NUMBERS | TEXT,
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(TEXT, inner, max_size=5),
    max_leaves=30,
)


def _maybe(value: st.SearchStrategy) -> st.SearchStrategy:
    """A right-looking value most of the time, anything JSON sometimes."""
    return st.one_of(value, value, value, JSON_VALUES)


LESSON = st.fixed_dictionaries({}, optional={
    "steps_seen": _maybe(st.lists(_maybe(st.integers(0, 50)), max_size=5)),
    "quiz_answers": _maybe(st.dictionaries(st.from_regex(r"\A[0-9]{1,3}\Z") | TEXT,
                                           _maybe(TEXT), max_size=3)),
    "quiz_best": _maybe(st.none() | st.integers(0, 20)),
    "quiz_total": _maybe(st.integers(0, 20)),
})
EXERCISE = st.fixed_dictionaries({}, optional={
    "status": _maybe(st.sampled_from(["new", "started", "passed"])),
    "draft": _maybe(st.none() | TEXT),
    "hints_shown": _maybe(st.integers(0, 5)),
    "solution_revealed": _maybe(st.booleans()),
})
POSITION = st.fixed_dictionaries({"lesson_id": _maybe(TEXT)}, optional={
    "screen": _maybe(st.sampled_from(["lesson", "quiz", "exercise"])),
    "step": _maybe(st.integers(0, 20)),
    "exercise_id": _maybe(st.none() | TEXT),
})
PROGRESS_SHAPED = st.fixed_dictionaries({"version": _maybe(st.sampled_from([1, 1, 2]))}, optional={
    "lessons": _maybe(st.dictionaries(TEXT, _maybe(LESSON), max_size=3)),
    "exercises": _maybe(st.dictionaries(TEXT, _maybe(EXERCISE), max_size=3)),
    "last": _maybe(st.none() | POSITION),
})


def _dump(value: object) -> bytes:
    return json.dumps(value, ensure_ascii=False).encode("utf-8", errors="surrogatepass")


def _valid_file() -> bytes:
    with _fresh_dir() as directory:
        store = ProgressStore(directory / "progress.json")
        store.mark_step_seen("pods", 0)
        store.mark_step_seen("pods", 3)
        store.record_quiz_answer("pods", 1, "b")
        store.record_quiz_score("pods", 4, 6)
        store.save_draft("pods-fix", "apiVersion: v1\nkind: Pod\n")
        store.set_hints_shown("pods-fix", 2)
        store.set_position("pods", "exercise", 2, "pods-fix")
        return (directory / "progress.json").read_bytes()


VALID = _valid_file()


@st.composite
def mutated(draw: st.DrawFn) -> bytes:
    data = bytearray(VALID)
    for _ in range(draw(st.integers(1, 8))):
        at = draw(st.integers(0, len(data)))
        action = draw(st.sampled_from(["flip", "insert", "delete", "digits", "nest"]))
        if action == "flip" and at < len(data):
            data[at] = draw(st.integers(0, 255))
        elif action == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=8))
        elif action == "delete":
            del data[at:at + draw(st.integers(1, 16))]
        elif action == "digits":
            data[at:at] = draw(st.sampled_from([b"9" * 30, b"1e400", b"-1", b"NaN", b"0.5"]))
        else:
            depth = draw(st.integers(1, 5000))
            data[at:at] = b"[" * depth + b"]" * depth
    return bytes(data)


@st.composite
def extreme(draw: st.DrawFn) -> bytes:
    depth = draw(st.integers(900, 200_000))
    digits = draw(st.integers(15, 20_000))
    opener = draw(st.sampled_from([b"[", b'{"a":']))
    closer = b"]" if opener == b"[" else b"}"
    return draw(st.sampled_from([
        b'{"version": 1, "lessons": ' + opener * depth + closer * depth + b"}",
        b'{"version": 1, "lessons": {"a": {"quiz_total": ' + b"9" * digits + b"}}}",
        b'{"version": ' + b"9" * digits + b"}",
        b'{"version": 1, "lessons": {"a": {"steps_seen": [1e' + str(digits).encode() + b"]}}}",
        b"\xef\xbb\xbf" + VALID,
        b"\xef\xbb\xbf\xef\xbb\xbf" + VALID,
        VALID[:draw(st.integers(0, len(VALID)))],
    ]))


# ----------------------------------------------------------------- the properties


@FUZZ
@given(JSON_VALUES)
def test_any_json_value(value: object) -> None:
    _check(_dump(value))


@FUZZ
@given(PROGRESS_SHAPED)
def test_progress_shaped_files_with_wrong_values(value: object) -> None:
    _check(_dump(value))


@FUZZ
@given(mutated())
def test_mutated_bytes_of_a_valid_file(content: bytes) -> None:
    _check(content)


@settings(FUZZ, max_examples=max(EXAMPLES // 10, 50))
@given(extreme())
def test_huge_numbers_and_deep_nesting(content: bytes) -> None:
    _check(content)


@FUZZ
@given(st.binary(max_size=200))
def test_random_bytes_only_loaded(content: bytes) -> None:
    _check(content, save=False)
