"""A questionnaire as an XLSForm: the form KoboToolbox, ODK Central and Enketo field.

The workbook has the three sheets of the XLSForm standard (xlsform.org): `survey`, `choices`
and `settings`, with `label::Deutsch (de)`, `hint::…`, `required_message::…` and
`constraint_message::…` columns for every language of the questionnaire. What maps to what
(docs/interop.md):

section -> group, single choice / scale / yes-no -> select_one, multiple choice ->
select_multiple, ranking -> a group of select_one places (`<id>_1` ...), number -> integer or
decimal, text -> text; show_if and groups -> relevant; required and constraints with their
messages. The full table is in docs/interop.md.

Before the sections the form asks the respondent profile (form.py) and records the
questionnaire's version in a `calculate` field, with the standard `start` and `end` times.
Every cell is written as text, never as a formula, whatever it starts with.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from s3engine.i18n.texts import Text, builtin, builtin_filled, pick
from s3engine.interop.expressions import Unexpressible, XPath
from s3engine.interop.form import (
    VERSION_FIELD,
    Unexpressed,
    check_names,
    form_version,
    options_help_lost,
    profile_fields,
    rank_field,
)
from s3engine.questionnaire.conditions import Condition
from s3engine.questionnaire.model import (
    MultipleChoice,
    NumberQuestion,
    Option,
    Question,
    Questionnaire,
    Ranking,
    ScaleQuestion,
    Section,
    SingleChoice,
    TextQuestion,
    YesNo,
)
from s3engine.survey.flow import LANGUAGE_NAMES, format_number, number_hint, ranking_bounds

#: The choice lists the form adds to the questionnaire's own.
YES_NO = "yes_no"
REGIONS = "s3_regions"
GROUPS = "s3_groups"
SECTORS = "s3_sectors"
#: A NUTS code, as XLSForm's regex() reads it (questionnaire.answers.REGION_CODE).
NUTS_REGEX = "^[A-Z]{2}[A-Z0-9]{0,3}$"

Texts = dict[str, str]  # language -> text


def language_column(kind: str, lang: str) -> str:
    """`label::Deutsch (de)`: XLSForm's column of a translation, named as ODK recommends."""
    return f"{kind}::{LANGUAGE_NAMES.get(lang, lang)} ({lang})"


@dataclass
class Sheets:
    """The rows of the three sheets, each a mapping of column to value."""

    survey: list[dict[str, str]] = field(default_factory=list)
    choices: list[dict[str, str]] = field(default_factory=list)
    settings: dict[str, str] = field(default_factory=dict)
    warnings: list[Unexpressed] = field(default_factory=list)


