"""A questionnaire as a LimeSurvey survey structure (the tab-separated `.txt` import format).

LimeSurvey imports a survey from a tab-separated file with a header row; the `class` column
tells what each row is (S survey setting, SL language setting, G group, Q question, SQ
subquestion, A answer option), and the groups, questions and answers are repeated once per
language, the base language first (LimeSurvey's TSVImportSurvey and tsvSurveyExport). Any
further column is a question attribute (`min_answers`, `em_validation_q`, ...).

LimeSurvey names questions, subquestions and answers by codes with limits of their own: a
question code starts with a letter, holds only letters and digits and has at most 20 of them;
subquestion codes likewise; answer codes have at most 5. `Codes` derives them from s3engine's
ids in a stable way (each id alone decides its code, unless two ids would share one), and
`codes_csv` writes the mapping out beside the structure file.

What maps to what (question types, relevance equations, mandatory flags, validation
equations) is in docs/interop.md.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import partial

from s3engine.i18n.texts import Text, builtin, pick
from s3engine.interop.expressions import Expression, Unexpressible
from s3engine.interop.form import (
    VERSION_FIELD,
    Unexpressed,
    check_names,
    form_version,
    options_help_lost,
    profile_fields,
)
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
from s3engine.survey.flow import number_hint, ranking_bounds

#: The columns LimeSurvey's own export writes first; the attributes used here follow.
BASE_COLUMNS = (
    "id",
    "related_id",
    "class",
    "type/scale",
    "name",
    "relevance",
    "text",
    "help",
    "language",
    "validation",
    "mandatory",
    "other",
    "default",
    "same_default",
)
ATTRIBUTES = (
    "em_validation_q",
    "em_validation_q_tip",
    "equation",
    "hidden",
    "max_answers",
    "max_num_value_n",
    "maximum_chars",
    "min_answers",
    "min_num_value_n",
    "num_value_int_only",
)
COLUMNS = BASE_COLUMNS + ATTRIBUTES
QUESTION_CODE_LENGTH = 20
ANSWER_CODE_LENGTH = 5
#: Codes ExpressionScript reserves, and the columns of LimeSurvey's response table that a
#: question code would be confused with in an export (compared without case).
RESERVED = frozenset(
    code.lower()
    for code in (
        "LANG", "SID", "SAVEDID", "TOKEN", "QID", "GID", "SGQ", "self", "that", "this",
        "id", "submitdate", "lastpage", "startlanguage", "seed", "startdate", "datestamp",
        "ipaddr", "refurl", "time",
    )
)  # fmt: skip
#: The response columns LimeSurvey writes for every response (CSV export, codes as headings).
RESPONSE_COLUMNS = ("id", "submitdate", "lastpage", "startlanguage", "seed", "startdate")
#: The hidden Equation question whose value is the id of the LimeSurvey survey a response was
#: given in (ExpressionScript's `{SID}`): LimeSurvey numbers every survey's responses from 1
#: and its export has no survey id column, so `id` alone names a response only within one
#: survey; the import makes the respondent id of both (imports.py, docs/interop.md).
SURVEY_FIELD = "survey_id"
SURVEY_EQUATION = "{SID}"


#: The fields of `Codes.profile` that are no profile question: the form version, the survey id.
OWN_FIELDS = ("version", "survey")


def _camel(text: str) -> str:
    """`clusters_in_edp` -> `clustersInEdp`: letters and digits only, words marked by case."""
    words = [w for w in re.split(r"[^A-Za-z0-9]+", text) if w]
    return "".join(w if i == 0 else w[0].upper() + w[1:] for i, w in enumerate(words))


def _digest(text: str, length: int) -> str:
    number = int.from_bytes(hashlib.sha256(text.encode("utf-8")).digest()[:8], "big")
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    out = ""
    while len(out) < length:
        number, rest = divmod(number, 36)
        out += digits[rest]
    return out


def _codes(ids: Iterable[str], length: int, *, letter_first: bool) -> dict[str, str]:
    """A code per id: its camel-cased form when that is short, free and valid; else the
    first letters with a short digest of the id, so that each id alone decides its code."""
    ids = list(ids)
    plain = {i: _camel(i) for i in ids}
    count: dict[str, int] = {}
    for code in plain.values():
        count[code.lower()] = count.get(code.lower(), 0) + 1
    out: dict[str, str] = {}
    for i in ids:
        code = plain[i]
        fits = (
            0 < len(code) <= length
            and count[code.lower()] == 1
            and code.lower() not in RESERVED
            and (code[0].isalpha() or not letter_first)
        )
        if not fits:
            head = code[: length - 5] or "q"
            if letter_first and not head[0].isalpha():
                head = "q" + head[: length - 6]
            code = head + _digest(i, 5)
        out[i] = code
    return out


def _answer_codes(values: list[str]) -> dict[str, str]:
    """Answer codes (at most 5 letters or digits): the value's first 5, when that is unique
    among the options; else A1, A2... by position."""
    short = [_camel(v)[:ANSWER_CODE_LENGTH] for v in values]
    out: dict[str, str] = {}
    for position, (value, code) in enumerate(zip(values, short, strict=True), 1):
        unique = code and short.count(code) == 1 and code.lower() not in RESERVED
        out[value] = code if unique else f"A{position}"
    taken = [c for c in out.values()]
    if len(set(taken)) != len(taken):  # a first-5 code equal to some A<n>: positions for all
        out = {value: f"A{position}" for position, value in enumerate(values, 1)}
    return out


@dataclass
class Codes:
    """LimeSurvey's codes for a questionnaire: questions, subquestions, answers, profile."""

    #: question id -> question code
    question: dict[str, str] = field(default_factory=dict)
    #: (question id, option value) -> subquestion code (multiple choice)
    sub: dict[tuple[str, str], str] = field(default_factory=dict)
    #: (question id or "profile:<key>", value) -> answer code (lists, scales, rankings)
    answer: dict[tuple[str, object], str] = field(default_factory=dict)
    #: profile key ("region", "group", "consent", ...), "version" or "survey" (SURVEY_FIELD)
    #: -> question code
    profile: dict[str, str] = field(default_factory=dict)

    @classmethod
    def of(cls, q: Questionnaire) -> Codes:
        codes = cls()
        fields = profile_fields(q)
        own = {f"profile:{key}": name for key, name in fields.items()}
        own["version"] = VERSION_FIELD
        own["survey"] = SURVEY_FIELD
        ids = [question.id for _, question in q.questions()]
        made = _codes([*own.values(), *ids], QUESTION_CODE_LENGTH, letter_first=True)
        codes.profile = {key.removeprefix("profile:"): made[name] for key, name in own.items()}
        codes.question = {qid: made[qid] for qid in ids}
        for _, question in q.questions():
            if isinstance(question, MultipleChoice):
                values = [o.value for o in q.options_of(question)]
                subs = _codes(values, QUESTION_CODE_LENGTH, letter_first=False)
                codes.sub.update({(question.id, v): c for v, c in subs.items()})
            elif isinstance(question, SingleChoice | Ranking):
                values = [o.value for o in q.options_of(question)]
                answers = _answer_codes(values)
                codes.answer.update({(question.id, v): c for v, c in answers.items()})
            elif isinstance(question, ScaleQuestion):
                scale = q.scale_of(question)
                points = [p.value for p in scale.points] if scale is not None else []
                for point in points:
                    code = str(point) if 0 <= point < 10**ANSWER_CODE_LENGTH else f"M{-point}"
                    codes.answer[(question.id, point)] = code
        profile = q.profile
        lists = {
            "region": [r.code for r in profile.regions or []],
            "group": [g.id for g in profile.groups],
            "sector": [s.value for s in profile.sectors],
        }
        for key, listed in lists.items():
            for value, code in _answer_codes(listed).items():
                codes.answer[(f"profile:{key}", value)] = code
        return codes

    def headings(self, q: Questionnaire) -> list[tuple[str, str, str, str]]:
        """(kind, s3engine id, option or place, LimeSurvey response column) for every column
        a response export with question codes as headings holds."""
        rows: list[tuple[str, str, str, str]] = []
        for key, code in self.profile.items():
            rows.append((key if key in OWN_FIELDS else "profile", key, "", code))
        for _, question in q.questions():
            code = self.question[question.id]
            if isinstance(question, MultipleChoice):
                for option in q.options_of(question):
                    sub = self.sub[(question.id, option.value)]
                    rows.append(("option", question.id, option.value, f"{code}[{sub}]"))
            elif isinstance(question, Ranking):
                for rank in range(1, len(q.options_of(question)) + 1):
                    rows.append(("place", question.id, str(rank), f"{code}[{rank}]"))
            else:
                rows.append(("question", question.id, "", code))
        return rows


