"""The survey apart from its prompts: where the respondent is, what they answered, what fits.

Pure functions and one small state object, shared by the terminal survey (survey.py) and its
scripted twin (survey_script.py). Visibility and the answer rules come from
questionnaire.answers, so the survey, answers files, `check` and scoring can never disagree:
the functions here that say whether an answer fits (answer_problem, number_value_problem,
text_problem, selection_problem, ranking_bounds, decimals_of) call those rules and only word
their verdict for the respondent. This module adds what a respondent needs on top: progress,
skipping, the first open question, typed input read the way people write it in their
language (decimal commas, thousands separators), and every message in that language.
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
from s3engine.i18n.texts import BUILTIN_TEXTS, builtin, builtin_filled
from s3engine.nuts import nuts_region
from s3engine.questionnaire import answers as answers_rules
from s3engine.questionnaire.answers import (
    Say,
    check_value,
    file_words,
    visible_questions,
)

# The survey's entry points to two answer rules, the rules themselves (re-exported).
from s3engine.questionnaire.answers import decimals_of as decimals_of
from s3engine.questionnaire.answers import ranking_bounds as ranking_bounds
from s3engine.questionnaire.answers import takes_none_of_these as takes_none_of_these
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
from s3engine.responses.model import AnswerValue, QuestionnaireRef, Respondent, Response, Wave

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
    return builtin_filled(key, lang, n=n, **values)


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


def number_problem(question: NumberQuestion, text: str, lang: str) -> str | None:
    """Why a typed text is not an acceptable number for `question`, in `lang`."""
    value = parse_number(text, lang)
    if value is None:
        example = format_number(_example(question), lang)
        return tr("survey.number.invalid", lang, example=example)
    return number_value_problem(question, value, lang)


def number_value_problem(question: NumberQuestion, value: float, lang: str) -> str | None:
    """Why a number is not acceptable for `question` (answers.number_problem), in `lang`."""
    return answers_rules.number_problem(question, value, respondent_words(lang))


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
    """Why a text is not acceptable for `question` (answers.text_problem), in `lang`."""
    return answers_rules.text_problem(question, text, respondent_words(lang))


def selection_problem(question: MultipleChoice, chosen: Sequence[str], lang: str) -> str | None:
    """Too few or too many ticks, in `lang` (an empty selection is no answer, not a problem)."""
    if not chosen:
        return None
    return answers_rules.selection_count_problem(question, chosen, respondent_words(lang))


def selection_hint(question: MultipleChoice, options: int, lang: str) -> str:
    low = max(question.min_selections, 1)
    high = min(question.max_selections or options, options)
    if (low, high) == (1, options):
        return ""
    return tr("survey.choose.range", lang, low=low, high=high)


def ranking_rule(q: Questionnaire, question: Ranking, lang: str) -> str:
    low, high = ranking_bounds(q, question)
    if low == high:
        return tr("survey.rank.rule_exact", lang, high=high)
    return tr("survey.rank.rule", lang, low=low, high=high)


def answer_problem(
    q: Questionnaire, question: Question, value: Any, answers: Mapping[str, Any], lang: str
) -> str | None:
    """Why `value` cannot be the answer, in the respondent's language; None when it fits.

    The rules are those of answers.check_value, which answers files, `check` and `score`
    apply too; only the words differ (respondent_words).
    """
    return check_value(q, question, value, answers, lang, respondent_words(lang))


#: The answer rules (answers.check_value) the survey words in the respondent's language.
_RESPONDENT_TEXTS = {
    "number.whole": "survey.number.whole",
    "number.min": "survey.number.min",
    "number.max": "survey.number.max",
    "text.too_long": "survey.text.too_long",
    "choices.at_least": "survey.choose.at_least",
    "choices.at_most": "survey.choose.at_most",
}


def respondent_words(lang: str) -> Say:
    """How the survey words a refused answer: in `lang`, numbers written as its speakers
    write them; a rule the survey has no text of its own for in the words of files
    (file_words), translated from s3engine's catalogues."""

    def say(rule: str, **values: Any) -> str:
        if rule == "number.decimals":  # "1 decimal place", "2 decimal places"
            return tr_count("survey.number.decimal_places", values["decimals"], lang)
        if rule == "ranking.count":
            low, high = values["low"], values["high"]
            if low == high:
                return tr("survey.rank.rule_exact", lang, high=high)
            return tr("survey.rank.rule", lang, low=low, high=high)
        key = _RESPONDENT_TEXTS.get(rule)
        if key is None:
            return translator(lang).message(file_words(rule, **values))
        if "n" in values:
            return tr_count(key, values["n"], lang)
        shown = {k: format_number(v, lang) if k in ("min", "max") else v for k, v in values.items()}
        return tr(key, lang, **shown)

    return say


# -- how answers read --------------------------------------------------------------------


