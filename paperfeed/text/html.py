"""HTML from publishers' feeds to one line of clean text (pure).

Feeds put HTML in summaries (`<p>`, `<i>Q</i>`, entities, a WordPress `<script>`),
and RSS declares every description to be HTML even when a publisher wrote plain
text (`x<y`, `R&D`). A real HTML parser would read `<y holds` as a tag and drop the
sentence, so only the names of HTML elements count as tags here; everything else
is text. Entities are decoded once, so `R&amp;D` reads `R&D` and `&lt;` reads `<`
(feedparser's sanitizer re-escapes text that way, which is why it is turned off and
this runs instead). `<script>`, `<style>` and comments go with their content.
"""

from __future__ import annotations

import html
import re

from paperfeed.text import one_line

_ELEMENTS = (
    "a|abbr|acronym|address|article|aside|audio|b|bdi|bdo|big|blockquote|body|br|button|caption|"
    "center|cite|code|col|colgroup|dd|del|details|dfn|div|dl|dt|em|embed|fieldset|figcaption|"
    "figure|font|footer|form|h[1-6]|head|header|hr|html|i|iframe|img|input|ins|kbd|label|"
    "legend|li|link|main|mark|math|meta|mi|mn|mo|mrow|msub|msup|nav|noscript|object|ol|"
    "p|picture|pre|q|s|samp|section|small|source|span|strike|strong|sub|summary|sup|svg|"
    "table|tbody|td|tfoot|th|thead|time|tr|tt|u|ul|var|video|wbr"
)
_DROPPED = re.compile(r"<(script|style|template)\b[^>]*>.*?</\1\s*>|<!--.*?-->|<!\[CDATA\[|\]\]>",
                      re.IGNORECASE | re.DOTALL)
_TAG = re.compile(rf"</?(?:{_ELEMENTS})(?:\s[^<>]*)?/?>", re.IGNORECASE)
# Any tag-shaped run, its name checked in a set: one regex step per `<` instead of trying
# a hundred names at each (a third of a feed entry's parse); a non-ASCII name, which
# IGNORECASE could still match (`ſpan`), is left to `_TAG` itself.
_TAG_SHAPED = re.compile(r"</?(\w+)(?:\s[^<>]*)?/?>")
_NAMES = frozenset(n for name in _ELEMENTS.split("|")
                   for n in ([f"h{i}" for i in range(1, 7)] if name == "h[1-6]" else [name]))
_BLOCK = re.compile(r"</?(?:address|article|aside|blockquote|br|caption|dd|div|dl|dt|figcaption|figure|"
                    r"footer|h[1-6]|header|hr|li|ol|p|pre|section|table|td|th|tr|ul)\b",
                    re.IGNORECASE)
_MAYBE_MARKUP = re.compile(r"[<&]")
# What `_DROPPED` can match begins with one of these (lowercased): substring tests first,
# since most summaries have none and the pattern costs more than the rest of the step.
_DROPPED_STARTS = ("<script", "<style", "<template", "<!--", "<![cdata[", "]]>")
_GAPS: dict[str, str] = {}
_MAX_GAPS = 4096  # distinct tags remembered (links' tags are mostly distinct)


def to_text(value: str | None) -> str:
    """`value`, an HTML fragment or plain text, as one clean line of text."""
    if not value:
        return ""
    if _MAYBE_MARKUP.search(value) is None:
        return one_line(value)
    lowered = value.lower()
    # Non-ASCII text may spell a name in letters IGNORECASE folds (`<ſcript>`): the pattern runs.
    if not value.isascii() or any(start in lowered for start in _DROPPED_STARTS):
        value = _DROPPED.sub(" ", value)
    # Block elements separate words; inline ones (`<i>Q</i>-learning`) must not.
    text = _TAG_SHAPED.sub(_gap, value)
    return one_line(html.unescape(text).replace("\xa0", " "))


def _gap(tag: re.Match[str]) -> str:
    """What a tag-shaped run becomes; remembered per run (`<p>`, `</i>` recur in every
    summary: the lookups were half of the tag step)."""
    whole = tag[0]
    known = _GAPS.get(whole)
    if known is None:
        known = _gap_of(tag)
        if len(_GAPS) >= _MAX_GAPS:
            _GAPS.clear()
        _GAPS[whole] = known
    return known


def _gap_of(tag: re.Match[str]) -> str:
    name = tag[1]
    if not (name.lower() in _NAMES if name.isascii() else _TAG.fullmatch(tag[0])):
        return tag[0]  # not an HTML element: text
    return " " if _BLOCK.match(tag[0]) else ""
