"""The survey apart from its prompts: where the respondent is, what they answered, what fits.

Pure functions and one small state object, shared by the terminal survey (survey.py) and its
scripted twin (survey_script.py). Visibility and the answer rules come from answers.py, so the
survey, `check` and scoring can never disagree; this module adds what a respondent needs on
top: progress, skipping, the first open question, typed input read the way people write it in
their language (decimal commas, thousands separators), and every message in that language.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from s3engine.i18n import decimal_symbol, pick, translator
from s3engine.i18n import format_number as format_local
from s3engine.i18n.texts import BUILTIN_TEXTS, builtin, builtin_count
from s3engine.questionnaire.answers import check_value, prune_hidden, visible_questions
from s3engine.questionnaire.conditions import is_answered
from s3engine.questionnaire.model import (
    MultipleChoice,
    NumberQuestion,
    Question,
    Questionnaire,
    Ranking,
    ScaleQuestion,
    Section,
    SingleChoice,
    TextQuestion,
    YesNo,
)
from s3engine.responses.model import AnswerValue, QuestionnaireRef, Respondent, Response

#: Languages by the name their speakers use, for the language prompt.
LANGUAGE_NAMES = {
    "en": "English",
    "de": "Deutsch",
    "fr": "Français",
    "it": "Italiano",
    "sl": "Slovenščina",
    "rm": "Rumantsch",
    "hr": "Hrvatski",
    "hu": "Magyar",
}

_NUMBER = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)$")
_GROUPING = str.maketrans("", "", " \u00a0\u202f\u2009'’")


def tr(key: str, lang: str, **values: object) -> str:
    """One of the survey's own texts in `lang`, with its placeholders filled in."""
    return builtin(key, lang).format(**values)


def tr_count(key: str, n: int, lang: str, **values: object) -> str:
    """Like `tr`, for a text about `n` things: its `.one` wording when `n` is 1 and it has
    one ("only one option"), else the plural form the language uses for `n`."""
    if n == 1 and f"{key}.one" in BUILTIN_TEXTS:
        return tr(f"{key}.one", lang, n=n, **values)
    return builtin_count(key, n, lang).format(n=format_local(n, lang), **values)


# -- numbers and texts as people type them ------------------------------------------------


def format_number(value: float, lang: str) -> str:
    """`3.5` as the respondent writes it: `3,5` in German, French, Italian, Slovenian (no
    thousands separators: the text may be the default of an input they edit)."""
    return format_local(value, lang, grouping=False)


def parse_number(text: str, lang: str = "en") -> float | int | None:
    """A number typed with a decimal point or comma and optional thousands separators.

    `1 234,5`, `1.234,5`, `1,234.5` and `1'234.5` all read as 1234.5. A single separator is
    the decimal one (`3,5` and `3.5` are 3.5), except where the respondent's language uses the
    other one and exactly three digits follow: `1.200` is 1200 in German, `1,200` in English.
    None when the text is not a number.
    """
    cleaned = text.strip().translate(_GROUPING)
    grouping = "." if decimal_symbol(lang) == "," else ","
    if "," in cleaned and "." in cleaned:
        decimal = "," if cleaned.rfind(",") > cleaned.rfind(".") else "."
        grouping = "." if decimal == "," else ","
        cleaned = cleaned.replace(grouping, "").replace(decimal, ".")
    elif cleaned.count(",") + cleaned.count(".") > 1:
        cleaned = cleaned.replace(",", "").replace(".", "")  # only thousands separators
    elif re.fullmatch(r"[+-]?\d{1,3}" + re.escape(grouping) + r"\d{3}", cleaned):
        cleaned = cleaned.replace(grouping, "")
    else:
        cleaned = cleaned.replace(",", ".")
    if not _NUMBER.match(cleaned):
        return None
    if "." not in cleaned:
        return int(cleaned)
    value = float(cleaned)
    return value if math.isfinite(value) else None


def decimals_of(value: float | int) -> int:
    if isinstance(value, int) or float(value).is_integer():
        return 0
    text = repr(float(value))
    if "e" in text:
        return 10
    return len(text.partition(".")[2].rstrip("0"))


def number_problem(question: NumberQuestion, text: str, lang: str) -> str | None:
    """Why a typed text is not an acceptable number for `question`, in `lang`."""
    value = parse_number(text, lang)
    if value is None:
        example = format_number(_example(question), lang)
        return tr("survey.number.invalid", lang, example=example)
    return number_value_problem(question, value, lang)


