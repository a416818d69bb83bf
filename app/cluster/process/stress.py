"""``stress`` (Amos Waterland's stress 1.0.4, the program of the ``polinux/stress`` image the
Kubernetes docs use in "Assign Memory Resources to Containers and Pods"): it says how many
workers it dispatches, then each ``--vm`` worker mallocs and touches ``--vm-bytes`` (default
256 MiB), which is the memory the container uses. Sizes take stress's own suffixes (``atoll_b``:
b, k, m, g as powers of 1024, so ``150M`` is 150 MiB); ``--timeout`` ends a run with
"successful run completed in Ns". A bad option fails as stress.c does (exit 1; its FAIL
line also names the source line, ``(244)``, which is left out here).

The program yields ``("memory", bytes)`` when its workers have touched their memory; the
process model compares that with the container's memory limit (:mod:`.running`).
"""

from __future__ import annotations

import re

from kubelearn.cluster.process.program import Program

#: How long a worker takes to start and touch its memory (stress backs off 3 ms per fork).
TOUCH_MS = 100
_NUMBER = re.compile(r"^[+-]?[0-9]+")
_SIZE_SHIFT = {"b": 0, "k": 10, "m": 20, "g": 30}
_TIME_FACTOR = {"s": 1, "m": 60, "h": 3600, "d": 86_400, "y": 31_536_000}
_WITH_ARGUMENT = {"--backoff", "--timeout", "-t", "--cpu", "-c", "--io", "-i", "--vm", "-m",
                  "--vm-bytes", "--vm-stride", "--vm-hang", "--hdd", "-d", "--hdd-bytes"}
_FLAGS = {"--verbose", "-v", "--quiet", "-q", "--dry-run", "-n", "--vm-keep"}

USAGE = """`stress' imposes certain types of compute stress on your system

Usage: stress [OPTION [ARG]] ...
 -?, --help         show this help statement
     --version      show version statement
 -v, --verbose      be verbose
 -q, --quiet        be quiet
 -n, --dry-run      show what would have been done
 -t, --timeout N    timeout after N seconds
     --backoff N    wait factor of N microseconds before work starts
 -c, --cpu N        spawn N workers spinning on sqrt()
 -i, --io N         spawn N workers spinning on sync()
 -m, --vm N         spawn N workers spinning on malloc()/free()
     --vm-bytes B   malloc B bytes per vm worker (default is 256MB)
     --vm-stride B  touch a byte every B bytes (default is 4096)
     --vm-hang N    sleep N secs before free (default none, 0 is inf)
     --vm-keep      redirty memory instead of freeing and reallocating
 -d, --hdd N        spawn N workers spinning on write()/unlink()
     --hdd-bytes B  write B bytes per hdd worker (default is 1GB)

Example: stress --cpu 8 --io 4 --vm 2 --vm-bytes 128M --timeout 10s

Note: Numbers may be suffixed with s,m,h,d,y (time) or B,K,M,G (size).
"""


class _Fail(Exception):
    """stress's ``err`` then ``exit (1)``."""


def _number(text: str, factors: dict[str, int], shift: bool) -> int:
    """``atoll_b`` (``shift``: a power of 1024) or ``atoll_s`` (a factor of seconds)."""
    if not text:
        raise _Fail("invalid string")
    suffix = text[-1].lower()
    if not text[-1].isdigit() and suffix not in factors:
        raise _Fail(f"unrecognized suffix: {text[-1]}")
    match = _NUMBER.match(text)
    if match is None:
        raise _Fail(f"invalid number: {text}")
    value = int(match.group())
    factor = factors.get(suffix, 0 if shift else 1)
    return value << factor if shift else value * factor


def _options(argv: list[str]) -> dict[str, int] | str:
    """The options that matter here, or the usage text when ``--help`` asks for it."""
    opts = {"timeout": 0, "cpu": 0, "io": 0, "vm": 0, "vm-bytes": 256 << 20, "hdd": 0}
    i = 1
    while i < len(argv):
        arg = argv[i]
        if arg in ("--help", "-?"):
            return USAGE
        if arg in _FLAGS or arg == "--version":
            i += 1
            continue
        if arg not in _WITH_ARGUMENT:
            raise _Fail(f"unrecognized option: {arg}")
        i += 1
        value = argv[i] if i < len(argv) else ""
        if not value or (value[0] == "-" and not value[1:2].isdigit()):
            raise _Fail(f"missing argument to option '{arg}'")
        name = {"-t": "timeout", "-c": "cpu", "-i": "io", "-m": "vm", "-d": "hdd"}.get(
            arg, arg.lstrip("-"))
        if name == "timeout":
            opts["timeout"] = _number(value, _TIME_FACTOR, shift=False)
            if opts["timeout"] <= 0:
                raise _Fail(f"invalid timeout value: {opts['timeout']}s")
        elif name in opts:
            opts[name] = _number(value, _SIZE_SHIFT, shift=True)
            if opts[name] <= 0:
                what = {"cpu": "number of cpu hogs", "io": "number of io hogs",
                        "vm": "number of vm hogs", "hdd": "number of hdd hogs",
                        "vm-bytes": "vm byte value"}[name]
                raise _Fail(f"invalid {what}: {opts[name]}")
        i += 1
    return opts


def stress(argv: list[str]) -> Program:
    """The ``stress`` process (PID 1, so its lines say ``[1]``)."""
    try:
        opts = _options(argv)
    except _Fail as e:
        yield ("out", f"stress: FAIL: [1] {e}\n")
        return 1
    if isinstance(opts, str):
        yield ("out", opts)
        return 0
    hogs = (opts["cpu"], opts["io"], opts["vm"], opts["hdd"])
    if not any(hogs):
        yield ("out", USAGE)
        return 0
    yield ("out", "stress: info: [1] dispatching hogs: {} cpu, {} io, {} vm, {} hdd\n".format(*hogs))
    yield ("sleep", TOUCH_MS)
    yield ("memory", opts["vm"] * opts["vm-bytes"])
    if opts["timeout"]:
        yield ("sleep", opts["timeout"] * 1000 - TOUCH_MS)
        yield ("memory", 0)
        yield ("out", f"stress: info: [1] successful run completed in {opts['timeout']}s\n")
        return 0
    yield ("forever",)
    yield ("block",)
    return 0
