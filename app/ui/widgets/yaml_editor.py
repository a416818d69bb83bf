"""The exercise editor: a YAML ``TextArea`` that helps with indentation, marks the lines the
checker has findings on, leaves F6 and Esc to the screen and shows control characters as
escapes.

Read against Textual 8.2's ``src/textual/widgets/_text_area.py``; each override uses a hook
that file documents or calls itself:

- Keys (``_on_key``, which TextArea also uses for typing): Enter, Tab and shift+Tab do what
  :mod:`kubelearn.ui.widgets.yaml_keys` says, and Esc is left to the screen (TextArea's
  "indent" tab behaviour would move the focus instead, so one Esc would not go back).
  Backspace in the indentation takes a level back (``action_delete_left``); Home goes to the
  line's first character, then to column 0 (``action_cursor_line_start``); ctrl+Home and
  ctrl+End go to the start and end of the text.
- F6: ``TextArea`` binds it to "select line"; the exercise screen uses F6 to show the whole
  task, next to F2-F5. A screen binding with ``priority`` would win the key but still sit first
  in the footer (the footer lists keys in the order the focused widget binds them), so the
  editor simply does not bind F6. Its other keys are TextArea's (and, where TextArea has none,
  ScrollableContainer's).
- Marks (:meth:`YamlEditor.show_marks`): a sign in the gutter, coloured by severity (the sign
  itself says the severity where there is no colour, as with NO_COLOR), and the columns a
  finding names underlined. The underline is put on the line's ``Text`` in ``get_line`` (the
  hook TextArea documents for styling content), the sign on the gutter ``_render_line`` draws.
- ``TextArea`` writes its lines to the terminal as they are, and counts a control character
  as zero cells wide: an ESC in a draft, a starter, a paste or a file from ``$EDITOR`` would
  reach the terminal (an OSC 52 writes the clipboard). Every way text enters the editor (the
  first text, :meth:`load_text`, and :meth:`edit`, which typing, pasting, undo and ``replace``
  go through) writes such characters as visible escapes (``\\x1b``) instead. Line breaks stay
  line breaks: the document splits lines on them itself.
"""

from __future__ import annotations

from collections.abc import Iterable

from rich.segment import Segment
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.containers import ScrollableContainer
from textual.document._document import Selection
from textual.strip import Strip
from textual.widgets import TextArea
from textual.widgets.text_area import Edit, EditResult

from kubelearn.tutor.exercise import Mark, editor_text
from kubelearn.ui.widgets import yaml_keys

SCREEN_KEYS = {"f6"}
#: The gutter's sign for each severity: it says what colour says, without colour.
SIGNS = {"error": "✗", "warning": "!", "info": "i"}


def _key(binding: BindingType) -> str:
    return binding.key if isinstance(binding, Binding) else binding[0]


def _editor_bindings() -> list[BindingType]:
    own = [b for b in TextArea.BINDINGS if _key(b) not in SCREEN_KEYS]
    taken = {key for b in own for key in _key(b).split(",")}
    inherited = [b for b in ScrollableContainer.BINDINGS if not set(_key(b).split(",")) & taken]
    added = [
        Binding("shift+tab", "dedent", "Dedent", show=False),
        Binding("ctrl+home", "document_start", "Start of the text", show=False),
        Binding("ctrl+end", "document_end", "End of the text", show=False),
        Binding("ctrl+shift+home", "document_start(True)", show=False),
        Binding("ctrl+shift+end", "document_end(True)", show=False),
    ]
    return [*inherited, *own, *added]


