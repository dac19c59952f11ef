"""s3engine's own texts: complete catalogues in every shipped language, read the way gettext
reads them, and shown to respondents and analysts in their language."""

from __future__ import annotations

import gettext
import io
import re
import string
from datetime import date
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po as babel_read_po
from conftest import REPO, Cli, Write
from test_survey_support import load, write_small

from s3engine.core import messages as M
from s3engine.i18n import (
    LANGUAGES,
    LOCALE_DIR,
    format_date,
    format_list,
    format_number,
    format_percent,
    translator,
)
from s3engine.i18n.catalogues import CONTEXT_SEPARATOR, catalogue_path, quick_lookup, read_po
from s3engine.plan import texts as T
from s3engine.questionnaire.model import NumberQuestion
from s3engine.survey.flow import answer_problem, tr_count

#: The keywords `make translations` gives `pybabel extract` (Makefile).
KEYWORDS = {
    "NP_": ((1, "c"), 2),
    "NNP_": ((1, "c"), 2, 3),
    "Message": ((1, "c"), 2),
    "Phrase": None,
}
TEMPLATE = LOCALE_DIR / "s3engine.pot"


def catalogue(lang: str) -> Catalog:
    with catalogue_path(lang).open("rb") as handle:
        return babel_read_po(handle, locale=lang)


def key(message: Message) -> tuple[str | None, str]:
    msgid = message.id
    return message.context, msgid if isinstance(msgid, str) else msgid[0]


@pytest.fixture(autouse=True)
def no_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """As in CI: standard input is not a terminal."""
    monkeypatch.setattr("sys.stdin", io.StringIO(""))


def fields(text: str) -> set[tuple[str, str, str]]:
    """The placeholders of a `str.format` template: (name, conversion, format spec)."""
    return {
        (name, conversion or "", spec or "")
        for _, name, spec, conversion in string.Formatter().parse(text)
        if name is not None
    }


# -- the catalogues --------------------------------------------------------------------------


def test_every_shipped_language_has_a_catalogue_and_no_other_does() -> None:
    folders = {p.name for p in LOCALE_DIR.iterdir() if p.is_dir()}
    assert folders == set(LANGUAGES)
    assert all(catalogue_path(lang).is_file() for lang in LANGUAGES)


def test_the_template_holds_exactly_the_texts_of_the_code() -> None:
    """`make translations` was run after the last change of a text in the code."""
    found = {
        (context, msgid if isinstance(msgid, str) else msgid[0])
        for _, _, msgid, _, context in extract_from_dir(
            REPO / "s3engine",
            method_map=[("**.py", "python")],
            keywords=KEYWORDS,
            comment_tags=("Translators:",),
        )
    }
    with TEMPLATE.open("rb") as handle:
        template = {key(m) for m in babel_read_po(handle) if m.id}
    assert found == template, "run `make translations`: " + repr(found ^ template)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_catalogue_has_every_text_translated_with_the_same_placeholders(lang: str) -> None:
    with TEMPLATE.open("rb") as handle:
        template = {key(m) for m in babel_read_po(handle) if m.id}
    cat = catalogue(lang)
    entries = {key(m): m for m in cat if m.id}
    assert set(entries) == template, "run `make translations`: " + repr(set(entries) ^ template)
    assert not cat.obsolete, list(cat.obsolete)
    assert cat.num_plurals == Catalog(locale=lang).num_plurals  # CLDR's count of forms
    plural = gettext.c2py(cat.plural_expr)
    numbers = [{n for n in range(1001) if plural(n) == k} for k in range(cat.num_plurals)]
    alone = [found == {1} for found in numbers]  # the forms said of the number 1 alone
    for where, message in entries.items():
        assert not message.fuzzy, f"{lang} {where}: marked fuzzy (a draft)"
        if lang == "en":  # the source language: the texts are the msgids themselves
            continue
        if isinstance(message.id, str):
            assert message.string, f"{lang} {where}: not translated"
            assert fields(message.string) == fields(message.id), f"{lang} {where}"
            continue
        forms = message.string
        assert len(forms) == cat.num_plurals and all(forms), f"{lang} {where}: a form is missing"
        wanted = fields(message.id[1])
        for index, form in enumerate(forms):
            # a form said of the number 1 alone may say "one" instead of {n}; one that is
            # also said of others (Slovenian's first: 1, 101, 201...) must give the number
            needed = wanted - {("n", "", "")} if alone[index] else wanted
            assert needed <= fields(form) <= wanted, f"{lang} {where}: {form}"


