"""Escaping for every document format: text from respondents must stay plain text.

Respondents type free text, region names and organisations; a catalogue or a model may be
written by anyone. Whatever reaches a document goes through one of these functions. Each
first drops what the format cannot hold and isolates direction controls (`isolate`), and only
then escapes or guards what is left: a guard that looked at the text before characters were
dropped would miss a formula that a dropped character hid (U+FFFE followed by `=`).
"""

from __future__ import annotations

import html
import re
import unicodedata

from s3engine.core.bidi import isolate

#: A spreadsheet runs a cell starting with one of these as a formula (or DDE command); the
#: full-width forms are read as formulas by some spreadsheets in East Asian locales.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]|~!])")
_MD_LINE_START = re.compile(r"^(\s*)([#+\->=]|\d+[.)])")


def _runs_as_formula(text: str) -> bool:
    """Whether a spreadsheet could read `text` as a formula: it starts with a formula
    character, also once the blanks and invisible characters before it are skipped."""
    if text.startswith(FORMULA_STARTS):
        return True
    for ch in text:
        if ch.isspace() or unicodedata.category(ch) in ("Cc", "Cf", "Zs"):
            continue
        return ch in FORMULA_STARTS
    return False


def spreadsheet_cell(value: object) -> object:
    """A value safe for a CSV or XLSX cell. Text is first cleaned (characters XML cannot
    hold dropped, direction controls isolated); then, if a spreadsheet could run what is
    left as a formula, it gets a leading apostrophe, so that it is shown, not run. Numbers
    and None pass unchanged."""
    if isinstance(value, str):
        value = xml_text(value)
        return "'" + value if _runs_as_formula(value) else value
    return value


def formula_guarded(value: str) -> bool:
    """Whether spreadsheet_cell gave the text `value` (its result) a leading apostrophe."""
    return value.startswith("'") and _runs_as_formula(value[1:])


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def xml_text(value: object) -> str:
    """Text for XML documents (DOCX and XLSX): without the control characters XML 1.0
    cannot hold, and with direction controls isolated."""
    return isolate(_NOT_XML.sub("", str(value)))


def html_text(value: object) -> str:
    """Text for HTML element content and attribute values (quotes escaped too; direction
    controls isolated)."""
    return html.escape(isolate(str(value)), quote=True)


def markdown_text(value: object) -> str:
    """Text for Markdown: HTML is escaped as entities, Markdown punctuation with backslashes,
    and line breaks become spaces, so that the text cannot open a tag, a link or a table cell."""
    text = isolate(" ".join(str(value).split()))
    text = _MD_SPECIAL.sub(r"\\\1", text)
    text = html.escape(text, quote=False)
    text = text.replace("://", "&#58;//").replace("www.", "www&#46;")  # no autolinks
    return _MD_LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), text)


def markdown_quote(value: object) -> str:
    """A respondent's words as a Markdown block quote (paragraphs kept, everything escaped)."""
    paragraphs = [p for p in re.split(r"\n\s*\n", str(value).strip()) if p.strip()]
    return "\n>\n".join(f"> {markdown_text(p)}" for p in paragraphs) or "> "
