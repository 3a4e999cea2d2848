"""What `paperfeed fetch` shows: a live spinner per source, then a summary.

The live display goes to stderr and only to a terminal (a cron log or a pipe gets
none of it). The summary table is the command's output, so it goes to stdout;
`--json` replaces it with the same report as JSON. Each failed source's error is
one line on stderr in every mode, `--quiet` included, which is what cron mails.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager

from rich.progress import Progress, SpinnerColumn, TaskID, TextColumn, TimeElapsedColumn
from rich.table import Table

from paperfeed.models import SourceResult
from paperfeed.refresh import RefreshReport
from paperfeed.render import console, safe

_STYLE = {"ok": "green", "no announcement": "cyan", "unchanged": "cyan", "failed": "red",
          "retired": "red"}


class LiveProgress:
    """A `refresh.Progress` drawing one spinner line per source."""

    def __init__(self, progress: Progress) -> None:
        self._progress = progress
        self._tasks: dict[str, TaskID] = {}

    def started(self, source: str) -> None:
        self._tasks[source] = self._progress.add_task(source, total=None, status="fetching")

    def finished(self, result: SourceResult) -> None:
        task = self._tasks.get(result.source)
        if task is not None:
            self._progress.update(task, total=1, completed=1, status=_outcome(result))


@contextmanager
def live_progress(enabled: bool = True) -> Iterator[LiveProgress | None]:
    """The live display, when `enabled` and stderr is a terminal; otherwise None."""
    if not enabled or not sys.stderr.isatty():
        yield None
        return
    columns = (SpinnerColumn(finished_text="•"), TextColumn("{task.description:<15}"),
               TextColumn("{task.fields[status]}"), TimeElapsedColumn())
    with Progress(*columns, console=console(stderr=True), transient=True) as progress:
        yield LiveProgress(progress)


def _outcome(result: SourceResult) -> str:
    if result.status in ("failed", "retired"):
        return result.status
    return f"{result.status}: {result.new} new, {result.updated} updated"


def print_report(report: RefreshReport, *, quiet: bool, as_json: bool) -> None:
    """The end of a fetch in the chosen mode; the errors go to stderr in all of them."""
    if as_json:
        sys.stdout.write(to_json(report) + "\n")
    if report.skipped:
        if not quiet:
            print_skipped(report)
        return
    if not quiet and not as_json:
        print_summary(report)
    print_errors(report)


def print_summary(report: RefreshReport) -> None:
    table = Table(box=None, pad_edge=False)
    table.add_column("source")
    table.add_column("status")
    for name in ("new", "updated", "seconds"):
        table.add_column(name, justify="right")
    for r in report.results:
        status = f"[{_STYLE.get(r.status, 'default')}]{safe(r.status)}[/]"
        table.add_row(safe(r.source), status, str(r.new), str(r.updated), f"{r.seconds:.1f}")
    out = console()
    out.print(table)
    out.print(f"{report.new} new, {report.updated} updated in {report.seconds:.1f} s")
    if report.summaries is not None:
        out.print(f"summaries: {safe(report.summaries.line())} in {report.summaries.seconds:.1f} s")


def print_errors(report: RefreshReport) -> None:
    """One stderr line per failed source (plain text: it is already one clean line)."""
    for r in report.failed:
        sys.stderr.write(f"paperfeed: {r.source} {r.status}: {r.error}\n")
    if report.summaries is not None and report.summaries.error:
        sys.stderr.write(f"paperfeed: summaries: {report.summaries.error}\n")


def print_skipped(report: RefreshReport) -> None:
    sys.stderr.write(f"paperfeed: {report.skipped}; nothing to do\n")


def to_json(report: RefreshReport) -> str:
    data = {
        "status": _overall(report),
        "exit_code": int(report.exit_code),
        "new": report.new,
        "updated": report.updated,
        "seconds": round(report.seconds, 2),
        "skipped": report.skipped,
        "sources": [{"source": r.source, "status": r.status, "new": r.new, "updated": r.updated,
                     "seconds": r.seconds, "error": r.error} for r in report.results],
        "summaries": None if report.summaries is None else {
            "endpoint": report.summaries.endpoint, "language": report.summaries.language,
            "wanted": report.summaries.wanted, "made": report.summaries.made,
            "unusable": report.summaries.unusable, "seconds": report.summaries.seconds,
            "error": report.summaries.error},
    }
    return json.dumps(data, indent=2, ensure_ascii=False)


def _overall(report: RefreshReport) -> str:
    if report.skipped:
        return "skipped"
    if not report.failed:
        return "ok"
    return "failed" if len(report.failed) == len(report.results) else "partial"