def region_label(q: Questionnaire, code: str, lang: str) -> str:
    """`AT13  Vienna (Wien)`: a region as the respondent reads it, by the questionnaire's
    name for it, else by its NUTS name in `lang` with the national name where it differs."""
    for region in q.profile.regions or []:
        if region.code == code:
            return f"{code}  {region.name}"
    nuts = nuts_region(code)
    return nuts.label(lang) if nuts is not None else code


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
        if not value:
            return tr("survey.none_of_these", lang)
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


@dataclass(frozen=True)
class Page:
    """One section as the respondent meets it: the questions of it that apply to them."""

    section: Section
    questions: list[Question]


@dataclass
class SurveyState:
    """The answers and skips of one respondent, kept consistent with the questionnaire.

    Every change re-applies skip logic and group targeting: answers (and skips) of questions
    that the change hides are dropped at once. A dropped answer is set aside (`set_aside`,
    never part of the response): when a later change shows its question again, it comes back,
    so that changing an answer and changing it back loses nothing.
    """

    q: Questionnaire
    group: str
    answers: dict[str, AnswerValue] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)
    set_aside: dict[str, AnswerValue] = field(default_factory=dict)

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

    def clear(self, question_id: str) -> list[str]:
        """Take back an answer (or a skip): the question is open again. Returns the ids of
        answers dropped because that hid their questions."""
        self.answers = {k: v for k, v in self.answers.items() if k != question_id}
        self.skipped = [s for s in self.skipped if s != question_id]
        return self.settle()

    def set_group(self, group: str) -> list[str]:
        """Change the respondent's stakeholder group; return the ids of answers dropped."""
        self.group = group
        return self.settle()

    def settle(self) -> list[str]:
        """Drop answers and skips of questions that are hidden now; return the ids dropped.

        The answers dropped are set aside; answers set aside earlier whose questions are shown
        again come back, as long as they still fit (a constraint may compare with an answer
        that changed meanwhile).
        """
        original = set(self.answers)
        while True:
            visible = self.visible()
            shown = {question.id for question in visible}
            kept = {qid: value for qid, value in self.answers.items() if qid in shown}
            for qid, value in self.answers.items():
                if qid not in kept:
                    self.set_aside[qid] = value
            # Hidden answers never count in conditions (visible_questions), so dropping them
            # shows and hides nothing more.
            self.answers = kept
            if not self.set_aside or not self._restore(visible):
                break
        self.skipped = [s for s in self.skipped if s in shown and s not in self.answers]
        return [qid for qid in original if qid not in self.answers]

    def _restore(self, visible: Sequence[Question]) -> bool:
        """Bring back the set-aside answers of questions shown again; True if any came back."""
        restored = False
        for question in visible:
            qid = question.id
            if qid not in self.set_aside or qid in self.answers or qid in self.skipped:
                continue
            value = self.set_aside.pop(qid)
            if answer_problem(self.q, question, value, self.answers, self.q.default_language):
                continue  # it no longer fits: forget it
            self.answers = {**self.answers, qid: value}
            restored = True
        return restored

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

    def pages(self) -> list[Page]:
        """The sections that apply, each with its questions that apply, in order."""
        pages: list[Page] = []
        for question in self.visible():
            section = self.q.section_of[question.id]
            if pages and pages[-1].section.id == section.id:
                pages[-1].questions.append(question)
            else:
                pages.append(Page(section, [question]))
        return pages

    def first_open_page(self) -> int | None:
        """Index of the page that holds the first open question (where a survey resumes)."""
        index = self.first_open()
        if index is None:
            return None
        qid = self.visible()[index].id
        return next(
            n for n, page in enumerate(self.pages()) if any(x.id == qid for x in page.questions)
        )

    def copy(self) -> SurveyState:
        return SurveyState(
            self.q, self.group, dict(self.answers), list(self.skipped), dict(self.set_aside)
        )


def removed_by_answer(
    state: SurveyState, question_id: str, value: AnswerValue | None
) -> list[Question]:
    """The questions whose answers would go if `question_id` were answered `value` (None:
    skipped), in questionnaire order: what a respondent is warned of before such a change."""
    trial = state.copy()
    if value is None:
        trial.skip(question_id)
    else:
        trial.answer(question_id, value)
    return _questions(state.q, [qid for qid in state.answers if qid not in trial.answers])


def removed_by_group(state: SurveyState, group: str) -> list[Question]:
    """The questions whose answers would go if the respondent's group became `group`."""
    trial = state.copy()
    trial.set_group(group)
    return _questions(state.q, [qid for qid in state.answers if qid not in trial.answers])


def _questions(q: Questionnaire, ids: Sequence[str]) -> list[Question]:
    wanted = set(ids)
    return [question for _, question in q.questions() if question.id in wanted]


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
    wave: Wave | None = None,
) -> Response:
    """The response file's content for the current state of a survey (in questionnaire order)."""
    order = list(q.question_index)
    return Response(
        questionnaire=QuestionnaireRef(id=q.id, version=q.version, hash=q.content_hash),
        wave=wave,
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
