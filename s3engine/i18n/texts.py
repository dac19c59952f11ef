"""Texts in several languages, and the texts s3engine itself shows in all of them.

A text in a questionnaire, model or catalogue is either one string (written in the file's
default language) or a mapping from language code to string. Readers ask for a language and
fall back to the default language, then to any language the text has.

s3engine's own texts (default stakeholder groups and sectors, the terminal survey) are
written here in English, each under a key that is its context in the gettext catalogues
(s3engine/i18n/locale, docs/translating.md), where their translations are.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated

from pydantic import StringConstraints

from s3engine.i18n.catalogues import LANGUAGES, NNP_, NP_, translator
from s3engine.i18n.formats import format_number

LanguageCode = Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}(-[A-Z]{2})?$")]
Text = str | dict[LanguageCode, str]


def pick(text: Text | None, lang: str, default: str) -> str:
    """The text in `lang`, else in `default`, else in any language it has, else ''."""
    if text is None:
        return ""
    if isinstance(text, str):
        return text
    for code in (lang, default):
        value = text.get(code)
        if value:
            return value
    return next((value for value in text.values() if value), "")


def languages_of(text: Text | None, default: str) -> set[str]:
    """The languages a text is written in (a plain string counts as the default language)."""
    if text is None:
        return set()
    if isinstance(text, str):
        return {default} if text.strip() else set()
    return {code for code, value in text.items() if value and value.strip()}


def builtin(key: str, lang: str) -> str:
    """One of s3engine's own texts in `lang` (English when it has no translation)."""
    return translator(lang).pgettext(key, BUILTIN_TEXTS[key])


def builtin_count(key: str, n: int, lang: str) -> str:
    """One of s3engine's own texts about `n` things, in the plural form `lang` uses for `n`."""
    singular, plural = COUNTED_TEXTS[key]
    return translator(lang).npgettext(key, singular, plural, n)


def builtin_filled(key: str, lang: str, **values: object) -> str:
    """One of s3engine's own texts in `lang` with its placeholders filled in; a text that
    counts (COUNTED_TEXTS) in the plural form `lang` uses for its `n`, and `n` written as
    `lang` writes a number: 19,980 in English, 19.980 in German, 19 980 in French (a
    narrow no-break space). The one rule of every count the command line says in words."""
    n = values.get("n")
    if key in COUNTED_TEXTS and isinstance(n, int) and not isinstance(n, bool):
        shown = format_number(n, lang)
        return builtin_count(key, n, lang).format(**{**values, "n": shown})
    return builtin(key, lang).format(**values)


def builtin_text(key: str) -> dict[str, str]:
    """One of s3engine's own texts in every language it ships."""
    return {lang: builtin(key, lang) for lang in LANGUAGES}