@pytest.mark.parametrize("domain", ["s3engine", "web"])
@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_catalogue_passes_the_checks_of_pybabel_compile(lang: str, domain: str) -> None:
    # A translator's tools compile the catalogue (`pybabel compile`, Poedit) and stop at
    # what Babel's checkers find. They take a text holding "% i" or "% d" for a printf
    # placeholder: "95 % interval" made German and Slovenian fail to compile.
    with catalogue_path(lang, domain).open("rb") as handle:
        cat = babel_read_po(handle, locale=lang)
    found = [(m.lineno, str(error)) for m, errors in cat.check() for error in errors]
    assert found == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_catalogue_reader_reads_what_babel_reads(lang: str) -> None:
    ours = read_po(catalogue_path(lang).read_text(encoding="utf-8"))
    theirs: dict[str, object] = {}
    for message in catalogue(lang):
        if not message.id or message.fuzzy:
            continue
        msgid = message.id if isinstance(message.id, str) else message.id[0]
        name = msgid if message.context is None else message.context + CONTEXT_SEPARATOR + msgid
        theirs[name] = message.string if isinstance(message.string, str) else tuple(message.string)
    assert ours.messages == theirs
    assert f"nplurals={Catalog(locale=lang).num_plurals}" in ours.plural_forms


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_text_found_without_reading_the_catalogue_is_the_one_read(lang: str) -> None:
    text = catalogue_path(lang).read_text(encoding="utf-8")
    read = read_po(text).messages
    quick = {key: quick_lookup(text, key) for key in read if CONTEXT_SEPARATOR in key}
    found = {key: value for key, value in quick.items() if value is not None}
    assert len(found) > 300  # most texts are one plain line
    assert all(read[key] == value for key, value in found.items())
    draft = 'msgid ""\nmsgstr ""\n\n#, fuzzy\nmsgctxt "k"\nmsgid "a"\nmsgstr "b"\n'
    assert quick_lookup(draft, "k" + CONTEXT_SEPARATOR + "a") is None


def test_the_reader_leaves_out_drafts_and_obsolete_entries_and_joins_lines() -> None:
    text = r"""msgid ""
msgstr ""
"Plural-Forms: nplurals=2; plural=(n != 1);\n"

#, fuzzy
msgid "draft"
msgstr "Entwurf"

#~ msgid "old"
#~ msgstr "alt"

msgctxt "k"
msgid ""
"two "
"lines \"quoted\""
msgstr "zwei Zeilen"
"""
    read = read_po(text)
    assert read.messages == {"k" + CONTEXT_SEPARATOR + 'two lines "quoted"': "zwei Zeilen"}


# -- plural forms ------------------------------------------------------------------------------


def test_slovenian_gets_its_four_plural_forms() -> None:
    """1 regijo, 2 regiji, 3 regije, 5 regij; and 101 like 1, 102 like 2."""
    said = {n: T.text("joint.summary", "sl", n=str(n), regions="…") for n in (1, 2, 3, 5, 101, 102)}
    assert said[1].startswith("Priporočeno za 1 regijo:")
    assert said[2].startswith("Priporočeno za 2 regiji:") and "delita" in said[2]
    assert said[3].startswith("Priporočeno za 3 regije:")
    assert said[5].startswith("Priporočeno za 5 regij:")
    assert said[101].startswith("Priporočeno za 101 regijo:")
    assert said[102].startswith("Priporočeno za 102 regiji:")
    sl = translator("sl")
    assert [sl.plural_index(n) for n in (1, 2, 3, 4, 5, 100, 101)] == [0, 1, 2, 2, 3, 3, 0]


@pytest.mark.parametrize(
    ("lang", "one", "two"),
    [
        ("en", "Please tick only one option.", "Please tick no more than 2 options."),
        ("de", "Bitte wählen Sie nur eine Antwort.", "Bitte wählen Sie höchstens 2 Antworten."),
        ("sl", "Izberite samo eno možnost.", "Izberite največ 2 možnosti."),
    ],
)
def test_a_count_of_one_keeps_its_own_wording(lang: str, one: str, two: str) -> None:
    assert tr_count("survey.choose.at_most", 1, lang) == one
    assert tr_count("survey.choose.at_most", 2, lang) == two