def number_value_problem(question: NumberQuestion, value: float, lang: str) -> str | None:
    places = decimals_of(value)
    if (question.integer or question.decimals == 0) and places:
        return tr("survey.number.whole", lang)
    if question.decimals is not None and places > question.decimals:
        return tr("survey.number.decimals", lang, decimals=question.decimals)
    if question.min is not None and value < question.min:
        return tr("survey.number.min", lang, min=format_number(question.min, lang))
    if question.max is not None and value > question.max:
        return tr("survey.number.max", lang, max=format_number(question.max, lang))
    return None


def read_number(question: NumberQuestion, text: str, lang: str) -> int | float:
    """The value of a text `number_problem` accepted: whole numbers as int."""
    value = parse_number(text, lang)
    if value is None:  # pragma: no cover - callers check first
        raise ValueError(text)
    if question.integer or float(value).is_integer():
        return int(value)
    return value


def _example(question: NumberQuestion) -> float:
    low = question.min if question.min is not None else 0
    high = question.max if question.max is not None else max(low, 0) + 100
    middle = (low + high) / 2
    if question.integer or question.decimals == 0:
        return float(round(middle))
    return round(middle, 1)


def number_hint(q: Questionnaire, question: NumberQuestion, lang: str) -> str:
    """`0 to 100 %`: the range and unit shown next to a number question."""
    parts = []
    low, high = question.min, question.max
    if low is not None and high is not None:
        parts.append(
            tr(
                "survey.number.range",
                lang,
                min=format_number(low, lang),
                max=format_number(high, lang),
            )
        )
    elif low is not None and low != 0:  # "at least 0" goes without saying for a count
        parts.append(tr("survey.number.at_least", lang, min=format_number(low, lang)))
    elif high is not None:
        parts.append(tr("survey.number.at_most", lang, max=format_number(high, lang)))
    unit = pick(question.unit, lang, q.default_language)
    if unit:
        parts.append(unit)
    return " ".join(parts)


def text_problem(question: TextQuestion, text: str, lang: str) -> str | None:
    if len(text) > question.max_length:
        return tr("survey.text.too_long", lang, max=question.max_length, length=len(text))
    return None


def selection_problem(question: MultipleChoice, chosen: Sequence[str], lang: str) -> str | None:
    """Too few or too many ticks, in `lang` (an empty selection is no answer, not a problem)."""
    if not chosen:
        return None
    if len(chosen) < question.min_selections:
        return tr_count("survey.choose.at_least", question.min_selections, lang)
    if question.max_selections is not None and len(chosen) > question.max_selections:
        return tr_count("survey.choose.at_most", question.max_selections, lang)
    return None


def selection_hint(question: MultipleChoice, options: int, lang: str) -> str:
    low = max(question.min_selections, 1)
    high = min(question.max_selections or options, options)
    if (low, high) == (1, options):
        return ""
    return tr("survey.choose.range", lang, low=low, high=high)


def ranking_bounds(q: Questionnaire, question: Ranking) -> tuple[int, int]:
    """How many options a ranking needs at least and takes at most."""
    high = min(question.top, len(q.options_of(question)))
    return min(question.min_ranked, high), high


def ranking_rule(q: Questionnaire, question: Ranking, lang: str) -> str:
    low, high = ranking_bounds(q, question)
    if low == high:
        return tr("survey.rank.rule_exact", lang, high=high)
    return tr("survey.rank.rule", lang, low=low, high=high)


def answer_problem(
    q: Questionnaire, question: Question, value: Any, answers: Mapping[str, Any], lang: str
) -> str | None:
    """Why `value` cannot be the answer, in the respondent's language; None when it fits.

    The survey's own checks come first (they speak every shipped language); the shared rules
    of answers.check_value then add the questionnaire's constraints with its own messages.
    """
    own: str | None = None
    if isinstance(question, NumberQuestion) and isinstance(value, int | float):
        own = number_value_problem(question, value, lang)
    elif isinstance(question, TextQuestion) and isinstance(value, str):
        own = text_problem(question, value, lang)
    elif isinstance(question, MultipleChoice) and isinstance(value, list):
        own = selection_problem(question, value, lang)
    if own is not None:
        return own
    problem = check_value(q, question, value, answers, lang)
    return None if problem is None else translator(lang).message(problem)


# -- how answers read --------------------------------------------------------------------


def option_label(q: Questionnaire, question: Question, value: str, lang: str) -> str:
    for option in q.options_of(question):
        if option.value == value:
            return pick(option.label, lang, q.default_language) or value
    return value


