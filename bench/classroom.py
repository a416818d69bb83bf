"""A classroom on one machine: memory per session and keystroke-to-screen latency with 30
students at once, against one student alone in the same run.

A plain script, not a test: it prints figures and ratios.

    .venv/bin/python bench/classroom.py [--students 30] [--keys 30]

It starts ``kubelearn serve`` on loopback (the fixture course), then
(1) alone: one simulated student (tests/serve/classroom_client.py: a websocket client that
    speaks textual-serve's protocol, as the page's textual.js does) joins, opens the
    exercise and types ``--keys`` keys into the editor, one every 150-250 ms (a person
    typing), each a symbol not yet on the screen; the latency of a key is the time from
    sending it until a frame that draws it arrives;
(2) the class: ``--students`` students join at once, open the exercise, and all type the
    same way at the same time; the same latency, over every key of every student;
(3) memory: each session process's proportional set size (PSS, /proc/PID/smaps_rollup:
    shared library pages split between the processes sharing them, so the figures add up to
    what the machine spends) and resident size, with the class open; and the server's.

Targets (issue 11): p95 < 150 ms with 30 sessions on 2 cores; < 80 MiB per session.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import signal
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests" / "serve"))

import aiohttp  # noqa: E402
from classroom_client import SimStudent, join, open_exercise  # noqa: E402
from conftest import start_server  # noqa: E402

#: Symbols no screen of the fixture course shows: each key typed is one of them, once.
SYMBOLS = [chr(c) for c in range(0x2460, 0x2474)] + [chr(c) for c in range(0x24B6, 0x24D0)]
STEP_S = 120.0


async def typist(url: str, code: str, name: str, keys: int, start: asyncio.Event,
                 ready: list[str], lost: list[str], finish: asyncio.Event) -> list[float]:
    """A student who joins, opens the exercise, waits for the class, then types ``keys``
    keys; each key's seconds until its echo (a key with no echo within 10 s counts as
    10 s). One who never reaches the exercise is listed in ``lost`` and types nothing."""
    student = SimStudent(url)
    try:
        if not (await join(student, code, name, STEP_S)
                and await open_exercise(student, STEP_S)):
            lost.append(name)
            return []
        await student.type("# ")
        await student.drain(0.5)
        ready.append(name)
        while not start.is_set():  # reading: the server's heartbeat pings want their pongs
            await student.drain(0.5)
        student.mark()
        rng = random.Random(name)
        latencies = []
        try:
            for symbol in SYMBOLS[:keys]:
                await asyncio.sleep(rng.uniform(0.15, 0.25))
                took = await student.echo_time(symbol, timeout=10.0)
                latencies.append(10.0 if took is None else took)
        except aiohttp.ClientError as exc:
            lost.append(f"{name} (connection lost while typing: {exc})")
        ready.remove(name)
        while not finish.is_set() and not student.closed:  # the class ends together
            await student.drain(0.5)
        return latencies
    finally:
        await student.close()


def session_pids(server_pid: int) -> list[int]:
    """The kubelearn session processes of the server (its process group: it was started
    in a session of its own), each the Python below its shell."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes().split(b"\0")
            group = os.getpgid(int(entry.name))
        except OSError:
            continue
        if group == server_pid and b"--class-dir" in cmdline and b"serve" not in cmdline:
            found.append(int(entry.name))
    return sorted(found)


