"""What a page of the web survey posts, read into answers; and questions made ready to show.

The browser sends text: the value of a radio button, the ticked boxes, a typed number, the
place chosen for each option of a ranking. This module turns that text into the answer
values of a response and asks survey.flow whether they fit (`answer_problem`, the rule the
terminal and answers files use too), so the web adds no rule of its own. What only a changed
form can send (an option the page did not offer, a field the page does not have, two values
where one fits) is `Tampered`: the survey answers it with a 400 page, never a guess.

Field names: `q:<question id>` holds the answer of a question (ticked boxes: one field per
box); a ranking has one field per option, `r:<question id>:<option value>`, holding its place.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from s3engine.i18n.texts import pick
from s3engine.questionnaire.model import (
    MultipleChoice,
    NumberQuestion,
    Question,
    Questionnaire,
    Ranking,
    ScaleQuestion,
    SingleChoice,
    TextQuestion,
    YesNo,
)
from s3engine.responses.model import AnswerValue
from s3engine.survey.flow import (
    answer_problem,
    format_number,
    number_hint,
    number_problem,
    ranking_bounds,
    ranking_rule,
    read_number,
    selection_hint,
    takes_none_of_these,
    tr,
)

#: The longest word a scale point's label may have for the points to stand side by side.
ROW_WORD = 12
#: Fields every form of the survey may carry besides its questions.
FORM_FIELDS = frozenset({"csrf", "action", "confirm"})

Form = Mapping[str, Sequence[str]]


class Tampered(Exception):
    """A form the survey's pages cannot have sent (a changed page, or a hand-made request)."""


def field_name(question: Question) -> str:
    return f"q:{question.id}"


def rank_field(question: Question, option: str) -> str:
    return f"r:{question.id}:{option}"


def field_names(q: Questionnaire, questions: Sequence[Question]) -> set[str]:
    """Every field name the form of these questions may post."""
    names: set[str] = set()
    for question in questions:
        if isinstance(question, Ranking):
            names.update(rank_field(question, o.value) for o in q.options_of(question))
        else:
            names.add(field_name(question))
    return names


def check_fields(form: Form, allowed: set[str]) -> None:
    unknown = [name for name in form if name not in allowed and name not in FORM_FIELDS]
    if unknown:
        raise Tampered(f"unknown field {unknown[0][:60]!r}")
    for name in FORM_FIELDS:
        if len(form.get(name, ())) > 1:
            raise Tampered(f"the field {name!r} is given twice")


@dataclass
class Reading:
    """What was posted for one question: the text to show again, and the value or problem."""

    question: Question
    raw: list[str]
    value: AnswerValue | None = None
    problem: str | None = None

    @property
    def empty(self) -> bool:
        return self.value is None and self.problem is None


def read_answer(
    q: Questionnaire,
    question: Question,
    form: Form,
    answers: Mapping[str, Any],
    lang: str,
) -> Reading:
    """The answer a form gives to `question` (None when left empty), checked by the survey's
    rules against the other `answers`; Tampered when no page of the survey could send it."""
    if isinstance(question, Ranking):
        reading = _read_ranking(q, question, form, lang)
    else:
        raw = [_clean(text) for text in form.get(field_name(question), ())]
        reading = Reading(question, raw)
        given = [text for text in raw if text.strip()]
        if isinstance(question, MultipleChoice):
            options = [o.value for o in q.options_of(question)]
            if any(text not in options for text in given) or len(set(given)) != len(given):
                raise Tampered(f"not options of {question.id}")
            # The box "none of these" sends an empty value; nothing ticked is no answer.
            none = len(given) < len(raw)
            if none and not takes_none_of_these(question):
                raise Tampered(f"{question.id} has no 'none of these'")
            if none and given:
                reading.problem = tr("survey.none.and_ticked", lang)
            elif none:
                reading.value = []
            else:
                reading.value = [o for o in options if o in given] or None
        elif len(raw) > 1:
            raise Tampered(f"{question.id} is given {len(raw)} times")
        elif given:
            _read_one(q, question, given[0], reading, lang)
    if reading.value is not None and reading.problem is None:
        reading.problem = answer_problem(q, question, reading.value, answers, lang)
    return reading


