"""Chinese wraps between characters, not only at spaces (kubelearn.ui.cjk_wrap)."""

from __future__ import annotations

from rich.cells import cell_len
from textual.content import Content

from kubelearn.ui import cjk_wrap

PARAGRAPH = "由程序通过 Kubernetes API直接读取。如果要把整个 ConfigMap 变成环境变量，就用 envFrom[].configMapRef。"


def wrapped(text: str, width: int) -> list[str]:
    return [line.plain for line in Content(text).wrap(width)]


def test_install_replaces_both_patterns():
    assert cjk_wrap.install()


def test_chinese_after_an_english_word_fills_the_line():
    cjk_wrap.install()
    lines = wrapped(PARAGRAPH, 30)
    assert lines[0].startswith("由程序通过 Kubernetes API直"), lines
    for line in lines[:2]:  # full, give or take a wide character (then a long English word)
        assert cell_len(line.rstrip()) >= 28, lines
    assert "".join(lines).replace(" ", "") == PARAGRAPH.replace(" ", "")


def test_closing_punctuation_never_starts_a_line():
    cjk_wrap.install()
    for width in range(26, 60):  # wider than the longest word
        for line in wrapped(PARAGRAPH, width)[1:]:
            assert line[0] not in cjk_wrap.CLOSING, (width, line)


def test_opening_punctuation_never_ends_a_line():
    cjk_wrap.install()
    text = "volumeMount 引用的是 Pod 的某个卷（spec.volumes）。这个 Pod 的卷有：foo。"
    for width in range(16, 50):
        for line in wrapped(text, width):
            assert line.rstrip()[-1] not in cjk_wrap.OPENING, (width, line)


def test_english_wraps_as_before():
    cjk_wrap.install()
    assert wrapped("one two three four", 9) == ["one two", "three", "four"]


def test_text_area_soft_wrap_breaks_chinese_too():
    from textual._wrap import compute_wrap_offsets

    cjk_wrap.install()
    offsets = compute_wrap_offsets("ab 中文中文中文中文", 8, tab_size=4)
    assert offsets[0] == 5  # "ab 中文" fills the 8 cells
