"""The summarizer drives the real `openai` client against a local chat-completions
server speaking the wire format (fixtures/openai): what is sent, what is not, and
one clear line for every way it can fail."""

from __future__ import annotations

import json
import socket

import pytest
from _chat_server import PATH, ChatServer, completion, error
from pytest_httpserver import HTTPServer
from werkzeug import Response

from paperfeed.config import FetchConfig
from paperfeed.config.summaries import SummariesConfig
from paperfeed.sources.summaries import Summarizer, SummaryError

TITLE = "Fast Diffusion Sampling via Distillation"
ABSTRACT = "We distill a diffusion model into 4 steps.\nIt reaches FID 2.1 on ImageNet 256x256."
FETCH = FetchConfig(retry_attempts=2, connect_timeout_seconds=2)


def config(httpserver: HTTPServer, **changes: object) -> SummariesConfig:
    values: dict[str, object] = {"enabled": True, "base_url": httpserver.url_for("/v1"),
                                 "model": "qwen2.5:7b", "language": "ko", "timeout_seconds": 5}
    values.update(changes)
    return SummariesConfig(**values)  # type: ignore[arg-type]


def ask(cfg: SummariesConfig, environ: dict[str, str] | None = None,
        fetch: FetchConfig = FETCH) -> object:
    with Summarizer(cfg, fetch, environ or {}) as summarizer:
        return summarizer.summarize(TITLE, ABSTRACT)


def failure(cfg: SummariesConfig, environ: dict[str, str] | None = None,
            fetch: FetchConfig = FETCH) -> SummaryError:
    with pytest.raises(SummaryError) as caught:
        ask(cfg, environ, fetch)
    assert "\n" not in caught.value.message
    return caught.value


def test_the_request_carries_title_abstract_and_language_and_nothing_more(
        httpserver: HTTPServer, chat: ChatServer) -> None:
    answer = ask(config(httpserver))
    [body] = chat.requests
    assert body["model"] == "qwen2.5:7b" and body["stream"] is False
    assert set(body) == {"model", "messages", "stream"}
    system, user = body["messages"]
    assert system["role"] == "system" and user["role"] == "user"
    assert "Korean (ko)" in system["content"]
    assert "no claims" in system["content"] and "numbers" in system["content"]
    assert user["content"] == f"Title: {TITLE}\n\nAbstract: {' '.join(ABSTRACT.split())}"
    assert answer.text.startswith(f"이 논문({TITLE})")  # type: ignore[attr-defined]
    assert answer.model == "qwen2.5:7b"  # type: ignore[attr-defined]  # as the server named it
    assert chat.headers[0]["user-agent"].startswith("paperfeed/")


def test_the_model_name_comes_from_the_answer(httpserver: HTTPServer, chat: ChatServer) -> None:
    chat.template = "chat_completion_openai.json"
    answer = ask(config(httpserver, model="gpt-4o-mini"))
    assert answer.model == "gpt-4o-mini-2024-07-18"  # type: ignore[attr-defined]


def test_the_key_comes_only_from_the_named_variable(httpserver: HTTPServer, chat: ChatServer) -> None:
    env = {"MY_LLM_KEY": "sk-test-1234567890", "OPENAI_API_KEY": "sk-not-this-one",
           "OPENAI_ORG_ID": "org-secret", "OPENAI_PROJECT_ID": "proj-secret"}
    ask(config(httpserver, api_key_env="MY_LLM_KEY"), env)
    assert chat.headers[-1]["authorization"] == "Bearer sk-test-1234567890"
    assert "openai-organization" not in chat.headers[-1] and "openai-project" not in chat.headers[-1]


@pytest.mark.parametrize("key_env", ["MY_LLM_KEY", ""])
def test_no_other_credential_from_the_environment_reaches_the_endpoint(
        httpserver: HTTPServer, chat: ChatServer, monkeypatch: pytest.MonkeyPatch, key_env: str) -> None:
    monkeypatch.setenv("OPENAI_CUSTOM_HEADERS", "Authorization: Bearer sk-from-custom-headers")
    monkeypatch.setenv("OPENAI_API_KEY", "sk-the-users-openai-key")
    monkeypatch.setenv("MY_LLM_KEY", "sk-test-1234567890")
    with Summarizer(config(httpserver, api_key_env=key_env), FETCH) as summarizer:
        summarizer.summarize(TITLE, ABSTRACT)
    sent = chat.headers[-1]
    assert sent.get("authorization") == ("Bearer sk-test-1234567890" if key_env else None)