def _clean(text: str) -> str:
    # Browsers send the line breaks of a text area as CR LF; responses keep LF alone.
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _read_one(q: Questionnaire, question: Question, text: str, reading: Reading, lang: str) -> None:
    if isinstance(question, SingleChoice):
        if text not in [o.value for o in q.options_of(question)]:
            raise Tampered(f"not an option of {question.id}")
        reading.value = text
    elif isinstance(question, YesNo):
        if text not in ("yes", "no"):
            raise Tampered(f"not yes or no: {question.id}")
        reading.value = text == "yes"
    elif isinstance(question, ScaleQuestion):
        scale = q.scale_of(question)
        point = int(text) if text.lstrip("-").isdigit() and len(text) < 10 else None
        if scale is None or point is None or scale.point(point) is None:
            raise Tampered(f"not a point of the scale of {question.id}")
        reading.value = point
    elif isinstance(question, NumberQuestion):
        reading.problem = number_problem(question, text, lang)
        if reading.problem is None:
            reading.value = read_number(question, text, lang)
    elif isinstance(question, TextQuestion):
        reading.value = text.strip() or None


def _read_ranking(q: Questionnaire, question: Ranking, form: Form, lang: str) -> Reading:
    options = [o.value for o in q.options_of(question)]
    _, high = ranking_bounds(q, question)
    places: dict[str, int] = {}
    raw: list[str] = []
    for option in options:
        given = form.get(rank_field(question, option), ())
        if len(given) > 1:
            raise Tampered(f"{question.id}: a place is given twice for {option}")
        text = given[0].strip() if given else ""
        raw.append(text)
        if not text:
            continue
        if not text.isdigit() or not 1 <= int(text) <= high:
            raise Tampered(f"{question.id}: not a place: {text[:20]!r}")
        places[option] = int(text)
    reading = Reading(question, raw)
    if len(set(places.values())) != len(places):
        reading.problem = _t(lang, "rank.twice")
    elif places:
        reading.value = sorted(places, key=lambda option: places[option])
    return reading


def _t(lang: str, key: str) -> str:
    from s3engine.web.translations import translations

    return translations(lang).gettext(_MESSAGES[key])


def N_(message: str) -> str:
    """Marks a text for the web's catalogue; translated where it is shown."""
    return message


_MESSAGES = {
    "rank.twice": N_("Give each place to one option only."),
}


# -- questions as a page shows them ---------------------------------------------------------


@dataclass
class Choice:
    value: str
    label: str
    help: str = ""
    checked: bool = False
    id: str = ""


@dataclass
class Shown:
    """A question ready for the page template: labels in the respondent's language, the
    current answer (or what was typed), the hint and the problem to show."""

    id: str
    kind: str
    text: str
    help: str
    required: bool
    personal: bool
    name: str
    hint: str = ""
    problem: str | None = None
    choices: list[Choice] = field(default_factory=list)
    value: str = ""
    multiline: bool = False
    max_length: int | None = None
    places: list[int] = field(default_factory=list)
    #: ranking: the place chosen for each option (as text), by option value
    ranks: dict[str, str] = field(default_factory=dict)
    is_new: bool = False
    #: a scale whose points fit side by side (short words): shown as a row where there is room
    row: bool = False
    #: a multiple choice that takes "none of these" ([]): the label of its box, and whether
    #: it is ticked
    none_label: str | None = None
    none_checked: bool = False

    @property
    def described_by(self) -> str:
        """The ids of the help, hint and problem texts that describe the question's field."""
        ids = [
            f"{prefix}-{self.id}"
            for prefix, present in (("d", self.help), ("h", self.hint), ("e", self.problem))
            if present
        ]
        if self.personal:
            ids.append(f"p-{self.id}")
        return " ".join(ids)

    @property
    def anchor(self) -> str:
        """The id of the question's first field (where an error message links to)."""
        return self.choices[0].id if self.choices else f"f-{self.id}"


