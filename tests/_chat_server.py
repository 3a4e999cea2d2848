"""A local OpenAI-compatible chat-completions endpoint for the summary tests.

It answers `POST /v1/chat/completions` in the exact wire format of the real
services (the samples in fixtures/openai: OpenAI's full object and Ollama's
leaner one, their error bodies), non-streaming, and records every request so a
test can see what paperfeed sent. A test scripts it by setting `reply` (what the
model "writes" for a request) or queueing raw `Response`s in `queued`.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from werkzeug import Request, Response

OPENAI = Path(__file__).resolve().parent / "fixtures" / "openai"
PATH = "/v1/chat/completions"


def korean(body: dict[str, Any]) -> str:
    """A faithful-looking Korean paragraph that names the paper it was asked about."""
    title = body["messages"][-1]["content"].split("\n")[0].removeprefix("Title: ")
    return f"이 논문({title})은 새로운 방법을 제안하고 기준선 대비 정확도를 12% 높였다."


def completion(content: str | None, *, template: str = "chat_completion_ollama.json",
               model: str | None = None) -> Response:
    data = json.loads((OPENAI / template).read_text(encoding="utf-8"))
    data["choices"][0]["message"]["content"] = content
    if model is not None:
        data["model"] = model
    return Response(json.dumps(data, ensure_ascii=False), content_type="application/json")


def error(status: int, sample: str, headers: dict[str, str] | None = None) -> Response:
    return Response((OPENAI / sample).read_bytes(), status=status,
                    content_type="application/json", headers=headers or {})


@dataclass
class ChatServer:
    reply: Callable[[dict[str, Any]], str | None] = korean
    template: str = "chat_completion_ollama.json"
    model: str | None = None  # the model name the server reports (None: the sample's)
    delay: float = 0.0
    queued: list[Response] = field(default_factory=list)  # served first, in order
    requests: list[dict[str, Any]] = field(default_factory=list)
    headers: list[dict[str, str]] = field(default_factory=list)

    def handle(self, request: Request) -> Response:
        body = json.loads(request.get_data(as_text=True))
        self.requests.append(body)
        self.headers.append({k.lower(): v for k, v in request.headers.items()})
        time.sleep(self.delay)
        if self.queued:
            return self.queued.pop(0)
        return completion(self.reply(body), template=self.template, model=self.model)

    def titles(self) -> list[str]:
        """The titles paperfeed asked about, in order."""
        return [r["messages"][-1]["content"].split("\n")[0].removeprefix("Title: ")
                for r in self.requests]