#: key -> English text. Placeholders in braces are filled in where the text is shown.
BUILTIN_TEXTS: Mapping[str, str] = dict(
    (
        # The quadruple helix: the default stakeholder groups; then the sectors, the four
        # Alps4EU meta-cluster sectors first, then other frequent S3 domains; then the
        # messages shown to respondents when a questionnaire does not define its own; then
        # the terminal survey (s3engine survey): everything a respondent reads besides the
        # questionnaire itself; then the value labels an export adds to the questionnaire's.
        NP_("group.government", "Government and public administration"),
        NP_("group.industry", "Industry and business"),
        NP_("group.academia", "Academia and research"),
        NP_("group.civil_society", "Civil society"),
        NP_("sector.energy_green_tech", "Energy and green technologies"),
        NP_("sector.mechatronics_engineering", "Mechatronics and engineering"),
        NP_("sector.chemistry_materials", "Chemistry and new materials"),
        NP_("sector.ict", "Information and communication technologies"),
        NP_("sector.health_life_sciences", "Health and life sciences"),
        NP_("sector.agrifood", "Agri-food"),
        NP_("sector.wood_construction", "Wood, forestry and sustainable construction"),
        NP_("sector.mobility_logistics", "Mobility and logistics"),
        NP_("sector.tourism_creative", "Tourism, culture and creative industries"),
        NP_("sector.other", "Other"),
        NP_("answer.required", "An answer is required."),
        NP_("answer.constraint", "This answer does not meet the question's conditions."),
        NP_("survey.language", "Language"),
        NP_(
            "survey.intro",
            "Your answers are saved after every question. You can stop at any time with Ctrl-C "
            "and continue later.",
        ),
        NP_("survey.consent.title", "Consent"),
        NP_("survey.consent.prompt", "Your decision"),
        NP_("survey.consent.accept", "I agree"),
        NP_("survey.consent.decline", "I do not agree (end the survey)"),
        NP_(
            "survey.consent.declined",
            "You did not give your consent. The survey has ended and nothing has been stored.",
        ),
        NP_("survey.profile.title", "Your region and organisation"),
        NP_("survey.profile.region", "Which region are you answering for?"),
        NP_("survey.profile.region_code", "The NUTS code of your region (for example AT31)"),
        NP_(
            "survey.profile.region_invalid",
            "A NUTS code is two capital letters followed by up to three letters or digits, for "
            "example AT31.",
        ),
        NP_(
            "survey.profile.region_search",
            "Type the name or the NUTS code of your region, or a part of it (for example "
            "Tirol or AT33)",
        ),
        NP_(
            "survey.profile.region_none",
            "No region is called or coded “{text}”. Try a part of its name or its NUTS code.",
        ),
        NP_("survey.profile.region_other", "Another region (search by name or code)"),
        NP_("survey.profile.region_again", "↻ Search again"),
        NP_("survey.profile.group", "Which stakeholder group do you belong to?"),
        NP_("survey.profile.organisation", "Your organisation (optional)"),
        NP_("survey.profile.sector", "In which sector is your organisation mainly active?"),
        NP_("survey.profile.label_region", "Region"),
        NP_("survey.profile.label_group", "Stakeholder group"),
        NP_("survey.profile.label_organisation", "Organisation"),
        NP_("survey.profile.label_sector", "Sector"),
        NP_("survey.section", "Section {k} of {n}"),
        NP_("survey.question", "Question {i} of {m}"),
        NP_("survey.required", "required"),
        NP_("survey.optional", "optional"),
        NP_(
            "survey.personal",
            "Personal data: kept only in your response file, never in any results.",
        ),
        NP_("survey.back", "← Back to the previous question"),
        NP_("survey.skip", "Skip this question"),
        NP_("survey.yes", "Yes"),
        NP_("survey.no", "No"),
        NP_("survey.keys.choose", "↑↓ to choose"),
        NP_("survey.keys.tick", "Space to tick or untick"),
        NP_("survey.keys.confirm", "Enter to confirm"),
        NP_(
            "survey.keys.submit_multiline", "Enter for a new line · Ctrl-D or Alt-Enter to confirm"
        ),
        NP_("survey.keys.digits", "{low}–{high} to pick directly"),
        NP_("survey.keys.empty_skips", "leave empty to skip"),
        NP_("survey.keys.empty_none", "nothing ticked: none of these"),
        NP_("survey.none_of_these", "None of these"),
        NP_("survey.none.prompt", "Nothing is ticked. What does that mean?"),
        NP_("survey.none.none", "None of these applies"),
        NP_("survey.none.and_ticked", "Tick options or “None of these”, not both."),
        NP_("survey.pick.none", "No answer is chosen yet: choose one with ↑↓, then press Enter."),
        NP_(
            "survey.pick.digits",
            "No point is chosen yet: choose one with ↑↓ or its digit, then press Enter.",
        ),
        NP_("survey.keys.back", "Ctrl-B to go back"),
        NP_("survey.keys.stop", "Ctrl-C to save and stop"),
        NP_("survey.number.invalid", "Please enter a number, for example {example}."),
        NP_("survey.number.whole", "Please enter a whole number."),
        NP_("survey.number.min", "The number must be at least {min}."),
        NP_("survey.number.max", "The number must be at most {max}."),
        NP_("survey.number.decimals", "The number of decimal places cannot exceed {decimals}."),
        NP_("survey.number.range", "{min} to {max}"),
        NP_("survey.number.at_least", "at least {min}"),
        NP_("survey.number.at_most", "at most {max}"),
        NP_("survey.text.limit", "up to {max} characters"),
        NP_(
            "survey.text.too_long",
            "Please shorten your answer to {max} characters (it has {length}).",
        ),
        NP_("survey.choose.at_least.one", "Please tick at least one option."),
        NP_("survey.choose.at_most.one", "Please tick only one option."),
        NP_("survey.choose.range", "tick {low} to {high}"),
        NP_("survey.rank.rule", "Put {low} to {high} options in order, the most important first."),
        NP_("survey.rank.rule_exact", "Put {high} options in order, the most important first."),
        NP_("survey.rank.place", "Place {rank}"),
        NP_("survey.rank.so_far", "Your ranking so far"),
        NP_("survey.rank.done", "Done: keep this ranking"),
        NP_("survey.rank.undo", "Undo the last choice"),
        NP_("survey.skipped", "skipped"),
        NP_("survey.unanswered", "not answered yet"),
        NP_("survey.review.title", "Review your answers"),
        NP_("survey.review.question", "Question"),
        NP_("survey.review.answer", "Answer"),
        NP_("survey.review.what", "What would you like to do?"),
        NP_("survey.review.submit", "Submit my answers"),
        NP_("survey.review.change", "Change an answer"),
        NP_("survey.review.later", "Save and continue later"),
        NP_("survey.review.show", "Show all my answers again"),
        NP_(
            "survey.review.confirm",
            "Submit your answers now? They are then final; you can still reopen the file "
            "to correct them.",
        ),
        NP_("survey.review.confirm_yes", "Yes, submit"),
        NP_("survey.review.confirm_no", "No, back to the review"),
        NP_("survey.review.which", "Which answer would you like to change?"),
        NP_("survey.review.return", "← Back to the overview"),
        NP_("survey.submitted", "Thank you! Your answers have been submitted and saved in {path}."),
        NP_(
            "survey.kept_typed",
            "What you were typing for “{question}” is kept as its answer; you can change it "
            "before submitting.",
        ),
        NP_("survey.removes", "This change removes your answers to these questions ({n}):"),
        NP_("survey.removes.prompt", "Make the change?"),
        NP_("survey.removes.apply", "Yes, change it (changing it back brings those answers back)"),
        NP_("survey.removes.keep", "No, keep my previous answer"),
        NP_("survey.stopped", "The survey has been interrupted."),
        NP_("survey.saved_partial", "Your answers so far are saved in {path}."),
        NP_("survey.resume_hint", "To continue where you stopped, run:"),
        NP_("survey.nothing_saved", "Stopped before the questions began: nothing has been stored."),
        NP_("survey.resumed", "Welcome back! We continue with question {i} of {m}."),
        NP_(
            "survey.resumed_review",
            "Welcome back! All questions are answered; here is the overview.",
        ),
        # The value labels of `s3engine export` (interop.statistical) that are not the
        # questionnaire's: why an answer is missing, and an option's column where it is not
        # ticked (ticked: the option's label).
        NP_("export.missing.no_information", "no information"),
        NP_("export.missing.skipped", "skipped"),
        NP_("export.missing.not_asked", "not asked"),
        NP_("export.option.not_ticked", "not ticked"),
        # The label of the column of the respondent's id (the language's: survey.language).
        NP_("export.label.respondent", "Respondent"),
        # The label of the column of the region's name, beside its code (a NUTS name stays
        # in the region's national language, as Eurostat writes it: Oberösterreich).
        NP_("export.label.region_name", "Region name"),
        # The labels of the columns of the response itself: its survey wave (docs/waves.md),
        # its status (the values stay the response's words: complete, partial), and when it
        # was started and submitted (the times are in UTC).
        NP_("export.label.wave", "Survey wave"),
        NP_("export.label.status", "Response status"),
        NP_("export.label.started", "Time started (UTC)"),
        NP_("export.label.submitted", "Time submitted (UTC)"),
    )
)

