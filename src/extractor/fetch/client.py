"""A polite HTTP client over httpx: robots.txt on every hop, per-host rate limit and concurrency cap,
retries with backoff (Retry-After honoured), a size cap, redirects followed by hand with a cap."""
from __future__ import annotations

import email.utils
import threading
import time
from dataclasses import dataclass, field
from typing import Optional
from urllib.parse import urljoin, urlsplit

import httpx

from .. import __version__
from .robots import Robots

AGENT_NAME = "extractor"
USER_AGENT = (f"{AGENT_NAME}/{__version__} (government information-disclosure annual report fetcher; "
              "obeys robots.txt)")
RETRY_STATUSES = (429, 500, 502, 503, 504)
ROBOTS_REDIRECTS = 5


@dataclass
class Options:
    """Politeness and fault limits; checked where they are made."""
    delay: float = 1.0  # seconds between two requests to one host (robots.txt Crawl-delay may raise it)
    per_host: int = 2  # requests in flight to one host
    timeout: float = 30.0  # seconds to connect / between bytes
    retries: int = 3  # further attempts after a 429, a 5xx or a connection error
    backoff: float = 1.0  # first wait before a retry; doubles each time
    max_retry_after: float = 120.0  # a Retry-After longer than this gives up instead of waiting
    max_bytes: int = 100 << 20  # a larger body is not saved: a `too_large` failure
    max_redirects: int = 10
    user_agent: str = USER_AGENT

    def __post_init__(self) -> None:
        for name in ("delay", "timeout", "backoff", "max_retry_after"):
            if getattr(self, name) < 0:
                raise ValueError(f"fetch option {name} must not be negative")
        for name in ("per_host", "max_bytes"):
            if getattr(self, name) < 1:
                raise ValueError(f"fetch option {name} must be at least 1")
        if self.retries < 0 or self.max_redirects < 0:
            raise ValueError("fetch options retries and max_redirects must not be negative")


@dataclass
class Response:
    """What one URL gave, after redirects and retries. `error` set: a failure with its reason."""
    url: str
    final_url: str
    status: Optional[int] = None
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    error: Optional[str] = None  # robots_disallowed | http_404 | too_large | timeout | connection_error | …
    message: Optional[str] = None
    attempts: int = 0
    redirects: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.error is None and self.status is not None and (200 <= self.status < 300 or self.status == 304)


class _Host:
    def __init__(self, per_host: int):
        self.slots = threading.BoundedSemaphore(per_host)
        self.lock = threading.Lock()
        self.next_at = 0.0


def _retry_after(value: Optional[str]) -> Optional[float]:
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