def cpu_seconds(pids: list[int]) -> float:
    """User and system CPU time the processes have used (/proc/PID/stat utime, stime)."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])
    return total / ticks


def memory_mib(pid: int) -> tuple[float, float]:
    """(PSS, RSS) of a process in MiB."""
    fields = {}
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()[1:]:
        key, value = line.split(":", 1)
        fields[key] = int(value.split()[0])
    return fields.get("Pss", 0) / 1024, fields.get("Rss", 0) / 1024


async def run_class(url: str, code: str, students: int, keys: int, prefix: str,
                    lost: list[str], on_ready=None, on_done=None) -> list[float]:
    start, finish, ready = asyncio.Event(), asyncio.Event(), []
    tasks = [asyncio.create_task(typist(url, code, f"{prefix} {n}", keys, start, ready, lost,
                                        finish))
             for n in range(students)]
    deadline = time.monotonic() + STEP_S * 2
    while len(ready) + len(lost) < students and time.monotonic() < deadline:
        await asyncio.sleep(0.2)
    if on_ready:
        on_ready()
    start.set()
    await asyncio.sleep(1)
    while ready and not all(t.done() for t in tasks):  # each typist leaves `ready` when done
        await asyncio.sleep(0.2)
    if on_done:
        on_done()
    finish.set()
    results = await asyncio.gather(*tasks)
    return [x for latencies in results for x in latencies]


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--students", type=int, default=30)
    parser.add_argument("--keys", type=int, default=30, help=f"at most {len(SYMBOLS)}")
    args = parser.parse_args()
    keys = min(args.keys, len(SYMBOLS))
    with tempfile.TemporaryDirectory() as tmp:
        served = start_server(Path(tmp) / "room", Path(tmp) / "home",
                              "--max-sessions", str(args.students + 5))
        memory: dict[str, object] = {}

        def measure() -> None:
            pids = session_pids(served.process.pid)
            figures = [memory_mib(pid) for pid in pids]
            memory["sessions"] = len(pids)
            memory["pss"] = [f[0] for f in figures]
            memory["rss"] = [f[1] for f in figures]
            memory["server"] = memory_mib(served.process.pid)
            memory["pids"] = pids
            memory["cpu0"] = cpu_seconds(pids), time.monotonic()

        def measured() -> None:
            cpu0, t0 = memory["cpu0"]  # type: ignore[misc]
            memory["cpu"] = (cpu_seconds(memory["pids"]) - cpu0,  # type: ignore[arg-type]
                             time.monotonic() - t0)

        try:
            lost: list[str] = []
            alone = asyncio.run(run_class(served.url, served.code, 1, keys, "Alone", lost))
            crowd = asyncio.run(run_class(served.url, served.code, args.students, keys,
                                          "Student", lost, measure, measured))
        finally:
            served.stop(signal.SIGTERM)
    if not alone or not crowd:
        sys.exit(f"no figures: {', '.join(lost)} did not reach the exercise")
    ms = 1000
    print(f"kubelearn serve, {args.students} students x {keys} keys, {os.cpu_count()} CPUs")
    print(f"  keystroke -> echo, alone:       p50 {percentile(alone, 50) * ms:6.1f} ms   "
          f"p95 {percentile(alone, 95) * ms:6.1f} ms   ({len(alone)} keys)")
    print(f"  keystroke -> echo, {args.students:2d} at once: p50 {percentile(crowd, 50) * ms:6.1f} ms"
          f"   p95 {percentile(crowd, 95) * ms:6.1f} ms   ({len(crowd)} keys)")
    print(f"  ratio class/alone: p50 x{percentile(crowd, 50) / percentile(alone, 50):.2f}   "
          f"p95 x{percentile(crowd, 95) / percentile(alone, 95):.2f}   (target p95 < 150 ms)")
    pss, rss = memory.get("pss") or [0.0], memory.get("rss") or [0.0]
    server_pss, server_rss = memory.get("server", (0.0, 0.0))  # type: ignore[misc]
    print(f"  memory per session ({memory.get('sessions')} measured): PSS median "
          f"{statistics.median(pss):.1f} MiB (max {max(pss):.1f}), RSS median "
          f"{statistics.median(rss):.1f} MiB   (target < 80 MiB)")
    print(f"  server process: PSS {server_pss:.1f} MiB, RSS {server_rss:.1f} MiB")
    cpu, wall = memory["cpu"]  # type: ignore[misc]
    print(f"  sessions' CPU while the class typed: {cpu:.1f} s in {wall:.1f} s "
          f"({cpu / wall:.2f} cores; {cpu / len(crowd) * ms:.0f} ms a key, echo and check)")
    if lost:
        print(f"  students who did not type (no exercise within {STEP_S:.0f} s a step, or "
              f"a lost connection): {', '.join(lost)}")


if __name__ == "__main__":
    main()
