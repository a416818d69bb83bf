"""The exercise editor: a YAML ``TextArea`` that leaves F6 to the screen and shows control
characters as escapes.

``TextArea`` binds F6 to "select line"; the exercise screen uses F6 to show the whole task,
next to F2-F5. A screen binding with ``priority`` would win the key but still sit first in the
footer (the footer lists keys in the order the focused widget binds them), so the editor
simply does not bind F6. Its other keys are TextArea's (and, where TextArea has none,
ScrollableContainer's) unchanged.

``TextArea`` writes its lines to the terminal as they are, and counts a control character as
zero cells wide: an ESC in a draft, a starter, a paste or a file from ``$EDITOR`` would reach
the terminal (an OSC 52 writes the clipboard). Every way text enters the editor (the first
text, :meth:`load_text`, and :meth:`edit`, which typing, pasting, undo and ``replace`` go
through) writes such characters as visible escapes (``\\x1b``) instead. Line breaks stay line
breaks: the document splits lines on them itself.
"""

from __future__ import annotations

from textual.binding import Binding, BindingType
from textual.containers import ScrollableContainer
from textual.widgets import TextArea
from textual.widgets.text_area import Edit, EditResult

from kubelearn.tutor.exercise import editor_text

SCREEN_KEYS = {"f6"}


def _key(binding: BindingType) -> str:
    return binding.key if isinstance(binding, Binding) else binding[0]


def _editor_bindings() -> list[BindingType]:
    own = [b for b in TextArea.BINDINGS if _key(b) not in SCREEN_KEYS]
    taken = {key for b in own for key in _key(b).split(",")}
    inherited = [b for b in ScrollableContainer.BINDINGS if not set(_key(b).split(",")) & taken]
    return [*inherited, *own]


class YamlEditor(TextArea, inherit_bindings=False):
    BINDINGS = _editor_bindings()

    def __init__(self, text: str = "", **options) -> None:
        super().__init__(editor_text(text), **options)

    def load_text(self, text: str) -> None:
        super().load_text(editor_text(text))

    def edit(self, edit: Edit) -> EditResult:
        edit.text = editor_text(edit.text)
        return super().edit(edit)
