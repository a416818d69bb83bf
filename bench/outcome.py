"""How long judging an exercise takes when its goals run the answer in the offline cluster.

For every exercise of the shipped course with such goals (``ready``, ``request``, ``exec``,
``logs``, ``scenario``): the quick judgement (``outcomes=False``: reading, schema, rules,
static goals) and the full one (a fresh cluster, the answer applied, the clock run until
quiet, each outcome goal judged), warm, median of N, on the solution and on the starter.
The exercise screen runs both in a thread worker after a 120 ms pause in typing and keeps the
full verdict by text; the ~30 ms line is where typing would feel a stall if it ran inline.

Usage: .venv/bin/python bench/outcome.py [--repeat N]
Prints figures only; nothing here asserts a timing.
"""

from __future__ import annotations

import argparse
import statistics
import time

from kubelearn.checker import check
from kubelearn.checker.goals import is_outcome
from kubelearn.course import load_course

#: Where judging inline would start to stall typing.
STALL_MS = 30.0


def median_ms(func, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=9)
    args = parser.parse_args()
    course = load_course(None)
    check("apiVersion: v1\nkind: Pod\n", [])  # imports and caches, once
    print(f"{'exercise':32} {'quick':>8} {'solution':>9} {'starter':>8}  (ms, median of "
          f"{args.repeat})")
    worst = 0.0
    for lesson in course.lessons:
        for ex in lesson.exercises:
            if not any(is_outcome(goal) for goal in ex.goals):
                continue

            def run(text: str, outcomes: bool = True, ex=ex) -> None:
                check(text, ex.goals, cluster=ex.cluster, outcomes=outcomes)

            run(ex.solution)  # warm
            quick = median_ms(lambda ex=ex: run(ex.solution, False), args.repeat)
            solution = median_ms(lambda ex=ex: run(ex.solution), args.repeat)
            starter = median_ms(lambda ex=ex: run(ex.starter), args.repeat)
            worst = max(worst, solution, starter)
            print(f"{ex.id:32} {quick:8.1f} {solution:9.1f} {starter:8.1f}")
    print(f"slowest full judgement: {worst:.1f} ms = {worst / STALL_MS:.2f}x the {STALL_MS:.0f} ms "
          "a keystroke could wait (it runs in a worker thread, cached by text)")


if __name__ == "__main__":
    main()
