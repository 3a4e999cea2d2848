"""Asking an OpenAI-compatible chat-completions endpoint for one paper's summary.

The wire work goes through the `openai` package rather than hand-written HTTP: it
is the maintained client for this API, and every server that calls itself
OpenAI-compatible (hosted APIs, Ollama, llama.cpp, vLLM, LM Studio) is tested
against it. It is imported only here, and only when summaries are enabled (it
costs about half a second to import).

The client is set up for paperfeed's politeness rules rather than its own
defaults (ten minutes of patience, two retries): `summaries.timeout_seconds` for an
answer and `fetch.connect_timeout_seconds` for a connection, `fetch.retry_attempts`
attempts on a timeout, lost connection, 429 or 5xx with its exponential backoff
and jitter (honouring `Retry-After`), paperfeed's User-Agent, and non-streaming
requests. What is sent is decided here and nowhere else: the key only from the
variable `summaries.api_key_env` names (never `OPENAI_API_KEY` or an
`Authorization` from `OPENAI_CUSTOM_HEADERS` by accident, and no `Authorization`
header at all without one), no organisation or project ids from the environment,
and in the body only the model, the instructions, the title and the abstract.

Every failure leaves as a `SummaryError`: one line naming the endpoint and the fix,
with `stop` telling the caller whether asking again for the next paper is
pointless (a refused key, a dead server) or may work (one unusable answer).
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from http import HTTPStatus
from typing import TYPE_CHECKING, Any

from paperfeed import PROJECT_URL, __version__
from paperfeed.config.summaries import SummariesConfig, endpoint, language_name
from paperfeed.errors import FetchError
from paperfeed.text import clean, one_line
from paperfeed.text.summary import UnusableAnswerError, clean_summary

if TYPE_CHECKING:
    from openai import OpenAI
    from openai.types.chat import ChatCompletionMessageParam

    from paperfeed.config import FetchConfig

USER_AGENT = f"paperfeed/{__version__} (+{PROJECT_URL})"
_MAX_DETAIL = 120  # characters of a server's own error message kept in the report
_KEYISH = re.compile(r"\b(?:sk|gsk|pk|key)[-_][A-Za-z0-9_*.-]{4,}")
# Headers the client would send by default that the endpoint has no need of: ids
# read from OPENAI_ORG_ID / OPENAI_PROJECT_ID, and a description of this machine.
_WITHHELD = ("OpenAI-Organization", "OpenAI-Project", "X-Stainless-OS", "X-Stainless-Arch",
             "X-Stainless-Runtime", "X-Stainless-Runtime-Version")

SYSTEM_PROMPT = (
    "You summarize research papers for a reader who reads {language} best. "
    "You are given a paper's title and abstract, and nothing else. "
    "Write one short paragraph (at most {words} words) in {language} that says what was done "
    "and what was found. Use only what the title and abstract say: add no claims, numbers, "
    "opinions or context that they do not contain. Keep technical terms, names of methods, "
    "models and datasets, and all numbers exactly as written (do not translate them). "
    "Write plain text: no heading, no list, no Markdown, no preamble such as 'Summary:'."
)


class SummaryError(FetchError):
    """Summarizing failed; `stop` is True when the next paper would fail the same way."""

    def __init__(self, message: str, *, stop: bool, url: str = "") -> None:
        super().__init__(message, source="summaries", url=url)
        self.stop = stop


@dataclass(frozen=True, slots=True)
class Answer:
    text: str  # one cleaned paragraph
    model: str  # the model that wrote it, as the server names it


def messages(title: str, abstract: str, language: str,
             words: int = 80) -> list[ChatCompletionMessageParam]:
    """The chat: instructions, then the title and abstract (cleaned), nothing more."""
    name = language_name(language)
    if name != language:
        name = f"{name} ({language})"
    return [
        {"role": "system", "content": SYSTEM_PROMPT.format(language=name, words=words)},
        {"role": "user",
         "content": f"Title: {one_line(title)}\n\nAbstract: {' '.join(clean(abstract).split())}"},
    ]


class Summarizer:
    """One client for a fetch; `summarize` asks for one paper at a time."""

    def __init__(self, config: SummariesConfig, fetch: FetchConfig,
                 environ: Mapping[str, str] | None = None) -> None:
        self.config = config
        self.url = endpoint(config)
        self._key = _key(config, os.environ if environ is None else environ)
        self._client = _client(config, fetch, self._key)

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> Summarizer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def summarize(self, title: str, abstract: str) -> Answer:
        import openai
        from openai import Omit

        headers: dict[str, Any] = {} if self._key else {"Authorization": Omit()}
        try:
            completion = self._client.chat.completions.create(
                model=self.config.model, stream=False, extra_headers=headers,
                messages=messages(title, abstract, self.config.language),
            )
        except openai.APIError as exc:
            raise self._explain(exc) from exc
        except ValueError as exc:  # a body that is not JSON, or JSON cut short
            raise SummaryError(f"{self.url} sent an answer that is not valid JSON "
                               f"({one_line(str(exc))[:80]}); check summaries.base_url",
                               stop=True, url=self.url) from exc
        if not isinstance(getattr(completion, "choices", None), list):
            raise SummaryError(f"{self.url} sent something that is not a chat completion (an HTML "
                               "page or another API?); check summaries.base_url", stop=True, url=self.url)
        content = _content(completion)
        try:
            text = clean_summary(content)
        except UnusableAnswerError as exc:
            raise SummaryError(f"{self.url}: {exc}", stop=False, url=self.url) from exc
        model = one_line(str(getattr(completion, "model", "") or ""))[:80] or self.config.model
        return Answer(text, model)

    def _explain(self, exc: Exception) -> SummaryError:
        import openai

        url, cfg = self.url, self.config
        if isinstance(exc, openai.APITimeoutError):
            return SummaryError(f"no answer from {url} within {cfg.timeout_seconds:g} s; the server "
                                "may be busy or the model slow: raise summaries.timeout_seconds, "
                                "or try again later", stop=True, url=url)
        if isinstance(exc, openai.APIConnectionError):
            return SummaryError(f"cannot reach {url} ({self._reason(exc)}); is the server running? "
                                "check summaries.base_url", stop=True, url=url)
        if not isinstance(exc, openai.APIStatusError):
            return SummaryError(f"{url} sent an answer that is not a chat completion"
                                f"{self._detail(exc)}; check summaries.base_url", stop=True, url=url)
        status = f"HTTP {exc.status_code} {_phrase(exc.status_code)}".rstrip()
        detail = self._detail(exc)
        if exc.status_code in (401, 403):
            fix = (f"check the key in ${cfg.api_key_env}" if cfg.api_key_env else
                   "it wants a key: put it in an environment variable and name that in "
                   "summaries.api_key_env")
            return SummaryError(f"{url} refused the request ({status}); {fix}", stop=True, url=url)
        if exc.status_code == 404:
            return SummaryError(f"{url} has no model {cfg.model!r} or no chat completions there "
                                f"({status}{detail}); check summaries.model and summaries.base_url",
                                stop=True, url=url)
        if exc.status_code == 429:
            tried = self._client.max_retries + 1
            return SummaryError(f"{url} is limiting requests ({status}{detail}, tried {tried} times); "
                                "the rest wait for the next fetch", stop=True, url=url)
        if exc.status_code >= 500:
            return SummaryError(f"{url} failed ({status}{detail}); try again later", stop=True, url=url)
        return SummaryError(f"{url} refused the request ({status}{detail}); check summaries.model",
                            stop=True, url=url)

    def _reason(self, exc: Exception) -> str:
        cause = exc.__cause__ or exc
        return self._scrub(one_line(str(cause)) or type(cause).__name__)[:_MAX_DETAIL]

    def _detail(self, exc: Exception) -> str:
        """The server's own message, short, cleaned, and without anything key-like."""
        import openai

        text = ""
        if isinstance(exc, openai.APIError) and isinstance(exc.body, dict):
            text = str(exc.body.get("message") or "")
        elif isinstance(exc, openai.APIError) and isinstance(exc.body, str):
            text = exc.body
        text = self._scrub(one_line(text))
        if len(text) > _MAX_DETAIL:
            text = text[:_MAX_DETAIL - 1] + "…"
        return f": {text}" if text else ""

    def _scrub(self, text: str) -> str:
        if self._key:
            text = text.replace(self._key, "[key]")
        return _KEYISH.sub("[key]", text)