def show(
    q: Questionnaire,
    question: Question,
    lang: str,
    *,
    answer: AnswerValue | None = None,
    reading: Reading | None = None,
    is_new: bool = False,
) -> Shown:
    """`question` as the page shows it: with `answer`, or with what was posted (`reading`)."""

    def text(value: Any) -> str:
        return pick(value, lang, q.default_language)

    shown = Shown(
        id=question.id,
        kind=question.type,
        text=text(question.text),
        help=text(question.help),
        required=question.required,
        personal=question.personal,
        name=field_name(question),
        problem=reading.problem if reading is not None else None,
        is_new=is_new,
    )
    raw = reading.raw if reading is not None else None
    if isinstance(question, SingleChoice | MultipleChoice):
        chosen = set(raw) if raw is not None else _as_set(answer)
        shown.choices = [
            Choice(o.value, text(o.label), text(o.help), o.value in chosen, f"f-{question.id}-{n}")
            for n, o in enumerate(q.options_of(question))
        ]
        if isinstance(question, MultipleChoice):
            shown.hint = selection_hint(question, len(shown.choices), lang)
            if takes_none_of_these(question):
                shown.none_label = tr("survey.none_of_these", lang)
                shown.none_checked = "" in raw if raw is not None else answer == []
    elif isinstance(question, ScaleQuestion):
        scale = q.scale_of(question)
        chosen = set(raw) if raw is not None else _as_set(answer)
        shown.choices = [
            Choice(
                str(p.value),
                text(p.label),
                checked=str(p.value) in chosen,
                id=f"f-{question.id}-{n}",
            )
            for n, p in enumerate(scale.points if scale is not None else [])
        ]
        words = [word for c in shown.choices for word in c.label.split()]
        shown.row = len(shown.choices) <= 7 and max(map(len, words), default=0) <= ROW_WORD
    elif isinstance(question, YesNo):
        chosen = set(raw) if raw is not None else _as_set(answer)
        shown.choices = [
            Choice("yes", tr("survey.yes", lang), checked="yes" in chosen, id=f"f-{question.id}-0"),
            Choice("no", tr("survey.no", lang), checked="no" in chosen, id=f"f-{question.id}-1"),
        ]
    elif isinstance(question, Ranking):
        options = q.options_of(question)
        _, high = ranking_bounds(q, question)
        shown.places = list(range(1, high + 1))
        shown.hint = ranking_rule(q, question, lang)
        if raw is not None:
            shown.ranks = dict(zip([o.value for o in options], raw, strict=True))
        elif isinstance(answer, list):
            shown.ranks = {value: str(place) for place, value in enumerate(answer, 1)}
        shown.choices = [
            Choice(o.value, text(o.label), text(o.help), id=f"f-{question.id}-{n}")
            for n, o in enumerate(options)
        ]
    elif isinstance(question, NumberQuestion):
        shown.hint = number_hint(q, question, lang)
        if raw is not None:
            shown.value = raw[0] if raw else ""
        elif isinstance(answer, int | float) and not isinstance(answer, bool):
            shown.value = format_number(answer, lang)
    elif isinstance(question, TextQuestion):
        shown.multiline = question.multiline
        shown.max_length = question.max_length
        if raw is not None:
            shown.value = raw[0] if raw else ""
        elif isinstance(answer, str):
            shown.value = answer
    return shown


def _as_set(answer: AnswerValue | None) -> set[str]:
    if answer is None:
        return set()
    if isinstance(answer, bool):
        return {"yes" if answer else "no"}
    if isinstance(answer, list):
        return set(answer)
    return {str(answer)}
