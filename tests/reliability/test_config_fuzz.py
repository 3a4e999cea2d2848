"""Config files with wrong types, unknown keys and broken TOML give only the config
error, in one printable line that names the file (property-based, hypothesis)."""

from __future__ import annotations

import datetime as dt
import json
import math
import typing
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from paperfeed import config
from paperfeed.cli import app
from paperfeed.errors import ConfigError, ExitCode

PATH = Path("/home/ada/.config/paperfeed/config.toml")
FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SLOW = settings(max_examples=2000, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def leaves(cls: type[Any] = config.Config, prefix: tuple[str, ...] = ()) -> dict[tuple[str, ...], Any]:
    """Every settable key path of the config and its type hint."""
    out: dict[tuple[str, ...], Any] = {}
    hints = config.field_types(cls)
    for name in cls._fields:
        if name == "path":
            continue
        hint = hints[name]
        if config.is_table(hint):
            out |= leaves(hint, (*prefix, name))
        else:
            out[(*prefix, name)] = hint
    return out


LEAVES = leaves()
KEYS = sorted(LEAVES)

scalars = st.one_of(
    st.booleans(), st.integers(-(2**63), 2**63 - 1), st.floats(allow_nan=True),
    st.text(max_size=30), st.dates(),
)
toml_values = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=4),
                            st.dictionaries(st.text(min_size=1, max_size=8), inner, max_size=3)),
    max_leaves=6,
)


def is_type(value: object, hint: Any) -> bool:
    """Whether a TOML value is of the type the config declares (an int is a float)."""
    if typing.get_origin(hint) is list:
        return isinstance(value, list) and all(isinstance(v, str) for v in value)
    if typing.get_origin(hint) is tuple:  # [[sources.feeds]]: random tables are never valid feeds
        return value == []
    if hint is bool:
        return isinstance(value, bool)
    if hint is int:
        return isinstance(value, int) and not isinstance(value, bool)
    if hint is float:
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    return isinstance(value, hint)


def toml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        return repr(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{toml_key(k)} = {toml_value(v)}" for k, v in value.items()) + "}"
    return toml_string(str(value))


def toml_string(text: str) -> str:
    """A TOML basic string: JSON's escapes are TOML's; TOML also forbids a raw DEL."""
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")


def toml_key(key: str) -> str:
    return toml_string(key)


def dump(doc: dict[tuple[str, ...], object]) -> str:
    """Tables of dotted key paths as TOML text."""
    tables: dict[tuple[str, ...], list[str]] = {}
    for path, value in doc.items():
        tables.setdefault(path[:-1], []).append(f"{toml_key(path[-1])} = {toml_value(value)}")
    parts = []
    for table, lines in tables.items():
        header = f"[{'.'.join(toml_key(t) for t in table)}]\n" if table else ""
        parts.append(header + "\n".join(lines) + "\n")
    # Top-level keys must come before any table header.
    parts.sort(key=lambda p: p.startswith("["))
    return "\n".join(parts)


def assert_clean_config_error(exc: ConfigError) -> None:
    line = exc.message
    assert line.startswith(str(PATH)), line
    assert "\n" not in line and "\r" not in line, line
    assert all(c.isprintable() for c in line), repr(line)


@st.composite
def wrong_type_docs(draw: st.DrawFn) -> tuple[str, tuple[str, ...]]:
    key = draw(st.sampled_from(KEYS))
    value = draw(toml_values.filter(lambda v: not is_type(v, LEAVES[key])))
    return dump({key: value}), key


@st.composite
def unknown_key_docs(draw: st.DrawFn) -> tuple[str, str]:
    table = draw(st.sampled_from(sorted({k[:-1] for k in KEYS})))
    known = {k[-1] for k in KEYS if k[:-1] == table} | {k[len(table)] for k in KEYS
                                                        if k[:len(table)] == table and len(k) > len(table)}
    name = draw(st.text(min_size=1, max_size=20).filter(lambda n: n not in known))
    return dump({(*table, name): draw(scalars)}), name


def valid_doc_text() -> str:
    return config.to_toml(config.Config())


@st.composite
def broken_toml(draw: st.DrawFn) -> str:
    text = valid_doc_text()
    cut = draw(st.integers(0, len(text)))
    junk = draw(st.text(max_size=12))
    mode = draw(st.sampled_from(["insert", "truncate", "replace-line"]))
    if mode == "insert":
        return text[:cut] + junk + text[cut:]
    if mode == "truncate":
        return text[:cut]
    lines = text.splitlines()
    i = draw(st.integers(0, len(lines) - 1))
    lines[i] = junk
    return "\n".join(lines)