def scale_label(q: Questionnaire, question: ScaleQuestion, value: int, lang: str) -> str:
    scale = q.scale_of(question)
    point = scale.point(value) if scale is not None else None
    label = pick(point.label, lang, q.default_language) if point is not None else ""
    return f"{value} – {label}" if label else str(value)


def format_answer(q: Questionnaire, question: Question, value: Any, lang: str) -> str:
    """An answer as the respondent reads it: labels, not stored values."""
    if isinstance(question, SingleChoice):
        return option_label(q, question, str(value), lang)
    if isinstance(question, MultipleChoice):
        return "; ".join(option_label(q, question, v, lang) for v in value)
    if isinstance(question, Ranking):
        return "  ".join(
            f"{rank}. {option_label(q, question, v, lang)}" for rank, v in enumerate(value, 1)
        )
    if isinstance(question, ScaleQuestion):
        return scale_label(q, question, int(value), lang)
    if isinstance(question, NumberQuestion):
        unit = pick(question.unit, lang, q.default_language)
        number = format_number(value, lang)
        return f"{number} {unit}" if unit else number
    if isinstance(question, YesNo):
        return tr("survey.yes" if value else "survey.no", lang)
    return str(value)


# -- the state of one respondent's survey --------------------------------------------------


@dataclass(frozen=True)
class Progress:
    """Where the respondent is: section k of n, question i of m, and how much is done."""

    section: Section
    section_number: int
    section_count: int
    question_number: int
    question_count: int
    done: int

    @property
    def fraction(self) -> float:
        return self.done / self.question_count if self.question_count else 1.0


@dataclass
class SurveyState:
    """The answers and skips of one respondent, kept consistent with the questionnaire.

    Every change re-applies skip logic and group targeting: answers (and skips) of questions
    that the change hides are dropped at once.
    """

    q: Questionnaire
    group: str
    answers: dict[str, AnswerValue] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)

    def visible(self) -> list[Question]:
        return visible_questions(self.q, self.answers, self.group)

    def answer(self, question_id: str, value: AnswerValue) -> list[str]:
        """Record an answer; return the ids of answers dropped because they are now hidden."""
        self.skipped = [s for s in self.skipped if s != question_id]
        self.answers = {**self.answers, question_id: value}
        return self.settle()

    def skip(self, question_id: str) -> list[str]:
        """Skip an optional question (dropping any earlier answer to it)."""
        self.answers = {k: v for k, v in self.answers.items() if k != question_id}
        if question_id not in self.skipped:
            self.skipped = [*self.skipped, question_id]
        return self.settle()

    def settle(self) -> list[str]:
        """Drop answers and skips of questions that are hidden now; return the ids dropped."""
        kept = prune_hidden(self.q, self.answers, self.group)
        dropped = [qid for qid in self.answers if qid not in kept]
        self.answers = kept
        visible = {question.id for question in self.visible()}
        self.skipped = [s for s in self.skipped if s in visible and s not in kept]
        return dropped

    def is_open(self, question: Question) -> bool:
        return question.id not in self.skipped and not is_answered(self.answers.get(question.id))

    def first_open(self) -> int | None:
        """Index (among the visible questions) of the first unanswered, unskipped one."""
        for index, question in enumerate(self.visible()):
            if self.is_open(question):
                return index
        return None

    def progress(self, index: int) -> Progress:
        visible = self.visible()
        question = visible[index]
        sections: list[Section] = []
        for item in visible:
            section = self.q.section_of[item.id]
            if not sections or sections[-1].id != section.id:
                sections.append(section)
        current = self.q.section_of[question.id]
        number = next(i for i, s in enumerate(sections, 1) if s.id == current.id)
        done = sum(1 for item in visible if not self.is_open(item))
        return Progress(current, number, len(sections), index + 1, len(visible), done)

    def missing_required(self) -> list[Question]:
        return [x for x in self.visible() if x.required and not is_answered(self.answers.get(x.id))]


def make_response(
    q: Questionnaire,
    *,
    respondent: Respondent,
    language: str,
    state: SurveyState,
    consent: bool | None,
    started: datetime,
    updated: datetime,
    submitted: datetime | None,
) -> Response:
    """The response file's content for the current state of a survey (in questionnaire order)."""
    order = list(q.question_index)
    return Response(
        questionnaire=QuestionnaireRef(id=q.id, version=q.version, hash=q.content_hash),
        respondent=respondent,
        language=language,
        status="complete" if submitted is not None else "partial",
        consent=consent,
        started=started,
        updated=updated,
        submitted=submitted,
        answers={qid: state.answers[qid] for qid in order if qid in state.answers},
        skipped=[qid for qid in order if qid in state.skipped],
    )
