"""Reports from where they are published: `fetch` URLs (and crawl disclosure columns) into a folder
with a manifest, and read WARC web archives. See the README, Fetching."""
from .client import USER_AGENT, Client, Options
from .crawl import CrawlOptions, FetchSummary, fetch
from .manifest import MANIFEST, Entry, latest

__all__ = ["USER_AGENT", "Client", "Options", "CrawlOptions", "FetchSummary", "fetch", "MANIFEST", "Entry",
           "latest"]