def check_loads(text: str) -> config.Config | None:
    """`loads` either accepts the text or raises ConfigError in one clean line."""
    try:
        return config.loads(text, PATH)
    except ConfigError as exc:
        assert_clean_config_error(exc)
        return None


@FAST
@given(wrong_type_docs())
def test_a_value_of_the_wrong_type_is_a_config_error(case: tuple[str, tuple[str, ...]]) -> None:
    text, key = case
    with pytest.raises(ConfigError) as info:
        config.loads(text, PATH)
    assert_clean_config_error(info.value)
    assert ".".join(key) in info.value.message


@FAST
@given(unknown_key_docs())
def test_an_unknown_key_is_a_config_error(case: tuple[str, str]) -> None:
    text, _name = case
    with pytest.raises(ConfigError) as info:
        config.loads(text, PATH)
    assert_clean_config_error(info.value)
    assert "unknown key" in info.value.message


@FAST
@given(broken_toml())
def test_broken_toml_is_only_ever_a_config_error(text: str) -> None:
    check_loads(text)


@FAST
@given(st.dictionaries(st.sampled_from(KEYS), toml_values, max_size=6))
def test_any_values_for_known_keys_load_or_give_one_line(doc: dict[tuple[str, ...], object]) -> None:
    check_loads(dump(doc))


@FAST
@given(st.text(max_size=200))
def test_arbitrary_text_is_only_ever_a_config_error(text: str) -> None:
    check_loads(text)


@pytest.mark.slow
@SLOW
@given(st.one_of(broken_toml(), st.text(max_size=400),
                 st.dictionaries(st.sampled_from(KEYS), toml_values, max_size=12).map(dump),
                 wrong_type_docs().map(lambda c: c[0]), unknown_key_docs().map(lambda c: c[0])))
def test_many_hostile_configs_only_ever_give_the_config_error(text: str) -> None:
    check_loads(text)


runner = CliRunner()


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.one_of(wrong_type_docs().map(lambda c: c[0]), unknown_key_docs().map(lambda c: c[0]),
                 broken_toml().filter(lambda t: check_loads(t) is None)))
def test_the_cli_prints_the_config_error_in_one_line(paperfeed_home: Path, text: str) -> None:
    (paperfeed_home / "config.toml").write_text(text, encoding="utf-8")
    result = runner.invoke(app, ["config", "show"])
    assert result.exit_code == ExitCode.CONFIG, result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("paperfeed: "), result.stderr
    assert "config.toml" in lines[0]
    assert result.stdout == ""


NUMBERS = [k for k in KEYS if LEAVES[k] in (int, float)]
extreme_numbers = st.one_of(
    st.sampled_from([math.inf, math.nan, 99999999999, 2**63 - 1, 1e308, 1e15]),
    st.integers(10**6, 2**63 - 1), st.floats(allow_nan=True, allow_infinity=True).map(abs),
)


@pytest.fixture
def offline(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every request answers 404 at once: the fetch runs the real client on the config's
    numbers (timeouts, size caps, retries) without any network or waiting."""
    import httpx

    from paperfeed import refresh
    from paperfeed.sources import http

    transport = httpx.MockTransport(lambda request: httpx.Response(404, text="gone"))
    monkeypatch.setattr(refresh, "_default_client",
                        lambda cfg: http.make_client(cfg.fetch, transport=transport))


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.dictionaries(st.sampled_from(NUMBERS), extreme_numbers, min_size=1, max_size=2),
       st.sampled_from([["config", "show"], ["fetch"], ["today", "--plain"], ["status"]]))
def test_extreme_numbers_never_reach_a_traceback(paperfeed_home: Path, offline: None,
                                                 doc: dict[tuple[str, ...], object],
                                                 args: list[str]) -> None:
    """inf, nan and huge integers either work or give the one-line config error, in
    `config show`, `fetch` and `today` alike."""
    (paperfeed_home / "config.toml").write_text(dump(doc), encoding="utf-8")
    result = runner.invoke(app, args)
    assert isinstance(result.exception, SystemExit | None), repr(result.exception)
    assert "Traceback" not in result.output
    if result.exit_code == ExitCode.CONFIG:
        lines = result.stderr.splitlines()
        assert len(lines) == 1 and "config.toml" in lines[0], result.stderr
    else:
        assert result.exit_code in (0, ExitCode.FETCH_PARTIAL, ExitCode.FETCH_FAILED), result.output