class _Form:
    def __init__(self, q: Questionnaire, *, advice: bool = True):
        check_names(q)
        self.q = q
        self.advice = advice
        self.xpath = XPath(q)
        self.sheets = Sheets()
        self.lists: dict[str, str] = {}  # key of a list -> its list_name

    # -- texts ---------------------------------------------------------------------------

    def texts(self, text: Text | None) -> Texts:
        return {lang: pick(text, lang, self.q.default_language) for lang in self.q.languages}

    def builtins(self, key: str, **values: object) -> Texts:
        return {lang: builtin_filled(key, lang, **values) for lang in self.q.languages}

    def row(self, kind: str, name: str, label: Texts | None = None, **columns: str) -> None:
        row = {"type": kind, "name": name}
        for lang, text in (label or {}).items():
            if text:
                row[language_column("label", lang)] = text
        for key, value in columns.items():
            if value:
                row[key] = value
        self.sheets.survey.append(row)

    def translated(self, kind: str, texts: Texts) -> dict[str, str]:
        return {language_column(kind, lang): text for lang, text in texts.items() if text}

    def warn(self, where: str, message: str) -> None:
        self.sheets.warnings.append(Unexpressed(where, message))

    def expression(self, where: str, make: Callable[[], str]) -> str:
        try:
            return make()
        except Unexpressible as exc:
            self.warn(where, f"left out of the form: {exc}")
            return ""

    # -- choice lists ----------------------------------------------------------------------

    def choice_list(self, key: str, name: str, choices: Sequence[tuple[str, Texts]]) -> str:
        if key not in self.lists:
            self.lists[key] = name
            for value, label in choices:
                row = {"list_name": name, "name": value}
                row.update(self.translated("label", label))
                self.sheets.choices.append(row)
        return self.lists[key]

    def options_list(self, question: Question) -> str:
        options: list[Option] = self.q.options_of(question)
        shared = getattr(question, "options", None)
        key = f"list:{shared}" if isinstance(shared, str) else f"question:{question.id}"
        name = f"l_{shared}" if isinstance(shared, str) else f"q_{question.id}"
        return self.choice_list(key, name, [(o.value, self.texts(o.label)) for o in options])

    def scale_list(self, question: ScaleQuestion) -> str:
        scale = self.q.scale_of(question)
        points = scale.points if scale is not None else []
        shared = question.scale if isinstance(question.scale, str) else None
        key = f"scale:{shared}" if shared else f"scale-of:{question.id}"
        name = f"scale_{shared}" if shared else f"scale_q_{question.id}"
        return self.choice_list(key, name, [(str(p.value), self.texts(p.label)) for p in points])

    def yes_no(self) -> str:
        labels = [("yes", self.builtins("survey.yes")), ("no", self.builtins("survey.no"))]
        return self.choice_list(YES_NO, YES_NO, labels)

    # -- the form --------------------------------------------------------------------------

    def build(self) -> Sheets:
        q = self.q
        self.row("start", "start")
        self.row("end", "end")
        self.row("calculate", VERSION_FIELD, calculation=f"'{form_version(q)}'")
        consent = self.profile()
        for section in q.sections:
            self.section(section, consent)
        self.sheets.settings = {
            "form_title": pick(q.title, q.default_language, q.default_language),
            "form_id": q.id,
            "version": form_version(q),
            "default_language": f"{LANGUAGE_NAMES.get(q.default_language, q.default_language)} "
            f"({q.default_language})",
        }
        return self.sheets

    def profile(self) -> str:
        """The consent and profile questions; the condition the rest of the form needs."""
        q = self.q
        fields = profile_fields(q)
        consent = ""
        if "consent" in fields:
            self.row(
                f"select_one {self.yes_no()}",
                fields["consent"],
                self.texts(q.consent),
                required="yes",
            )
            consent = f"${{{fields['consent']}}} = 'yes'"
        self.row("begin_group", "profile", self.builtins("survey.profile.title"), relevant=consent)
        if q.profile.regions:
            regions = [(r.code, {lang: r.name for lang in q.languages}) for r in q.profile.regions]
            kind = f"select_one {self.choice_list(REGIONS, REGIONS, regions)}"
            self.row(kind, fields["region"], self.builtins("survey.profile.region"), required="yes")
        else:
            self.row(
                "text",
                fields["region"],
                self.builtins("survey.profile.region"),
                required="yes",
                constraint=f"regex(., '{NUTS_REGEX}')",
                **self.translated("hint", self.builtins("survey.profile.region_code")),
                **self.translated(
                    "constraint_message", self.builtins("survey.profile.region_invalid")
                ),
            )
        groups = [(g.id, self.texts(g.label)) for g in q.profile.groups]
        self.row(
            f"select_one {self.choice_list(GROUPS, GROUPS, groups)}",
            fields["group"],
            self.builtins("survey.profile.group"),
            required="yes",
        )
        if "organisation" in fields:
            self.row("text", fields["organisation"], self.builtins("survey.profile.organisation"))
        if "sector" in fields:
            sectors = [(s.value, self.texts(s.label)) for s in q.profile.sectors]
            self.row(
                f"select_one {self.choice_list(SECTORS, SECTORS, sectors)}",
                fields["sector"],
                self.builtins("survey.profile.sector"),
            )
        self.row("end_group", "")
        return consent

    def relevant(self, where: str, item: Section | Question, before: str = "") -> str:
        parts = [before] if before else []
        if item.groups:
            groups = item.groups
            parts.append(self.expression(where, partial(self.xpath.group_is, groups)))
        show_if: Condition | None = item.show_if
        if show_if is not None:
            parts.append(self.expression(where, partial(self.xpath.condition, show_if)))
        parts = [p for p in parts if p]
        return self.xpath.all(parts) if parts else ""

    def section(self, section: Section, consent: str) -> None:
        self.row(
            "begin_group",
            section.id,
            self.texts(section.title),
            relevant=self.relevant(section.id, section, consent),
            **self.translated("hint", self.texts(section.description)),
        )
        for question in section.questions:
            self.question(question)
        self.row("end_group", "")

    def question(self, question: Question) -> None:
        if question.personal:
            self.warn(
                question.id,
                "personal data: the tool keeps it with the other answers; restrict who can "
                "see the submissions there (s3engine drops it from results as usual)",
            )
        lost = options_help_lost(self.q, question, "XLSForm")
        if lost:
            self.warn(question.id, lost)
        if isinstance(question, Ranking):
            self.ranking(question)
            return
        columns: dict[str, str] = {"relevant": self.relevant(question.id, question)}
        if self.advice:
            columns.update(self.translated("hint", self.hint(question)))
        if question.required:
            columns["required"] = "yes"
            if self.advice:
                message = self.required_message(question)
                columns.update(self.translated("required_message", message))
        rules, messages = self.constraints(question) if self.advice else ([], [])
        if rules:
            columns["constraint"] = self.xpath.all(rules)
            joined = {
                lang: " ".join(m[lang] for m in messages if m.get(lang))
                for lang in self.q.languages
            }
            columns.update(self.translated("constraint_message", joined))
        if isinstance(question, TextQuestion) and question.multiline:
            columns["appearance"] = "multiline"
        self.row(self.kind(question), question.id, self.texts(question.text), **columns)

    def kind(self, question: Question) -> str:
        if isinstance(question, SingleChoice):
            return f"select_one {self.options_list(question)}"
        if isinstance(question, MultipleChoice):
            return f"select_multiple {self.options_list(question)}"
        if isinstance(question, ScaleQuestion):
            return f"select_one {self.scale_list(question)}"
        if isinstance(question, YesNo):
            return f"select_one {self.yes_no()}"
        if isinstance(question, NumberQuestion):
            return "integer" if question.integer or question.decimals == 0 else "decimal"
        return "text"

    def hint(self, question: Question) -> Texts:
        hints = self.texts(question.help)
        if isinstance(question, NumberQuestion):
            for lang in self.q.languages:
                extra = number_hint(self.q, question, lang)
                hints[lang] = (
                    f"{hints[lang]} ({extra})" if hints[lang] and extra else hints[lang] or extra
                )
        return hints

    def required_message(self, question: Question) -> Texts:
        given = self.texts(question.required_message)
        fallback = self.builtins("answer.required")
        return {lang: given[lang] or fallback[lang] for lang in self.q.languages}

    def constraints(self, question: Question) -> tuple[list[str], list[Texts]]:
        """The constraint parts of a question and the message of each, in every language."""
        rules: list[str] = []
        messages: list[Texts] = []

        def add(rule: str, message: Texts) -> None:
            rules.append(rule)
            messages.append(message)

        if isinstance(question, NumberQuestion):
            if question.min is not None:
                low = question.min
                add(
                    f". >= {self.xpath.number(low)}",
                    {
                        lang: builtin("survey.number.min", lang).format(
                            min=format_number(low, lang)
                        )
                        for lang in self.q.languages
                    },
                )
            if question.max is not None:
                high = question.max
                add(
                    f". <= {self.xpath.number(high)}",
                    {
                        lang: builtin("survey.number.max", lang).format(
                            max=format_number(high, lang)
                        )
                        for lang in self.q.languages
                    },
                )
            if question.decimals and not question.integer:
                add(
                    f"string-length(substring-after(string(.), '.')) <= {question.decimals}",
                    self.builtins("survey.number.decimals", decimals=question.decimals),
                )
        elif isinstance(question, TextQuestion):
            add(
                f"string-length(.) <= {question.max_length}",
                self.builtins("survey.text.limit", max=question.max_length),
            )
        elif isinstance(question, MultipleChoice):
            if question.min_selections > 1:
                add(
                    f"count-selected(.) >= {question.min_selections}",
                    self.builtins("survey.choose.at_least", n=question.min_selections),
                )
            if question.max_selections is not None:
                add(
                    f"count-selected(.) <= {question.max_selections}",
                    self.builtins("survey.choose.at_most", n=question.max_selections),
                )
        for constraint in question.constraints:
            rule = constraint.rule
            expression = self.expression(
                question.id,
                partial(self.xpath.condition, rule, current=question.id),
            )
            if expression:
                given = self.texts(constraint.message)
                fallback = self.builtins("answer.constraint")
                add(expression, {lang: given[lang] or fallback[lang] for lang in self.q.languages})
        return rules, messages

    def ranking(self, question: Ranking) -> None:
        """A ranking as places: a group of `select_one`, each without the options above."""
        low, high = ranking_bounds(self.q, question)
        rule = "survey.rank.rule_exact" if low == high else "survey.rank.rule"
        hints = self.texts(question.help)
        rules = self.builtins(rule, low=low, high=high)
        self.row(
            "begin_group",
            question.id,
            self.texts(question.text),
            relevant=self.relevant(question.id, question),
            **self.translated(
                "hint",
                {
                    lang: f"{hints[lang]} {rules[lang]}" if hints[lang] else rules[lang]
                    for lang in self.q.languages
                },
            ),
        )
        kind = f"select_one {self.options_list(question)}"
        names = [rank_field(question.id, rank) for rank in range(1, high + 1)]
        for rank, name in enumerate(names, 1):
            earlier = names[: rank - 1]
            columns: dict[str, str] = {}
            if earlier:
                columns["relevant"] = f"${{{earlier[-1]}}} != ''"
                columns["choice_filter"] = " and ".join(f"name != ${{{e}}}" for e in earlier)
            if (rank == 1 and question.required) or 1 < rank <= low:
                columns["required"] = "yes"
                columns.update(
                    self.translated(
                        "required_message",
                        self.required_message(question)
                        if rank == 1
                        else self.builtins(rule, low=low, high=high),
                    )
                )
            self.row(kind, name, self.builtins("survey.rank.place", rank=rank), **columns)
        self.row("end_group", "")


