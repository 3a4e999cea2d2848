"""The paper card: one paper as a rich renderable, for the reader, plain mode and `show`.

Every piece of remote text (title, authors, abstract, AI summary, URLs, categories,
notes) enters rich as a `Text` built from `clean()`ed text, never as a markup
string, so `[bold]`, `[link=...]` or a bare `[` in a title print literally and an
escape sequence never reaches the terminal. The text is the readable form the
store made from arXiv's TeX (Unicode letters and math), and the interest keywords
are highlighted on the text as displayed. Affiliations follow their author, dimmed.

Styles are plain rich styles; when the console has no colour (a pipe, NO_COLOR)
the card reads the same as text, which is why chips carry their own brackets.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console, Group, RenderableType
from rich.text import Text

from paperfeed.config.summaries import language_name
from paperfeed.models import Paper
from paperfeed.text import clean, one_line
from paperfeed.text.keywords import keyword_spans, short_count

FOLD_AUTHORS = 5  # authors shown before "+12 more"
HIGHLIGHT = "bold underline"
_ANNOUNCE = {"new": "new", "cross": "cross-list", "replace": "replaced",
             "replace-cross": "replaced cross-list"}
_SOURCE_NAMES = {"arxiv": "arXiv", "huggingface": "HF", "paperswithcode": "trending"}


def card(paper: Paper, *, reasons: Sequence[str] = (), keywords: Sequence[str] = (),
         fold_authors: int | None = FOLD_AUTHORS, heading: str | None = None,
         summary_first: bool = False, abstract_hint: str | None = None) -> Group:
    """The whole card. `heading` (like "3/12 · 1.2 min") goes above the title.

    A stored summary comes after the abstract, or before it with `summary_first`
    (`digest.mode = "summaries"`), where `abstract_hint` (like "a shows the abstract")
    stands in for the abstract until the reader asks for it.
    """
    parts: list[RenderableType] = []
    if heading:
        parts.append(Text(heading, style="dim"))
    parts.append(title(paper, keywords))
    if paper.authors:
        parts.append(authors(paper.authors, fold_authors, paper.affiliations))
    parts.append(meta_line(paper))
    chip_line = chips(paper)
    if chip_line.plain:
        parts.append(chip_line)
    if reasons:
        parts.append(_labelled("why: ", " · ".join(one_line(r) for r in reasons), "italic"))
    abstract = highlighted(clean(paper.abstract).strip(), keywords)
    made = model_summary(paper, keywords)
    first = made is not None and summary_first
    if made is not None and first:
        parts += [Text(""), made]
    if abstract.plain and first and abstract_hint:
        parts.append(Text(abstract_hint, style="dim"))
    elif abstract.plain:
        parts += [Text(""), abstract]
    if made is not None and not first:
        parts += [Text(""), made]
    if paper.ai_summary:
        parts += [Text(""), _labelled("AI summary (Hugging Face, machine-written): ",
                                      _readable_summary(paper.ai_summary), "italic")]
    parts.append(Text(""))
    parts += links(paper)
    marks = marks_line(paper)
    if marks.plain:
        parts.append(marks)
    if paper.marks.note:
        parts.append(_labelled("note: ", clean(paper.marks.note).strip(), ""))
    return Group(*parts)


def model_summary(paper: Paper, keywords: Sequence[str] = ()) -> Text | None:
    """The stored summary, labelled with its language and the model that wrote it."""
    if paper.summary is None:
        return None
    made = paper.summary
    label = (f"summary ({language_name(made.language)}), machine-written by "
             f"{one_line(made.model) or 'an unnamed model'}: ")
    line = Text(label, style="dim")
    line.append_text(highlighted(one_line(made.text), keywords))
    return line


def print_trimmed(renderable: RenderableType, console: Console) -> None:
    """Print wrapped to the console's width, without the trailing spaces rich pads lines with.

    Text that lands in a pipe, a file or a mail should not carry invisible spaces.
    """
    with console.capture() as captured:
        console.print(renderable)
    console.file.write("".join(line.rstrip() + "\n" for line in captured.get().splitlines()))
    console.file.flush()


def title(paper: Paper, keywords: Sequence[str] = ()) -> Text:
    text = highlighted(one_line(paper.title) or paper.id, keywords)
    text.stylize("bold")
    return text


def authors(names: Sequence[str], fold: int | None = FOLD_AUTHORS,
            affiliations: Sequence[str] = ()) -> Text:
    """All names, or the first `fold` and "+12 more" (folding never hides just one);
    each known affiliation dimmed in parentheses after its author's name."""
    clean_names = [one_line(n) for n in names]
    shown = len(clean_names)
    if fold is not None and len(clean_names) > fold + 1:
        shown = fold
    line = Text(style="cyan")
    for i, name in enumerate(clean_names[:shown]):
        line.append(", " if i else "")
        line.append(name)
        place = one_line(affiliations[i]) if i < len(affiliations) else ""
        if place:
            line.append(f" ({place})", style="dim")
    if shown < len(clean_names):
        line.append(f" +{len(clean_names) - shown} more")
    return line


