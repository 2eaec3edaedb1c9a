"""What the harness talks to: an OpenAI-compatible chat endpoint, a Python callable, or a local pipeline.

A target turns a list of chat messages into an answer. It raises `Retryable` for failures worth trying
again (rate limits, server errors, dropped connections) and `TargetError` for the rest; the runner
decides about retries. `identity` names the target for the response cache: two runs share cached
answers only when model, endpoint, system prompt and generation settings are all the same.
"""

from __future__ import annotations

import asyncio
import importlib
import inspect
import json
import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from hkaigov.domain.errors import InputError

Messages = Sequence[Mapping[str, str]]


@dataclass(frozen=True)
class Completion:
    text: str
    tokens: int = 0  # total tokens the call used, when the target says


class TargetError(Exception):
    """A call failed in a way that retrying will not fix (a 400, a bad answer shape)."""


class Retryable(TargetError):
    """A call failed in a way that may pass later; `retry_after` is the server's hint in seconds."""

    def __init__(self, message: str, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class Target(Protocol):
    @property
    def identity(self) -> str: ...

    model: str

    async def complete(self, messages: Messages) -> Completion: ...

    async def aclose(self) -> None: ...


def _with_system(system: str | None, messages: Messages) -> list[dict[str, str]]:
    """The deployment's own system prompt goes first; a case's system message (if any) follows it."""
    out = [dict(m) for m in messages]
    return [{"role": "system", "content": system}, *out] if system else out


def parse_retry_after(value: str | None) -> float | None:
    """Seconds from a Retry-After header (delta-seconds or an HTTP date); None when absent or unreadable."""
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    from email.utils import parsedate_to_datetime

    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    import datetime as dt

    return max(0.0, (when - dt.datetime.now(dt.UTC)).total_seconds())


@dataclass
class OpenAITarget:
    """POST {base_url}/chat/completions with a keep-alive connection pool sized to the concurrency."""

    base_url: str
    model: str
    api_key: str = ""
    headers: Mapping[str, str] = field(default_factory=dict)
    system: str | None = None
    temperature: float = 0.0
    max_tokens: int | None = None
    timeout: float = 60.0
    pool: int = 32
    _session: Any = None

    def __post_init__(self) -> None:
        if not self.base_url.startswith(("http://", "https://")):
            raise InputError(f"--base-url: '{self.base_url}' is not an http(s) URL")
        if not self.model:
            raise InputError("--model: a model name is required for an OpenAI-compatible target")
        self.url = self.base_url.rstrip("/") + "/chat/completions"

    @property
    def identity(self) -> str:
        settings = {"t": self.temperature, "max": self.max_tokens, "system": self.system}
        return f"openai:{self.base_url.rstrip('/')}:{self.model}:{json.dumps(settings, sort_keys=True)}"

    def _client(self) -> Any:
        if self._session is None:
            import aiohttp

            connector = aiohttp.TCPConnector(limit=self.pool, limit_per_host=self.pool, keepalive_timeout=30)
            headers = {"Content-Type": "application/json", "User-Agent": "hkaigov-evals", **self.headers}
            if self.api_key:
                headers["Authorization"] = f"Bearer {self.api_key}"
            self._session = aiohttp.ClientSession(
                connector=connector, headers=headers, timeout=aiohttp.ClientTimeout(total=self.timeout)
            )
        return self._session

    async def complete(self, messages: Messages) -> Completion:
        import aiohttp

        body: dict[str, Any] = {
            "model": self.model,
            "messages": _with_system(self.system, messages),
            "temperature": self.temperature,
        }
        if self.max_tokens is not None:
            body["max_tokens"] = self.max_tokens
        try:
            async with self._client().post(self.url, data=json.dumps(body, ensure_ascii=False).encode()) as resp:
                raw = await resp.read()
                status = resp.status
                retry_after = parse_retry_after(resp.headers.get("Retry-After"))
        except TimeoutError:
            raise Retryable(f"timed out after {self.timeout:g}s") from None
        except aiohttp.ClientError as exc:
            raise Retryable(f"connection failed: {exc.__class__.__name__}: {exc}") from None
        if status == 429 or status >= 500:
            raise Retryable(f"HTTP {status}", retry_after)
        if status >= 400:
            raise TargetError(f"HTTP {status}: {raw[:200].decode('utf-8', 'replace')}")
        try:
            data = json.loads(raw)
            text = data["choices"][0]["message"]["content"] or ""
        except (ValueError, KeyError, IndexError, TypeError):
            raise TargetError(f"not an OpenAI chat completion: {raw[:200].decode('utf-8', 'replace')}") from None
        usage = data.get("usage") or {}
        return Completion(str(text), int(usage.get("total_tokens") or 0))

    async def aclose(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None


@dataclass
class CallableTarget:
    """A Python function `module:function`, sync or async, taking the messages and returning the answer.

    It may return a string, or a mapping with "content" (and optionally "tokens"). A sync function runs
    in a worker thread so that it cannot stall the other requests.
    """

    spec: str
    system: str | None = None
    model: str = ""

    def __post_init__(self) -> None:
        self.function = load_callable(self.spec)
        self.model = self.model or self.spec
        self._is_async = inspect.iscoroutinefunction(self.function)

    @property
    def identity(self) -> str:
        return f"python:{self.spec}:{json.dumps({'system': self.system})}"

    async def complete(self, messages: Messages) -> Completion:
        full = _with_system(self.system, messages)
        try:
            if self._is_async:
                result = await self.function(full)
            else:
                result = await asyncio.to_thread(self.function, full)
        except (Retryable, TargetError):
            raise
        except Exception as exc:  # the user's code: report it on the row, never crash the run
            raise TargetError(f"{self.spec} raised {exc.__class__.__name__}: {exc}") from None
        return _as_completion(result, self.spec)

    async def aclose(self) -> None:
        return None


def _as_completion(result: Any, where: str) -> Completion:
    if isinstance(result, str):
        return Completion(result)
    if isinstance(result, Mapping) and isinstance(result.get("content"), str):
        return Completion(result["content"], int(result.get("tokens") or 0))
    raise TargetError(f"{where} returned {type(result).__name__}; expected a string or a mapping with 'content'")


def load_callable(spec: str) -> Callable[..., Any]:
    """`package.module:function` → the function; a clear input error when it cannot be found."""
    module_name, sep, attr = spec.partition(":")
    if not sep or not module_name or not attr:
        raise InputError(f"--callable: '{spec}' is not of the form module:function")
    try:
        module = importlib.import_module(module_name)
    except ImportError as exc:
        raise InputError(f"--callable: cannot import module '{module_name}' ({exc})") from None
    function = module
    for part in attr.split("."):
        function = getattr(function, part, None)  # type: ignore[assignment]
        if function is None:
            raise InputError(f"--callable: module '{module_name}' has no attribute '{attr}'")
    if not callable(function):
        raise InputError(f"--callable: '{spec}' is not callable")
    return function


@dataclass
class TransformersTarget:
    """A local Hugging Face `transformers` text-generation pipeline (optional extra: `pip install hkaigov[hf]`).

    The model is loaded from a local directory only (the Hub is switched off): nothing is downloaded. Calls run
    one at a time in a worker thread; a local model has no use for concurrency.
    """

    model_path: str
    system: str | None = None
    max_new_tokens: int = 64
    pipeline: Any = None

    def __post_init__(self) -> None:
        self.model = self.model_path
        if self.pipeline is None:
            try:
                import transformers
            except ImportError:
                raise InputError(
                    "--target transformers needs the optional 'transformers' package: pip install 'hkaigov[hf]'"
                ) from None
            if not os.path.isdir(self.model_path):
                raise InputError(f"--model: '{self.model_path}' is not a local model directory")
            try:
                os.environ.setdefault("HF_HUB_OFFLINE", "1")  # a local directory: never reach for the Hub
                self.pipeline = transformers.pipeline("text-generation", model=self.model_path)
            except (OSError, ValueError) as exc:
                raise InputError(f"--model: cannot load '{self.model_path}': {exc}") from None
        self._lock = asyncio.Lock()

    @property
    def identity(self) -> str:
        return f"transformers:{os.path.abspath(self.model_path)}:{json.dumps({'system': self.system})}"

    def _generate(self, messages: list[dict[str, str]]) -> str:
        prompt = "\n".join(f"{m['role']}: {m['content']}" for m in messages) + "\nassistant:"
        out = self.pipeline(
            prompt, max_new_tokens=self.max_new_tokens, do_sample=False, return_full_text=False, pad_token_id=0
        )
        return str(out[0]["generated_text"])

    async def complete(self, messages: Messages) -> Completion:
        async with self._lock:
            try:
                text = await asyncio.to_thread(self._generate, _with_system(self.system, messages))
            except Exception as exc:  # a model failure is reported on the row
                raise TargetError(f"transformers pipeline failed: {exc.__class__.__name__}: {exc}") from None
        return Completion(text)

    async def aclose(self) -> None:
        return None


def parse_headers(values: Sequence[str]) -> dict[str, str]:
    """`Name: value` strings from the command line."""
    headers: dict[str, str] = {}
    for raw in values:
        name, sep, value = raw.partition(":")
        if not sep or not name.strip():
            raise InputError(f"--header: '{raw}' is not of the form 'Name: value'")
        headers[name.strip()] = value.strip()
    return headers