def codes_csv(q: Questionnaire) -> str:
    """The mapping of s3engine's ids to LimeSurvey's codes, as CSV for people and scripts."""
    codes = Codes.of(q)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(["kind", "id", "option", "limesurvey_code", "response_column"])
    for kind, qid, option, column in codes.headings(q):
        code = codes.profile[qid] if kind in ("profile", *OWN_FIELDS) else codes.question[qid]
        writer.writerow([kind, qid, option, code, column])
    for (qid, value), code in codes.answer.items():
        writer.writerow(["answer", qid, str(value), code, ""])
    for (qid, value), code in codes.sub.items():
        writer.writerow(["subquestion", qid, value, code, ""])
    return buffer.getvalue()


Row = dict[str, str]


class _Structure:
    def __init__(self, q: Questionnaire):
        check_names(q, {SURVEY_FIELD: "the LimeSurvey survey id"})
        self.q = q
        self.codes = Codes.of(q)
        self.em = Expression(q, self.codes)
        self.warnings: list[Unexpressed] = []
        self.rows: list[Row] = []
        self.ids: dict[str, int] = {}

    def id_of(self, key: str) -> str:
        return str(self.ids.setdefault(key, len(self.ids) + 1))

    def text(self, text: Text | None, lang: str) -> str:
        return _one_line(pick(text, lang, self.q.default_language))

    def warn(self, where: str, message: str) -> None:
        if all((w.where, w.message) != (where, message) for w in self.warnings):
            self.warnings.append(Unexpressed(where, message))

    def expression(self, where: str, make: Callable[[], str]) -> str:
        try:
            return make()
        except Unexpressible as exc:
            self.warn(where, f"left out of the survey: {exc}")
            return ""

    def add(self, **columns: str) -> None:
        self.rows.append({key: value for key, value in columns.items() if value != ""})

    # -- the survey -------------------------------------------------------------------------

    def build(self) -> list[Row]:
        q = self.q
        languages = [q.default_language, *(x for x in q.languages if x != q.default_language)]
        self.add(**{"class": "S", "name": "language", "text": languages[0]})
        self.add(**{"class": "S", "name": "additional_languages", "text": " ".join(languages[1:])})
        self.add(**{"class": "S", "name": "format", "text": "G"})
        self.add(**{"class": "S", "name": "datestamp", "text": "Y"})
        # a Back button, as the web and terminal surveys have (LimeSurvey's default is none)
        self.add(**{"class": "S", "name": "allowprev", "text": "Y"})
        for lang in languages:
            for name, text in (
                ("surveyls_title", q.title),
                ("surveyls_description", q.description),
            ):
                self.add(
                    **{"class": "SL", "name": name, "text": self.text(text, lang), "language": lang}
                )
        for lang in languages:
            consent = self.profile(lang)
            for section in q.sections:
                self.section(section, lang, consent)
        return self.rows

    def profile(self, lang: str) -> str:
        q = self.q
        codes = self.codes
        fields = profile_fields(q)
        self.add(
            **{
                "id": self.id_of("group:profile"),
                "class": "G",
                "type/scale": "0",
                "name": builtin("survey.profile.title", lang),
                "language": lang,
            }
        )
        # the form's own fields (OWN_FIELDS), hidden Equation questions saved with every
        # response: the form version, and the survey's id LimeSurvey puts for {SID}
        for key, value in {"version": form_version(q), "survey": SURVEY_EQUATION}.items():
            self.add(
                **{
                    "id": self.id_of(key),
                    "class": "Q",
                    "type/scale": "*",
                    "name": codes.profile[key],
                    "text": value,
                    "language": lang,
                    "equation": value,
                    "hidden": "1",
                }
            )
        consent = ""
        if "consent" in fields:
            self.add(
                **{
                    "id": self.id_of("profile:consent"),
                    "class": "Q",
                    "type/scale": "Y",
                    "name": codes.profile["consent"],
                    "text": self.text(q.consent, lang),
                    "language": lang,
                    "mandatory": "Y",
                }
            )
            consent = f"{codes.profile['consent']}.NAOK == 'Y'"
        asked = " and ".join(x for x in [consent] if x)
        if q.profile.regions:
            regions = [(r.code, r.name) for r in q.profile.regions]
            self.choice_question("region", regions, lang, asked, mandatory=True)
        else:
            self.add(
                **{
                    "id": self.id_of("profile:region"),
                    "class": "Q",
                    "type/scale": "S",
                    "name": codes.profile["region"],
                    "relevance": asked,
                    "text": builtin("survey.profile.region", lang),
                    "help": builtin("survey.profile.region_code", lang),
                    "language": lang,
                    "validation": "/^[A-Z]{2}[A-Z0-9]{0,3}$/",
                    "mandatory": "Y",
                }
            )
        groups = [(g.id, self.text(g.label, lang)) for g in q.profile.groups]
        self.choice_question("group", groups, lang, asked, mandatory=True)
        if "organisation" in fields:
            self.add(
                **{
                    "id": self.id_of("profile:organisation"),
                    "class": "Q",
                    "type/scale": "S",
                    "name": codes.profile["organisation"],
                    "relevance": asked,
                    "text": builtin("survey.profile.organisation", lang),
                    "language": lang,
                    "maximum_chars": "300",
                }
            )
        if "sector" in fields:
            sectors = [(s.value, self.text(s.label, lang)) for s in q.profile.sectors]
            self.choice_question("sector", sectors, lang, asked, mandatory=False)
        return consent

    def choice_question(
        self, key: str, choices: list[tuple[str, str]], lang: str, relevance: str, mandatory: bool
    ) -> None:
        self.add(
            **{
                "id": self.id_of(f"profile:{key}"),
                "class": "Q",
                "type/scale": "L",
                "name": self.codes.profile[key],
                "relevance": relevance,
                "text": builtin(f"survey.profile.{key}", lang),
                "language": lang,
                "mandatory": "Y" if mandatory else "N",
            }
        )
        for value, label in choices:
            code = self.codes.answer[(f"profile:{key}", value)]
            self.add(
                **{"class": "A", "type/scale": "0", "name": code, "text": label, "language": lang}
            )

    def relevance(self, where: str, item: Section | Question, before: str = "") -> str:
        parts = [before] if before else []
        if item.groups:
            groups = item.groups
            parts.append(self.expression(where, partial(self.em.group_is, groups)))
        show_if = item.show_if
        if show_if is not None:
            parts.append(self.expression(where, partial(self.em.condition, show_if)))
        parts = [p for p in parts if p]
        return self.em.all(parts) if parts else ""

    def section(self, section: Section, lang: str, consent: str) -> None:
        self.add(
            **{
                "id": self.id_of(f"group:{section.id}"),
                "class": "G",
                "type/scale": str(self.q.sections.index(section) + 1),
                "name": self.text(section.title, lang),
                "relevance": self.relevance(section.id, section, consent),
                "text": self.text(section.description, lang),
                "language": lang,
            }
        )
        for question in section.questions:
            self.question(question, lang)

    def question(self, question: Question, lang: str) -> None:
        q = self.q
        if question.personal:
            self.warn(
                question.id,
                "personal data: LimeSurvey keeps it with the other answers; restrict who can "
                "see the responses there (s3engine drops it from results as usual)",
            )
        lost = options_help_lost(q, question, "LimeSurvey")
        if lost:
            self.warn(question.id, lost)
        help_text = self.text(question.help, lang)
        row: Row = {
            "id": self.id_of(question.id),
            "class": "Q",
            "name": self.codes.question[question.id],
            "relevance": self.relevance(question.id, question),
            "text": self.text(question.text, lang),
            "language": lang,
            "mandatory": "Y" if question.required else "N",
        }
        options: list[Option] = []
        answers: list[tuple[str, str]] = []
        if isinstance(question, SingleChoice):
            row["type/scale"] = "L"
            options = q.options_of(question)
        elif isinstance(question, ScaleQuestion):
            row["type/scale"] = "L"
            scale = q.scale_of(question)
            for point in scale.points if scale is not None else []:
                code = self.codes.answer[(question.id, point.value)]
                answers.append((code, self.text(point.label, lang)))
        elif isinstance(question, Ranking):
            row["type/scale"] = "R"
            options = q.options_of(question)
            low, high = ranking_bounds(q, question)
            row["min_answers"] = str(low) if question.required else ""
            row["max_answers"] = str(high)
            rule = "survey.rank.rule_exact" if low == high else "survey.rank.rule"
            extra = builtin(rule, lang).format(low=low, high=high)
            help_text = f"{help_text} {extra}" if help_text else extra
            if not question.required and low > 1:
                self.warn(
                    question.id,
                    f"LimeSurvey asks for at least {low} places only of a mandatory ranking: "
                    "a respondent may rank fewer here, and such a response is refused on import",
                )
        elif isinstance(question, MultipleChoice):
            row["type/scale"] = "M"
            if question.min_selections > 1:
                row["min_answers"] = str(question.min_selections)
            if question.max_selections is not None:
                row["max_answers"] = str(question.max_selections)
        elif isinstance(question, NumberQuestion):
            row["type/scale"] = "N"
            if question.min is not None:
                row["min_num_value_n"] = self.em.number(question.min)
            if question.max is not None:
                row["max_num_value_n"] = self.em.number(question.max)
            if question.integer or question.decimals == 0:
                row["num_value_int_only"] = "1"
            elif question.decimals is not None:
                self.warn(
                    question.id,
                    "LimeSurvey cannot limit the decimals of a number (at most "
                    f"{question.decimals} here): an answer with more is refused on import",
                )
            hint = number_hint(q, question, lang)
            if hint:
                help_text = f"{help_text} ({hint})" if help_text else hint
        elif isinstance(question, YesNo):
            row["type/scale"] = "Y"
        elif isinstance(question, TextQuestion):
            row["type/scale"] = "T" if question.multiline else "S"
            row["maximum_chars"] = str(question.max_length)
        row["help"] = help_text
        self.validation(question, row, lang)
        self.add(**row)
        if isinstance(question, MultipleChoice):
            for option in q.options_of(question):
                # a subquestion is a question of its own to LimeSurvey: without an id of the
                # file's, TSVImportSurvey numbers it from 1, over the questions' ids, and
                # the import loses all but a few subquestions
                self.add(
                    **{
                        "id": self.id_of(f"option:{question.id}:{option.value}"),
                        "class": "SQ",
                        "type/scale": "0",
                        "name": self.codes.sub[(question.id, option.value)],
                        "text": self.text(option.label, lang),
                        "language": lang,
                    }
                )
        for option in options:
            code = self.codes.answer[(question.id, option.value)]
            answers.append((code, self.text(option.label, lang)))
        for code, label in answers:
            self.add(
                **{"class": "A", "type/scale": "0", "name": code, "text": label, "language": lang}
            )

    def validation(self, question: Question, row: Row, lang: str) -> None:
        """The questionnaire's constraints as the question's validation equation and tip."""
        rules: list[str] = []
        tips: list[str] = []
        for constraint in question.constraints:
            expression = self.expression(
                question.id, partial(self.em.condition, constraint.rule, current=question.id)
            )
            if expression:
                # an empty answer passes: required-ness is LimeSurvey's mandatory flag
                rules.append(f"is_empty({self.em.field(question.id, None)}) or ({expression})")
                tips.append(
                    pick(constraint.message, lang, self.q.default_language)
                    or builtin("answer.constraint", lang)
                )
        if rules:
            row["em_validation_q"] = self.em.all(rules)
            row["em_validation_q_tip"] = _one_line(" ".join(tips))


def _one_line(text: str) -> str:
    """LimeSurvey's own export writes no line breaks in a text cell; neither does this."""
    return " ".join(text.split())


def structure_rows(q: Questionnaire) -> tuple[list[Row], list[Unexpressed]]:
    structure = _Structure(q)
    rows = structure.build()
    return rows, structure.warnings


def render_structure(q: Questionnaire) -> tuple[str, list[Unexpressed]]:
    """The survey structure of `q` as LimeSurvey's tab-separated text, with what it could
    not express. Cells are written as data: LimeSurvey reads no formula from this file."""
    rows, warnings = structure_rows(q)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow([row.get(column, "") for column in COLUMNS])
    return buffer.getvalue(), warnings
