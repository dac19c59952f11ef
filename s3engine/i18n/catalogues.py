"""gettext catalogues: s3engine's own texts in every language it ships.

The texts are written in English in the code (the gettext source language) and translated in
one standard catalogue per language and domain, `locale/<lang>/LC_MESSAGES/<domain>.po`, the
layout that Babel's `pybabel extract / update / compile` and every translation tool expect
(docs/translating.md). The domain "s3engine" holds the texts of this package; another part of
the product (the web survey, "web") keeps its own catalogue in the same folders.

The catalogues are read from the `.po` files themselves, not from compiled `.mo` files: a
wheel and an editable checkout then read the very same files, a translator's correction
shows at the next run without a build step, and no compiled file can go stale. `check`
shows a questionnaire's default groups in five languages, so it reads four catalogues;
Babel's `.po` reader takes about three times as long per catalogue as `read_po` below, and
importing it costs more than reading all four, so `read_po` reads the part of the format
that catalogues use (a test checks it against Babel's reader on every shipped catalogue).
Each catalogue is read once per process, and only when a text in its language is asked
for; English, the source language, needs none.
"""

from __future__ import annotations

import re
import string
from collections.abc import Callable
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


class Catalogue:
    """The translations of one `.po` file: msgid (with its context) -> msgstr or forms."""

    def __init__(self) -> None:
        self.messages: dict[str, str | tuple[str, ...]] = {}
        self.plural_forms = _ENGLISH_PLURAL


#: How many texts a translator finds in its catalogue's text before it reads the whole
#: catalogue: `check` needs only the 14 default group and sector names of a questionnaire
#: in every language, which are found faster than four catalogues are read; the survey and
#: the plans need hundreds of texts.
QUICK_LOOKUPS = 32


class Translator:
    """s3engine's texts in one language: gettext's four functions, English as the fallback.

    A text the catalogue lacks, or has only as a draft (marked fuzzy), is shown in English.
    `text` is the catalogue's `.po` text (None for English, the source language).
    """

    def __init__(self, lang: str, text: str | None = None):
        self.lang = lang
        self._text = text
        self._catalogue = None if text else Catalogue()
        self._quick = 0
        self._rule: Callable[[int], int] | None = None if text else _english_plural

    @property
    def catalogue(self) -> Catalogue:
        """The whole catalogue, read on first use."""
        if self._catalogue is None:
            self._catalogue = read_po(self._text or "")
        return self._catalogue

    def _found(self, key: str) -> str | tuple[str, ...] | None:
        if self._catalogue is None and self._text and self._quick < QUICK_LOOKUPS:
            self._quick += 1
            found = quick_lookup(self._text, key)
            if found is not None:
                return found
        return self.catalogue.messages.get(key)

    def gettext(self, message: str) -> str:
        found = self._found(message)
        return found if isinstance(found, str) and found else message

    def pgettext(self, context: str, message: str) -> str:
        found = self._found(context + CONTEXT_SEPARATOR + message)
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
        if self._rule is None:
            self._rule = _plural_rule(self.catalogue.plural_forms)
        return self._rule(n)

    def _plural_form(self, key: str, singular: str, plural: str, n: int) -> str:
        found = self.catalogue.messages.get(key)
        if isinstance(found, tuple):
            index = self.plural_index(n)
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
    return Translator(lang, path.read_text(encoding="utf-8").replace("\r\n", "\n"))


def catalogue_path(lang: str, domain: str = DOMAIN, locale_dir: Path = LOCALE_DIR) -> Path:
    return locale_dir / lang / "LC_MESSAGES" / f"{domain}.po"


def _english_plural(n: int) -> int:
    return int(n != 1)


def _plural_rule(forms: str) -> Callable[[int], int]:
    """The plural rule of a catalogue's `Plural-Forms` header, as gettext evaluates it."""
    import gettext  # its parser of C plural expressions; loaded with the first catalogue

    found = re.search(r"plural\s*=\s*([^;]+)", forms)
    return gettext.c2py(found.group(1) if found else "n != 1")


# -- reading .po files -----------------------------------------------------------------------

#: A quoted string of a .po file, and one continued on the lines below it.
_STRING = r'"[^"\\\n]*(?:\\.[^"\\\n]*)*"'
_STRINGS = rf"{_STRING}(?:\n{_STRING})*"
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\", "a": "\a", "b": "\b"}


