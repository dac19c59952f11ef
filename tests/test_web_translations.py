"""The web survey's own texts: every one of them in every language, with the same placeholders.

The texts are extracted from the templates and the code exactly as a maintainer would
(`pybabel extract -F s3engine/web/babel.cfg`, here through Babel's API), then compared with
the template (web.pot) and each catalogue (s3engine/i18n/locale/<lang>/LC_MESSAGES/web.po).
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po
from conftest import REPO

from s3engine.web.translations import LOCALE, WEB_LANGUAGES, catalogue_path, translations

PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]|%%")
MessageId = str | tuple[str, ...]


@cache
def extracted() -> frozenset[MessageId]:
    """Every text the web survey's templates and code mark for translation."""
    with open(REPO / "s3engine" / "web" / "babel.cfg", encoding="utf-8") as handle:
        method_map, options_map = parse_mapping_cfg(handle)
    keywords = {"_": None, "gettext": None, "ngettext": (1, 2), "N_": None}
    found: set[MessageId] = set()
    web = REPO / "s3engine" / "web"

    def inside_web(folder: str) -> bool:
        path = Path(folder).resolve()
        return path in web.parents or path == web or web in path.parents

    for _file, _line, message, _comments, _context in extract_from_dir(
        str(REPO), method_map, options_map, keywords=keywords, directory_filter=inside_web
    ):
        found.add(message if isinstance(message, str) else tuple(message))
    return frozenset(found)


def catalogue(path: Path, lang: str | None = None) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle, locale=lang, domain="web")


def ids(catalog: Catalog) -> set[MessageId]:
    return {m.id if isinstance(m.id, str) else tuple(m.id) for m in catalog if m.id}


def placeholders(text: str) -> list[str]:
    return sorted(PLACEHOLDER.findall(text))


def test_the_template_holds_every_text_of_the_templates_and_the_code() -> None:
    found = extracted()
    assert len(found) > 100
    template = ids(catalogue(LOCALE / "web.pot"))
    assert found - template == set(), "run pybabel extract (docs/web-survey.md)"
    assert template - found == set(), "texts no longer used: extract again"


@pytest.mark.parametrize("lang", WEB_LANGUAGES)
def test_every_text_is_translated_with_the_same_placeholders(lang: str) -> None:
    catalog = catalogue(catalogue_path(lang), lang)
    found = extracted()
    assert ids(catalog) == found, f"{lang}: run pybabel update and translate the new texts"
    problems = []
    for message in catalog:
        if not message.id:
            continue
        if message.fuzzy:
            problems.append(f"{message.id!r} is marked fuzzy")
        if isinstance(message.id, str):
            assert isinstance(message.string, str)
            if not message.string.strip():
                problems.append(f"{message.id!r} has no translation")
            elif placeholders(message.string) != placeholders(message.id):
                problems.append(f"{message.id!r}: placeholders differ in {message.string!r}")
            continue
        forms = list(message.string)
        if len(forms) != catalog.num_plurals or not all(f.strip() for f in forms):
            problems.append(f"{message.id!r}: needs {catalog.num_plurals} plural forms")
        for form in forms:
            if placeholders(form) != placeholders(message.id[1]):
                problems.append(f"{message.id!r}: placeholders differ in {form!r}")
    assert problems == [], "\n".join(problems)


def test_slovenian_has_its_four_plural_forms() -> None:
    sl = translations("sl")
    removes = [
        sl.ngettext("This change removes %(num)d answer", "This change removes %(num)d answers", n)
        % {"num": n}
        for n in (1, 2, 3, 5, 101)
    ]
    assert removes == [
        "Ta sprememba izbriše 1 odgovor",
        "Ta sprememba izbriše 2 odgovora",
        "Ta sprememba izbriše 3 odgovore",
        "Ta sprememba izbriše 5 odgovorov",
        "Ta sprememba izbriše 101 odgovor",
    ]


def test_a_language_without_a_catalogue_speaks_english() -> None:
    assert translations("rm").gettext("Back") == "Back"
    assert translations("de").gettext("Back") == "Zurück"
