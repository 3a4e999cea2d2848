"""The interactive reader: one paper at a time, every mark saved the moment it is made.

`make_app(store, digest, config, now=...)` builds the app from what `today`
already has, with no globals, so tests drive the very same app through Pilot.
Each key writes to the store before the screen changes (marks, the shown time,
the reading position), so closing the terminal at any moment loses nothing, and
reopening the day's digest resumes where the reader stood.

The app's result (`app.run()`'s return value, also `app.summary()`) is a
`ReadingSummary` for `today` to print once the terminal is back.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, ClassVar, TypeVar

from rich.console import Group, RenderableType
from rich.text import Text
from textual.app import App, ComposeResult, SuspendNotSupported
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.events import Resize
from textual.widgets import Static

from paperfeed import clock
from paperfeed import today as today_mod
from paperfeed.desktop.browser import open_url
from paperfeed.desktop.editor import edit_text
from paperfeed.errors import PaperfeedError
from paperfeed.library import normalize_note
from paperfeed.models import Digest, Paper
from paperfeed.render import card as render_card
from paperfeed.render import reading_time
from paperfeed.text import one_line
from paperfeed.tui.header import header
from paperfeed.tui.keymap import KEYS, footer_parts
from paperfeed.tui.screens import HelpScreen, NoteScreen
from paperfeed.tui.summary import ReadingSummary, summarize
from paperfeed.tui.suspend import outside, outside_if_terminal_browser

if TYPE_CHECKING:
    from paperfeed.config import Config
    from paperfeed.store import Store

T = TypeVar("T")
_LINKS = {"abs": ("abstract page", "abs_url"), "pdf": ("PDF", "pdf_url"), "code": ("code", "code_url")}


class ReaderApp(App[ReadingSummary]):
    """Reads one day's digest; `position == len(papers)` is the closing page."""

    TITLE = "paperfeed"
    ENABLE_COMMAND_PALETTE = False
    CSS = """
    #header { dock: top; height: auto; padding: 0 1; background: $panel;
              text-wrap: nowrap; text-overflow: ellipsis; }  /* never wraps: 60x15 keeps its abstract */
    #card-scroll { height: 1fr; padding: 0 1; scrollbar-size-vertical: 1; }
    #card { max-width: 100; }  /* lines past ~100 columns are hard to follow */
    #footer { dock: bottom; height: 1; padding: 0 1; background: $panel; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(k.keys, k.action, k.short, show=False) for k in KEYS
    ]

    def __init__(self, store: Store, digest: Digest, config: Config, *,
                 now: Callable[[], datetime] = clock.now, past: bool = False,
                 notice: str | None = None, demo: bool = False) -> None:
        super().__init__()
        self.past = past  # an earlier day's digest, reopened by `paperfeed day`
        self.store = store
        self.digest = digest
        self.config = config
        self.now = now
        self.notice = notice  # why the morning's fetch did not work, shown in the reader
        self.demo = demo
        self.papers: list[Paper] = [e.paper for e in digest.entries]
        self.position = min(max(digest.position, 0), len(self.papers))
        self.summary_first = config.digest.mode == "summaries"
        self.abstract_open = False  # summaries mode: the abstract, asked for with `a`
        self._runs = store.last_runs()

    # -- layout -------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Static(id="header")
        with VerticalScroll(id="card-scroll", can_focus=False):
            yield Static(id="card")
        yield Static(id="footer")

    def on_mount(self) -> None:
        self._show(self.position)
        if self.notice and self.papers:  # with no papers, the closing page says it
            self.notify(self.notice, severity="warning", markup=False, timeout=15)

    def on_resize(self, event: Resize) -> None:
        self._draw_footer(event.size.width)

    @property
    def current(self) -> Paper | None:
        return self.papers[self.position] if self.position < len(self.papers) else None

    def summary(self) -> ReadingSummary:
        """What was done so far and what comes next; valid at any moment."""
        try:
            waiting: int | None = today_mod.summarize(
                self.store, self.config, self.digest, self.now()).waiting
        except PaperfeedError:
            waiting = None  # the counts below still hold; only the outlook is vaguer
        return summarize(self.digest, self.papers, self.position,
                         [r.source for r in self._runs], waiting, demo=self.demo)

    def _show(self, index: int) -> None:
        """Move to `index`, saving the position and the shown time before drawing."""
        index = min(max(index, 0), len(self.papers))
        paper = self.papers[index] if index < len(self.papers) else None
        if not self.digest.transient:  # a one-run digest has no place to resume
            self._guard(lambda: self.store.set_position(self.digest.day, index))
        if paper is not None:
            self._guard(lambda: self.store.mark_shown([paper.id], clock.iso(self.now())))
        self.position = index
        self.abstract_open = False
        self._draw()
        self.query_one("#card-scroll", VerticalScroll).scroll_home(animate=False)

    def _draw(self) -> None:
        self.query_one("#header", Static).update(
            header(self.digest, self.papers, self.position, self._runs, self.now()))
        self.query_one("#card", Static).update(self._card())
        self._draw_footer(self.size.width)

    def _draw_footer(self, width: int) -> None:
        parts, sep = footer_parts(max(width - 2, 10))
        line = Text()
        for i, (key, word) in enumerate(parts):
            line.append(sep if i else "")
            line.append(key, style="bold")
            line.append(" " + word)
        self.query_one("#footer", Static).update(line)

    def _card(self) -> RenderableType:
        paper = self.current
        if paper is None:
            return self._closing_page()
        entry = self.digest.entries[self.position]
        return render_card.card(paper, reasons=entry.reasons, keywords=self.config.interests.keywords,
                                heading=f"{reading_time(entry.minutes)} to read",
                                summary_first=self.summary_first,
                                abstract_hint=None if self.abstract_open else "a shows the abstract")

    def _closing_page(self) -> RenderableType:
        which = f"the digest of {self.digest.day}" if self.past else "today's digest"
        title = f"That's {which}." if self.papers else "Nothing new to read today."
        back = "k goes back to the last paper, q quits." if self.papers else "q quits."
        parts: list[RenderableType] = [Text(title, style="bold"), Text("")]
        if self.notice and not self.papers:
            parts += [Text(self.notice, style="yellow"),
                      Text("No network at hand? 'paperfeed today --demo' opens a sample day."),
                      Text("")]
        return Group(*parts, Text(self.summary().message), Text(""), Text(back, style="dim"))

    # -- actions --------------------------------------------------------------------------

    def action_next(self) -> None:
        if self.position < len(self.papers):
            self._show(self.position + 1)

    def action_previous(self) -> None:
        if self.position > 0:
            self._show(self.position - 1)

    def action_read_next(self) -> None:
        paper = self.current
        if paper is not None and not paper.marks.read:
            self._mark(paper, read_at=clock.iso(self.now()))
        self.action_next()

    def action_toggle_read(self) -> None:
        paper = self.current
        if paper is not None:
            self._mark(paper, read_at=None if paper.marks.read else clock.iso(self.now()))
            self._draw()

    def action_toggle_abstract(self) -> None:
        """Summaries mode: the abstract below the summary, on demand."""
        if self.current is not None:
            self.abstract_open = not self.abstract_open
            self._draw()

    def action_toggle_star(self) -> None:
        paper = self.current
        if paper is not None:
            self._mark(paper, starred_at=None if paper.marks.starred else clock.iso(self.now()))
            self._draw()

    def action_less(self) -> None:
        """"Less like this": a negative example for tomorrow's digest; the paper is read."""
        paper = self.current
        if paper is not None and self._guard(lambda: self.store.less(paper.id, clock.iso(self.now()))):
            self._reload(paper.id)
            self.notify("less like this: similar papers will rank lower", markup=False)
            self.action_next()

    def action_open(self, which: str) -> None:
        paper = self.current
        if paper is None or which not in _LINKS:
            return
        label, attr = _LINKS[which]
        url: str | None = getattr(paper, attr)
        if not url:
            self.notify(f"this paper has no {label} link", severity="warning", markup=False)
            return
        try:
            opened = outside_if_terminal_browser(self, lambda: open_url(url))
        except PaperfeedError as exc:
            self.notify(exc.message, severity="error", markup=False, timeout=8)
        else:
            self.notify(f"opened {opened}", markup=False)

    def action_edit_note(self) -> None:
        paper = self.current
        if paper is None:
            return
        note = paper.marks.note or ""
        if os.environ.get("VISUAL") or os.environ.get("EDITOR"):
            try:
                text = outside(self, lambda: edit_text(note))
            except SuspendNotSupported:
                pass  # no real terminal to hand over (tests, the web): edit inline
            except PaperfeedError as exc:
                self.notify(exc.message, severity="error", markup=False, timeout=8)
                return
            else:
                self._save_note(paper.id, text)
                return
        self.push_screen(NoteScreen(one_line(paper.title), note),
                         lambda text: self._save_note(paper.id, text))

    def action_scroll_card(self, direction: int) -> None:
        scroll = self.query_one("#card-scroll", VerticalScroll)
        if direction < 0:
            scroll.scroll_page_up()
        else:
            scroll.scroll_page_down()

    def action_help(self) -> None:
        self.push_screen(HelpScreen())

    async def action_quit(self) -> None:
        self.exit(self.summary())

    # -- helpers ------------------------------------------------------------------------

    def _mark(self, paper: Paper, *, read_at: str | bool | None = False,
              starred_at: str | bool | None = False) -> None:
        if self._guard(lambda: self.store.set_mark(paper.id, read_at=read_at, starred_at=starred_at)):
            self._reload(paper.id)

    def _save_note(self, paper_id: str, text: str | None) -> None:
        if text is None:
            return  # cancelled: the old note stays
        note = normalize_note(text)  # the same rule as 'paperfeed note'
        if self._guard(lambda: self.store.set_mark(paper_id, note=note)):
            self._reload(paper_id)
            self.notify("note saved" if note else "note removed")
            self._draw()

    def _reload(self, paper_id: str) -> None:
        fresh = self.store.get(paper_id)
        if fresh is not None:
            self.papers = [fresh._replace(summary=p.summary) if p.id == paper_id else p
                           for p in self.papers]

    def _guard(self, write: Callable[[], None]) -> bool:
        """Run a store write; a failure becomes a notification, never a crash."""
        try:
            write()
        except PaperfeedError as exc:
            self.notify(exc.message, severity="error", markup=False, timeout=10)
            return False
        return True


def make_app(store: Store, digest: Digest, config: Config, *,
             now: Callable[[], datetime] = clock.now, past: bool = False,
             notice: str | None = None, demo: bool = False) -> ReaderApp:
    """The reader for `digest` (`past`: an earlier day's); `app.run()` returns its `ReadingSummary`.

    `notice` is the fetch's warning (no network, a failed source): printed before
    the reader it would be hidden by the full screen until the user quits.
    """
    return ReaderApp(store, digest, config, now=now, past=past, notice=notice, demo=demo)
