"""One module per format: its media types, how its bytes are recognised, which reader reads them.

Each module ends with `READER` (the protocol of `readers/protocol.py`); the registry in `readers/__init__.py`
lists them in sniffing order. The readers themselves (`readers/pdf/`, `html.py`, `docx.py` …) are imported
only when a file of theirs is read, so start-up pays for none of them.
"""
