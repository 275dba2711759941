"""MHTML (Word's and WPS's "single file web page", `.mht`, often saved under `.doc`): the HTML part of the
MIME message, decoded from its transfer encoding, read by the HTML reader."""
from __future__ import annotations

import email
import email.policy

from ..model import Document, ReadError
from .html import read_html

MAX_PARTS = 10_000


def read_mhtml(data: bytes) -> Document:
    try:
        msg = email.message_from_bytes(data, policy=email.policy.compat32)
        parts = [p for _, p in zip(range(MAX_PARTS), msg.walk())]
        html = next((p for p in parts if p.get_content_type() == "text/html"), None)
        body = html.get_payload(decode=True) if html is not None else None
    except Exception as e:  # the email package raises many types on damaged messages
        raise ReadError("mhtml_unreadable", f"the MHTML file cannot be read: {type(e).__name__}") from None
    if not body:
        raise ReadError("mhtml_unreadable", "the MHTML file holds no HTML part")
    charset = html.get_content_charset()
    if charset and b"charset" not in body[:2048].lower():
        try:  # the part's declared charset, where the page does not declare one itself
            body = body.decode(charset).encode("utf-8")
        except (LookupError, UnicodeDecodeError):
            pass
    return read_html(body)
