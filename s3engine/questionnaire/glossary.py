"""The glossary: one term per concept and language, and the check that texts keep to it.

glossary.yaml (beside this module) lists, per concept, the term to use in each language and
the variants to avoid, and short labels (the points of the assessment wheel) that must read
the same wherever their English does. `glossary_problems` is the rule every definition file
is checked against (questionnaires, scoring models, catalogues); docs/glossary.md is
generated from the same data (`make docs`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import NamedTuple

from pydantic import Field

from s3engine.core import messages as M
from s3engine.core.models import Identifier, Strict
from s3engine.i18n import LANGUAGES, Text
from s3engine.io.files import load_yaml
from s3engine.io.validation import validate_loaded

GLOSSARY_FILE = Path(__file__).with_name("glossary.yaml")


class Usage(Strict):
    use: str = Field(min_length=1, description="The term to use.")
    avoid: list[str] = Field(
        default=[],
        description="Variants to avoid: regular expressions matched case-insensitively at "
        "the start of a word.",
    )


class Term(Strict):
    id: Identifier
    note: str = ""
    en: Usage
    de: Usage
    fr: Usage
    it: Usage
    sl: Usage

    def usages(self) -> Iterator[tuple[str, Usage]]:
        for lang in LANGUAGES:
            yield lang, getattr(self, lang)


class GlossaryFile(Strict):
    terms: list[Term]
    labels: list[dict[str, str]]


# A NamedTuple, not a frozen dataclass, whose generated methods are each compiled as the
# module is imported: 1 ms of every check.
class Glossary(NamedTuple):
    terms: list[Term]
    #: English label -> its label in each language.
    labels: dict[str, dict[str, str]]
    #: (term, language) -> the patterns of the variants to avoid, compiled (and kept by re)
    #: when a text holds one of its language's, which most never do: compiling them all as
    #: the glossary is read took 2 ms of every check.
    avoid: dict[tuple[str, str], list[str]]
    #: language -> one pattern that finds a text holding any variant to avoid in it: most
    #: texts hold none, and are looked at once, not once per variant. None for a language
    #: whose variants cannot be joined into one pattern (a back-reference counts groups).
    any_avoid: dict[str, re.Pattern[str] | None]


@cache
def load_glossary() -> Glossary:
    """The shipped glossary (read once)."""
    data = validate_loaded(GlossaryFile, load_yaml(GLOSSARY_FILE))
    avoid = {
        (term.id, lang): [rf"\b(?:{p})" for p in usage.avoid]
        for term in data.terms
        for lang, usage in term.usages()
    }
    any_avoid: dict[str, re.Pattern[str] | None] = {}
    for lang in LANGUAGES:
        variants = [p for (_, of), ps in avoid.items() if of == lang for p in ps]
        joined = "|".join(variants)
        simple = not re.search(r"\\\d|\(\?P|\(\?[aiLmsux]", joined)
        any_avoid[lang] = re.compile(joined or "(?!)", re.IGNORECASE) if simple else None
    labels = {label["en"]: label for label in data.labels}
    return Glossary(data.terms, labels, avoid, any_avoid)


def glossary_problems(text: Text, default: str, *, scale_point: bool) -> list[tuple[str, str]]:
    """What in `text` departs from the glossary, as (language, message) pairs.

    A plain string is taken to be in the file's default language. The labels of the
    glossary apply to the labels of scale points only ("Poor" elsewhere may mean a region
    with a low income, not a rating).
    """
    glossary = load_glossary()
    texts = {default: text} if isinstance(text, str) else dict(text)
    problems: list[tuple[str, str]] = []
    english = texts.get("en")
    expected = glossary.labels.get(english) if english is not None and scale_point else None
    for lang, value in texts.items():
        if expected is not None and lang in expected and value != expected[lang]:
            problems.append(
                (lang, M.GLOSSARY_LABEL.format(lang=lang, expected=expected[lang], en=english))
            )
            continue
        quick = glossary.any_avoid.get(lang)
        if quick is not None and quick.search(value) is None:
            continue
        for term in glossary.terms:
            for pattern in glossary.avoid.get((term.id, lang), ()):
                found = re.search(pattern, value, re.IGNORECASE)
                if found is not None:
                    use = getattr(term, lang).use
                    problems.append(
                        (
                            lang,
                            M.GLOSSARY_TERM.format(lang=lang, found=_word(value, found), use=use),
                        )
                    )
    return problems


def _word(text: str, found: re.Match[str]) -> str:
    """The whole word a variant was found in ("Umfragen", not "Umfrage")."""
    end = found.end()
    while end < len(text) and (text[end].isalnum() or text[end] == "-"):
        end += 1
    return text[found.start() : end]


def render_markdown(glossary: Glossary) -> str:
    """docs/glossary.md."""
    lines = [
        "# Glossary",
        "",
        "One term per concept and language, so that the questionnaires, scoring models and",
        "catalogues s3engine ships speak with one voice. `s3engine check` warns when a text uses",
        "a variant listed as *avoid*, or translates a label below otherwise; `check --strict`",
        "refuses it. This page is generated from `s3engine/questionnaire/glossary.yaml`",
        "(`make docs`); edit that file, not this page.",
        "",
        "## Terms",
        "",
        "| concept | " + " | ".join(LANGUAGES) + " |",
        "| --- |" + " --- |" * len(LANGUAGES),
    ]
    for term in glossary.terms:
        cells = []
        for _, usage in term.usages():
            cell = f"**{usage.use}**"
            if usage.avoid:
                cell += "<br>avoid: " + ", ".join(f"`{p}`" for p in usage.avoid)
            cells.append(cell.replace("|", "\\|"))
        lines.append(f"| {term.id}: {term.note} | " + " | ".join(cells) + " |")
    lines += [
        "",
        "## Labels",
        "",
        "Labels of scale points that read the same wherever their English does (the points of",
        "the JRC RIS3 assessment wheel, 0 to 5).",
        "",
        "| " + " | ".join(LANGUAGES) + " |",
        "|" + " --- |" * len(LANGUAGES),
    ]
    for label in glossary.labels.values():
        lines.append("| " + " | ".join(label.get(lang, "") for lang in LANGUAGES) + " |")
    return "\n".join(lines) + "\n"
