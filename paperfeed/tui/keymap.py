"""The reader's keys, in one table that drives the bindings, the footer and the help.

Kept free of Textual so that the footer line and the help text can be checked
without a terminal, and so that the three can never disagree about a key.
The keys follow newsboat and nom: j/k move, space reads on, o opens, q quits.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Key:
    keys: str  # Textual key names, comma-separated
    action: str  # the app's action_<name>
    shown: str  # how the key is written in the footer and the help
    short: str  # the footer's word for it
    help: str  # the help screen's line


KEYS: tuple[Key, ...] = (
    Key("j,down", "next", "j/k", "move", "next paper (k, up: previous); moving marks nothing read"),
    Key("k,up", "previous", "k", "", ""),
    Key("space,n", "read_next", "space", "read+next", "mark read and go to the next paper (also n)"),
    Key("m", "toggle_read", "m", "read", "toggle read"),
    Key("s", "toggle_star", "s", "star", "toggle star"),
    Key("a", "toggle_abstract", "a", "", "show or hide the abstract under a summary "
        "(digest.mode = \"summaries\")"),
    Key("x", "less", "x", "", "less like this: similar papers rank lower; marks read, moves on"),
    Key("o", "open('abs')", "o", "abs", "open the abstract page in the browser"),
    Key("p", "open('pdf')", "p", "pdf", "open the PDF in the browser"),
    Key("c", "open('code')", "c", "code", "open the code repository in the browser"),
    Key("e", "edit_note", "e", "note", "edit the paper's note ($EDITOR, or inline when unset)"),
    Key("pageup", "scroll_card(-1)", "pgup/pgdn", "", "scroll a long card up and down"),
    Key("pagedown", "scroll_card(1)", "pgdn", "", ""),
    Key("question_mark", "help", "?", "help", "show this help"),
    Key("q", "quit", "q", "quit", "quit; every mark is already saved"),
)


def footer_parts(width: int) -> tuple[list[tuple[str, str]], str]:
    """The (key, word) pairs that fit in `width` columns and the separator to join them.

    Two spaces between pairs read best; on a narrow terminal one space keeps every
    key visible, and below that the last keys go first (help and quit always stay).
    """
    parts = [(k.shown, k.short) for k in KEYS if k.short]

    def length(sep: str) -> int:
        return len(sep.join(f"{key} {word}" for key, word in parts))

    for sep in ("  ", " "):
        if length(sep) <= width:
            return parts, sep
    while length(" ") > width and len(parts) > 2:
        del parts[-3]  # the last two are help and quit
    return parts, " "


def help_lines() -> list[tuple[str, str]]:
    """(key, what it does) for the help screen."""
    return [(k.shown, k.help) for k in KEYS if k.help]