class _Patterns:
    """The regular expressions of the reader, compiled when the first catalogue is read (not
    at import: commands that read no catalogue do not pay for them)."""

    def __init__(self) -> None:
        #: One entry: its comments, context, msgid, plural msgid and msgstr (or msgstr[n]).
        self.entry = re.compile(
            rf"^(?P<comments>(?:#[^\n]*\n)*)"
            rf"(?:msgctxt (?P<context>{_STRINGS})\n)?"
            rf"msgid (?P<msgid>{_STRINGS})\n"
            rf"(?:msgid_plural (?P<plural>{_STRINGS})\n)?"
            rf"(?P<strings>(?:msgstr(?:\[\d+\])? {_STRINGS}(?:\n|$))+)",
            re.MULTILINE,
        )
        self.msgstr = re.compile(rf"msgstr(?:\[(\d+)\])? ({_STRINGS})")
        self.piece = re.compile(r'"([^"\\\n]*(?:\\.[^"\\\n]*)*)"')
        self.escape = re.compile(r"\\(.)")
        self.fuzzy = re.compile(r"^#,.*\bfuzzy\b", re.MULTILINE)
        self.plural_forms = re.compile(r"^Plural-Forms:\s*(.+)$", re.MULTILINE)


@cache
def _patterns() -> _Patterns:
    return _Patterns()


def read_po(text: str) -> Catalogue:
    """The translations of a `.po` file's text: entries marked fuzzy and obsolete ones (`#~`)
    left out, as `msgfmt` and `pybabel compile` leave them out."""
    catalogue = Catalogue()
    patterns = _patterns()
    for entry in patterns.entry.finditer(text.replace("\r\n", "\n")):
        comments = entry["comments"]
        if "fuzzy" in comments and patterns.fuzzy.search(comments):
            continue
        msgid = _joined(entry["msgid"])
        if entry["context"] is not None:
            msgid = _joined(entry["context"]) + CONTEXT_SEPARATOR + msgid
        if entry["plural"] is None:
            translated = _joined(entry["strings"][len("msgstr ") :])
            if msgid:
                catalogue.messages[msgid] = translated
                continue
            forms = patterns.plural_forms.search(translated)
            if forms:  # the header: the entry of the empty msgid
                catalogue.plural_forms = forms.group(1)
            continue
        strings = patterns.msgstr.findall(entry["strings"])
        found = {int(n or 0): _joined(q) for n, q in strings}
        catalogue.messages[msgid] = tuple(found.get(i, "") for i in range(max(found) + 1))
    return catalogue


def quick_lookup(text: str, key: str) -> str | None:
    """The translation of a text with a context (`key`) when the catalogue's `text` holds it
    on one plain line, found without reading the whole catalogue; None when it is not there
    that simply (then the catalogue is read: a test checks both ways agree)."""
    if CONTEXT_SEPARATOR not in key:
        return None
    context, msgid = key.split(CONTEXT_SEPARATOR, 1)
    needle = f'\nmsgctxt {_quoted(context)}\nmsgid {_quoted(msgid)}\nmsgstr "'
    at = text.find(needle)
    if at < 0:
        return None
    start = at + len(needle)
    end = text.find("\n", start)
    line = text[start:] if end < 0 else text[start:end]
    continued = end >= 0 and text.startswith('"', end + 1)
    if continued or not line.endswith('"') or "\\" in line:
        return None
    if "fuzzy" in text[text.rfind("\n\n", 0, at) + 1 : at]:
        return None
    return line[:-1]


def _quoted(text: str) -> str:
    """A text as a .po file writes it on one line."""
    for plain, escaped in (("\\", "\\\\"), ('"', '\\"'), ("\n", "\\n"), ("\t", "\\t")):
        text = text.replace(plain, escaped)
    return f'"{text}"'


def _joined(quoted: str) -> str:
    """The text of one or more quoted strings, escapes read."""
    quoted = quoted.rstrip()
    if "\n" not in quoted and "\\" not in quoted:  # most are one plain line
        return quoted[1:-1]
    text = "".join(_patterns().piece.findall(quoted))
    if "\\" not in text:
        return text
    return _patterns().escape.sub(lambda m: _ESCAPES.get(m.group(1), m.group(1)), text)
