"""Reports from where they are published: `fetch` URLs (and crawl disclosure columns) into a folder
with a manifest, and read WARC web archives. See the README, Fetching."""
from typing import Any

_WHERE = {"USER_AGENT": "client", "Client": "client", "Options": "client", "CrawlOptions": "crawl",
          "FetchSummary": "crawl", "fetch": "crawl", "MANIFEST": "manifest", "Entry": "manifest", "latest": "manifest"}

__all__ = ["USER_AGENT", "Client", "Options", "CrawlOptions", "FetchSummary", "fetch", "MANIFEST", "Entry",
           "latest"]


def __getattr__(name: str) -> Any:
    """Imported when first used: reading a WARC (`fetch.warc`) does not import httpx and the crawler."""
    if name in _WHERE:
        import importlib
        value = getattr(importlib.import_module(f".{_WHERE[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
