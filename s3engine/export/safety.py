"""Escaping for every document format: text from respondents must stay plain text.

Respondents type free text, region names and organisations; a catalogue or a model may be
written by anyone. Whatever reaches a document goes through one of these functions.
"""

from __future__ import annotations

import html
import re

#: A spreadsheet runs a cell starting with one of these as a formula (or DDE command).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]|~!])")
_MD_LINE_START = re.compile(r"^(\s*)([#+\->=]|\d+[.)])")


def spreadsheet_cell(value: object) -> object:
    """A value safe for a CSV or XLSX cell: text that a spreadsheet would run as a formula
    gets a leading apostrophe, so it is shown, not run. Numbers and None pass unchanged."""
    if isinstance(value, str):
        if value.startswith(FORMULA_STARTS):
            value = "'" + value
        return xml_text(value)
    return value


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def xml_text(value: object) -> str:
    """Text without the control characters XML 1.0 cannot hold (DOCX and XLSX are XML)."""
    return _NOT_XML.sub("", str(value))


def html_text(value: object) -> str:
    """Text for HTML element content and attribute values (quotes escaped too)."""
    return html.escape(str(value), quote=True)


def markdown_text(value: object) -> str:
    """Text for Markdown: HTML is escaped as entities, Markdown punctuation with backslashes,
    and line breaks become spaces, so that the text cannot open a tag, a link or a table cell."""
    text = " ".join(str(value).split())
    text = _MD_SPECIAL.sub(r"\\\1", text)
    text = html.escape(text, quote=False)
    text = text.replace("://", "&#58;//").replace("www.", "www&#46;")  # no autolinks
    return _MD_LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), text)


def markdown_quote(value: object) -> str:
    """A respondent's words as a Markdown block quote (paragraphs kept, everything escaped)."""
    paragraphs = [p for p in re.split(r"\n\s*\n", str(value).strip()) if p.strip()]
    return "\n>\n".join(f"> {markdown_text(p)}" for p in paragraphs) or "> "
