"""Hostile text and the wire-format answers that carry it into paperfeed.

Every payload is something a stranger can put in a title, an abstract, an author
name or an AI summary: terminal escapes (colour, cursor moves, screen clears,
OSC 8 hyperlinks, window titles, their 8-bit C1 forms), BEL, backspaces, carriage
returns, NUL, DEL, bidirectional overrides, rich markup, and Markdown, YAML and
BibTeX structure. The answers are built from the real samples in tests/fixtures,
so they are exactly what arXiv and Hugging Face send, apart from the payloads.
"""

from __future__ import annotations

import json
import re
from xml.sax.saxutils import escape as xml_escape

from .support import FIXTURES

PAYLOADS: dict[str, str] = {
    "sgr-colour": "\x1b[31mRED\x1b[0m",
    "clear-screen": "\x1b[2J\x1b[H",
    "cursor-up": "\x1b[5A\x1b[2K",
    "osc8-link": "\x1b]8;;https://evil.example/\x1b\\click me\x1b]8;;\x1b\\",
    "window-title-bel": "\x1b]0;pwned-title\x07",
    "window-title-st": "\x1b]2;pwned-title\x1b\\",
    "c1-csi": "\x9b31mC1RED",
    "c1-osc": "\x9d0;pwned-c1\x9c",
    "bel": "ding\x07dong",
    "backspace": "abc\x08\x08\x08XYZ",
    "carriage-return": "shown\rHIDDEN",
    "nul": "nul\x00byte",
    "del": "del\x7fchar",
    "bidi": "\u202egnp.exe\u202c and \u2066isolate\u2069 \u200f",
    "rich-markup": "[bold red]LOUD[/] [link=https://evil.example]x[/link] [/]",
    "markdown": "](javascript:alert(1)) <script>alert(1)</script> `code` *em* | a | # not-a-heading",
    "markdown-lines": "\n# injected heading\n\n- injected item\n\n---\n\n[x]: https://evil.example",
    "yaml": "\"\n---\ntitle: pwned\ntags: [pwned]\n",
    "bibtex": "}, title = {pwned}, note = {",
    "liquid": "{{ site.secret }} {% include evil %}",
}
# Rich markup first, so that it is still on screen where a long title is cut short.
ALL = " ".join(f"<{name}:{text}>" for name, text in sorted(PAYLOADS.items(),
                                                             key=lambda kv: kv[0] != "rich-markup"))

# Characters that must never reach a terminal from remote text: C0 controls but tab
# and newline, DEL, C1 controls, and the bidirectional controls.
FORBIDDEN = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")
# What an escape sequence that got through would leave in a terminal's output.
SEQUENCES = ("\x1b[2J", "\x1b[H", "\x1b[5A", "\x1b]0;", "\x1b]2;", "\x1b]8;;https://evil",
             "\x07", "\x08", "\r", "\x00", "\x9b", "\x9d", "\u202e", "\u2066")


def hostile_hf(day_file: str = "2026-08-21.json", count: int = 2) -> bytes:
    """A Hugging Face daily-papers answer whose every text field carries the payloads."""
    items = json.loads((FIXTURES / "hf-daily" / day_file).read_text(encoding="utf-8"))[:count]
    for n, item in enumerate(items):
        paper = item["paper"]
        paper["title"] = f"Hostile HF {n} {ALL}"
        paper["summary"] = f"Abstract HF {n} {ALL}"
        paper["ai_summary"] = f"AI summary HF {n} {ALL}"
        paper["ai_keywords"] = [PAYLOADS["sgr-colour"], PAYLOADS["rich-markup"], "plain"]
        paper["authors"] = [{"name": f"Author {n} {PAYLOADS[k]}"} for k in
                            ("window-title-bel", "bidi", "rich-markup", "bibtex", "carriage-return")]
        paper["githubRepo"] = "javascript:alert(document.cookie)" if n == 0 else \
            "https://github.com/ok/repo\x1b]8;;https://evil.example\x07"
        paper["projectPage"] = "file:///etc/passwd"
        paper["organization"] = {"fullname": f"Org {PAYLOADS['osc8-link']}"}
        item["title"] = paper["title"]
    return json.dumps(items).encode()


def _xml_text(text: str) -> bytes:
    """Text for an XML element: markup characters escaped; C0 controls stay raw bytes
    (XML forbids them, real feeds have them, and paperfeed's parser must cope); C1
    and bidi characters as numeric references."""
    out = []
    for ch in xml_escape(text):
        code = ord(ch)
        if 0x80 <= code <= 0x9F or 0x2000 <= code <= 0x206F:
            out.append(f"&#x{code:x};")
        else:
            out.append(ch)
    return "".join(out).encode("utf-8")


def hostile_rss(kind: str = "new", with_kind_payload: bool = False) -> bytes:
    """An arXiv announcement feed (the real excerpt's channel) with two hostile items."""
    data = (FIXTURES / "arxiv-rss" / "excerpt.xml").read_bytes()
    head = data[: data.index(b"<item>")]
    tail = data[data.rindex(b"</item>") + len(b"</item>"):]
    items = []
    for n in range(2):
        pid = f"2611.7770{n}"
        announce = _xml_text(kind + (PAYLOADS["c1-csi"] + PAYLOADS["bidi"] if with_kind_payload else ""))
        items.append(
            b"<item><title>" + _xml_text(f"Hostile arXiv {n} {ALL}") + b"</title>"
            b"<link>https://arxiv.org/abs/" + pid.encode() + b"</link>"
            b"<description>arXiv:" + pid.encode() + b"v1 Announce Type: new \nAbstract: "
            + _xml_text(f"Abstract arXiv {n} {ALL}") + b"</description>"
            b"<guid isPermaLink=\"false\">oai:arXiv.org:" + pid.encode() + b"v1</guid>"
            b"<category>cs.LG</category><category>" + _xml_text("cs.CV" + PAYLOADS["rich-markup"])
            + b"</category><arxiv:DOI>" + _xml_text("10.1000/x" + PAYLOADS["bibtex"]) + b"</arxiv:DOI>"
            b"<arxiv:journal_reference>" + _xml_text("J. " + PAYLOADS["window-title-st"])
            + b"</arxiv:journal_reference>"
            b"<pubDate>Tue, 25 Nov 2026 00:00:00 -0500</pubDate>"
            b"<arxiv:announce_type>" + announce + b"</arxiv:announce_type>"
            b"<dc:creator>" + _xml_text(f"Ada {PAYLOADS['bidi']} Lovelace, Eve {PAYLOADS['rich-markup']}, "
                                        f"Mallory {PAYLOADS['bibtex']}") + b"</dc:creator></item>")
    return head + b"\n".join(items) + tail


def hostile_error_feed() -> bytes:
    """arXiv's 'Feed error for query:' answer, with payloads in the explanation."""
    data = (FIXTURES / "arxiv-rss" / "error.xml").read_bytes()
    replacement = b"<description>" + _xml_text("Bad archive " + ALL) + b"</description>"
    return re.sub(rb"<description>.*?</description>", lambda _: replacement, data, count=1,
                  flags=re.DOTALL)