def xlsform_sheets(q: Questionnaire, *, advice: bool = True) -> Sheets:
    """The rows of the XLSForm of `q`, with what it could not express; without `advice`,
    the fields alone, without hints, constraints and their messages (which an import, that
    only matches columns to fields, does not need)."""
    return _Form(q, advice=advice).build()


def render_xlsform(q: Questionnaire) -> tuple[bytes, list[Unexpressed]]:
    """The XLSForm workbook of `q` (.xlsx bytes) and what it could not express."""
    from openpyxl import Workbook

    sheets = xlsform_sheets(q)
    book = Workbook()
    survey = book.active
    survey.title = "survey"
    _write_rows(survey, sheets.survey)
    _write_rows(book.create_sheet("choices"), sheets.choices)
    _write_rows(book.create_sheet("settings"), [sheets.settings])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue(), sheets.warnings


def _write_rows(sheet: Any, rows: list[dict[str, str]]) -> None:
    header: list[str] = []
    for row in rows:
        header += [key for key in row if key not in header]
    _write_line(sheet, 1, header)
    for number, row in enumerate(rows, 2):
        _write_line(sheet, number, [row.get(key, "") for key in header])


def _write_line(sheet: Any, number: int, values: list[str]) -> None:
    for column, value in enumerate(values, 1):
        if not value:
            continue
        cell = sheet.cell(row=number, column=column)
        cell.value = value
        # openpyxl takes a text starting with '=' for a formula: it stays text.
        cell.data_type = "s"