def test_without_a_key_variable_no_authorization_is_sent(
        httpserver: HTTPServer, chat: ChatServer, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-the-users-openai-key")  # must not leak to this server
    with Summarizer(config(httpserver), FETCH) as summarizer:  # the real environment
        summarizer.summarize(TITLE, ABSTRACT)
    assert "authorization" not in chat.headers[-1]
    assert not any("sk-the-users-openai-key" in v for v in chat.headers[-1].values())


def test_a_missing_key_variable_is_one_line_and_nothing_is_sent(
        httpserver: HTTPServer, chat: ChatServer) -> None:
    exc = failure(config(httpserver, api_key_env="MY_LLM_KEY"), {})
    assert exc.stop and "MY_LLM_KEY" in exc.message and "not set" in exc.message
    assert chat.requests == []


def test_a_refused_key_names_the_variable_and_never_the_key(
        httpserver: HTTPServer, chat: ChatServer) -> None:
    chat.queued.append(error(401, "error_401_invalid_api_key.json"))
    exc = failure(config(httpserver, api_key_env="MY_LLM_KEY"), {"MY_LLM_KEY": "sk-proj-secret-abcd"})
    assert exc.stop and "HTTP 401" in exc.message and "$MY_LLM_KEY" in exc.message
    assert "sk-" not in exc.message and len(chat.requests) == 1  # a 401 is not retried


def test_a_rate_limit_is_retried_with_backoff_then_succeeds(
        httpserver: HTTPServer, chat: ChatServer) -> None:
    chat.queued.append(error(429, "error_429_rate_limit.json", {"retry-after-ms": "20"}))
    answer = ask(config(httpserver))
    assert len(chat.requests) == 2 and answer.text  # type: ignore[attr-defined]


def test_a_lasting_rate_limit_stops_after_the_configured_attempts(
        httpserver: HTTPServer, chat: ChatServer) -> None:
    chat.queued += [error(429, "error_429_rate_limit.json", {"retry-after-ms": "10"})
                    for _ in range(3)]
    exc = failure(config(httpserver), fetch=FetchConfig(retry_attempts=3))
    assert exc.stop and "HTTP 429" in exc.message and "tried 3 times" in exc.message
    assert "next fetch" in exc.message and len(chat.requests) == 3


def test_an_unknown_model_points_at_the_model_setting(httpserver: HTTPServer, chat: ChatServer) -> None:
    chat.queued.append(error(404, "error_404_ollama_model.json"))
    exc = failure(config(httpserver, model="qwen9:7b"))
    assert exc.stop and "HTTP 404" in exc.message and "summaries.model" in exc.message
    assert 'model "qwen9:7b" not found' in exc.message  # the server's own words, kept short


def test_a_server_error_is_retried_then_reported(httpserver: HTTPServer, chat: ChatServer) -> None:
    chat.queued += [Response("upstream crashed", status=502) for _ in range(2)]
    exc = failure(config(httpserver))
    assert exc.stop and "HTTP 502" in exc.message and len(chat.requests) == 2


def test_a_timeout_says_which_setting_to_raise(httpserver: HTTPServer, chat: ChatServer) -> None:
    chat.delay = 1.0
    exc = failure(config(httpserver, timeout_seconds=0.2), fetch=FetchConfig(retry_attempts=1))
    assert exc.stop and "within 0.2 s" in exc.message and "summaries.timeout_seconds" in exc.message


def test_an_unreachable_server_is_one_line() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    cfg = SummariesConfig(enabled=True, base_url=f"http://127.0.0.1:{port}/v1", model="m")
    exc = failure(cfg, fetch=FetchConfig(retry_attempts=1))
    assert exc.stop and f"cannot reach http://127.0.0.1:{port}/v1" in exc.message
    assert "summaries.base_url" in exc.message


@pytest.mark.parametrize("body, content_type", [
    ("<!doctype html><html><body>Welcome to nginx!</body></html>", "text/html"),
    ('{"choices": [', "application/json"),
    ('{"data": [{"id": "qwen2.5:7b", "object": "model"}]}', "application/json"),
])
def test_an_answer_that_is_not_a_chat_completion_stops(
        httpserver: HTTPServer, chat: ChatServer, body: str, content_type: str) -> None:
    chat.queued.append(Response(body, content_type=content_type))
    exc = failure(config(httpserver))
    assert exc.stop and "summaries.base_url" in exc.message


@pytest.mark.parametrize("content", [None, "", "  ", "word " * 1000])
def test_nonsense_output_is_unusable_but_not_a_reason_to_stop(
        httpserver: HTTPServer, chat: ChatServer, content: str | None) -> None:
    chat.queued.append(completion(content))
    exc = failure(config(httpserver))
    assert not exc.stop and "the model sent" in exc.message


def test_hostile_output_comes_back_inert(httpserver: HTTPServer, chat: ChatServer) -> None:
    chat.queued.append(completion("# 제목\n\x1b]8;;https://evil.example\x07링크\x1b]8;;\x07 "
                                  "[bold red]강조[/bold red] **굵게** \x1b[2J끝", model="m\x1b[31m"))
    answer = ask(config(httpserver))
    assert answer.text == "제목 링크 강조 굵게 끝"  # type: ignore[attr-defined]
    assert answer.model == "m"  # type: ignore[attr-defined]


def test_the_server_saw_exactly_the_json_the_wire_format_wants(
        httpserver: HTTPServer, chat: ChatServer) -> None:
    ask(config(httpserver))
    [log] = [entry for entry in httpserver.log if entry[0].path == PATH]
    request = log[0]
    assert request.method == "POST" and request.content_type == "application/json"
    assert json.loads(request.get_data())["messages"][1]["content"].startswith("Title: ")
