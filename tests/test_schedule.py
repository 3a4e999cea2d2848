"""`paperfeed schedule`: the line, the table edit, and install/show/remove through `crontab`.

The CLI tests put a stand-in `crontab` on PATH that keeps the table in a file and
behaves like cronie's (`-l` fails with "no crontab for USER" when there is none).
The quoting test runs the generated command through cron's own `%` rule and a real
`sh`, against a program whose path has spaces, `$`, quotes and `%` in it.
"""

from __future__ import annotations

import os
import shlex
import shutil
import stat
import subprocess
import sys
from datetime import UTC, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from typer.testing import CliRunner

from paperfeed import schedule
from paperfeed.cli import app
from paperfeed.errors import UsageError
from paperfeed.schedule import crontab, timing

runner = CliRunner()
OTHER = "# my own jobs\nMAILTO=me@example.org\n0 3 * * * /usr/bin/backup --all  # nightly\n"

STAND_IN = """#!{python}
import os, sys
table = os.environ["CRONTAB_FILE"]
if sys.argv[1:] == ["-l"]:
    if not os.path.exists(table):
        sys.stderr.write("no crontab for tester\\n")
        sys.exit(1)
    sys.stdout.write(open(table).read())
elif sys.argv[1:] == ["-"]:
    text = sys.stdin.read()
    if os.environ.get("CRONTAB_REFUSE"):
        sys.stderr.write('"-":3: bad minute\\nerrors in crontab file, can\\'t install.\\n')
        sys.exit(1)
    open(table, "w").write(text)
else:
    sys.exit(2)
"""


