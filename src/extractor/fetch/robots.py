"""robots.txt, read once per site with protego (RFC 9309: the longest matching rule wins — the standard
library's parser takes the first, so `Allow: /nb/` before `Disallow: /nb/private/` would let it through)."""
from __future__ import annotations

import threading
from typing import Callable, Optional
from urllib.parse import urlsplit
from protego import Protego


class Robots:
    """Answers whether a URL may be requested. `get(url) -> (status, body, reason)` fetches robots.txt
    itself (status 0: no answer, for `reason`). A missing robots.txt (4xx) allows everything; a server error or no answer
    disallows the whole site (RFC 9309 §2.3.1.3-4), so nothing is requested that might be Disallowed."""

    def __init__(self, agent: str, get: Callable[[str], tuple[int, bytes, Optional[str]]]):
        self.agent = agent
        self._get = get
        self._sites: dict[str, Optional[Protego]] = {}  # None: everything allowed
        self.failures: dict[str, str] = {}  # site → why its robots.txt could not be read
        self._lock = threading.Lock()
        self._site_locks: dict[str, threading.Lock] = {}

    @staticmethod
    def site(url: str) -> str:
        s = urlsplit(url)
        return f"{s.scheme}://{s.netloc}"

    def _parser(self, site: str) -> Optional[Protego]:
        with self._lock:
            lock = self._site_locks.setdefault(site, threading.Lock())
        with lock:
            if site in self._sites:
                return self._sites[site]
            status, body, reason = self._get(site + "/robots.txt")
            rp: Optional[Protego]
            if 200 <= status < 300:
                rp = Protego.parse(body.decode("utf-8", "replace"))
            elif 400 <= status < 500:
                rp = None
            else:
                rp = Protego.parse("User-agent: *\nDisallow: /\n")
                self.failures[site] = reason or f"robots.txt answered HTTP {status}"
            self._sites[site] = rp
            return rp

    def allowed(self, url: str) -> bool:
        rp = self._parser(self.site(url))
        return rp is None or rp.can_fetch(url, self.agent)

    def failure(self, url: str) -> Optional[str]:
        """Why a site counts as Disallowed as a whole: its robots.txt gave a 5xx or no answer."""
        return self.failures.get(self.site(url))

    def delay(self, url: str) -> Optional[float]:
        """The site's Crawl-delay for us, if it sets one."""
        rp = self._parser(self.site(url))
        d = rp.crawl_delay(self.agent) if rp is not None else None
        return float(d) if d is not None else None
