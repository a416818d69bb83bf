"""`kubelearn check` given what a hostile tester gives it: endless input, FIFOs, devices,
file names and values with terminal escapes, and a reader that goes away (issue 7)."""

from __future__ import annotations

import io
import json
import os
import resource
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from kubelearn.checker.yaml import MAX_BYTES
from kubelearn.cli import main
from kubelearn.safe_text import has_control

BAD = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  contaners: []\n"


def _kubelearn(*argv: str | bytes, **kwargs) -> subprocess.CompletedProcess:
    """The real command in a child with at most 1 GiB of memory, so a regression that reads
    without end fails with MemoryError instead of taking the machine's memory."""

    def limit_memory() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))

    kwargs.setdefault("timeout", 60)
    return subprocess.run([sys.executable, "-m", "kubelearn", *argv], capture_output=True,
                          preexec_fn=limit_memory, **kwargs)


class EndlessInput(io.RawIOBase):
    """`yes |` as stdin: never ends, and counts what was read from it."""

    def __init__(self) -> None:
        self.given = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        if self.given > 8 * MAX_BYTES:
            raise AssertionError("read 8 times the checker's limit from stdin")
        buffer[:] = b"y\n" * (len(buffer) // 2) + b"y" * (len(buffer) % 2)
        self.given += len(buffer)
        return len(buffer)


def test_endless_stdin_is_read_only_up_to_the_limit(monkeypatch, capsys) -> None:
    endless = EndlessInput()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BufferedReader(endless)))
    assert main(["check", "-", "--lang", "en"]) == 1
    out = capsys.readouterr().out
    assert f"<stdin>:1:1: error[too-large] The text is {MAX_BYTES}+ bytes" in out
    assert endless.given <= MAX_BYTES + 2 * io.DEFAULT_BUFFER_SIZE + (1 << 16)


def test_yes_piped_into_check_stops_at_the_limit() -> None:
    yes = subprocess.Popen(["yes"], stdout=subprocess.PIPE)
    try:
        result = _kubelearn("check", "-", "--lang", "en", stdin=yes.stdout)
    finally:
        yes.kill()
        yes.wait()
        yes.stdout.close()
    assert result.returncode == 1, result.stderr
    assert b"error[too-large]" in result.stdout


def test_dev_zero_is_refused_without_reading_it() -> None:
    result = _kubelearn("check", "/dev/zero")
    assert result.returncode == 2
    assert result.stderr.decode() == (
        "kubelearn check: /dev/zero: is a character device, not a regular file; "
        "to check a stream, pipe it to `kubelearn check -`\n")


def test_fifo_without_a_writer_is_refused_not_waited_for(tmp_path: Path) -> None:
    fifo = tmp_path / "pod.yaml"
    os.mkfifo(fifo)
    result = _kubelearn("check", str(fifo))
    assert result.returncode == 2
    assert result.stderr.decode().startswith(f"kubelearn check: {fifo}: is a FIFO (named pipe)")
    assert result.stderr.count(b"\n") == 1


def test_socket_is_refused(tmp_path: Path, capsys) -> None:
    path = tmp_path / "s.yaml"
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(path))
        assert main(["check", str(path)]) == 2
    assert "is a socket, not a regular file" in capsys.readouterr().err


def test_symlink_to_a_file_is_still_read(tmp_path: Path, capsys) -> None:
    (tmp_path / "bad.yaml").write_text(BAD)
    (tmp_path / "link.yaml").symlink_to(tmp_path / "bad.yaml")
    assert main(["check", str(tmp_path / "link.yaml"), "--lang", "en"]) == 1
    assert "unknown-field" in capsys.readouterr().out


def test_oversized_file_reports_its_real_size(tmp_path: Path, capsys) -> None:
    big = tmp_path / "big.yaml"
    big.write_bytes(b"# " + b"x" * (3 * MAX_BYTES) + b"\n")
    assert main(["check", str(big), "--lang", "en"]) == 1
    out = capsys.readouterr().out
    assert f"The text is {3 * MAX_BYTES + 3} bytes; the checker reads at most {MAX_BYTES}" in out


def test_broken_pipe_keeps_the_exit_status_of_the_findings(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(BAD)
    # Far more output than a pipe holds, so the writer meets the closed pipe.
    argv = [sys.executable, "-m", "kubelearn", "check", "--lang", "en", *[str(bad)] * 1500]
    child = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    first = child.stdout.readline()
    child.stdout.close()  # `| head -1`
    stderr = child.stderr.read()
    child.stderr.close()
    assert child.wait(timeout=120) == 1
    assert b"unknown-field" in first
    assert stderr == b""  # no traceback, no "Exception ignored ... BrokenPipeError"


# --------------------------------------------------------------------------- escapes

ESCAPES = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: \"a\\e]52;c;aGk=\\aB\\u202e\\x9b2J\"\n"


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_no_control_character_reaches_the_terminal(tmp_path: Path, capsys, fmt: str) -> None:
    name = tmp_path / "pod\x1b]0;title\x07\u202e.yaml"
    name.write_text(ESCAPES)
    assert main(["check", str(name), "--format", fmt, "--lang", "en"]) == 1
    out = capsys.readouterr().out
    assert not has_control(out), out
    shown = "pod\\x1b]0;title\\x07\\u202e.yaml"
    if fmt == "json":
        findings = json.loads(out)["findings"]
        assert findings and all(f["file"].endswith(shown) for f in findings)
        assert not any(has_control(value) for f in findings for value in f.values()
                       if isinstance(value, str))
    else:
        assert f"{shown}:4:" in out


def test_exercise_id_argument_is_shown_escaped(capsys) -> None:
    assert main(["check", "-", "--exercise", "x\x1b[2J"]) == 2
    err = capsys.readouterr().err
    assert "'x\\x1b[2J'" in err and not has_control(err, allow_newlines=True)


def test_file_name_that_is_not_utf8_is_shown_not_crashed_on(tmp_path: Path) -> None:
    path = os.fsencode(tmp_path) + b"/pod\xff.yaml"
    with open(path, "wb") as handle:
        handle.write(BAD.encode())
    result = _kubelearn(b"check", path, b"--lang", b"en")
    assert result.returncode == 1, result.stderr
    assert b"pod\\xff.yaml:6:3: error[unknown-field]" in result.stdout
    assert b"Traceback" not in result.stderr


def test_missing_file_name_with_escapes_is_one_safe_line(capsys) -> None:
    assert main(["check", "no\x1b]0;x\x07pe.yaml"]) == 2
    assert capsys.readouterr().err == "kubelearn check: no\\x1b]0;x\\x07pe.yaml: no such file\n"