@pytest.fixture
def cron_table(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    program = bin_dir / "crontab"
    program.write_text(STAND_IN.format(python=sys.executable))
    program.chmod(program.stat().st_mode | stat.S_IXUSR)
    table = tmp_path / "table"
    monkeypatch.setenv("CRONTAB_FILE", str(table))
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    return table


def managed(table: Path) -> list[str]:
    return [line for line in table.read_text().splitlines() if schedule.is_managed(line)]


# -- pure: times and days -----------------------------------------------------------


def test_times_and_days_parse_and_print() -> None:
    assert schedule.parse_at("6:05") == time(6, 5)
    assert schedule.parse_days("mon-fri") == frozenset({1, 2, 3, 4, 5})
    assert schedule.parse_days("Sat-Mon") == frozenset({6, 0, 1})
    assert schedule.parse_days("mon,wed,friday") == frozenset({1, 3, 5})
    assert schedule.parse_days("daily") == frozenset(range(7))
    assert schedule.cron_days(frozenset({1, 2, 3, 4, 5})) == "1-5"
    assert schedule.cron_days(frozenset({0, 2, 3, 4})) == "0,2-4"
    assert schedule.cron_days(frozenset(range(7))) == "*"
    assert schedule.describe_days(frozenset({2, 3, 4, 5, 6})) == "Tue–Sat"
    assert schedule.describe_days(frozenset({0, 1, 6})) == "Sun, Mon, Sat"


@pytest.mark.parametrize("text", ["24:00", "6", "06:60", "noon", ""])
def test_bad_times_are_refused(text: str) -> None:
    with pytest.raises(UsageError, match="HH:MM"):
        schedule.parse_at(text)


@pytest.mark.parametrize("text", ["weekdays", "mon-", "mon-fri-sat", "1-5"])
def test_bad_days_are_refused(text: str) -> None:
    with pytest.raises(UsageError, match="mon-fri"):
        schedule.parse_days(text)


@pytest.mark.parametrize(("zone", "days"), [
    ("America/New_York", "1-5"),  # the feed is rebuilt at 00:00 ET, fetched at 06:30
    ("America/Los_Angeles", "1-5"),
    ("Europe/Berlin", "1-5"),  # rebuilt at 06:00 local
    ("UTC", "1-5"),
    ("Asia/Tokyo", "2-6"),  # rebuilt at 13:00/14:00 JST: the next morning
    ("Pacific/Auckland", "2-6"),
])
def test_default_days_follow_the_feed_into_each_zone(zone: str, days: str) -> None:
    for moment in (datetime(2026, 1, 14, 12, tzinfo=UTC), datetime(2026, 7, 14, 12, tzinfo=UTC)):
        now = moment.astimezone(ZoneInfo(zone))
        assert schedule.cron_days(timing.default_days(timing.DEFAULT_AT, ZoneInfo(zone), now)) == days


def test_an_afternoon_time_in_tokyo_catches_the_same_day() -> None:
    now = datetime(2026, 1, 14, 12, tzinfo=ZoneInfo("Asia/Tokyo"))
    assert schedule.cron_days(timing.default_days(time(15, 0), ZoneInfo("Asia/Tokyo"), now)) == "1-5"


# -- pure: the line and the table ------------------------------------------------------


def test_the_line_carries_home_and_options_and_logs(tmp_path: Path) -> None:
    plan = schedule.build(None, None, program=["/opt/pf/bin/paperfeed"],
                          environ={"PAPERFEED_HOME": "/data/my papers"},
                          config=Path("/etc/pf.toml"), db=None, log=Path("/data/my papers/state/fetch.log"),
                          now=datetime(2026, 11, 26, 12, tzinfo=UTC))
    assert plan.line == (
        "30 6 * * 1-5 PAPERFEED_HOME='/data/my papers' /opt/pf/bin/paperfeed --config /etc/pf.toml "
        "fetch --quiet >> '/data/my papers/state/fetch.log' 2>&1 " + schedule.TAG)


def test_defaults_are_not_carried_but_xdg_dirs_are() -> None:
    assert schedule.cron_environment({"HOME": "/home/a", "PATH": "/bin"}) == {}
    assert schedule.cron_environment({"XDG_DATA_HOME": "/srv/d"}) == {"XDG_DATA_HOME": "/srv/d"}
    assert schedule.cron_environment({"PAPERFEED_HOME": "/p", "XDG_DATA_HOME": "/srv/d"}) == {
        "PAPERFEED_HOME": "/p"}


def cron_command(line: str) -> str:
    """What cron hands to sh: the part after the five time fields, with its % rule."""
    cmd = line.split(None, 5)[5]
    out, escaped = [], False
    for ch in cmd:
        if escaped:
            out.append(ch if ch == "%" else "\\" + ch)
            escaped = False
        elif ch == "\\":
            escaped = True
        elif ch == "%":
            break  # the rest would be stdin
        else:
            out.append(ch)
    return "".join(out)


def test_paths_with_spaces_dollars_quotes_and_percent_survive_cron_and_sh(tmp_path: Path) -> None:
    weird = tmp_path / "my $HOME's \"papers\" 100%" / "bin dir"
    weird.mkdir(parents=True)
    program = weird / "paperfeed"
    program.write_text('#!/bin/sh\nprintf "%s\\n" "$PAPERFEED_HOME" "$@"\n')
    program.chmod(0o755)
    home = tmp_path / "home `x` $(y) ; z"
    log = tmp_path / "log 50% $USER.txt"
    line = schedule.entry_line(time(6, 30), frozenset({1}), schedule.command(
        [str(program)], env={"PAPERFEED_HOME": str(home)}, config=None, db=home / "a b.db", log=log))
    assert "\n" not in line
    result = subprocess.run(["/bin/sh", "-c", cron_command(line)], capture_output=True, text=True,
                            env={"PATH": "/usr/bin:/bin"}, check=False)
    assert result.returncode == 0, result.stderr
    assert log.read_text().splitlines() == [str(home), "--db", str(home / "a b.db"), "fetch", "--quiet"]


def test_a_line_break_in_a_path_is_refused() -> None:
    with pytest.raises(UsageError, match="line break"):
        schedule.command(["/bin/paperfeed"], env={"PAPERFEED_HOME": "/a\nb"}, config=None, db=None,
                         log=Path("/l"))


def test_the_table_edit_keeps_every_other_line_and_one_entry() -> None:
    first = schedule.with_entry(OTHER, "30 6 * * 1-5 old " + schedule.TAG)
    second = schedule.with_entry(first, "0 7 * * * new " + schedule.TAG)
    assert second == OTHER + "0 7 * * * new " + schedule.TAG + "\n"
    assert schedule.without_entry(second) == OTHER
    assert schedule.with_entry("", "x " + schedule.TAG) == "x " + schedule.TAG + "\n"
    assert schedule.with_entry("0 1 * * * a", "x " + schedule.TAG) == "0 1 * * * a\nx " + schedule.TAG + "\n"


def test_old_vixie_headers_do_not_pile_up() -> None:
    header = ("# DO NOT EDIT THIS FILE - edit the master and reinstall.\n"
              "# (/tmp/crontab.XXXX installed on Thu Nov 26 06:00:00 2026)\n"
              "# (Cron version -- $Id: crontab.c,v 2.13 1994/01/17 03:20:37 vixie Exp $)\n")
    assert schedule.with_entry(header + OTHER, "x " + schedule.TAG) == OTHER + "x " + schedule.TAG + "\n"


def test_next_run_follows_the_fields() -> None:
    thursday_noon = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)
    line = "30 6 * * 1-5 cmd " + schedule.TAG
    assert schedule.next_run(line, thursday_noon) == datetime(2026, 11, 27, 6, 30, tzinfo=UTC)
    friday_noon = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)
    assert schedule.next_run(line, friday_noon) == datetime(2026, 11, 30, 6, 30, tzinfo=UTC)
    early = datetime(2026, 11, 26, 6, 0, tzinfo=UTC)
    assert schedule.next_run(line, early) == datetime(2026, 11, 26, 6, 30, tzinfo=UTC)
    assert schedule.next_run("*/5 * * * * cmd", thursday_noon) is None
    assert schedule.next_run("@daily cmd", thursday_noon) is None


