"""A course written the way a stranger's lesson pack could be: titles, quiz text, hints and
diagrams full of Textual markup (``[/]``, ``[link=x]``, ``[app=web]``, ``[b]``) and terminal
control sequences (OSC 52 clipboard, OSC 0 window title, ESC[2J clear screen), two lessons with
the same id and one with none. Everything must be shown literally, and nothing raw may reach
the terminal."""

from __future__ import annotations

from pathlib import Path

#: Terminal control sequences a lesson pack could hide in its text.
OSC52 = "\x1b]52;c;aGk=\x07"
OSC0 = "\x1b]0;pwned\x07"
CLEAR = "\x1b[2J"
MARKUP = "[/] [link=x]x[/link] [app=web] [b]"

LESSON = """\
---
format: 1
id: {id}
title: "{title}"
order: {order}
---

## Step {markup} one

Text with {markup} and an escape here.

```diagram Diagram {markup}
+------+
| {markup} |
+------+
```

## Quiz

```quiz
question: "Which {markup}{osc52}?"
choices:
  a: "One {markup}{osc0}"
  b: "Two {markup}"
answer: a
explain:
  a: "Yes {markup}{clear}"
  b: "No {markup}"
```

```exercise
id: ex-{order}
title: "Exercise {markup}{osc0}"
prompt: "Write a Pod {markup}{osc52}"
starter: |
  apiVersion: v1
  kind: Pod
  metadata:
    name: "web{osc52}"
solution: |
  apiVersion: v1
  kind: Pod
  metadata:
    name: web
  spec:
    containers:
      - name: web
        image: nginx:1.27
hints:
  - "Hint {markup}{osc0}"
```
"""


def _yaml_escaped(text: str) -> str:
    """``text`` inside a double-quoted YAML scalar (control characters as YAML escapes)."""
    return "".join(f"\\x{ord(c):02x}" if ord(c) < 0x20 else c for c in text)


def write_hostile_course(root: Path) -> Path:
    """Write the course under ``root/en`` and return ``root``.

    Control characters go in as YAML escapes in the YAML parts (titles, quiz, exercise),
    which a lesson may hold; a fourth lesson has them raw in its Markdown, which the loader
    reports (that lesson is listed as broken, with its problems)."""
    en = root / "en"
    en.mkdir(parents=True)
    values = {
        "markup": MARKUP,
        "osc52": _yaml_escaped(OSC52),
        "osc0": _yaml_escaped(OSC0),
        "clear": _yaml_escaped(CLEAR),
    }
    lessons = [
        ("same", f"Title {MARKUP}", 1),
        ("same", f"Twin [/link] {MARKUP}", 2),
        ("", "No id [app=web]", 3),
        ("raw", f"Raw {MARKUP}", 4),
    ]
    for number, (lesson_id, title, order) in enumerate(lessons, start=1):
        text = LESSON.format(id=lesson_id, title=_yaml_escaped(title + OSC0), order=order, **values)
        if lesson_id == "raw":
            text = text.replace("and an escape", "and an escape" + OSC52)
        (en / f"{number:02d}-lesson.md").write_text(text, encoding="utf-8")
    return root
