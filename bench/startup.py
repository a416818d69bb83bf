"""How fast kubelearn starts, how much memory it takes, and how fast lesson steps change.

A plain script, not a test: it prints figures and ratios against a bare Textual app that
shows one Label, measured the same way in the same run.

    .venv/bin/python bench/startup.py [--runs 7] [--pty-only]

What a learner feels, in a real pseudo-terminal (80x24), runs interleaved (bare, warm, cold,
bare, ...), medians:
(p) start-up: from spawning ``python -m kubelearn`` until the terminal has received the first
    frame that shows the course map (the map's last line, its footer); warm (the course
    cache filled by an earlier start) and cold (an empty data directory, so the course is
    parsed). The bare app: until its Label is on the terminal.
(m) memory (VmRSS of the process) on each screen: the map, a lesson step, an exercise (opened
    from the command palette); the bare app once its Label is shown.
Headless, in the same way as before:
(a) start-up: from spawning the process until the course map has handled a key (the
    child prints the elapsed time when it has); median over the runs.
(b) peak memory: ru_maxrss of each child (os.wait4); median.
(c) step change: in-process, with ``run_test``, the time from pressing → until the next
    step is shown, over the steps of a typical lesson of the shipped course; median.

Targets: (p) warm <= 1.3x and cold <= 1.6x the bare app, (m) exercise <= 1.6x,
(a) <= 1.5x, (b) <= 1.3x, (c) <= 100 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import fcntl
import os
import select
import shutil
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
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


def child_bare_tty() -> None:
    """The bare app as a learner would run it: in the terminal, one Label, nothing else."""
    from textual.app import App
    from textual.widgets import Label

    class Bare(App[None]):
        def compose(self):
            yield Label("Hello from a bare Textual app")

    Bare().run()


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


PTY_SIZE = (80, 24)
#: What shows that a frame is on the terminal: the bare app's Label; the course map's footer
#: (the last line of its first frame); a lesson's header; an exercise's findings title.
BARE_SHOWN = b"Hello from a bare"
MAP_SHOWN = b"Jump to"
LESSON_SHOWN = b"Step 1/"
EXERCISE_SHOWN = b"Findings"
CTRL_P, CTRL_Q, ENTER, ESC = b"\x10", b"\x11", b"\r", b"\x1b"


class Pty:
    """One process on its own 80x24 pseudo-terminal; every byte it writes is kept."""

    def __init__(self, argv: list[str], env: dict[str, str]) -> None:
        master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", PTY_SIZE[1], PTY_SIZE[0], 0, 0))
        self.t0 = time.perf_counter()
        self.process = subprocess.Popen(argv, stdin=slave, stdout=slave, stderr=slave, env=env,
                                        start_new_session=True, close_fds=True)
        os.close(slave)
        self.master = master
        self.output = bytearray()

    def wait_for(self, needle: bytes, since: int = 0, timeout: float = 30.0) -> float:
        """Seconds from the spawn until ``needle`` had arrived (after offset ``since``)."""
        deadline = time.perf_counter() + timeout
        while self.output.find(needle, since) < 0:
            if time.perf_counter() > deadline:
                raise SystemExit(f"{needle!r} never appeared: {bytes(self.output[-300:])!r}")
            ready, _, _ = select.select([self.master], [], [], 0.05)
            if ready:
                try:
                    data = os.read(self.master, 65536)
                except OSError:
                    data = b""
                if not data:
                    raise SystemExit(f"the process ended before {needle!r} appeared")
                self.output.extend(data)
        return time.perf_counter() - self.t0

    def write(self, data: bytes) -> None:
        os.write(self.master, data)

    def rss_mib(self) -> float:
        """The process's resident memory now (VmRSS), in MiB."""
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
        return float("nan")

    def close(self) -> None:
        self.write(CTRL_Q)
        # Read while it quits: restoring the terminal writes more than a pty buffers, and a
        # child blocked on a full pty never exits.
        deadline = time.perf_counter() + 10
        while self.process.poll() is None and time.perf_counter() < deadline:
            if select.select([self.master], [], [], 0.05)[0]:
                try:
                    os.read(self.master, 65536)
                except OSError:
                    time.sleep(0.01)
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        if self.process.returncode != 0:
            raise SystemExit(f"{self.process.args}: exit {self.process.returncode} after ctrl+q")
        os.close(self.master)


