"""The one line Ctrl-C during a fetch leaves: what was stored, and that nothing was lost.

Every source is stored in its own transaction as it finishes, so at the moment of
the interrupt some sources are stored whole and the others not at all; the line
names both, so the user knows whether to fetch again.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from paperfeed.models import SourceResult


def interrupted_message(stored: Sequence[SourceResult], names: Sequence[str], *,
                        partly: Mapping[str, tuple[int, int]] | None = None) -> str:
    """`interrupted: arxiv was stored (2 new, 0 updated); huggingface was not stored; ...`.

    `partly` are paging sources whose first pages were stored: (new, updated) so far."""
    partly = dict(partly or {})
    if not stored and not partly:
        return "interrupted before any source was stored; nothing stored before was lost"
    done = [r.source for r in stored]
    missing = [n for n in names if n not in done and n not in partly]
    new = sum(r.new for r in stored)
    updated = sum(r.updated for r in stored)
    parts = [f"{_join(done)} {_be(done)} stored ({new} new, {updated} updated)"] if done else []
    for name, (p_new, p_updated) in partly.items():
        parts.append(f"{name} was partly stored ({p_new} new, {p_updated} updated)")
    line = "interrupted: " + "; ".join(parts)
    if missing:
        line += f"; {_join(missing)} {_be(missing)} not stored"
    line += "; nothing stored before was lost"
    if missing or partly:
        line += ", run 'paperfeed fetch' again for the rest"
    return line


def _join(names: Sequence[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _be(names: Sequence[str]) -> str:
    return "was" if len(names) == 1 else "were"