class Client:
    """Thread-safe; one per fetch run. `requests` counts every request made, per URL (tests read it)."""

    def __init__(self, options: Optional[Options] = None, transport: Optional[httpx.BaseTransport] = None):
        self.options = options or Options()
        o = self.options
        self._http = httpx.Client(headers={"User-Agent": o.user_agent, "Accept-Encoding": "gzip, deflate"},
                                  timeout=httpx.Timeout(o.timeout), follow_redirects=False, transport=transport)
        self._hosts: dict[str, _Host] = {}
        self._lock = threading.Lock()
        self.robots = Robots(AGENT_NAME, self._robots_txt)
        self.requests: dict[str, int] = {}

    def close(self) -> None:
        self._http.close()

    def _host(self, url: str) -> _Host:
        key = urlsplit(url).netloc.lower()
        with self._lock:
            if key not in self._hosts:
                self._hosts[key] = _Host(self.options.per_host)
            return self._hosts[key]

    def _wait_turn(self, host: _Host, url: str, robots_delay: Optional[float]) -> None:
        gap = max(self.options.delay, robots_delay or 0.0)
        with host.lock:
            now = time.monotonic()
            start = max(now, host.next_at)
            host.next_at = start + gap
        if start > now:
            time.sleep(start - now)

    def _once(self, url: str, headers: dict[str, str], robots_delay: Optional[float]) -> httpx.Response | str:
        """One request, body read up to the cap; or the reason it failed."""
        host = self._host(url)
        with host.slots:
            self._wait_turn(host, url, robots_delay)
            with self._lock:
                self.requests[url] = self.requests.get(url, 0) + 1
            try:
                with self._http.stream("GET", url, headers=headers) as r:
                    n = r.headers.get("content-length")
                    if n and n.isdigit() and int(n) > self.options.max_bytes:
                        return "too_large"
                    chunks, size = [], 0
                    for chunk in r.iter_bytes():  # gzip / deflate decoded by httpx
                        size += len(chunk)
                        if size > self.options.max_bytes:
                            return "too_large"
                        chunks.append(chunk)
                    r._content = b"".join(chunks)
                    return r
            except httpx.TimeoutException:
                return "timeout"
            except httpx.DecodingError:
                return "decoding_error"
            except (httpx.TransportError, OSError):
                return "connection_error"
            except httpx.HTTPError:
                return "http_error"
            except (httpx.InvalidURL, ValueError):
                return "invalid_url"

    def _robots_txt(self, url: str) -> tuple[int, bytes, Optional[str]]:
        """robots.txt itself, following up to 5 redirects (RFC 9309 §2.3.1.2); too many: as a 404."""
        for _hop in range(ROBOTS_REDIRECTS + 1):
            r = self._with_retries(url, {}, None)
            if isinstance(r, str):
                return 0, b"", r
            if r.status_code not in (301, 302, 303, 307, 308):
                return r.status_code, r.content, None
            if not r.headers.get("location"):
                break
            url = urljoin(url, r.headers["location"].strip())
        return 404, b"", None

    def _with_retries(self, url: str, headers: dict[str, str], robots_delay: Optional[float],
                      counter: Optional[list[int]] = None) -> httpx.Response | str:
        o = self.options
        wait = o.backoff
        for attempt in range(o.retries + 1):
            r = self._once(url, headers, robots_delay)
            if counter is not None:
                counter[0] += 1
            transient = r in ("timeout", "connection_error") or (
                isinstance(r, httpx.Response) and r.status_code in RETRY_STATUSES)
            if not transient or attempt == o.retries:
                return r
            pause = wait
            if isinstance(r, httpx.Response):
                after = _retry_after(r.headers.get("retry-after"))
                if after is not None:
                    if after > o.max_retry_after:
                        return r
                    pause = max(pause, after)
                    host = self._host(url)
                    with host.lock:  # the server asked the whole host to wait, not only this URL
                        host.next_at = max(host.next_at, time.monotonic() + after)
            time.sleep(pause)
            wait *= 2
        return r  # pragma: no cover (the loop always returns)

    def get(self, url: str, etag: Optional[str] = None, last_modified: Optional[str] = None,
            referrer: Optional[str] = None) -> Response:
        """GET with conditional headers; redirects followed (each hop checked against robots.txt)."""
        out = Response(url=url, final_url=url)
        headers = {"Referer": referrer} if referrer else {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        current = url
        counter = [0]
        for _hop in range(self.options.max_redirects + 1):
            try:
                scheme = urlsplit(current).scheme
            except ValueError as e:
                out.error, out.message = "invalid_url", f"{current}: {e}"
                return out
            if scheme not in ("http", "https"):
                out.error, out.message = "unsupported_url", f"not an http(s) URL: {current}"
                return out
            try:
                allowed = self.robots.allowed(current)
                delay = self.robots.delay(current)
            except Exception as e:  # a robots.txt no parser could read: nothing requested
                allowed, delay = False, None
                out.message = f"robots.txt unreadable: {type(e).__name__}"
            if not allowed:
                why = self.robots.failure(current)
                out.error = why if why in ("timeout", "connection_error") else "robots_disallowed"
                out.message = out.message or (f"robots.txt could not be read ({why}): the site counts as Disallowed, "
                                              "nothing requested" if why else f"robots.txt disallows {current}")
                out.final_url = current
                out.attempts = counter[0]
                return out
            r = self._with_retries(current, headers, delay, counter)
            out.attempts = counter[0]
            out.final_url = current
            if isinstance(r, str):
                out.error, out.message = r, {"too_large": f"over the size cap of {self.options.max_bytes} bytes",
                                             "timeout": f"no answer within {self.options.timeout:g} s"}.get(
                    r, f"{r} after {counter[0]} attempts")
                return out
            out.status = r.status_code
            out.headers = {k.lower(): v for k, v in r.headers.items()}
            if r.status_code in (301, 302, 303, 307, 308) and r.headers.get("location"):
                nxt = urljoin(current, r.headers["location"].strip())
                out.redirects.append(nxt)
                current = nxt
                continue
            if r.status_code == 304 or 200 <= r.status_code < 300:
                out.body = r.content
                return out
            out.error = f"http_{r.status_code}"
            out.message = f"HTTP {r.status_code}" + (f" after {counter[0]} attempts" if counter[0] > 1 else "")
            return out
        out.error, out.message = "too_many_redirects", f"more than {self.options.max_redirects} redirects"
        return out