class YamlEditor(TextArea, inherit_bindings=False):
    BINDINGS = _editor_bindings()
    COMPONENT_CLASSES = {"yaml-editor--error", "yaml-editor--warning", "yaml-editor--info"}
    DEFAULT_CSS = """
    YamlEditor > .yaml-editor--error { color: $text-error; text-style: bold; }
    YamlEditor > .yaml-editor--warning { color: $text-warning; text-style: bold; }
    YamlEditor > .yaml-editor--info { color: $text-accent; }
    """

    def __init__(self, text: str = "", **options) -> None:
        super().__init__(editor_text(text), **options)
        self.indent_width = yaml_keys.INDENT
        self.marks: dict[int, Mark] = {}

    def load_text(self, text: str) -> None:
        super().load_text(editor_text(text))

    def edit(self, edit: Edit) -> EditResult:
        edit.text = editor_text(edit.text)
        return super().edit(edit)

    # Marks

    def show_marks(self, marks: Iterable[Mark]) -> None:
        """Mark these lines (and only these) in the gutter, with their columns underlined."""
        new = {mark.line: mark for mark in marks}
        if new != self.marks:
            self.marks = new
            self._line_cache.clear()
            self.refresh()

    def get_line(self, line_index: int) -> Text:
        line = super().get_line(line_index)
        mark = self.marks.get(line_index)
        if mark is not None:
            for start, end in mark.spans:
                line.stylize("underline", start, end)
        return line

    @property
    def gutter_width(self) -> int:
        """TextArea's (the numbers and two spaces), and one column for the sign."""
        width = super().gutter_width
        return width + 1 if width else 0

    def _render_line(self, y: int) -> Strip:
        """TextArea's line, with the gutter drawn again: the number, then the sign column."""
        strip = super()._render_line(y)
        width = self.gutter_width
        if not width:
            return strip
        try:
            line_index, section = self.wrapped_document._offset_to_line_info[y + self.scroll_offset.y]
        except IndexError:
            return strip
        if section:
            return strip  # a wrapped line's second part: no number, no sign
        gutter = list(strip.crop(0, width))
        style = gutter[0].style if gutter else None
        number = str(line_index + self.line_number_start)
        mark = self.marks.get(line_index)
        if mark is None:
            sign = Segment(" ", style)
        else:
            sign_style = self.get_component_rich_style(f"yaml-editor--{mark.severity}",
                                                       partial=True)
            sign = Segment(SIGNS.get(mark.severity, "?"), style + sign_style if style else sign_style)
        signed = Strip([Segment(f"{number:>{width - 3}} ", style), sign, Segment(" ", style)], width)
        return Strip.join([signed, strip.crop(width)])

    # Keys

    async def _on_key(self, event: events.Key) -> None:
        if self.read_only:
            return
        if event.key == "escape":
            event.prevent_default()  # not TextArea's "focus the next widget": the screen's Back
            return
        if event.key in ("enter", "tab"):
            event.stop()
            event.prevent_default()
            self._restart_blink()
            if event.key == "enter":
                self._enter()
            else:
                self._shift_lines(+1)

    def _enter(self) -> None:
        start, end = sorted(self.selection)
        row, column = start
        insert = yaml_keys.on_enter(self.document[row][:column])
        self._replace_via_keyboard(insert.text, (row, insert.start), end)

    def _selected_rows(self) -> range:
        """The lines Tab and shift+Tab move: the cursor's, or every line the selection
        touches (not the last when the selection ends at its column 0)."""
        (top, _), (bottom, bottom_column) = sorted(self.selection)
        if bottom > top and bottom_column == 0:
            bottom -= 1
        return range(top, bottom + 1)

    def _shift_lines(self, direction: int) -> None:
        """Move the selected lines one level right (+1) or left (-1), as one edit."""
        rows = self._selected_rows()
        old = [self.document[row] for row in rows]
        if direction > 0:
            new = [yaml_keys.indented(line) if len(rows) > 1 else " " * yaml_keys.INDENT + line
                   for line in old]
        else:
            new = [line[yaml_keys.dedent_width(line):] for line in old]
        if new == old:
            return
        moved = {row: len(n) - len(o) for row, o, n in zip(rows, old, new, strict=True)}
        start, end = self.selection
        self.replace("\n".join(new), (rows[0], 0), (rows[-1], len(old[-1])),
                     maintain_selection_offset=False)

        def shifted(location: tuple[int, int]) -> tuple[int, int]:
            row, column = location
            return row, max(0, column + moved.get(row, 0))

        self.selection = Selection(shifted(start), shifted(end))

    def action_dedent(self) -> None:
        if not self.read_only:
            self._shift_lines(-1)

    def action_delete_left(self) -> None:
        selection = self.selection
        if self.read_only or not selection.is_empty:
            super().action_delete_left()
            return
        row, column = selection.end
        width = yaml_keys.backspace_width(self.document[row][:column])
        if width == 1:
            super().action_delete_left()
            return
        self._delete_via_keyboard((row, column - width), (row, column))

    def action_cursor_line_start(self, select: bool = False) -> None:
        """The line's first character, or column 0 when the cursor is there already."""
        row, column = self.cursor_location
        line = self.document[row]
        first = len(line) - len(line.lstrip())
        self.move_cursor((row, 0 if column == first else first), select=select)

    def action_document_start(self, select: bool = False) -> None:
        self.move_cursor((0, 0), select=select)

    def action_document_end(self, select: bool = False) -> None:
        self.move_cursor(self.document.end, select=select)