def meta_line(paper: Paper) -> Text:
    """`cs.LG · also cs.CV, stat.ML · published 2026-11-24 · updated 2026-11-25 · 2411.17758v2`."""
    parts: list[str] = []
    primary = paper.main_category
    if primary:
        parts.append(one_line(primary))
    cross = [one_line(c) for c in paper.categories if c != primary]
    if cross:
        parts.append("also " + ", ".join(cross))
    if paper.journal_ref and ":" in paper.id:  # a feed paper's journal (arXiv's is a citation)
        parts.append(one_line(paper.journal_ref))
    if paper.published:
        parts.append("published " + one_line(paper.published)[:10])
    if paper.updated and paper.updated[:10] != (paper.published or "")[:10]:
        parts.append("updated " + one_line(paper.updated)[:10])
    parts.append(paper.id + (f"v{paper.version}" if paper.version else ""))
    return Text(" · ".join(parts), style="dim")


def chips(paper: Paper) -> Text:
    """Where the paper came from and what the crowd says: `[arXiv new] [HF ▲37 💬4] [code ★1.2k]`."""
    line = Text()
    found: list[tuple[str, str]] = []
    if "arxiv" in paper.sources or paper.announce_type:
        kind = _ANNOUNCE.get(paper.announce_type or "", one_line(paper.announce_type or ""))
        found.append((f"arXiv {kind}".strip(), "bold blue"))
    hf = [f"▲{paper.upvotes}" if paper.upvotes is not None else "",
          f"{paper.comments} comment{'s' if paper.comments != 1 else ''}" if paper.comments else ""]
    if "huggingface" in paper.sources or any(hf):
        found.append((("HF " + " · ".join(h for h in hf if h)).strip(), "bold yellow"))
    if paper.code_url:
        found.append((f"code ★{short_count(paper.code_stars)}" if paper.code_stars else "code",
                      "bold green"))
    if paper.trending_rank:
        found.append((f"trending #{paper.trending_rank}", "bold magenta"))
    for name in paper.sources:
        if name not in _SOURCE_NAMES:  # a feed shows its own name, not `feed:<name>`
            found.append((one_line(name.removeprefix("feed:")), "dim"))
    for i, (label, style) in enumerate(found):
        line.append(" " if i else "")
        line.append(f"[{label}]", style=style)
    return line


def links(paper: Paper) -> list[Text]:
    found = [(label, url) for label, url in (("abs", paper.abs_url), ("pdf", paper.pdf_url),
                                             ("code", paper.code_url)) if url]
    return [_labelled(f"{label:<5}", one_line(url), "blue") for label, url in found]


def marks_line(paper: Paper) -> Text:
    m = paper.marks
    parts = [label for label, on in (("★ starred", m.starred), ("✓ read", m.read),
                                     ("less like this", m.less_at is not None)) if on]
    return Text("   ".join(parts), style="bold") if parts else Text("")


def highlighted(text: str, keywords: Sequence[str]) -> Text:
    """`text` as rich Text with the interest keywords emphasized."""
    result = Text(text)
    for start, end in keyword_spans(text, keywords):
        result.stylize(HIGHLIGHT, start, end)
    return result


def _labelled(label: str, body: str, style: str) -> Text:
    line = Text(label, style="dim")
    line.append(body, style=style or None)
    return line


def _readable_summary(summary: str) -> str:
    """Hugging Face's summary, cleaned, with its TeX (`$O(n)$`) made readable; the
    converter is imported only for a summary that has TeX, which most do not."""
    text = clean(summary)
    if any(c in text for c in "\\$^_{~"):
        from paperfeed.text.latex import to_unicode

        text = to_unicode(text)
    return text.strip()
