"""The reader's two overlays: the key help, and the inline note editor.

The inline editor exists for users without $EDITOR (and for tests, where the
app cannot hand the terminal to another program); it returns the new note, or
None when the user cancels, so a cancelled edit can never erase a note.
"""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static, TextArea

from paperfeed.text import clean
from paperfeed.tui.keymap import help_lines


class HelpScreen(ModalScreen[None]):
    """Every key and what it does; any of ?, q or escape closes it.

    The box scrolls (j/k, arrows, page keys, home/end): on a small terminal
    (60x15) the list is taller than the screen, and a cut-off box hid its end.
    """

    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll {
        width: 90%; max-width: 100; height: auto; max-height: 90%;
        border: round $accent; padding: 0 1; background: $surface; scrollbar-size-vertical: 1;
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "dismiss_help", "close", show=False),
        Binding("j,down", "scroll_help('down')", show=False),
        Binding("k,up", "scroll_help('up')", show=False),
        Binding("pagedown,space", "scroll_help('page_down')", show=False),
        Binding("pageup", "scroll_help('page_up')", show=False),
        Binding("home", "scroll_help('home')", show=False),
        Binding("end", "scroll_help('end')", show=False),
    ]

    def compose(self) -> ComposeResult:
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold", no_wrap=True)
        table.add_column()
        for key, what in help_lines():
            table.add_row(key, what)
        with VerticalScroll(can_focus=False):
            yield Static(Text("paperfeed reader: keys", style="bold"))
            yield Static(table, id="help-keys")
            yield Static(Text("Marks are saved the moment you make them.  "
                              "? or escape closes this.", style="dim"))

    def action_dismiss_help(self) -> None:
        self.dismiss(None)

    def action_scroll_help(self, where: str) -> None:
        box = self.query_one(VerticalScroll)
        getattr(box, f"scroll_{where}")(animate=False)


class NoteScreen(ModalScreen[str | None]):
    """Edit a note in place: ctrl+s saves, escape cancels."""

    DEFAULT_CSS = """
    NoteScreen { align: center middle; }
    NoteScreen > Vertical {
        width: 90%; height: 80%; border: round $accent; padding: 0 1; background: $surface;
    }
    NoteScreen TextArea { height: 1fr; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "save", priority=True),
        Binding("escape", "cancel", "cancel", priority=True),
    ]

    def __init__(self, title: str, note: str) -> None:
        super().__init__()
        self._title = title
        # The TextArea writes its text to the terminal as is; a note stored through the
        # store API may hold control characters that the card's clean() hides.
        self._note = clean(note)

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text.assemble(("Note on ", "bold"), self._title), id="note-title")
            yield TextArea(self._note, id="note-text", soft_wrap=True, tab_behavior="indent")
            yield Static(Text("ctrl+s save   escape cancel", style="dim"))

    def on_mount(self) -> None:
        area = self.query_one(TextArea)
        area.focus()
        area.move_cursor(area.document.end)

    def action_save(self) -> None:
        self.dismiss(self.query_one(TextArea).text)

    def action_cancel(self) -> None:
        self.dismiss(None)