def _key(config: SummariesConfig, environ: Mapping[str, str]) -> str | None:
    if not config.api_key_env:
        return None
    key = environ.get(config.api_key_env, "").strip()
    if not key:
        raise SummaryError(f"the environment variable {config.api_key_env} (summaries.api_key_env) "
                           "is not set or empty; export the key in it, for cron too, or clear "
                           "summaries.api_key_env for a server that needs none", stop=True)
    return key


def _client(config: SummariesConfig, fetch: FetchConfig, key: str | None) -> OpenAI:
    from openai import Omit, OpenAI, Timeout

    headers: dict[str, Any] = {"User-Agent": USER_AGENT, **{h: Omit() for h in _WITHHELD}}
    if key:  # explicit, so that an Authorization in OPENAI_CUSTOM_HEADERS can never replace it
        headers["Authorization"] = f"Bearer {key}"
    return OpenAI(
        base_url=config.base_url,
        api_key=key or "unused",  # never None: that would read OPENAI_API_KEY; omitted per request
        timeout=Timeout(config.timeout_seconds, connect=fetch.connect_timeout_seconds),
        max_retries=max(0, fetch.retry_attempts - 1),
        default_headers=headers,
    )


def _content(completion: object) -> str:
    """The first choice's text, whatever shape a lax server gave the object."""
    choices = getattr(completion, "choices", None)
    if not choices:
        return ""
    message = getattr(choices[0], "message", None)
    content = getattr(message, "content", None)
    return content if isinstance(content, str) else ""


def _phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return ""
