"""The text steps' fast paths give exactly what their full forms give (property tests).

`one_line` skips `clean` for text whose only non-printables are line breaks and tabs,
and `text.html.to_text` skips the script/style/comment pattern when none of its starts
is there and remembers what each tag becomes: hostile input must not tell the difference.
"""

from __future__ import annotations

import html

from hypothesis import given, settings
from hypothesis import strategies as st

from paperfeed.text import clean, one_line
from paperfeed.text import html as text_html

PIECES = st.sampled_from([
    "a", "Q", " ", "  ", "\n", "\r\n", "\r", "\t", "\x0b", "\x0c", "\x1c", "\x1f", "\x85", "\xa0",
    "\u2028", "\u2003", "\x1b[31m", "\x1b]8;;https://evil/\x07", "\x9b", "\x9d", "\x00", "\x7f",
    "\u202e", "\u200f", "\ud800", "é", "拡散", "<p>", "</p>", "<i>", "</i>", "<br/>", "<b>",
    "<script>x</script>", "<SCRIPT>", "</script >", "<style>p{}</style>", "<!-- c -->", "<!--",
    "-->", "<![CDATA[", "]]>", "<ſcript>", "<template>", "&amp;", "&lt;", "&nbsp;", "x<y",
    "<a href=\"https://x.example/1\">", "</a>", "<unknown>", "<h2 class=\"t\">",
])
TEXT = st.lists(PIECES, max_size=40).map("".join)


@settings(max_examples=600, deadline=None)
@given(TEXT)
def test_one_line_is_clean_text_on_one_line(text: str) -> None:
    assert one_line(text) == " ".join(clean(text).split())


def _to_text_in_full(value: str) -> str:
    """`to_text` without its fast paths: every pattern on every value."""
    if not value:
        return ""
    if text_html._MAYBE_MARKUP.search(value) is None:
        return " ".join(clean(value).split())
    stripped = text_html._TAG_SHAPED.sub(text_html._gap_of, text_html._DROPPED.sub(" ", value))
    return " ".join(clean(html.unescape(stripped).replace("\xa0", " ")).split())


@settings(max_examples=600, deadline=None)
@given(TEXT)
def test_to_text_is_the_same_with_and_without_its_shortcuts(value: str) -> None:
    assert text_html.to_text(value) == _to_text_in_full(value)
    assert text_html.to_text(value) == _to_text_in_full(value)  # tags remembered the second time