def test_the_log_is_trimmed_to_its_newest_whole_lines(tmp_path: Path) -> None:
    log = tmp_path / "fetch.log"
    log.write_text("".join(f"line {i:06d}\n" for i in range(200_000)))  # 2.4 MB
    crontab.trim_log(log, max_bytes=1_000_000, keep_bytes=1_200)
    lines = log.read_text().splitlines()
    assert lines[-1] == "line 199999" and len(lines) == 99
    assert all(line.startswith("line ") and len(line) == 11 for line in lines)
    crontab.trim_log(log)  # small now: untouched
    assert log.read_text().splitlines() == lines
    crontab.trim_log(tmp_path / "missing.log")  # no log yet: nothing to do


# -- through the CLI, against the stand-in crontab --------------------------------------


def test_install_show_remove(cron_table: Path, paperfeed_home: Path) -> None:
    cron_table.write_text(OTHER)
    result = runner.invoke(app, ["schedule", "install"])
    assert result.exit_code == 0, result.output
    assert "installed: 30 6 * * " in result.output
    [line] = managed(cron_table)
    assert cron_table.read_text().startswith(OTHER)
    words = shlex.split(line.split(None, 5)[5], comments=True)
    assert words[0] == f"PAPERFEED_HOME={paperfeed_home}"
    assert Path(words[1]).is_absolute() and Path(words[1]).name in ("paperfeed", "python", "python3")
    assert words[-5:] == ["fetch", "--quiet", ">>", str(paperfeed_home / "state" / "fetch.log"), "2>&1"]
    assert (paperfeed_home / "state").is_dir()  # so that cron's >> has a folder to write into

    shown = runner.invoke(app, ["schedule", "show"])
    assert shown.exit_code == 0 and line in shown.output
    assert "next run: " in shown.output and "(local time)" in shown.output
    assert "next announcement: in arXiv's feed from " in shown.output

    again = runner.invoke(app, ["schedule", "install", "--at", "07:15", "--days", "mon,wed,fri"])
    assert again.exit_code == 0 and "replaced: 15 7 * * 1,3,5 " in again.output
    assert "fetches at 07:15 Mon, Wed, Fri" in again.output
    assert len(managed(cron_table)) == 1 and cron_table.read_text().startswith(OTHER)

    removed = runner.invoke(app, ["schedule", "remove"])
    assert removed.exit_code == 0 and "removed: 15 7 * * 1,3,5" in removed.output
    assert cron_table.read_text() == OTHER
    assert "nothing to remove" in runner.invoke(app, ["schedule", "remove"]).output
    assert "not scheduled" in runner.invoke(app, ["schedule", "show"]).output


def test_install_into_an_empty_crontab_and_quote_a_home_with_spaces(
        cron_table: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path / "my papers $HOME 'q'"
    monkeypatch.setenv("PAPERFEED_HOME", str(home))
    result = runner.invoke(app, ["--db", str(tmp_path / "other db.sqlite"), "schedule", "install"])
    assert result.exit_code == 0, result.output
    assert not cron_table.read_text().startswith("\n")
    [line] = managed(cron_table)
    words = shlex.split(line.split(None, 5)[5], comments=True)
    assert words[0] == f"PAPERFEED_HOME={home}"
    assert words[2:4] == ["--db", str(tmp_path / "other db.sqlite")]


def test_without_crontab_install_prints_the_line_to_add(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # no crontab anywhere on it
    result = runner.invoke(app, ["schedule", "install"])
    assert result.exit_code == 7
    assert result.stdout.startswith("30 6 * * ") and schedule.TAG in result.stdout
    assert "no 'crontab' program" in result.stderr and "by hand" in result.stderr


def test_a_crontab_that_refuses_leaves_the_table_alone(
        cron_table: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cron_table.write_text(OTHER)
    monkeypatch.setenv("CRONTAB_REFUSE", "1")
    result = runner.invoke(app, ["schedule", "install"])
    assert result.exit_code == 1
    assert "'crontab -' refused the new table: \"-\":3: bad minute" in result.stderr
    assert cron_table.read_text() == OTHER


def test_bad_options_are_usage_errors(cron_table: Path) -> None:
    result = runner.invoke(app, ["schedule", "install", "--days", "weekdays"])
    assert result.exit_code == 2 and "--days 'weekdays'" in result.stderr
    assert not cron_table.exists()


@pytest.mark.skipif(shutil.which("crontab") is None, reason="this machine has no crontab program")
def test_the_real_crontab_round_trip() -> None:  # pragma: no cover - only where cron exists
    real = shutil.which("crontab")
    assert real is not None
    before = crontab.read_table(real)
    try:
        assert runner.invoke(app, ["schedule", "install"]).exit_code == 0
        after = crontab.read_table(real)
        assert schedule.find(after) is not None
        assert schedule.without_entry(after) == schedule.without_entry(before)
        assert runner.invoke(app, ["schedule", "remove"]).exit_code == 0
    finally:  # the user's table is restored whatever happened
        if before:
            crontab.write_table(real, before)
        else:
            subprocess.run([real, "-r"], check=False)