#: key -> (English singular, English plural) of the texts that count something.
COUNTED_TEXTS: Mapping[str, tuple[str, str]] = dict(
    (
        NNP_(
            "survey.choose.at_least",
            "Please tick at least {n} option.",
            "Please tick at least {n} options.",
        ),
        NNP_(
            "survey.choose.at_most",
            "Please tick no more than {n} option.",
            "Please tick no more than {n} options.",
        ),
        NNP_(
            "survey.number.decimal_places",
            "Please enter no more than {n} decimal place.",
            "Please enter no more than {n} decimal places.",
        ),
        # The command line's closing lines: how many problems a command found (always 2 or
        # more), and what an import and an export did; the parts of a line are joined by
        # ", " ("3 responses imported into responses/, 1 row refused").
        NNP_("cli.problems", "{n} problem", "{n} problems"),
        # Follows the last row listed of a problem of more rows than are listed, the same
        # problem in one column whatever value each cell holds (core.findings.kind_of), on a
        # line of its own: "kobo.csv form_version: 19,980 more rows with this problem, not
        # listed".
        NNP_(
            "cli.more_rows",
            "{n} more row with this problem, not listed",
            "{n} more rows with this problem, not listed",
        ),
        NNP_(
            "import.imported",
            "{n} response imported into {out}",
            "{n} responses imported into {out}",
        ),
        NNP_("import.refused", "{n} row refused", "{n} rows refused"),
        NNP_("import.unchanged", "{n} there already (unchanged)", "{n} there already (unchanged)"),
        NNP_(
            "import.differing",
            "{n} there already with other content (not overwritten)",
            "{n} there already with other content (not overwritten)",
        ),
        NNP_(
            "import.declined",
            "{n} declined consent (not stored)",
            "{n} declined consent (not stored)",
        ),
        NNP_("export.written", "{n} response written", "{n} responses written"),
        NNP_("export.refused", "{n} response refused", "{n} responses refused"),
    )
)

DEFAULT_GROUPS = ("government", "industry", "academia", "civil_society")
DEFAULT_SECTORS = (
    "energy_green_tech",
    "mechatronics_engineering",
    "chemistry_materials",
    "ict",
    "health_life_sciences",
    "agrifood",
    "wood_construction",
    "mobility_logistics",
    "tourism_creative",
    "other",
)
