"""How fast kubelearn starts, how much memory it takes, and how fast lesson steps change.

A plain script, not a test: it prints figures and ratios against a bare Textual app that
shows one Label, measured the same way in the same run.

    .venv/bin/python bench/startup.py [--runs 7]

(a) start-up: from spawning the process until the course map has handled a key (the
    child prints the elapsed time when it has); median over the runs.
(b) peak memory: ru_maxrss of each child (os.wait4); median.
(c) step change: in-process, with ``run_test``, the time from pressing → until the next
    step is shown, over the steps of a typical lesson of the shipped course; median.

Targets: (a) <= 1.5x the bare app, (b) <= 1.3x, (c) <= 100 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

MARKER = "KEY-HANDLED"


def child_bare(t0: float) -> None:
    from textual.app import App
    from textual.binding import Binding
    from textual.widgets import Label

    class Bare(App[None]):
        BINDINGS = [Binding("down", "handled")]

        def compose(self):
            yield Label("Hello")

        def action_handled(self) -> None:
            print(MARKER, time.time() - t0, flush=True)
            self.exit()

    async def pilot(p) -> None:
        await p.press("down")

    Bare().run(headless=True, size=(80, 24), auto_pilot=pilot)


def child_app(t0: float) -> None:
    # What `kubelearn` does in cli._run_tui, minus the terminal check.
    from kubelearn.course.cache import load_course_cached
    from kubelearn.paths import cache_dir, progress_path
    from kubelearn.progress import ProgressStore
    from kubelearn.ui.app import KubelearnApp
    from kubelearn.ui.screens.course_map import CourseMapScreen

    course = load_course_cached(None, "en", cache_dir(os.environ["BENCH_DATA_DIR"]))
    store = ProgressStore(progress_path(os.environ["BENCH_DATA_DIR"]))
    app = KubelearnApp(course=course, store=store, lang="en")

    def handled(old: int | None, new: int | None) -> None:
        if isinstance(app.screen, CourseMapScreen):
            print(MARKER, time.time() - t0, flush=True)
            app.exit()

    async def pilot(p) -> None:
        # The auto-pilot starts once the first screen is mounted; the key is queued at once,
        # as if the learner pressed it the moment the map appeared.
        app.screen.watch(app.screen.query_one("#lessons"), "highlighted", handled, init=False)
        await p.press("down")

    app.run(headless=True, size=(80, 24), auto_pilot=pilot)


#: Children cache their bytecode here, as an installed kubelearn does (pip compiles it), even
#: where PYTHONDONTWRITEBYTECODE is set: otherwise every start would compile every module and
#: the figure would grow with the number of modules rather than with the work they do.
PYCACHE = tempfile.mkdtemp(prefix="kubelearn-bench-pycache-")


def spawn(kind: str, data_dir: str) -> tuple[float, int]:
    """Run one child; return (seconds until the key was handled, peak RSS in KiB)."""
    env = dict(os.environ, BENCH_DATA_DIR=data_dir, PYTHONPYCACHEPREFIX=PYCACHE)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    t0 = time.time()
    proc = subprocess.Popen(
        [sys.executable, __file__, "--child", kind, "--t0", repr(t0)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env=env,
        text=True,
    )
    assert proc.stdout is not None
    out = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    for line in out.splitlines():
        if line.startswith(MARKER):
            return float(line.split()[1]), usage.ru_maxrss
    raise SystemExit(f"{kind}: the key was never handled (exit {proc.returncode})")


async def _timed_press(pilot, key: str) -> tuple[float, float]:
    """(wall, cpu) seconds for one key press until the app is idle again."""
    wall, cpu = time.perf_counter(), time.process_time()
    await pilot.press(key)
    await pilot.pause()
    return time.perf_counter() - wall, time.process_time() - cpu


async def step_changes(reading_pause: float) -> tuple[list[float], list[float], list[float]]:
    """Wall and CPU times of step changes, and wall times of a key that does nothing much
    (scrolling up at the top), which is what the Pilot harness itself costs."""
    from kubelearn.course import load_course
    from kubelearn.progress import ProgressStore
    from kubelearn.ui.app import KubelearnApp

    course = load_course(None, lang="en")
    # A typical lesson: the one whose length is the median of the course.
    lessons = sorted(
        (lesson for lesson in course.lessons if not lesson.broken and len(lesson.steps) > 1),
        key=lambda lesson: sum(len(p.text) for s in lesson.steps for p in s.parts),
    )
    lesson = lessons[len(lessons) // 2]
    print(f"    lesson {lesson.id!r}: {len(lesson.steps)} steps, forward then back")
    walls: list[float] = []
    cpus: list[float] = []
    idle: list[float] = []
    with tempfile.TemporaryDirectory() as tmp:
        app = KubelearnApp(course=course, store=ProgressStore(Path(tmp) / "p.json"))
        async with app.run_test(size=(80, 24)) as pilot:
            app.open_lesson(lesson.id)
            await pilot.pause()
            for _ in range(3):
                idle.append((await _timed_press(pilot, "home"))[0])
            for key in ["right"] * (len(lesson.steps) - 1) + ["left"] * (len(lesson.steps) - 1):
                await asyncio.sleep(reading_pause)
                wall, cpu = await _timed_press(pilot, key)
                walls.append(wall)
                cpus.append(cpu)
    return walls, cpus, idle


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--child", choices=("bare", "app"))
    parser.add_argument("--t0", type=float)
    args = parser.parse_args()
    if args.child == "bare":
        return child_bare(args.t0)
    if args.child == "app":
        return child_app(args.t0)

    results: dict[str, list[tuple[float, int]]] = {"bare": [], "app": []}
    with tempfile.TemporaryDirectory() as data_dir:
        spawn("app", data_dir)  # warm the file cache and bytecode once
        spawn("bare", data_dir)
        for _ in range(args.runs):
            for kind in ("bare", "app"):
                results[kind].append(spawn(kind, data_dir))
    median = {k: (statistics.median(t for t, _ in v), statistics.median(m for _, m in v))
              for k, v in results.items()}
    (bare_t, bare_m), (app_t, app_m) = median["bare"], median["app"]
    print(f"(a) start-up until a key is handled, median of {args.runs}:")
    print(f"    bare Textual app {bare_t * 1000:7.0f} ms")
    print(f"    kubelearn        {app_t * 1000:7.0f} ms   ratio {app_t / bare_t:.2f}x (target <= 1.5x)")
    print("(b) peak memory (ru_maxrss), median:")
    print(f"    bare Textual app {bare_m / 1024:7.1f} MiB")
    print(f"    kubelearn        {app_m / 1024:7.1f} MiB   ratio {app_m / bare_m:.2f}x (target <= 1.3x)")
    print("(c) lesson step change, in-process:")
    for pause, label in ((0.3, "0.3 s of reading between steps"), (0.0, "keys pressed back to back")):
        walls, cpus, idle = asyncio.run(step_changes(reading_pause=pause))
        harness = statistics.median(idle)
        print(f"    {label}: CPU median {statistics.median(cpus) * 1000:.0f} ms "
              f"(max {max(cpus) * 1000:.0f}); wall median {statistics.median(walls) * 1000:.0f} ms, "
              f"of which ~{harness * 1000:.0f} ms is Pilot's wait-for-idle (target <= 100 ms)")


if __name__ == "__main__":
    main()
