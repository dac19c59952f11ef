"""gettext catalogues: s3engine's own texts in every language it ships.

The texts are written in English in the code (the gettext source language) and translated in
one standard catalogue per language and domain, `locale/<lang>/LC_MESSAGES/<domain>.po`, the
layout that Babel's `pybabel extract / update / compile` and every translation tool expect
(docs/translating.md). The domain "s3engine" holds the texts of this package; another part of
the product (the web survey, "web") keeps its own catalogue in the same folders.

The catalogues are read from the `.po` files themselves, not from compiled `.mo` files: a
wheel and an editable checkout then read the very same files, a translator's correction
shows at the next run without a build step, and no compiled file can go stale. Babel's own
`.po` reader takes about 80 ms per catalogue, too slow for a command that shows a
questionnaire's default groups in five languages, so `read_po` below reads the part of the
format that catalogues use (a test checks it against Babel's reader on every shipped
catalogue): about 2 ms per catalogue, read once per process and only when a text in that
language is asked for. English, the source language, needs no catalogue at all.
"""

from __future__ import annotations

import gettext
import re
import string
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from s3engine.core.templates import FilledIn, Joined, Template

#: The languages in which s3engine ships all its own texts: the languages of the Alpine
#: Space regions. The only list of them; a test checks that each has its catalogue.
LANGUAGES = ("en", "de", "fr", "it", "sl")
#: The language the texts are written in, in the code (msgid).
SOURCE_LANGUAGE = "en"
#: The catalogue domain of s3engine's own texts.
DOMAIN = "s3engine"
#: Where the catalogues are: <lang>/LC_MESSAGES/<domain>.po.
LOCALE_DIR = Path(__file__).resolve().parent / "locale"

#: gettext joins a context and its message with this character in a catalogue's keys.
CONTEXT_SEPARATOR = "\x04"
#: English's rule: one form for 1, another for every other number.
_ENGLISH_PLURAL = "nplurals=2; plural=(n != 1);"


def NP_(context: str, message: str) -> tuple[str, str]:
    """Marks a text with its context for extraction (`pybabel extract -k NP_:1c,2`); it is
    translated where it is shown."""
    return context, message


def NNP_(context: str, singular: str, plural: str) -> tuple[str, tuple[str, str]]:
    """Marks a text with a number in it (`-k NNP_:1c,2,3`): translated with the plural form
    the language uses for that number (Slovenian has four)."""
    return context, (singular, plural)


@dataclass
class Catalogue:
    """The translations of one `.po` file: msgid (with its context) -> msgstr or forms."""

    messages: dict[str, str | tuple[str, ...]] = field(default_factory=dict)
    plural_forms: str = _ENGLISH_PLURAL


class Translator:
    """s3engine's texts in one language: gettext's four functions, English as the fallback.

    A text the catalogue lacks, or has only as a draft (marked fuzzy), is shown in English.
    """

    def __init__(self, lang: str, catalogue: Catalogue | None = None):
        self.lang = lang
        self._messages = catalogue.messages if catalogue else {}
        forms = catalogue.plural_forms if catalogue else _ENGLISH_PLURAL
        self._plural = _plural_rule(forms)

    def gettext(self, message: str) -> str:
        found = self._messages.get(message)
        return found if isinstance(found, str) and found else message

    def pgettext(self, context: str, message: str) -> str:
        found = self._messages.get(context + CONTEXT_SEPARATOR + message)
        return found if isinstance(found, str) and found else message

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self._plural_form(singular, singular, plural, n)

    def npgettext(self, context: str, singular: str, plural: str, n: int) -> str:
        return self._plural_form(context + CONTEXT_SEPARATOR + singular, singular, plural, n)

    def message(self, text: str) -> str:
        """A message of `core.messages` (a template, or one filled in) in this language, its
        values too; any other text as it is. Numbers are written the language's way."""
        if self.lang == SOURCE_LANGUAGE or not isinstance(text, FilledIn | Template | Joined):
            return str(text)
        if isinstance(text, Joined):
            return "".join(self.message(part) for part in text.parts)
        template = text.template if isinstance(text, FilledIn) else text
        if template.code:
            translated = self.pgettext(template.code, template)
        else:
            translated = self.gettext(template)
        if not isinstance(text, FilledIn):
            return translated
        values = {
            name: self.message(value) if isinstance(value, str) else value
            for name, value in text.values.items()
        }
        return _LocalFormatter(self.lang).vformat(translated, (), values)

    def plural_index(self, n: int) -> int:
        """Which of the language's plural forms a number takes (Slovenian: 0 to 3)."""
        return self._plural(n)

    def _plural_form(self, key: str, singular: str, plural: str, n: int) -> str:
        found = self._messages.get(key)
        if isinstance(found, tuple):
            index = self._plural(n)
            if index < len(found) and found[index]:
                return found[index]
        return singular if n == 1 else plural