def test_a_language_without_catalogue_gets_english() -> None:
    rm = translator("rm")
    assert rm.pgettext("survey.language", "Language") == "Language"
    assert rm.ngettext("one option", "{n} options", 3) == "{n} options"


# -- messages in the reader's language ---------------------------------------------------------


def test_a_german_respondent_never_sees_an_english_answer_rule(tmp_path: Path) -> None:
    q = load(write_small(tmp_path))
    question = next(x for _, x in q.questions() if isinstance(x, NumberQuestion))
    assert answer_problem(q, question, "viele", {}, "de") == "erwartet wird eine Zahl"
    assert answer_problem(q, question, "viele", {}, "en") == "expected a number"
    assert translator("de").message(M.ANSWER_NUMBER_RANGE) == (
        "erwartet wird eine Zahl von -10^15 bis 10^15"
    )


def test_a_message_is_translated_with_its_values_and_numbers_in_the_language() -> None:
    said = M.YAML_TOO_MANY_VALUES.format(limit=1_000_000)
    assert (
        said == "the document holds more than 1,000,000 values; this is not a file s3engine reads"
    )
    assert translator("de").message(said) == (
        "das Dokument enthält mehr als 1.000.000 Werte; s3engine liest eine solche Datei nicht"
    )
    nested = M.QUOTE_BOOL.format(problem=M.MISSING_KEY.format(key="id"), value="yes")
    assert translator("fr").message(nested).startswith("la clé 'id' est requise ici (YAML lit")
    assert translator("it").message("any other text") == "any other text"


def test_the_survey_command_speaks_the_language_of_lang(
    cli: Cli, write: Write, tmp_path: Path
) -> None:
    small = write_small(tmp_path)
    answers = write(
        "answers.yaml",
        """\
        consent: true
        profile: {region: AT31, group: industry}
        answers:
          has_policy: true
          domains: [ict, energy, health]
          needs: [finance, banking]
        """,
    )
    german = cli("survey", small, "--lang", "de", "--answers", answers, "--out", tmp_path / "o")
    assert german.code == 1
    assert "wählen Sie höchstens 2" in german.err
    assert "keine Option: banking" in german.err
    assert "es wurde keine Antwortdatei geschrieben" in german.err
    english = cli("survey", small, "--answers", answers, "--out", tmp_path / "o")
    assert "choose at most 2" in english.err


# -- numbers, lists and dates ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "number", "share", "listed", "day"),
    [
        ("en", "1,234.5", "45%", "A, B and C", "1 March 2024"),
        ("de", "1.234,5", "45\u00a0%", "A, B und C", "1. März 2024"),
        ("fr", "1\u202f234,5", "45\u00a0%", "A, B et C", "1 mars 2024"),
        ("it", "1.234,5", "45%", "A, B e C", "1 marzo 2024"),
        ("sl", "1.234,5", "45\u00a0%", "A, B in C", "1. marec 2024"),
    ],
)
def test_numbers_percentages_lists_and_dates_follow_cldr(
    lang: str, number: str, share: str, listed: str, day: str
) -> None:
    assert format_number(1234.5, lang) == number
    assert format_percent(0.452, lang) == share
    assert format_list(["A", "B", "C"], lang) == listed
    assert format_date(date(2024, 3, 1), lang) == day


def test_a_plain_number_keeps_every_decimal_it_has() -> None:
    assert format_number(0.0001, "de") == "0,0001"
    assert format_number(3.0, "sl") == "3"
    assert format_number(-0.04, "fr", 1) == "0,0"
    assert re.fullmatch(r"12345", format_number(12345, "it", grouping=False))


@pytest.mark.timing
def test_catalogues_are_read_once_and_quickly() -> None:
    """Every catalogue is read in a few milliseconds (Babel's reader takes ~80 ms each)."""
    import time

    started = time.perf_counter()
    for lang in LANGUAGES:
        read_po(catalogue_path(lang).read_text(encoding="utf-8"))
    assert time.perf_counter() - started < 0.5
    assert translator("de") is translator("de")
