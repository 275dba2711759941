"""Every issue code the parser emits, with its severity and a one-line meaning: the one vocabulary.

The JSON Schema's `issues[].code` enum is this list, in this order (`tests/test_issue_codes.py` fails
naming any difference; `python -m extractor.issue_codes` rewrites the schema's enum from it). A new code
is one line here. Severities: `error` — no report (an error record); `warning` — a value, table or
section to look at; `info` — what was done. A code emitted with two severities names both.
"""
from __future__ import annotations

import json
import re
import sys
from enum import Enum
from pathlib import Path

SEVERITIES = ("error", "warning", "info")
PLAIN = re.compile(r"[a-z][a-z0-9_]*")  # every code is a plain identifier


class IssueCode(str, Enum):
    """An issue code; `.value` is the identifier written to the JSON."""
    severities: tuple[str, ...]
    meaning: str

    def __new__(cls, code: str, severities: str, meaning: str) -> "IssueCode":
        member = str.__new__(cls, code)
        member._value_ = code
        member.severities = tuple(severities.split("|"))
        member.meaning = meaning
        return member

    @property
    def severity(self) -> str:
        """The usual severity (the first named)."""
        return self.severities[0]

    AGENCY_MISSING = ("agency_missing", "warning", "the issuing agency was not found")
    AMBIGUOUS_COLUMN = ("ambiguous_column", "warning", "a value stands in a column the positions show to be two; left null")
    AMBIGUOUS_DIGITS = ("ambiguous_digits", "warning", "digits run together split in more than one way that fits; left null")
    AMBIGUOUS_ROW = ("ambiguous_row", "warning", "a value or label could belong to two rows; left null")
    CONTINUED_TABLE = ("continued_table", "info", "a piece of a table without header read by the columns of the piece before")
    DOCX_UNREADABLE = ("docx_unreadable", "error", "the Word (.docx) package cannot be read")
    DUPLICATE_CELL = ("duplicate_cell", "warning", "a template cell printed twice; the first kept, or null where the two differ")
    EMPTY_INPUT = ("empty_input", "error", "the input is empty")
    ENCODING_ERRORS = ("encoding_errors", "warning", "undecodable bytes of the text were replaced")
    HTML_META = ("html_meta", "warning", "the page's <meta> / <title> could not be read")
    HTML_NO_CONTENT = ("html_no_content", "warning", "the page body holds no text")
    HTML_WALK_FAILED = ("html_walk_failed", "warning", "walking the page's elements failed part way; the rest not read")
    IDENTITY_FAILED = ("identity_failed", "warning", "a printed identity (勾稽关系) does not hold; both sides kept")
    INFERENCE_CONFLICT = ("inference_conflict", "warning", "the identities cannot all hold with the printed values; nothing inferred there")
    INFERENCE_NEGATIVE = ("inference_negative", "warning", "an inferred count would be negative (not emitted since the solver: that is an inference_conflict; kept for old records)")
    INFERRED = ("inferred", "info", "a value the identities determine where nothing (or a blank) was printed")
    INTERNAL_ERROR = ("internal_error", "error", "a bug or an input no reader expected; the exception named")
    LEGACY_DUPLICATE_ROW = ("legacy_duplicate_row", "info", "a legacy statistics row printed twice; the first kept")
    LEGACY_NO_FIGURES = ("legacy_no_figures", "info", "a legacy report with no statistics table and no stated figure")
    LEGACY_ROW_UNMAPPED = ("legacy_row_unmapped", "info", "legacy statistics rows whose label names no known fact")
    MOJIBAKE_UNREPAIRED = ("mojibake_unrepaired", "warning", "text decoded with the wrong encoding that cannot be repaired losslessly")
    NARRATIVE_DISAGREES = ("narrative_disagrees", "warning", "the text states a figure the table contradicts; both kept")
    NO_COLUMN_HEADER = ("no_column_header", "warning", "a piece of a table has no column header that could be read")
    NO_TEXT_LAYER = ("no_text_layer", "error|warning", "a PDF with no text layer (a scan) that OCR did not read; as a reader warning: a scan read by OCR")
    NOT_AN_ANNUAL_REPORT = ("not_an_annual_report", "error|warning", "not a disclosure annual report (a letter, a notice); as a warning: another publisher's report filed under this one")
    NOT_TEXT = ("not_text", "error", "bytes that do not decode to text (binary)")
    OUT_OF_MEMORY = ("out_of_memory", "error", "parsing went over the memory limit")
    PDF_ENCRYPTED = ("pdf_encrypted", "error", "the PDF is encrypted with a password")
    PDF_UNREADABLE = ("pdf_unreadable", "error", "the PDF cannot be read (damaged, truncated or hostile)")
    PROACTIVE_BY_TEMPLATE_ORDER = ("proactive_by_template_order", "info", "table 二 values placed in the template's column order (the header did not fit)")
    PROACTIVE_ROW_UNREADABLE = ("proactive_row_unreadable", "warning", "a table 二 row whose values do not fit its columns")
    REVIEW_BY_TEMPLATE_ORDER = ("review_by_template_order", "info", "table 四 values placed in the template's order (the header was unreadable)")
    REVIEW_HEADER_UNREADABLE = ("review_header_unreadable", "warning", "table 四's header could not be read for its values")
    ROW_LABEL_MISSING = ("row_label_missing", "warning", "a table row without a label (not emitted since the label matching of issue 9; kept for old records)")
    SECTION_MISSING = ("section_missing", "warning", "one of the six sections was not found")
    SPANNED_VALUE = ("spanned_value", "warning", "one value cell spans several columns; not placed")
    TABLE_EMPTIED = ("table_emptied", "warning", "a table is present but its cells are empty in the source")
    TABLE_IS_IMAGE = ("table_is_image", "warning", "a table not found where the document holds pictures (a scan or a table pasted as an image)")
    TABLE_MISSING = ("table_missing", "warning", "a statistics table not found in the document")
    TIMEOUT = ("timeout", "error", "parsing took longer than the time limit")
    TOO_DEEP = ("too_deep", "error|warning", "the document is nested too deeply to read; as a reader warning: the part too deep was not read")
    TOO_LARGE = ("too_large", "error", "the input is over the size limit or does not fit in memory")
    UNIT_MISSING = ("unit_missing", "info", "an amount printed without its unit; stored as printed")
    UNMAPPED_ROW = ("unmapped_row", "info", "a table row whose label matches no template row")
    UNPARSEABLE_HTML = ("unparseable_html", "error", "the HTML cannot be parsed")
    UNREADABLE_CELL = ("unreadable_cell", "warning", "a cell whose text is not a number; left null")
    UNREADABLE_CELL_INFERABLE = ("unreadable_cell_inferable", "info", "an unreadable cell whose value the identities determine")
    UNREADABLE_FILE = ("unreadable_file", "error", "the file cannot be opened or read")
    UNSUPPORTED_FORMAT = ("unsupported_format", "error", "a format no reader handles (not emitted today: unknown bytes are read as text; kept for old records)")
    WORKER_CRASHED = ("worker_crashed", "error", "the worker process parsing the file died")
    YEAR_MISSING = ("year_missing", "warning", "the year reported on was not found")
    METADATA_FROM_PAGE = ("metadata_from_page", "info", "title, agency or year taken from the title of the page that links the file")
    FETCH_FAILED = ("fetch_failed", "error", "the URL could not be fetched")
    NARRATIVE_AMBIGUOUS = ("narrative_ambiguous", "warning", "the text states several values for one figure and nothing says which; left out")
    STATED_CUMULATIVE = ("stated_cumulative", "info", "a stated figure that is the table's cumulative, not the year's")
    LINE_TRUNCATED = ("line_truncated", "warning", "a paragraph or cell over the character cap was cut")
    DIGITS_TRUNCATED = ("digits_truncated", "warning", "a run of digits over the cap was replaced by …")
    TABLE_TRUNCATED = ("table_truncated", "warning", "a table over the row, column or cell cap was cut")
    CONVERTER_MISSING = ("converter_missing", "error", "LibreOffice, needed for .doc / .wps / .rtf, is not installed")
    DOC_ENCRYPTED = ("doc_encrypted", "error", "the Word 97 / WPS document is encrypted")
    DOC_UNREADABLE = ("doc_unreadable", "error", "the Word 97 / WPS / RTF / Word 2003 XML document cannot be read")
    FORMULA_NOT_COMPUTED = ("formula_not_computed", "warning", "spreadsheet formula cells with no saved value (left as formulas)")
    MHTML_UNREADABLE = ("mhtml_unreadable", "error", "the single-file web page (.mht) cannot be read")
    OFD_ENCRYPTED = ("ofd_encrypted", "error", "the OFD document is encrypted")
    OFD_UNREADABLE = ("ofd_unreadable", "error", "the OFD document cannot be read")
    SHEET_TRUNCATED = ("sheet_truncated", "warning", "a spreadsheet over the sheet, row or column cap was cut")
    XLS_ENCRYPTED = ("xls_encrypted", "error", "the Excel 97 / WPS sheet is encrypted")
    XLS_UNREADABLE = ("xls_unreadable", "error", "the Excel 97 / WPS sheet cannot be read")
    XLSX_UNREADABLE = ("xlsx_unreadable", "error", "the Excel (.xlsx) workbook cannot be read")
    BLOCKS_TRUNCATED = ("blocks_truncated", "warning", "a document over the block cap; only the first blocks read")
    CONTINUED_ROW_UNREADABLE = ("continued_row_unreadable", "warning", "a row of a continued table whose cells do not fit the columns before")
    ROWS_FROM_TEXT = ("rows_from_text", "info", "table rows the grid missed, read from the section's text where it agrees with every cell the grid read")
    TWO_NUMBERS_IN_CELL = ("two_numbers_in_cell", "warning", "a cell holds two numbers (rows stacked in one cell); left null")
    OCR_USED = ("ocr_used", "warning", "text or a table picture was read by OCR")
    OCR_TRUNCATED = ("ocr_truncated", "warning", "pages without text beyond the OCR page cap were not recognised")
    OCR_FAILED = ("ocr_failed", "warning", "OCR failed on some pages or pictures")
    OCR_SPLIT_CELL = ("ocr_split_cell", "warning", "OCR read one cell as separate boxes whose number is not sure; left null")
    OCR_UNAVAILABLE = ("ocr_unavailable", "warning", "pages without text, and OCR is not installed")
    OCR_UNCONFIRMED = ("ocr_unconfirmed", "warning", "an OCR value no identity confirms; left null")
    HTML_UNREADABLE = ("html_unreadable", "error", "the HTML page cannot be read (its parser failed)")
    TEXT_UNREADABLE = ("text_unreadable", "error", "the text file cannot be read (its reader failed)")
    UNNAMED_COLUMN = ("unnamed_column", "warning", "a table column printing numbers under an empty header; its values not placed")
    UNMAPPED_COLUMN = ("unmapped_column", "info", "a table column whose header matches no template column (小计); its values not placed")
    LABEL_IN_VALUE_COLUMN = ("label_in_value_column", "warning", "a table 三 row whose label text stands in a value column: its cells do not line up with the header; its values left null")


CODES: dict[str, IssueCode] = {c.value: c for c in IssueCode}


def known(code: str, severity: str) -> bool:
    """Whether the vocabulary has this code with this severity."""
    c = CODES.get(code)
    return c is not None and severity in c.severities


def write_schema(path: Path) -> None:
    """The schema's issue-code enum rewritten from the vocabulary (the rest of the file as it is)."""
    schema = json.loads(path.read_text("utf-8"))
    schema["properties"]["issues"]["items"]["properties"]["code"]["enum"] = list(CODES)
    path.write_text(json.dumps(schema, ensure_ascii=False, indent=1) + "\n", "utf-8")


if __name__ == "__main__":  # python -m extractor.issue_codes: the schema's enum from this list
    write_schema(Path(__file__).with_name("schema") / "report.schema.json")
    sys.stdout.write(f"{len(CODES)} codes written to schema/report.schema.json\n")
