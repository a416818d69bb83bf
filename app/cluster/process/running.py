"""A running process (:class:`Process`): a program's steps taken against the cluster clock,
its log, the ports it listens on, its exit and the kubelet's bounded exit lookahead."""

from __future__ import annotations

from collections import deque

from kubelearn.cluster.process.program import (
    MAX_LINE,
    MAX_LOG_LINES,
    STEP_BUDGET,
    BreakLoop,
    Context,
    Program,
    Step,
    SystemExitShell,
)


class Process:
    """One run of a container's program, caught up with the clock only when asked."""

    def __init__(self, program: Program, start_ms: int, ctx: Context, on_term: str) -> None:
        self.program = program
        self.ctx = ctx
        self.on_term = on_term
        self.start_ms = start_ms
        #: The process's own time: every step before it has happened.
        self.clock_ms = start_ms
        #: A step taken from the program that happens later (its time, the step).
        self.pending: deque[tuple[int, Step]] = deque()
        self.log: deque[str] = deque(maxlen=MAX_LOG_LINES)
        self._partial = ""
        self.listening: dict[int, tuple] = {}
        self.exit_code: int | None = None
        self.exit_ms: int | None = None
        #: Why the runtime ended it, when not by itself ("OOMKilled").
        self.exit_reason = ""
        #: The program will never exit by itself (an endless loop, a server).
        self.endless = False
        self.blocked = False
        #: A lookahead time up to which the program is known not to exit.
        self._known_until = start_ms
        self._advancing = False
        #: The kernel's OOM killer ended it: the program takes no more steps.
        self._killed = False

    # the program, step by step -------------------------------------------------------------

    def _pull(self) -> bool:
        """Take the program's next step into ``pending``; False when it has ended."""
        if self.exit_code is not None or self.blocked or self._killed:
            return False
        at = self.pending[-1][0] if self.pending else self.clock_ms
        self.ctx.now = lambda: at
        try:
            step = next(self.program)
        except StopIteration as stop:
            self.pending.append((at, ("exit", int(stop.value or 0) & 0xFF)))
            return False
        except SystemExitShell as e:
            self.pending.append((at, ("exit", e.code)))
            return False
        except BreakLoop:
            self.pending.append((at, ("exit", 0)))
            return False
        if step[0] == "sleep":
            self.pending.append((at + max(0, int(step[1])), ("tick",)))
        elif step[0] == "forever":
            self.endless = True
        elif step[0] == "block":
            self.blocked = True
            self.endless = True
        elif step[0] == "memory":
            limit = self.ctx.memory_limit
            if limit is not None and int(step[1]) > limit:
                # The cgroup's memory.max is hit: the OOM killer ends every process of the
                # container (memory.oom.group, set by the kubelet on cgroup v2), SIGKILL.
                self._killed = True
                self.program.close()
                self.pending.append((at, ("exit", 137, "OOMKilled")))
                return False
        else:
            self.pending.append((at, step))
        return True

    def _apply(self, step: Step, at: int) -> None:
        kind = step[0]
        if kind == "out":
            self.write(step[1])
        elif kind == "listen":
            self.listening[int(step[1])] = step[2]
        elif kind == "exit":
            self.exit_code, self.exit_ms = step[1], at
            self.exit_reason = step[2] if len(step) > 2 else ""
            self.listening.clear()

    def write(self, text: str) -> None:
        text = self._partial + text
        lines = text.split("\n")
        self._partial = lines.pop()[:MAX_LINE]
        for line in lines[-MAX_LOG_LINES:]:
            self.log.append(line[:MAX_LINE])

    def advance(self, to_ms: int) -> None:
        """Catch up with the clock: every step due by ``to_ms`` happens.

        A step may reach this same process again (a script that requests its own Pod, as the
        docs' localhost sidecar does): the process is already catching up, so the inner call
        returns and the request sees it as it is at that step."""
        if self.exit_code is not None or self._advancing:
            return
        self._advancing = True
        try:
            self._advance(to_ms)
        finally:
            self._advancing = False

    def _advance(self, to_ms: int) -> None:
        budget = STEP_BUDGET
        skipped = False
        while True:
            while self.pending and self.pending[0][0] <= to_ms:
                at, step = self.pending.popleft()
                self.clock_ms = max(self.clock_ms, at)
                self._apply(step, at)
                if self.exit_code is not None:
                    self.pending.clear()
                    return
            if self.pending or self.blocked:
                self.clock_ms = max(self.clock_ms, min(to_ms, self.pending[0][0]) if self.pending else to_ms)
                return
            budget -= 1
            if budget <= 0:
                if skipped:
                    self.clock_ms = to_ms
                    return
                # A busy process: what it printed in between is lost, as log rotation loses it.
                skipped = True
                budget = STEP_BUDGET
                self.clock_ms = max(self.clock_ms, to_ms - 1_000)
            if not self._pull():
                if not self.pending:
                    return

    def exit_by(self, horizon_ms: int) -> int | None:
        """When the program exits, if it does by ``horizon_ms`` (a bounded lookahead): the kubelet
        sets its timer there. Steps looked at stay pending until the clock reaches them."""
        if self.exit_code is not None:
            return self.exit_ms
        budget = STEP_BUDGET
        while budget > 0 and not self.endless:
            last = self.pending[-1] if self.pending else None
            if last is not None and last[1][0] == "exit":
                return last[0]
            if last is not None and last[0] > horizon_ms:
                return None
            if not self._pull():
                last = self.pending[-1] if self.pending else None
                return last[0] if last is not None and last[1][0] == "exit" else None
            budget -= 1
        if self.pending and self.pending[-1][1][0] == "exit":
            return self.pending[-1][0]
        return None

    def lookahead_until(self) -> int:
        """How far :meth:`exit_by` looked (the kubelet looks again from there)."""
        return self.pending[-1][0] if self.pending else self.clock_ms

    def stop(self, at_ms: int, code: int) -> None:
        """The process ends now (SIGTERM it handles, SIGKILL)."""
        self.advance(at_ms)
        if self.exit_code is None:
            if self._partial:
                self.log.append(self._partial)
                self._partial = ""
            self.exit_code, self.exit_ms = code, at_ms
            self.listening.clear()
            self.pending.clear()

    def exits_at_sigterm(self) -> int | None:
        """The exit code if the process ends at SIGTERM, else None (it ignores it)."""
        if self.on_term == "exit":
            return 0
        if self.on_term == "go":
            return 2
        if self.on_term == "trap" and self.ctx.traps_term:
            return 143
        return None

    def text(self, tail: int | None = None) -> str:
        lines = list(self.log) + ([self._partial] if self._partial else [])
        if tail is not None and tail >= 0:
            lines = lines[-tail:] if tail else []
        if not lines:
            return ""
        return "\n".join(lines) + ("\n" if not (self._partial and lines[-1] == self._partial) else "")