class _LocalFormatter(string.Formatter):
    """`str.format` that writes plain numbers (`{count}`, `{limit:,}`) the language's way."""

    def __init__(self, lang: str):
        self.lang = lang

    def format_field(self, value: Any, format_spec: str) -> str:
        plain = format_spec in ("", ",")
        if plain and isinstance(value, int | float) and not isinstance(value, bool):
            from s3engine.i18n.formats import format_number

            return format_number(value, self.lang)
        return str(super().format_field(value, format_spec))


@cache
def translator(lang: str, domain: str = DOMAIN, locale_dir: Path = LOCALE_DIR) -> Translator:
    """The texts of `domain` in `lang`, read once per process; English where a language has no
    catalogue (a questionnaire may be written in Romansh: s3engine's own texts then are
    English)."""
    path = catalogue_path(lang, domain, locale_dir)
    if lang == SOURCE_LANGUAGE or not path.is_file():
        return Translator(lang)
    return Translator(lang, read_po(path.read_text(encoding="utf-8")))


def catalogue_path(lang: str, domain: str = DOMAIN, locale_dir: Path = LOCALE_DIR) -> Path:
    return locale_dir / lang / "LC_MESSAGES" / f"{domain}.po"


def _plural_rule(forms: str) -> Callable[[int], int]:
    """The plural rule of a catalogue's `Plural-Forms` header, as gettext evaluates it."""
    found = re.search(r"plural\s*=\s*([^;]+)", forms)
    return gettext.c2py(found.group(1) if found else "n != 1")


# -- reading .po files -----------------------------------------------------------------------

_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\", "a": "\a", "b": "\b"}
_ESCAPE = re.compile(r"\\(.)")
_KEYWORD = re.compile(r"^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+(\".*\")\s*$")


@dataclass
class _Entry:
    fuzzy: bool = False
    context: str | None = None
    msgid: str = ""
    plural: str | None = None
    strings: dict[int, str] = field(default_factory=dict)


def read_po(text: str) -> Catalogue:
    """The translations of a `.po` file's text: entries marked fuzzy and obsolete ones (`#~`)
    left out, as `msgfmt` and `pybabel compile` leave them out."""
    catalogue = Catalogue()
    for entry in _entries(text):
        if entry.msgid == "" and entry.context is None:
            header = entry.strings.get(0, "")
            found = re.search(r"^Plural-Forms:\s*(.+)$", header, re.MULTILINE)
            if found:
                catalogue.plural_forms = found.group(1)
            continue
        if entry.fuzzy:
            continue
        key = entry.msgid
        if entry.context is not None:
            key = entry.context + CONTEXT_SEPARATOR + key
        if entry.plural is None:
            catalogue.messages[key] = entry.strings.get(0, "")
        else:
            count = max(entry.strings, default=-1) + 1
            catalogue.messages[key] = tuple(entry.strings.get(i, "") for i in range(count))
    return catalogue


def _entries(text: str) -> Iterator[_Entry]:
    entry = _Entry()
    started = False  # a keyword of `entry` has been read
    target = ("msgid", 0)  # where a continued string ("...") goes
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#~"):
            continue
        if line.startswith("#"):
            if started:  # comments open the next entry
                yield entry
                entry, started = _Entry(), False
            if line.startswith("#,") and "fuzzy" in line[2:].replace(",", " ").split():
                entry.fuzzy = True
            continue
        if line.startswith('"'):
            _append(entry, target, _unquote(line))
            continue
        found = _KEYWORD.match(line)
        if found is None:
            raise ValueError(f"not a line of a .po file: {raw!r}")
        keyword, index, value = found.group(1), found.group(2), _unquote(found.group(3))
        opens = keyword == "msgctxt" or (keyword == "msgid" and target[0] != "msgctxt")
        if started and opens:  # an entry without comments before it
            yield entry
            entry = _Entry()
        started = True
        target = ("msgstr", int(index or 0)) if keyword.startswith("msgstr") else (keyword, 0)
        _append(entry, target, value, start=True)
    if started:
        yield entry


def _append(entry: _Entry, target: tuple[str, int], value: str, *, start: bool = False) -> None:
    name, index = target
    if name == "msgctxt":
        entry.context = value if start else (entry.context or "") + value
    elif name == "msgid":
        entry.msgid = value if start else entry.msgid + value
    elif name == "msgid_plural":
        entry.plural = value if start else (entry.plural or "") + value
    else:
        entry.strings[index] = value if start else entry.strings.get(index, "") + value


def _unquote(quoted: str) -> str:
    return _ESCAPE.sub(lambda m: _ESCAPES.get(m.group(1), m.group(1)), quoted[1:-1])
