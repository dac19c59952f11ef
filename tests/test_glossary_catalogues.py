"""s3engine's own texts keep to the glossary, in every language they are translated into.

The glossary (s3engine/questionnaire/glossary.yaml) fixes one term per concept and language;
`check` holds questionnaires, models and catalogues to it. The same rule runs here over every
text of s3engine's own catalogues (the survey's prompts and messages, the default groups and
sectors, the words of plans, the messages about files), which a respondent or an analyst reads
beside the questionnaire: every translation (msgstr, every plural form) and the English.
"""

from __future__ import annotations

import pytest

from s3engine.i18n import LANGUAGES
from s3engine.i18n.catalogues import CONTEXT_SEPARATOR, catalogue_path, read_po
from s3engine.questionnaire.glossary import glossary_problems


def texts(lang: str) -> list[tuple[str, str]]:
    """(where, text) of every entry of the catalogue of `lang`: its translation, or for
    English (the source language) the text itself."""
    catalogue = read_po(catalogue_path("de" if lang == "en" else lang).read_text("utf-8"))
    found: list[tuple[str, str]] = []
    for key, value in catalogue.messages.items():
        where = key.replace(CONTEXT_SEPARATOR, ": ")
        if lang == "en":
            found.append((where, key.rpartition(CONTEXT_SEPARATOR)[2]))
            continue
        found += [(where, text) for text in ([value] if isinstance(value, str) else value) if text]
    return found


#: Names of a survey tool's menus and options that the import's messages quote as the tool's
#: own translation shows them on the screen (docs/interop.md, "The tools' menus in other
#: languages"): the tool's words, not s3engine's, so the glossary does not apply to them.
TOOL_NAMES = {"sl": ["»Datum oddaje ankete«"]}  # LimeSurvey 6.4.2's "Date submitted"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_own_text_keeps_to_the_glossary(lang: str) -> None:
    problems = [
        f"{where}: {message}"
        for where, text in texts(lang)
        for _, message in glossary_problems({lang: own(text, lang)}, lang, scale_point=False)
    ]
    assert problems == []


def own(text: str, lang: str) -> str:
    """`text` without the tools' names it quotes (TOOL_NAMES)."""
    for name in TOOL_NAMES.get(lang, []):
        text = text.replace(name, "")
    return text


def test_the_rule_finds_a_variant_in_a_catalogue_text() -> None:
    """The check above is live: the wording the catalogues had before is found."""
    found = glossary_problems({"de": "Die Umfrage wurde unterbrochen."}, "de", scale_point=False)
    assert found and "Befragung" in str(found[0][1])
    found = glossary_problems({"sl": "Anketa je bila prekinjena."}, "sl", scale_point=False)
    assert found and "vprašalnik" in str(found[0][1])
