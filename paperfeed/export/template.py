"""Rendering exports through Jinja2 templates that escape for Markdown (pure).

Jinja's own autoescape escapes for HTML (`&amp;`, `&lt;`), which would leave `#`,
`*`, `[`, `|` and Liquid's `{{` live in a Markdown post. So autoescape stays off
and `finalize`, which Jinja runs on the value of every `{{ ... }}`, passes it
through `markdown.escape` (the very escaping the fixed layout always used) unless
it is `Safe`: a value paperfeed made safe itself (links, the user's note, the
`yaml`/`blockquote`/`joined` filters' results) or one the template marked with
`|safe`. `Safe` is a bare `str` subclass, so any string operation on it (slicing,
`.replace`, `+`) gives a plain, escaped string again; jinja's HTML `Markup` (from
`tojson`, `urlize`, `xmlattr`) counts as plain text too, and `|e` escapes for
Markdown. Whatever a template does to remote text first (filters, `~`, `set`,
methods), a string reaching the page is escaped unless the template says `|safe`.
The price: a macro returns a plain string, so its output needs `|safe` (the
`{{ }}` inside it were escaped already).

The built-in layouts are templates in `export/templates/`; a user's own template
gets the same fields (docs/templates.md lists them) and the same escaping.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from importlib import resources
from typing import TYPE_CHECKING, Any

from paperfeed.errors import UsageError
from paperfeed.export.markdown import block_quote, escape, tag, yaml_quote

if TYPE_CHECKING:
    import jinja2

BUILTIN = ("export.md.j2", "week.md.j2")


class Safe(str):
    """Text already fit for Markdown, printed as it is; string methods on it return plain,
    escaped-on-output `str`."""

    __slots__ = ()


def render(name: str, context: Mapping[str, Any]) -> str:
    """Render the built-in template `name` (one of BUILTIN)."""
    source = resources.files("paperfeed.export").joinpath("templates", name).read_text("utf-8")
    return render_source(source, context, name=name)


def render_source(source: str, context: Mapping[str, Any], *, name: str = "template") -> str:
    """Render a template's text; its mistakes are one-line `UsageError`s naming the line."""
    import jinja2

    try:
        return _compiled(source).render(context)
    except jinja2.TemplateSyntaxError as exc:
        raise UsageError(f"{name} line {exc.lineno}: {exc.message}; fix the template "
                         "(docs/templates.md lists the fields)") from exc
    except jinja2.TemplateError as exc:
        line = _error_line(exc)
        raise UsageError(f"{name}{line}: {exc.message or exc}; fix the template "
                         "(docs/templates.md lists the fields)") from exc


def finalize(value: object) -> object:
    """What `{{ value }}` prints: Safe as is, nothing for None, everything else escaped."""
    if isinstance(value, Safe):
        return value
    if value is None:
        return ""
    if isinstance(value, bool | int | float):
        return str(value)
    return escape(str(value))


def md(value: object) -> Safe:
    """`|e`, `|escape`: escaped for Markdown now (instead of Jinja's HTML escaping)."""
    return value if isinstance(value, Safe) else Safe(str(finalize(value)))


def safe(value: object) -> Safe:
    """`|safe`: the template vouches for this text; it is printed as it is."""
    return Safe("" if value is None else str(value))


def joined(items: Iterable[object], separator: str = ", ") -> Safe:
    """`{{ paper.authors | joined(", ") }}`: each item escaped on its own, then joined."""
    return Safe(separator.join(str(finalize(item)) for item in items))


def yaml(value: object) -> Safe:
    """A YAML double-quoted scalar, for front matter."""
    return Safe(yaml_quote("" if value is None else str(value)))


def blockquote(value: object) -> Safe:
    """The user's note (or any text) as a Markdown block quote, every line inside it."""
    return Safe(block_quote(str(value or "")))


def thousands(value: object) -> str:
    """`1234` -> `1,234`."""
    return f"{value:,}" if isinstance(value, int) else str(value or "")


def plural(count: int, word: str, words: str | None = None) -> str:
    """`{{ n | plural("paper") }}` -> `1 paper`, `2 papers`."""
    return f"{count} {word if count == 1 else (words or word + 's')}"


@functools.lru_cache(maxsize=8)
def _compiled(source: str) -> jinja2.Template:
    """Compiling costs more than rendering a short export: each text is compiled once."""
    return _environment().from_string(source)


@functools.cache
def _environment() -> jinja2.Environment:
    import jinja2

    env = jinja2.Environment(
        autoescape=False,  # noqa: S701 -- `finalize` escapes for Markdown instead (see above)
        finalize=finalize, undefined=jinja2.StrictUndefined, keep_trailing_newline=True,
        trim_blocks=True, lstrip_blocks=True,
    )
    env.filters.update(joined=joined, yaml=yaml, blockquote=blockquote, tag=tag,
                       thousands=thousands, plural=plural, safe=safe, e=md, escape=md,
                       forceescape=md)
    return env


def _error_line(exc: Exception) -> str:
    """` line N` of the template: Jinja rewrites the traceback so that the template's own
    frames carry its name and line numbers."""
    tb = exc.__traceback__
    found: int | None = None
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == "<template>":
            found = tb.tb_lineno
        tb = tb.tb_next
    return f" line {found}" if found else ""