def pty_env(home: str) -> dict[str, str]:
    env = dict(os.environ, TERM="xterm-256color", COLUMNS=str(PTY_SIZE[0]),
               LINES=str(PTY_SIZE[1]), KUBELEARN_HOME=home, PYTHONPYCACHEPREFIX=PYCACHE,
               TEXTUAL_ANIMATIONS="none", LANG="C.UTF-8")
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.pop("NO_COLOR", None)
    return env


def pty_bare() -> tuple[float, float]:
    """(seconds to the first frame, MiB) for the bare app in a pty."""
    with tempfile.TemporaryDirectory() as home:
        term = Pty([sys.executable, __file__, "--child", "bare-tty"], pty_env(home))
        try:
            seconds = term.wait_for(BARE_SHOWN)
            time.sleep(0.3)  # let it settle as the app's figures do
            return seconds, term.rss_mib()
        finally:
            term.close()


def pty_app(home: str) -> tuple[float, dict[str, float]]:
    """(seconds to the first frame of the course map, MiB on each screen) for kubelearn."""
    term = Pty([sys.executable, "-m", "kubelearn", "--lang", "en"], pty_env(home))
    memory: dict[str, float] = {}
    try:
        seconds = term.wait_for(MAP_SHOWN)
        time.sleep(0.3)
        memory["map"] = term.rss_mib()
        mark = len(term.output)
        term.write(ENTER)  # the first lesson
        term.wait_for(LESSON_SHOWN, since=mark)
        time.sleep(0.3)
        memory["lesson"] = term.rss_mib()
        term.write(ESC)
        time.sleep(0.2)
        mark = len(term.output)
        term.write(CTRL_P)
        time.sleep(0.3)
        term.write(b"Exercise: ")
        time.sleep(0.6)
        term.write(ENTER)
        term.wait_for(EXERCISE_SHOWN, since=mark)
        time.sleep(0.6)  # the first check runs after the typing pause
        memory["exercise"] = term.rss_mib()
        return seconds, memory
    finally:
        term.close()


def pty_figures(runs: int) -> None:
    bare_t: list[float] = []
    bare_m: list[float] = []
    warm_t: list[float] = []
    cold_t: list[float] = []
    screens: dict[str, list[float]] = {}
    with tempfile.TemporaryDirectory() as warm_home:
        pty_app(warm_home)  # fill the course cache and the bytecode cache once
        pty_bare()
        for _ in range(runs):
            t, m = pty_bare()
            bare_t.append(t)
            bare_m.append(m)
            t, memory = pty_app(warm_home)
            warm_t.append(t)
            for screen, mib in memory.items():
                screens.setdefault(screen, []).append(mib)
            cold_home = tempfile.mkdtemp(prefix="kubelearn-bench-cold-")
            try:
                cold_t.append(pty_app(cold_home)[0])
            finally:
                shutil.rmtree(cold_home, ignore_errors=True)
    bt, bm = statistics.median(bare_t), statistics.median(bare_m)
    wt, ct = statistics.median(warm_t), statistics.median(cold_t)
    print(f"(p) in a real terminal ({PTY_SIZE[0]}x{PTY_SIZE[1]} pty), spawn to first frame, "
          f"median of {runs}, interleaved:")
    print(f"    bare Textual app  {bt * 1000:7.0f} ms")
    print(f"    kubelearn warm    {wt * 1000:7.0f} ms   ratio {wt / bt:.2f}x (target <= 1.3x)")
    print(f"    kubelearn cold    {ct * 1000:7.0f} ms   ratio {ct / bt:.2f}x (target <= 1.6x)")
    print("(m) memory (VmRSS) on each screen, median:")
    print(f"    bare Textual app  {bm:7.1f} MiB")
    for screen, values in screens.items():
        mib = statistics.median(values)
        target = " (target <= 1.6x)" if screen == "exercise" else ""
        print(f"    kubelearn {screen:<8}{mib:7.1f} MiB   ratio {mib / bm:.2f}x{target}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--pty-only", action="store_true", help="only the real-terminal figures")
    parser.add_argument("--child", choices=("bare", "app", "bare-tty"))
    parser.add_argument("--t0", type=float)
    args = parser.parse_args()
    if args.child == "bare":
        return child_bare(args.t0)
    if args.child == "app":
        return child_app(args.t0)
    if args.child == "bare-tty":
        return child_bare_tty()

    pty_figures(args.runs)
    if args.pty_only:
        return

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
