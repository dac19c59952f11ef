"""Message templates that know their code and can be shown in another language.

A template is a `str` holding its English text, so `M.NOT_UTF8.format(byte=0xFF)` works as
before and gives English. The text it returns remembers its template and values, so that the
one who shows it (the terminal survey, a command run with --lang) can show it in the reader's
language (`s3engine.i18n.Translator.message`), and a finding made from it takes its code.
"""

from __future__ import annotations

import string
from collections.abc import Iterable, Mapping
from typing import Any

#: The placeholder by which a message quotes the value found at its finding's place.
VALUE = "value"


def _placeholders(text: str) -> set[str]:
    """The names of the placeholders of a template's text (`{value:g}` is `value`)."""
    fields = (name for _, name, _, _ in string.Formatter().parse(text) if name)
    return {name.partition(".")[0].partition("[")[0] for name in fields}


class Template(str):
    """An English text with `{placeholders}`, translated in s3engine's catalogues.

    `code` is set for the message of a finding (`Message`) and None for a part of one
    (`Phrase`); it is also the message's context in the catalogues, so that a translator
    sees which finding a text belongs to (docs/errors.md).

    `quotes` names the placeholders that quote the value found at the finding's place (what
    its file writes in the cell or key the finding is at, or the part of it that is wrong:
    the year of a time) and what the message works out of that value alone (the number a
    percentage writes, the code a label stands for): `value` in every template that has
    one (messages.py's convention, `'{value}' is not a number...`), unless the template
    names them (`'{region}' is not a NUTS code`). Problems of many rows that differ only
    in those values are one problem (core.findings.kind_of).
    """

    code: str | None
    quotes: frozenset[str]

    def __new__(cls, text: str, code: str | None = None, quotes: tuple[str, ...] = ()) -> Template:
        self = super().__new__(cls, text)
        self.code = code
        placeholders = _placeholders(text)
        if not quotes and VALUE in placeholders:
            quotes = (VALUE,)
        if not placeholders.issuperset(quotes):
            raise ValueError(f"{text!r} has no placeholder {{{', '.join(quotes)}}}")
        self.quotes = frozenset(quotes)
        return self

    def format(self, *args: object, **values: Any) -> str:
        """The English text with the values filled in, remembering both (a `FilledIn`; typed
        as the `str` it is, so that code holding messages need not know)."""
        if args:
            raise TypeError("message templates take named values only")
        return FilledIn(self, values)

    def __add__(self, other: str) -> Joined:
        return Joined((self, other))

    def __reduce__(self) -> tuple[Any, ...]:  # pickled into worker processes
        return (type(self), (str(self), self.code, tuple(self.quotes)))


def Message(code: str, text: str, *, quotes: tuple[str, ...] = ()) -> Template:
    """The template of a finding's message, with the finding's stable code (kebab-case).

    Written `Message("file-not-found", "no such file; check the path")`: the code first, as
    the context the catalogues (`pybabel extract -k Message:1c,2`) store the text under.
    `quotes`: the placeholders that quote the value at the finding's place, when they are
    not `value` alone (Template).
    """
    return Template(text, code, quotes)


def Phrase(text: str) -> Template:
    """A part of messages (a hint, a meaning), translated but without a code of its own."""
    return Template(text)


class FilledIn(str):
    """A template with its values filled in: its English text, the template and the values."""

    template: Template
    values: Mapping[str, Any]

    def __new__(cls, template: Template, values: Mapping[str, Any]) -> FilledIn:
        self = super().__new__(cls, str.format(template, **values))
        self.template = template
        self.values = values
        return self

    @property
    def code(self) -> str | None:
        """The template's code; a phrase ("{where}: {problem}") takes that of its values."""
        if self.template.code:
            return self.template.code
        return next((c for c in map(code_of, self.values.values()) if c), None)

    def __add__(self, other: str) -> Joined:
        return Joined((self, other))

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.template, dict(self.values)))


class Joined(str):
    """A message followed by more (a hint such as "; did you mean 'x'?"): the code is the
    first part's, and each part is translated on its own."""

    parts: tuple[str, ...]

    def __new__(cls, parts: tuple[str, ...]) -> Joined:
        self = super().__new__(cls, "".join(parts))
        self.parts = parts
        return self

    @property
    def code(self) -> str | None:
        return next((c for c in map(code_of, self.parts) if c), None)

    def __add__(self, other: str) -> Joined:
        return Joined((*self.parts, other))

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.parts,))


def joined(separator: str, parts: Iterable[str]) -> Joined:
    """`parts` with `separator` between them, each part translated on its own where the
    whole is shown (a list of problems, of names one of which is said in words)."""
    items = [part for each in parts for part in (separator, each)][1:]
    return Joined(tuple(items))


def code_of(text: object) -> str | None:
    """The code of the message a text was made from (None for any other text)."""
    if isinstance(text, FilledIn | Template | Joined):
        return text.code
    return None
