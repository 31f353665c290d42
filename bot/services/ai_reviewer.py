"""The optional AI reviewer: one call to an OpenAI-compatible chat completions endpoint.

Off unless the deployment admin sets PREPBOT_AI_URL and PREPBOT_AI_MODEL (a hosted API, or
a local Ollama or vLLM: they all speak `/v1/chat/completions`). It only ever adds a
second opinion after the rule-based feedback has gone out, so every failure (too slow,
refused, down, a reply of the wrong shape) is logged in one line and answered with
nothing: the member still has the feedback that matters. The key is a `SecretStr`
and is never logged; neither is the member's answer.
"""

from __future__ import annotations

import asyncio
import json
import logging
from dataclasses import dataclass
from typing import Any

import aiohttp
from pydantic import SecretStr

from bot.commands.context import AiRequest
from bot.config import Settings

log = logging.getLogger(__name__)

DEFAULT_TIMEOUT = 8.0
#: The most we show of what the model wrote (a chat message, not an essay).
MAX_CHARS = 1200
#: What we ask the model to write at most; the cap above holds whatever it does.
MAX_TOKENS = 400

# An instruction to the model, not text a member reads: it stays beside the call.
SYSTEM_PROMPT = (
    "You review practice answers to job interview questions for a second-round interview. "
    "In at most 120 words of plain text (no markdown, no links, no lists longer than three "
    "items), say one thing the answer does well and the one change that would most improve "
    "it, for this question. Do not repeat the rule-based findings you are given. Do not "
    "invent facts about the candidate. Answer in the language of the answer."
)


def endpoint(url: str) -> str:
    """The chat completions URL for what an admin is likely to write as the base."""
    base = url.strip().rstrip("/")
    if base.endswith("/chat/completions"):
        return base
    if base.endswith("/v1"):
        return base + "/chat/completions"
    return base + "/v1/chat/completions"


def _messages(request: AiRequest) -> list[dict[str, str]]:
    question = request.question or "(no question: a general story)"
    user = (
        f"Question ({request.category}): {question}\n\n"
        f"Rule-based feedback already given: {request.rules_said}\n\n"
        f"Answer:\n{request.answer}"
    )
    return [{"role": "system", "content": SYSTEM_PROMPT}, {"role": "user", "content": user}]


class BadReply(ValueError):
    """The service answered 200 with something that is not a chat completion."""


def content_of(body: Any) -> str:
    """The assistant's text in a chat completion, or `BadReply`."""
    try:
        text = body["choices"][0]["message"]["content"]
    except (KeyError, IndexError, TypeError) as error:
        raise BadReply("no choices[0].message.content") from error
    if not isinstance(text, str) or not text.strip():
        raise BadReply("empty or non-text content")
    return text


def tidy(text: str, limit: int = MAX_CHARS) -> str:
    """Whitespace collapsed per paragraph and cut at `limit` characters, on a word."""
    paragraphs = [" ".join(part.split()) for part in text.strip().split("\n\n")]
    joined = "\n\n".join(p for p in paragraphs if p)
    if len(joined) <= limit:
        return joined
    cut = joined[: limit - 1].rsplit(" ", 1)[0]
    return cut + "…"


@dataclass
class AiReviewer:
    """Calls one model at one endpoint; `review` never raises."""

    url: str
    model: str
    key: SecretStr | None = None
    timeout: float = DEFAULT_TIMEOUT

    def __repr__(self) -> str:  # the key stays out of any repr that reaches a log
        return f"AiReviewer(url={self.url!r}, model={self.model!r})"

    async def review(self, request: AiRequest) -> str | None:
        """The model's note on the answer, tidied and capped; None when it failed."""
        headers = {"Content-Type": "application/json"}
        if self.key is not None and self.key.get_secret_value():
            headers["Authorization"] = f"Bearer {self.key.get_secret_value()}"
        payload = {
            "model": self.model,
            "messages": _messages(request),
            "max_tokens": MAX_TOKENS,
            "temperature": 0.3,
            "stream": False,
        }
        try:
            timeout = aiohttp.ClientTimeout(total=self.timeout)
            async with (
                aiohttp.ClientSession(timeout=timeout) as http,
                http.post(endpoint(self.url), json=payload, headers=headers) as response,
            ):
                if response.status != 200:
                    log.warning("AI reviewer answered HTTP %d: no AI note", response.status)
                    return None
                body = json.loads(await response.text())
                return tidy(content_of(body))
        except TimeoutError:
            log.warning("AI reviewer took longer than %.0f s: no AI note", self.timeout)
        except aiohttp.ClientError as error:
            log.warning("AI reviewer unreachable (%s): no AI note", type(error).__name__)
        except (json.JSONDecodeError, UnicodeDecodeError, BadReply) as error:
            log.warning("AI reviewer sent no usable reply (%s): no AI note", error)
        except asyncio.CancelledError:
            raise
        except Exception:  # a bug here must not cost more than the AI note
            log.exception("AI reviewer failed")
        return None


def reviewer_from(settings: Settings) -> AiReviewer | None:
    """The reviewer the deployment configured (PREPBOT_AI_URL and _MODEL), else None."""
    if not settings.ai_configured or settings.ai_url is None or settings.ai_model is None:
        return None
    return AiReviewer(
        url=settings.ai_url,
        model=settings.ai_model,
        key=settings.ai_key,
        timeout=settings.ai_timeout_seconds,
    )
