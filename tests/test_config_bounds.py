"""The example config is the defaults, and numbers that cannot work are refused in one line.

`config init` writes the example under a header promising that "a missing key keeps
the default shown here": so the values it sets must be exactly the defaults, and the
suggestions (keywords, category priority) stay commented out. `inf`, `nan` and
integers too large to turn into a date or a byte count used to pass validation and
end in a traceback in `config show`, `fetch` and `today`.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from paperfeed import config
from paperfeed.cli import app
from paperfeed.config.write import example_config
from paperfeed.errors import ConfigError, ExitCode

PATH = Path("/home/ada/.config/paperfeed/config.toml")


def numeric_keys(cls: type[Any] = config.Config, prefix: str = "") -> list[tuple[str, Any]]:
    out: list[tuple[str, Any]] = []
    hints = config.field_types(cls)
    for name in cls._fields:
        hint = hints.get(name)
        if name == "path":
            continue
        if config.is_table(hint):
            out += numeric_keys(hint, f"{prefix}{name}.")
        elif hint in (int, float):
            out.append((prefix + name, hint))
    return out


NUMERIC = numeric_keys()


def doc(dotted: str, value: str) -> str:
    table, key = dotted.rsplit(".", 1)
    return f"[{table}]\n{key} = {value}\n"


def test_the_example_file_sets_exactly_the_defaults() -> None:
    loaded = config.loads(example_config(), PATH)
    assert loaded._replace(path=None) == config.Config()


def test_the_example_keeps_its_suggestions_commented_out() -> None:
    text = example_config()
    assert re.search(r'^# keywords = \["diffusion", "large language model"\]$', text, re.M)
    assert re.search(r"^# categories = \[", text, re.M)
    assert tomllib.loads(text)["interests"]["keywords"] == []


def test_config_init_then_show_prints_the_defaults(paperfeed_home: Path) -> None:
    runner = CliRunner()
    assert runner.invoke(app, ["config", "init"]).exit_code == 0
    shown = runner.invoke(app, ["config", "show"])
    assert shown.exit_code == 0, shown.output
    assert shown.stdout == config.to_toml(config.Config())


@pytest.mark.parametrize(("dotted", "_kind"), NUMERIC)
@pytest.mark.parametrize("value", ["inf", "-inf", "nan", "+nan"])
def test_inf_and_nan_are_refused_for_every_number(dotted: str, _kind: Any, value: str) -> None:
    with pytest.raises(ConfigError) as info:
        config.loads(doc(dotted, value), PATH)
    message = info.value.message
    assert message.startswith(f"{PATH}: '{dotted}'"), message
    assert "\n" not in message


@pytest.mark.parametrize(("dotted", "_kind"), NUMERIC)
def test_a_number_too_large_to_use_is_refused_for_every_key(dotted: str, _kind: Any) -> None:
    with pytest.raises(ConfigError) as info:
        config.loads(doc(dotted, "99999999999"), PATH)
    message = info.value.message
    assert message.startswith(f"{PATH}: '{dotted}' must be at most "), message


def test_every_default_lies_within_its_bounds() -> None:
    assert config.loads(config.to_toml(config.Config()), PATH)._replace(path=None) == config.Config()


@pytest.mark.parametrize("args", [["config", "show"], ["fetch"], ["today", "--plain"],
                                  ["today", "--plain", "--no-fetch"], ["status"]])
@pytest.mark.parametrize("line", ["[digest]\ncatchup_days = 99999999999",
                                  "[fetch]\nmax_response_mb = inf",
                                  "[fetch]\nmax_age_hours = nan",
                                  "[digest]\nwords_per_minute = 9223372036854775807"])
def test_commands_give_the_one_line_config_error(paperfeed_home: Path, args: list[str],
                                                 line: str, monkeypatch: pytest.MonkeyPatch) -> None:
    import httpx

    from paperfeed import refresh
    from paperfeed.sources import http

    transport = httpx.MockTransport(lambda request: httpx.Response(404, text="gone"))
    monkeypatch.setattr(refresh, "_default_client",
                        lambda cfg: http.make_client(cfg.fetch, transport=transport))
    (paperfeed_home / "config.toml").write_text(line + "\n")
    result = CliRunner().invoke(app, args)
    assert result.exit_code == ExitCode.CONFIG, result.output
    assert result.stderr.startswith(f"paperfeed: {paperfeed_home / 'config.toml'}: '")
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.output
