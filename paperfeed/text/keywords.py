"""Interest keywords in text, and star counts as people quote them: what the digest
scores with and the cards highlight (pure, standard library only).

They live here rather than in `digest/` so that showing a saved digest (the cards
highlight the keywords) does not import the scoring it does not run.
"""

from __future__ import annotations

import re
from collections.abc import Iterable


def keyword_regex(keyword: str) -> re.Pattern[str]:
    """Whole words, any case, any run of spaces between words, an optional plural."""
    words = keyword.split()
    body = r"\s+".join(re.escape(w) for w in words) or re.escape(keyword)
    plural = r"(?:e?s)?" if words and words[-1][-1:].isalpha() else ""
    return re.compile(rf"(?<!\w){body}{plural}(?!\w)", re.IGNORECASE)


def keyword_spans(text: str, keywords: Iterable[str]) -> list[tuple[int, int]]:
    """Where the interest keywords occur in `text`, for highlighting."""
    spans = [m.span() for k in unique(keywords) for m in keyword_regex(k).finditer(text)]
    return sorted(spans)


def short_count(n: int | None) -> str:
    """1234 as 1.2k, 12345 as 12k: how people quote stars."""
    n = n or 0
    if n < 1000:
        return str(n)
    if n < 1_000_000:
        return f"{n / 1000:.1f}k".replace(".0k", "k") if n < 10_000 else f"{n // 1000}k"
    return f"{n / 1_000_000:.1f}M".replace(".0M", "M")


def unique(items: Iterable[str]) -> list[str]:
    """The non-blank items, stripped, without repeats, in their order."""
    seen: dict[str, None] = {}
    for item in items:
        if item.strip():
            seen.setdefault(item.strip(), None)
    return list(seen)
