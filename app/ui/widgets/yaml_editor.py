"""The exercise editor: a YAML ``TextArea`` that leaves F6 to the screen.

``TextArea`` binds F6 to "select line"; the exercise screen uses F6 to show the whole task,
next to F2-F5. A screen binding with ``priority`` would win the key but still sit first in the
footer (the footer lists keys in the order the focused widget binds them), so the editor
simply does not bind F6. Its other keys are TextArea's (and, where TextArea has none,
ScrollableContainer's) unchanged.
"""

from __future__ import annotations

from textual.binding import Binding, BindingType
from textual.containers import ScrollableContainer
from textual.widgets import TextArea

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
