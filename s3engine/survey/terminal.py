"""The interactive terminal survey: the only module that imports questionary.

One prompt per question type, in the respondent's language:

* single choice, scale and yes/no: a list to pick from (scale points also by their digit);
  a scale or single choice not yet answered starts on no point, and Enter alone says what to
  do, so that nothing is answered without a choice;
* multiple choice: a list to tick, with the questionnaire's minimum and maximum; nothing
  ticked is "none of these" where no minimum is asked (asked again on an optional question,
  which may also be skipped);
* ranking: the next place is picked from the options left, until the respondent is done;
* number and text: typed, checked while typing (bounds, decimals, length, constraints).

Around the prompts: where the respondent is (section k of n, question i of m), help texts,
skipping optional questions, going back (Ctrl-B or the list entry), a review table (printed
once; a change shows what it changed) where any answer can be changed before submitting,
which is confirmed, and saving. A terminal resize redraws the prompt once. The response is
saved after every answer; Ctrl-C, a closed terminal (SIGHUP) and SIGTERM stop the survey with
what was answered kept as a partial response, and the exact command to resume is printed. The
logic that needs no terminal lives in survey_flow.py.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import signal
import textwrap
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from types import FrameType
from typing import Any

import questionary
from prompt_toolkit.application import Application
from prompt_toolkit.data_structures import Point
from prompt_toolkit.filters import to_filter
from prompt_toolkit.formatted_text import to_formatted_text
from prompt_toolkit.key_binding import KeyBindings, KeyPress, KeyPressEvent, merge_key_bindings
from prompt_toolkit.keys import Keys
from prompt_toolkit.layout.dimension import Dimension
from prompt_toolkit.layout.screen import Screen
from prompt_toolkit.renderer import Renderer
from prompt_toolkit.styles import Style
from questionary import Choice, Separator
from questionary.prompts.common import InquirerControl
from rich.console import Console
from rich.panel import Panel
from rich.progress_bar import ProgressBar
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from s3engine.core.bidi import BIDI_CONTROL
from s3engine.core.findings import REFUSED_CHARACTERS
from s3engine.core.limits import MAX_ORGANISATION_LENGTH
from s3engine.i18n.texts import builtin, pick
from s3engine.io.files import FileLock
from s3engine.questionnaire.answers import region_name, required_message, search_regions
from s3engine.questionnaire.model import (
    MultipleChoice,
    NumberQuestion,
    Question,
    Questionnaire,
    Ranking,
    Region,
    ScaleQuestion,
    SingleChoice,
    TextQuestion,
    YesNo,
)
from s3engine.responses.files import LoadedResponse, create_response_file, save_response
from s3engine.responses.model import AnswerValue, Respondent, Wave, new_respondent_id, now
from s3engine.survey.flow import (
    LANGUAGE_NAMES,
    SurveyState,
    answer_problem,
    format_answer,
    format_number,
    make_response,
    number_hint,
    number_problem,
    ranking_bounds,
    ranking_rule,
    read_number,
    region_label,
    removed_by_answer,
    removed_by_group,
    selection_hint,
    takes_none_of_these,
    tr,
)

#: Characters of an answer the review table shows (a long comment would fill the screen).
REVIEW_ANSWER = 160

#: A questionnaire's own regions are offered as one list up to this many; beyond, and for
#: every NUTS region, the respondent types a part of the name or code first.
LIST_REGIONS = 25

STYLE = Style(
    [
        ("qmark", "fg:ansicyan bold"),
        ("question", "bold"),
        ("answer", "fg:ansicyan bold"),
        ("pointer", "fg:ansicyan bold"),
        ("highlighted", "fg:ansicyan bold"),
        ("selected", "fg:ansigreen"),
        ("separator", "fg:ansibrightblack"),
        ("instruction", "fg:ansibrightblack"),
        ("validation-toolbar", "fg:ansiwhite bg:ansired"),
        ("refused", "fg:ansired"),
    ]
)


class _Nav:
    """A navigation choice (back, skip, ...) among the answers of a list."""

    def __init__(self, name: str):
        self.name = name

    def __repr__(self) -> str:
        return f"<{self.name}>"


BACK = _Nav("back")
SKIP = _Nav("skip")
DONE = _Nav("done")
UNDO = _Nav("undo")
SUBMIT = _Nav("submit")
CHANGE = _Nav("change")
LATER = _Nav("later")
SHOW = _Nav("show")
NONE = _Nav("none")  # "none of these" of a multiple choice


@dataclass(frozen=True)
class Answer:
    value: AnswerValue


Outcome = Answer | _Nav


class Stopped(KeyboardInterrupt):
    """SIGTERM or SIGHUP: the survey stops the way it does on Ctrl-C."""


class TypedInterrupt(KeyboardInterrupt):
    """Ctrl-C in a text field: the survey stops, with the text typed so far."""

    def __init__(self, typed: str):
        super().__init__()
        self.typed = typed


class KeptInterrupt(KeyboardInterrupt):
    """Ctrl-C while an answer was being typed that fits: it is kept as the answer."""

    def __init__(self, value: AnswerValue):
        super().__init__()
        self.value = value


@dataclass(frozen=True)
class SurveySettings:
    """What the command line fixed before the survey starts."""

    spec: str  # the questionnaire as the user named it, for the resume command
    command: str = "s3engine"  # s3engine as the user started it, for the resume command
    regions: list[Region] | None = None  # a region list given to the survey (--regions)
    lang: str | None = None
    region: str | None = None
    group: str | None = None
    out: Path = Path("responses")
    resume: LoadedResponse | None = None
    resume_path: Path | None = None
    #: the survey wave the response belongs to (--wave); a resumed response keeps its own
    wave: Wave | None = None


# -- prompts ------------------------------------------------------------------------------


class Prompter:
    """Asks one thing with questionary, in the respondent's language."""

    def __init__(
        self, q: Questionnaire, lang: str, console: Console, signals: _Signals | None = None
    ):
        self.q = q
        self.lang = lang
        self.console = console
        # The survey's SIGTERM/SIGHUP handling: every prompt is shown through it (_Signals.ask).
        self.signals = signals if signals is not None else _Signals()
        # The answers so far, for constraints that compare with other answers.
        self._answers: Mapping[str, Any] = {}

    def t(self, key: str, **values: object) -> str:
        return tr(key, self.lang, **values)

    def text_of(self, value: Any) -> str:
        return pick(value, self.lang, self.q.default_language)

    def hints(self, *keys: str) -> str:
        return " · ".join(self.t(f"survey.keys.{key}") for key in keys)

    # questionary wrappers: every prompt is erased when done (the survey prints the answer in
    # the respondent's language itself), takes Ctrl-B for back where that makes sense, and
    # shows the help of the option under the pointer.

    def select(
        self,
        message: str,
        choices: Sequence[Choice | Separator],
        *,
        default: Any = None,
        instruction: str | Sequence[str] = (),
        back: bool = False,
        digits: Mapping[str, Any] | None = None,
        unchosen: str | None = None,
    ) -> Any:
        """One entry of `choices`. With `unchosen` and no `default`, the pointer starts on
        no entry: Enter before one is chosen shows `unchosen` and the list stays open."""
        values = [c.value for c in choices if not isinstance(c, Separator)]
        while True:
            question = questionary.select(
                _wrap_message(message),
                choices=_wrap_choices(choices, indent=3),
                default=default if _among(default, values) else None,
                instruction=_wrap_instruction(instruction) or " ",
                style=STYLE,
                erase_when_done=True,
                use_jk_keys=False,
            )
            _reflow_on_resize(question)
            control = _inquirer_control(question)
            no_point = None
            if unchosen is not None and not _among(default, values) and control is not None:
                no_point = _NoPoint(unchosen)
                control.pointed_at = -1
            _localise_descriptions(control, no_point)
            bindings = _back_binding(back)
            if no_point is not None and control is not None:
                _no_point_bindings(bindings, control, no_point)
            if digits and control is not None:
                _digit_bindings(bindings, control, digits)
            _add_bindings(question, bindings)
            result = self.signals.ask(question)
            # Keys the list does not handle itself (Esc then Enter) end it with an empty
            # text: that is no choice, so the list is shown again.
            if _among(result, values):
                return result

    def checkbox(
        self,
        message: str,
        choices: Sequence[Choice],
        *,
        instruction: str | Sequence[str],
        validate: Callable[[list[Any]], bool | str],
        back: bool,
    ) -> Any:
        question = questionary.checkbox(
            _wrap_message(message),
            choices=_wrap_choices(choices, indent=5),
            instruction=_wrap_instruction(instruction),
            validate=validate,
            style=STYLE,
            erase_when_done=True,
        )
        _reflow_on_resize(question)
        _localise_descriptions(_inquirer_control(question))
        _add_bindings(question, _back_binding(back))
        result = self.signals.ask(question)
        if isinstance(result, list | _Nav):
            return result
        return self.checkbox(
            message, choices, instruction=instruction, validate=validate, back=back
        )  # Esc then Enter ends the list without a selection: show it again

    def text(
        self,
        message: str,
        *,
        default: str = "",
        instruction: str | Sequence[str],
        validate: Callable[[str], bool | str],
        back: bool,
        multiline: bool = False,
    ) -> Any:
        def check(text: str) -> bool | str:
            verdict = validate(text)
            return verdict if verdict is True else _wrap_text(str(verdict))

        question = questionary.text(
            _wrap_message(message),
            default=default,
            # questionary puts a space before and after the instruction; the answer is typed
            # on the line below it.
            instruction=(_wrap_instruction(instruction) + "\n").removeprefix(" ") + "›",
            validate=check,
            multiline=multiline,
            style=STYLE,
            erase_when_done=True,
            reserve_space_for_menu=0,
        )
        _reflow_on_resize(question)
        bindings = _back_binding(back)
        _keep_typed_on_ctrl_c(bindings)
        if multiline:
            _submit_multiline(bindings)
        _add_bindings(question, bindings)
        _let_messages_wrap(question)
        return self.signals.ask(question)

    # one question of the questionnaire

    def ask(
        self,
        question: Question,
        current: AnswerValue | None,
        answers: Mapping[str, Any],
        *,
        back: str | None,
    ) -> Outcome:
        """Ask `question`; `back` is the label of the way back, None when there is none."""
        self._answers = answers
        while True:
            try:
                outcome = self._ask_once(question, current, back)
            except TypedInterrupt as stop:
                kept = self.typed_answer(question, stop.typed)
                if kept is None:
                    raise
                raise KeptInterrupt(kept) from None
            if not isinstance(outcome, Answer):
                return outcome
            problem = answer_problem(self.q, question, outcome.value, answers, self.lang)
            if problem is None:
                return outcome
            # Lists cannot check as the respondent moves; say why and ask again.
            self.console.print(Text(f"  ✘ {problem}", style="red"))
            current = outcome.value

    def typed_answer(self, question: Question, typed: str) -> AnswerValue | None:
        """The answer a text typed into a number or text question makes, when it fits."""
        if not typed.strip():
            return None
        value: AnswerValue
        if isinstance(question, NumberQuestion):
            if number_problem(question, typed, self.lang) is not None:
                return None
            value = read_number(question, typed, self.lang)
        elif isinstance(question, TextQuestion):
            value = typed.strip()
        else:
            return None
        problem = answer_problem(self.q, question, value, self._answers, self.lang)
        return value if problem is None else None

    def _ask_once(self, question: Question, current: Any, back: str | None) -> Outcome:
        if isinstance(question, SingleChoice):
            return self._single(question, current, back)
        if isinstance(question, ScaleQuestion):
            return self._scale(question, current, back)
        if isinstance(question, YesNo):
            return self._yes_no(question, current, back)
        if isinstance(question, MultipleChoice):
            return self._multiple(question, current, back)
        if isinstance(question, Ranking):
            return self._ranking(question, current, back)
        if isinstance(question, NumberQuestion):
            return self._number(question, current, back)
        return self._text(question, current, back)

    def nav_choices(self, question: Question, back: str | None) -> list[Choice | Separator]:
        extra: list[Choice | Separator] = []
        if not question.required:
            extra.append(Choice(self.t("survey.skip"), value=SKIP))
        if back is not None:
            extra.append(Choice(back, value=BACK))
        return [Separator(), *extra] if extra else []

    def _list_hints(self, back: str | None) -> str:
        keys = ["choose", "confirm", *(["back"] if back else []), "stop"]
        return self.hints(*keys)

    def _pick_one(
        self,
        question: Question,
        choices: list[Choice | Separator],
        current: Any,
        back: str | None,
        digits: Mapping[str, Any] | None = None,
    ) -> Outcome:
        hints = self._list_hints(back)
        if digits:  # the scale points' digits jump to them: say so, after the arrows
            numbers = sorted(int(d) for d in digits)
            jump = self.t("survey.keys.digits", low=numbers[0], high=numbers[-1])
            first, _, rest = hints.partition(" · ")
            hints = " · ".join([first, jump, rest])
        # A scale or single choice starts on no point: Enter alone must not answer it with
        # whatever comes first ("0 no information", the lowest mark).
        deliberate = isinstance(question, ScaleQuestion | SingleChoice)
        value = self.select(
            self.text_of(question.text),
            [*choices, *self.nav_choices(question, back)],
            default=current,
            instruction=hints,
            back=back is not None,
            digits=digits,
            unchosen=self.t("survey.pick.digits" if digits else "survey.pick.none")
            if deliberate
            else None,
        )
        return value if isinstance(value, _Nav) else Answer(value)

    def _single(self, question: SingleChoice, current: Any, back: str | None) -> Outcome:
        choices: list[Choice | Separator] = [
            Choice(self.text_of(o.label), value=o.value, description=self.text_of(o.help) or None)
            for o in self.q.options_of(question)
        ]
        return self._pick_one(question, choices, current, back)

    def _scale(self, question: ScaleQuestion, current: Any, back: str | None) -> Outcome:
        scale = self.q.scale_of(question)
        points = scale.points if scale is not None else []
        choices: list[Choice | Separator] = [
            Choice(f"{p.value}  {self.text_of(p.label)}", value=p.value) for p in points
        ]
        digits = {str(p.value): p.value for p in points if 0 <= p.value <= 9}
        return self._pick_one(question, choices, current, back, digits)

    def _yes_no(self, question: YesNo, current: Any, back: str | None) -> Outcome:
        choices: list[Choice | Separator] = [
            Choice(self.t("survey.yes"), value=True),
            Choice(self.t("survey.no"), value=False),
        ]
        return self._pick_one(question, choices, current, back)

    def _multiple(self, question: MultipleChoice, current: Any, back: str | None) -> Outcome:
        chosen = set(current) if isinstance(current, list) else set()
        options = self.q.options_of(question)
        choices = [
            Choice(
                self.text_of(o.label),
                value=o.value,
                checked=o.value in chosen,
                description=self.text_of(o.help) or None,
            )
            for o in options
        ]
        rule = selection_hint(question, len(options), self.lang)
        keys = ["choose", "tick", "confirm", *(["back"] if back else []), "stop"]
        # Nothing ticked is "none of these" where the question takes it (answers rule), else
        # a skip of an optional question.
        none_of_these = takes_none_of_these(question)
        empty = (
            ["survey.keys.empty_none"]
            if none_of_these
            else []
            if question.required
            else ["survey.keys.empty_skips"]
        )
        instruction = " · ".join(
            [*([rule] if rule else []), self.hints(*keys), *(self.t(key) for key in empty)]
        )

        def validate(values: list[Any]) -> bool | str:
            if not values:
                ok = none_of_these or not question.required
                return True if ok else self._required(question)
            ordered = [o.value for o in options if o.value in values]
            return answer_problem(self.q, question, ordered, self._answers, self.lang) or True

        values = self.checkbox(
            self.text_of(question.text),
            choices,
            instruction=instruction,
            validate=validate,
            back=back is not None,
        )
        if isinstance(values, _Nav):
            return values
        if not values and none_of_these and not question.required:
            # An optional question: nothing ticked may mean "none of these" or no answer.
            meant = self.select(
                self.t("survey.none.prompt"),
                [
                    Choice(self.t("survey.none.none"), value=NONE),
                    Choice(self.t("survey.skip"), value=SKIP),
                ],
                instruction=self.hints("choose", "confirm"),
            )
            return Answer([]) if meant is NONE else SKIP
        if not values:
            return Answer([]) if none_of_these else SKIP
        return Answer([o.value for o in options if o.value in values])

    def _ranking(self, question: Ranking, current: Any, back: str | None) -> Outcome:
        options = self.q.options_of(question)
        low, high = ranking_bounds(self.q, question)
        ranked: list[str] = list(current) if isinstance(current, list) else []
        labels = {o.value: self.text_of(o.label) for o in options}
        while True:
            choices: list[Choice | Separator] = []
            if len(ranked) < high:
                choices = [
                    Choice(
                        self.text_of(o.label),
                        value=o.value,
                        description=self.text_of(o.help) or None,
                    )
                    for o in options
                    if o.value not in ranked
                ]
            extra: list[Choice | Separator] = []
            if ranked and len(ranked) >= low:
                extra.append(Choice(self.t("survey.rank.done"), value=DONE))
            if ranked:
                extra.append(Choice(self.t("survey.rank.undo"), value=UNDO))
            elif not question.required:
                extra.append(Choice(self.t("survey.skip"), value=SKIP))
            if back is not None:
                extra.append(Choice(back, value=BACK))
            so_far = "  ".join(f"{n}. {labels[v]}" for n, v in enumerate(ranked, 1))
            lines = [ranking_rule(self.q, question, self.lang), self._list_hints(back)]
            if ranked:
                lines.append(f"{self.t('survey.rank.so_far')}{_colon(self.lang)} {so_far}")
            if len(ranked) < high:
                place = self.t("survey.rank.place", rank=len(ranked) + 1)
                lines.append(f"{place}{_colon(self.lang)}")
            done_ready = (
                ranked and len(ranked) >= low and (ranked == current or len(ranked) == high)
            )
            picked = self.select(
                self.text_of(question.text),
                [*choices, *([Separator()] if choices and extra else []), *extra],
                default=DONE if done_ready else None,
                instruction=lines,
                back=back is not None,
            )
            if picked is DONE:
                return Answer(list(ranked))
            if picked is UNDO:
                ranked.pop()
            elif isinstance(picked, _Nav):
                return picked
            else:
                ranked.append(picked)

    def _number(self, question: NumberQuestion, current: Any, back: str | None) -> Outcome:
        hint = number_hint(self.q, question, self.lang)
        keys = ["confirm", *(["back"] if back else []), "stop"]
        skip = [] if question.required else [self.t("survey.keys.empty_skips")]
        instruction = " · ".join([*([hint] if hint else []), self.hints(*keys), *skip])

        def validate(text: str) -> bool | str:
            if not text.strip():
                return True if not question.required else self._required(question)
            problem = number_problem(question, text, self.lang)
            if problem is None:
                value = read_number(question, text, self.lang)
                problem = answer_problem(self.q, question, value, self._answers, self.lang)
            return problem or True

        default = format_number(current, self.lang) if isinstance(current, int | float) else ""
        text = self.text(
            self.text_of(question.text),
            default=default,
            instruction=instruction,
            validate=validate,
            back=back is not None,
        )
        if isinstance(text, _Nav):
            return text
        if not text.strip():
            return SKIP
        return Answer(read_number(question, text, self.lang))

    def _text(self, question: TextQuestion, current: Any, back: str | None) -> Outcome:
        confirm = "submit_multiline" if question.multiline else "confirm"
        keys = [confirm, *(["back"] if back else []), "stop"]
        limit = self.t("survey.text.limit", max=question.max_length)
        skip = [] if question.required else [self.t("survey.keys.empty_skips")]
        instruction = " · ".join([limit, self.hints(*keys), *skip])

        def validate(text: str) -> bool | str:
            if not text.strip():
                return True if not question.required else self._required(question)
            return answer_problem(self.q, question, text.strip(), self._answers, self.lang) or True

        text = self.text(
            self.text_of(question.text),
            default=current if isinstance(current, str) else "",
            instruction=instruction,
            validate=validate,
            back=back is not None,
            multiline=question.multiline,
        )
        if isinstance(text, _Nav):
            return text
        if not text.strip():
            return SKIP
        return Answer(text.strip())

    def _required(self, question: Question) -> str:
        return required_message(self.q, question, self.lang)


def _width() -> int:
    return max(40, shutil.get_terminal_size((100, 24)).columns - 2)


def _wrap_message(message: str) -> str:
    """The question, wrapped at word boundaries (prompt_toolkit would cut words in two)."""
    lines = textwrap.wrap(
        " ".join(message.split()),
        _width(),
        initial_indent="?  ",
        subsequent_indent="  ",
        break_on_hyphens=False,
    )
    if not lines:
        return message
    lines[0] = lines[0].removeprefix("?  ")
    return "\n".join(lines)


def _wrap_instruction(instruction: str | Sequence[str]) -> str:
    """Hints on their own lines below the question, indented and wrapped."""
    lines = [instruction] if isinstance(instruction, str) else list(instruction)
    out: list[str] = []
    for line in lines:
        if line.strip():
            out += textwrap.wrap(
                line, _width(), initial_indent="  ", subsequent_indent="  ", break_on_hyphens=False
            )
    return "\n" + "\n".join(out) if out else ""


def _colon(lang: str) -> str:
    """A colon as the language writes it: French puts a (no-break) space before it."""
    return "\u00a0:" if lang == "fr" else ":"


def _wrap_choices(choices: Sequence[Any], *, indent: int) -> list[Any]:
    """Choices whose labels are wrapped at word boundaries to the terminal's width, their
    next lines indented under the first (a narrow terminal would cut them off)."""
    width = _width() - indent
    wrapped: list[Any] = []
    for choice in choices:
        title = choice.title
        if isinstance(choice, Choice) and isinstance(title, str) and len(title) > width:
            lines = textwrap.wrap(title, width, break_on_hyphens=False)
            choice = Choice(
                ("\n" + " " * indent).join(lines),
                value=choice.value,
                checked=choice.checked,
                description=choice.description,
            )
        wrapped.append(choice)
    return wrapped


def _wrap_text(text: str) -> str:
    return "\n".join(textwrap.wrap(text, _width(), break_on_hyphens=False)) or text


def _let_messages_wrap(question: questionary.Question) -> None:
    """Give prompt_toolkit's one-line validation toolbar the lines a long message needs.

    Constraint messages come from the questionnaire and are often longer than a terminal line.
    """
    for window in question.application.layout.find_all_windows():
        text = getattr(window.content, "text", None)
        if getattr(text, "__qualname__", "").startswith("ValidationToolbar"):
            window.height = Dimension(min=1)
            window.dont_extend_height = to_filter(True)


class _ReflowingRenderer(Renderer):
    """prompt_toolkit's renderer, told that the terminal re-wraps the prompt on a resize.

    On a resize prompt_toolkit erases the prompt (it moves the cursor up as many rows as the
    prompt took) and draws it again. A terminal that re-wraps its lines when it gets
    narrower (tmux, GNOME Terminal, iTerm2, Windows Terminal, kitty ...) has by then made
    the prompt taller: the cursor stops short of its first rows, which stay on the screen
    above the new drawing, and the question is shown twice. Counted at the new width, the
    whole prompt is erased."""

    def erase(self, leave_alternate_screen: bool = True) -> None:
        # Only the resize erases without leaving the alternate screen (Application._on_resize).
        if not leave_alternate_screen and self._last_screen is not None:
            columns = self.output.get_size().columns
            self._cursor_pos = _reflowed(self._last_screen, self._cursor_pos, columns)
        super().erase(leave_alternate_screen)


def _reflowed(screen: Screen, cursor: Point, columns: int) -> Point:
    """Where `cursor` is, counted from the prompt's first row, once a terminal `columns`
    wide has re-wrapped the rows of `screen` above it."""
    columns = max(1, columns)
    rows = 0
    for y in range(cursor.y):
        line = screen.data_buffer[y]
        width = max((x + c.width for x, c in line.items() if c.char != " "), default=0)
        rows += max(1, -(-width // columns))
    return Point(x=cursor.x % columns, y=rows + cursor.x // columns)


def _reflow_on_resize(question: questionary.Question) -> None:
    """The prompt survives a resize: erased whole (_ReflowingRenderer), and its lines, wrapped
    at word boundaries for the width it was drawn at, wrapped again (within words if need
    be) rather than cut off when the terminal gets narrower."""
    app = question.application
    for window in app.layout.find_all_windows():
        window.wrap_lines = to_filter(True)
    app.renderer = _ReflowingRenderer(
        app._merged_style,
        app.output,
        full_screen=app.full_screen,
        mouse_support=app.mouse_support,
        cpr_not_supported_callback=app.cpr_not_supported_callback,
    )


def _inquirer_control(question: questionary.Question) -> InquirerControl | None:
    for window in question.application.layout.find_all_windows():
        if isinstance(window.content, InquirerControl):
            return window.content
    return None


@dataclass
class _NoPoint:
    """A list whose pointer starts on no entry: what Enter says before one is chosen."""

    message: str
    refused: bool = False  # Enter was pressed with no entry chosen


def _localise_descriptions(
    control: InquirerControl | None, no_point: _NoPoint | None = None
) -> None:
    """Show the help of the option under the pointer, without questionary's English label,
    and, in a list whose pointer is on no entry, what to do after Enter was pressed."""
    if control is None:
        return
    control.show_description = False
    original = control.text

    def tokens() -> Any:
        out = list(to_formatted_text(original))
        if control.pointed_at < 0:
            if no_point is not None and no_point.refused:
                lines = textwrap.wrap(f"✘ {no_point.message}", _width() - 2, subsequent_indent="  ")
                out += [("", "\n"), ("class:refused", "\n".join(f"  {x}" for x in lines))]
            return out
        current = control.get_pointed_at()
        if getattr(current, "description", None):
            lines = textwrap.wrap(f"ℹ {current.description}", _width() - 2, subsequent_indent="  ")
            out += [("", "\n"), ("class:instruction", "\n".join(f"  {x}" for x in lines))]
        return out

    control.text = tokens


def _add_bindings(question: questionary.Question, bindings: KeyBindings) -> None:
    app = question.application
    existing = app.key_bindings
    app.key_bindings = merge_key_bindings([existing, bindings] if existing else [bindings])


def _among(value: Any, values: Sequence[Any]) -> bool:
    """`value` is one of `values`, by type too (True is not the scale point 1)."""
    return any(type(value) is type(v) and value == v for v in values)


def _submit_multiline(bindings: KeyBindings) -> None:
    """In a multiline text, Enter starts a new line (paragraphs, and text pasted without
    bracketed paste, stay whole); Ctrl-D or Alt-Enter (Esc, Enter) confirms. Enter in a field
    still empty confirms it empty (skips an optional question), as in a one-line field."""

    @bindings.add("enter", eager=True)
    def _newline(event: KeyPressEvent) -> None:
        buffer = event.current_buffer
        if buffer.text.strip():
            buffer.insert_text("\n")
        else:
            buffer.text = ""
            buffer.validate_and_handle()

    @bindings.add("c-d", eager=True)
    @bindings.add("escape", "enter", eager=True)
    def _submit(event: KeyPressEvent) -> None:
        buffer = event.current_buffer
        buffer.text = buffer.text.rstrip()
        buffer.validate_and_handle()


def _keep_typed_on_ctrl_c(bindings: KeyBindings) -> None:
    """Ctrl-C in a text field stops the survey with the text typed so far (TypedInterrupt)."""

    @bindings.add("c-c", eager=True)
    def _stop(event: KeyPressEvent) -> None:
        event.app.exit(exception=TypedInterrupt(event.current_buffer.text))


def _sigint_as_ctrl_c() -> KeyBindings:
    """SIGINT that comes while a prompt is shown does what Ctrl-C does there (a text field
    keeps what was typed, every prompt stops the survey, saved). prompt_toolkit turns SIGINT
    into its key <sigint>, which questionary's choice prompts do not bind (its text prompts
    stop on it, dropping what was typed): a Ctrl-C typed as the prompt was being set up
    (before the terminal takes keys one by one, so the terminal sends the signal) or a
    `kill -INT` was lost at a choice, and the prompt waited on."""
    bindings = KeyBindings()

    @bindings.add(Keys.SIGINT, eager=True)
    def _as_ctrl_c(event: KeyPressEvent) -> None:
        event.app.key_processor.feed(KeyPress(Keys.ControlC, "\x03"))

    return bindings


_SIGINT_AS_CTRL_C = _sigint_as_ctrl_c()


def _back_binding(enabled: bool) -> KeyBindings:
    bindings = KeyBindings()
    if enabled:

        @bindings.add("c-b", eager=True)
        def _back(event: KeyPressEvent) -> None:
            event.app.exit(result=BACK)

    return bindings


def _no_point_bindings(bindings: KeyBindings, control: InquirerControl, no_point: _NoPoint) -> None:
    """Enter on no entry says what to do instead of answering; ↑ from no entry goes to the
    last entry (↓ goes to the first, as the list does itself)."""

    @bindings.add("enter", eager=True)
    def _confirm(event: KeyPressEvent) -> None:
        if control.pointed_at < 0:
            no_point.refused = True
            return
        control.is_answered = True
        event.app.exit(result=control.get_pointed_at().value)

    @bindings.add("up", eager=True)
    def _up(event: KeyPressEvent) -> None:
        if control.pointed_at < 0:
            control.pointed_at = control.choice_count
        control.select_previous()
        while not control.is_selection_valid():
            control.select_previous()


def _digit_bindings(
    bindings: KeyBindings, control: InquirerControl, digits: Mapping[str, Any]
) -> None:
    for key, value in digits.items():
        index = next(i for i, c in enumerate(control.choices) if c.value == value)

        @bindings.add(key, eager=True)
        def _jump(event: KeyPressEvent, index: int = index) -> None:
            control.pointed_at = index


# -- signals ------------------------------------------------------------------------------


class _Signals:
    """SIGTERM and SIGHUP stop the survey like Ctrl-C, except while a file is being saved.

    A Python signal handler runs in the main thread between any two bytecodes, and while a
    prompt is open those are mostly inside prompt_toolkit's asyncio event loop: an exception
    raised there (in a callback, a task, a `finally`, a `__del__`) is printed and swallowed,
    and the respondent sees a traceback under a survey that goes on. So the handler never
    raises. It records the signal (`pending`) and:

    * while a prompt is open, asks its Application, from inside the event loop, to exit
      with Stopped, which `Application.run` raises as a prompt's Ctrl-C is raised;
    * otherwise, the survey's own code stops at the next safe point: before the next prompt
      (`ask`, and its `pre_run` for a signal that comes as the prompt opens) or at the end of
      the next save (`saving_file`), both inside the `try` of Survey.run that turns Stopped
      into "The survey has been interrupted.";
    * a signal during a save (Ctrl-C too) waits until the file is written.

    `pending` is cleared only where Survey.run handles the stop. A signal that comes after
    the last save, as the survey ends, stops nothing: everything was saved."""

    def __init__(self) -> None:
        #: The first signal that asked the survey to stop, until Survey.run has stopped it.
        self.pending: int | None = None
        #: The prompt on the screen, from the moment its event loop runs until it returns.
        self.prompt: Application[Any] | None = None

    def handler(self, signum: int, frame: FrameType | None) -> None:
        if self.pending is None:
            self.pending = signum
        self._close_prompt()

    def check(self) -> None:
        """A safe point: stop here if a signal came (in the survey's code, never in a loop)."""
        if self.pending is not None:
            raise Stopped(self.pending)

    def ask(self, question: questionary.Question) -> Any:
        """Show `question` (questionary's unsafe_ask); a signal before or while it is shown
        stops the survey with Stopped, raised from here. SIGINT while it is shown is Ctrl-C
        (_sigint_as_ctrl_c)."""
        self.check()
        _add_bindings(question, _SIGINT_AS_CTRL_C)
        app = question.application

        def opened() -> None:  # in the event loop, the app's future set: it can exit now
            self.prompt = app
            self._close_prompt()  # a signal that came since check()

        try:
            return app.run(pre_run=opened)
        finally:
            self.prompt = None

    def _close_prompt(self) -> None:
        """Make the open prompt, if any, exit with Stopped, from inside its event loop."""
        app, signum = self.prompt, self.pending
        loop = app.loop if app is not None else None
        if app is None or loop is None or signum is None:
            return

        def close() -> None:
            # The prompt may have ended meanwhile (answered, or exited already: a burst of
            # signals schedules this more than once): Application.exit would raise "Return
            # value already set" inside the loop. The next safe point stops the survey then.
            future = app.future
            if future is not None and not future.done():
                app.exit(exception=Stopped(signum))

        with suppress(RuntimeError):  # the loop has closed: the prompt is over, check() stops
            loop.call_soon_threadsafe(close)

    @contextmanager
    def saving_file(self, *, reraise: bool = True) -> Iterator[None]:
        """No signal (nor Ctrl-C) interrupts what runs inside; it is acted on afterwards:
        with `reraise`, a signal that came before or during the save stops the survey once
        the file is written."""
        previous_int = _set_handler(signal.SIGINT, self.handler)
        try:
            yield
        finally:
            if previous_int is not _NOT_SET:
                _set_handler(signal.SIGINT, previous_int)
        if reraise:
            self.check()


_NOT_SET = object()


def _set_handler(signum: int, handler: Any) -> Any:
    """Install `handler`; return the one it replaced (_NOT_SET if it could not be installed)."""
    try:
        previous = signal.signal(signum, handler if handler is not None else signal.SIG_DFL)
    except ValueError:  # not the main thread: signals stay with whoever runs us
        return _NOT_SET
    return previous


@contextmanager
def _stop_signals(signals: _Signals) -> Iterator[None]:
    installed: dict[int, Any] = {}
    for name in ("SIGTERM", "SIGHUP"):
        number = getattr(signal, name, None)
        if number is not None:
            previous = _set_handler(number, signals.handler)
            if previous is not _NOT_SET:
                installed[number] = previous
    try:
        yield
    finally:
        for number, previous in installed.items():
            _set_handler(number, previous)


# -- the survey ---------------------------------------------------------------------------


class Survey:
    """One respondent's run through a questionnaire in the terminal."""

    def __init__(self, q: Questionnaire, settings: SurveySettings, console: Console):
        self.q = q
        self.settings = settings
        self.console = console
        self.signals = _Signals()
        self.lang = settings.lang or q.default_language
        self.prompter = self._prompter(self.lang)
        self.respondent: Respondent | None = None
        self.state: SurveyState | None = None
        self.consent: bool | None = None
        self.started = now()
        self.wave = settings.wave
        self.path: Path | None = None
        # A complete response reopened with --resume stays complete until an answer changes.
        self.submitted_before: datetime | None = None
        self.changed = False
        self.lock: FileLock | None = None  # on the response file, while it is answered
        # The question whose typed text Ctrl-C kept as its answer, to say so.
        self.kept_typed: Question | None = None

    def t(self, key: str, **values: object) -> str:
        return tr(key, self.lang, **values)

    def text_of(self, value: Any) -> str:
        return pick(value, self.lang, self.q.default_language)

    # -- running ----------------------------------------------------------------------

    def run(self) -> int:
        """Run the survey; 0 when submitted, saved for later or declined, 130 when stopped.

        The response file is locked while it is answered (io.files.FileLock): a second
        survey resuming it is told who has it, and stops before it asks anything."""
        try:
            if self.settings.resume_path is not None:
                self._lock(self.settings.resume_path)
            with _stop_signals(self.signals):
                try:
                    return self._run()
                except (KeyboardInterrupt, EOFError, OSError) as stop:
                    # A closed terminal sends SIGHUP, and what is then written to it fails:
                    # prompt_toolkit's last drawing of the prompt it closes, or a line
                    # printed before the next safe point. That error is the stop.
                    if isinstance(stop, OSError) and self.signals.pending is None:
                        raise
                    self.signals.pending = None  # the stop a signal asked for is this one
                    return self._stopped()
        finally:
            if self.lock is not None:
                self.lock.release()

    def _prompter(self, lang: str) -> Prompter:
        """The prompts in `lang`, stopped by the survey's signals."""
        return Prompter(self.q, lang, self.console, self.signals)

    def _lock(self, path: Path) -> None:
        self.lock = FileLock(path)
        note = self.lock.acquire()
        if note is not None:
            self.console.print(Text(note, style="dim"), soft_wrap=True)

    def _run(self) -> int:
        resumed = self.settings.resume
        if resumed is not None:
            self._restore(resumed)
        else:
            self._choose_language()
        self._welcome()
        if resumed is None:
            if self.q.consent is not None and not self._ask_consent():
                self.console.print(Text(self.t("survey.consent.declined"), style="bold"))
                return 0
            self._ask_profile()
            self._save()
        state = self._state()
        start = state.first_open()
        if resumed is not None:
            total = len(state.visible())
            message = (
                self.t("survey.resumed", i=start + 1, m=total)
                if start is not None
                else self.t("survey.resumed_review")
            )
            self.console.print(Text(message, style="bold"))
        if start is not None:
            self._questions(start, only_open=False)
        if self._review():
            self._submit()
        else:
            self._save()
            self._print_saved()
        return 0

    def _state(self) -> SurveyState:
        if self.state is None:  # pragma: no cover - set by the profile or the resumed file
            raise RuntimeError("the survey has no respondent yet")
        return self.state

    def _restore(self, loaded: LoadedResponse) -> None:
        response = loaded.response
        if self.settings.lang is None:
            known = response.language in self.q.languages
            self.lang = response.language if known else self.q.default_language
            self.prompter = self._prompter(self.lang)
        self.respondent = response.respondent
        self.consent = response.consent
        self.started = response.started
        self.wave = response.wave
        self.submitted_before = response.submitted
        self.path = self.settings.resume_path
        self.state = SurveyState(
            self.q, response.respondent.group, dict(response.answers), list(response.skipped)
        )
        self.state.settle()

    def _stopped(self) -> int:
        with self.signals.saving_file(reraise=False):
            saved = self.state is not None and self.respondent is not None
            if saved:
                self._write(submitted=None)
        try:
            self.console.print()
            self.console.print(Text(self.t("survey.stopped"), style="bold yellow"))
            if saved and self.kept_typed is not None:
                question = _shorten(self.text_of(self.kept_typed.text), 60)
                self.console.print(self.t("survey.kept_typed", question=question))
            if saved:
                self._print_saved()
            else:
                self.console.print(self.t("survey.nothing_saved"))
        except OSError:  # the terminal is gone (SIGHUP): the file is what matters
            pass
        return 130

    def _print_saved(self) -> None:
        self.console.print(self.t("survey.saved_partial", path=self.path))
        self.console.print(self.t("survey.resume_hint"))
        # One line, never wrapped, so that it can be copied as it stands.
        self.console.print(Text(f"  {self.resume_command()}", style="bold"), soft_wrap=True)

    def resume_command(self) -> str:
        return (
            f"{self.settings.command} survey {shlex.quote(self.settings.spec)} "
            f"--resume {shlex.quote(str(self.path))}"
        )

    # -- saving -----------------------------------------------------------------------

    def _save(self) -> None:
        with self.signals.saving_file():
            self._write(submitted=None)

    def _write(self, *, submitted: datetime | None) -> None:
        if self.respondent is None or self.state is None:
            return
        if submitted is None and not self.changed:
            submitted = self.submitted_before
        response = make_response(
            self.q,
            respondent=self.respondent,
            language=self.lang,
            state=self.state,
            consent=self.consent,
            started=self.started,
            updated=now(),
            submitted=submitted,
            wave=self.wave,
        )
        personal = [qid for qid in response.answers if self.q.question_index[qid].personal]
        if self.path is None:
            self.path = create_response_file(self.settings.out, response, personal=personal)
            self._lock(self.path)
        else:
            save_response(self.path, response, personal=personal)

    def _submit(self) -> None:
        with self.signals.saving_file():
            self._write(submitted=now())
        self.console.print()
        self.console.print(Text(self.t("survey.submitted", path=self.path), style="bold green"))

    # -- before the questions ---------------------------------------------------------

    def _choose_language(self) -> None:
        if self.settings.lang is not None or len(self.q.languages) == 1:
            return
        prompt = " / ".join(
            dict.fromkeys(builtin("survey.language", code) for code in self.q.languages)
        )
        default = language_from_environment(self.q.languages) or self.q.default_language
        # The hints speak the language most likely the respondent's until they have chosen.
        self.prompter = self._prompter(default)
        choices = [Choice(LANGUAGE_NAMES.get(code, code), value=code) for code in self.q.languages]
        self.lang = self.prompter.select(
            prompt,
            choices,
            default=default,
            instruction=self.prompter.hints("choose", "confirm"),
        )
        self.prompter = self._prompter(self.lang)
        self.console.print(
            Text(f"✔ {prompt}: {LANGUAGE_NAMES.get(self.lang, self.lang)}", style="dim")
        )

    def _welcome(self) -> None:
        self.console.print()
        self.console.print(Rule(Text(self.text_of(self.q.title), style="bold")))
        description = self.text_of(self.q.description)
        if description:
            self.console.print(Text(description))
        self.console.print(Text(self.t("survey.intro"), style="dim"))

    def _ask_consent(self) -> bool:
        self.console.print()
        self.console.print(
            Panel(
                Text(self.text_of(self.q.consent)),
                title=self.t("survey.consent.title"),
                title_align="left",
            )
        )
        answer = self.prompter.select(
            self.t("survey.consent.prompt"),
            [
                Choice(self.t("survey.consent.accept"), value=True),
                Choice(self.t("survey.consent.decline"), value=False),
            ],
            instruction=self.prompter.hints("choose", "confirm"),
        )
        self.consent = answer is True
        self.console.print(
            Text(
                f"✔ {self.t('survey.consent.accept' if answer else 'survey.consent.decline')}",
                style="dim",
            )
        )
        return self.consent

    def _ask_profile(self) -> None:
        self.console.print()
        self.console.print(Rule(Text(self.t("survey.profile.title"), style="bold"), align="left"))
        region = self.settings.region or self._ask_region()
        group = self.settings.group or self._ask_group()
        organisation = self._ask_organisation() if self.q.profile.ask_organisation else None
        sector = self._ask_sector() if self.q.profile.ask_sector else None
        self.respondent = Respondent(
            id=new_respondent_id(),
            region=region,
            region_name=self.region_name(region),
            group=group,
            organisation=organisation,
            sector=sector,
        )
        self.state = SurveyState(self.q, group)

    def _echo(self, label: str, answer: str) -> None:
        """What was answered, in the respondent's words: on one line, or the answer below."""
        line = Text("✔ ", style="green")
        line.append(label)
        if len(label) + len(answer) + 4 <= self.console.width:
            line.append("  ")
            line.append(answer, style="cyan")
            self.console.print(line)
            return
        self.console.print(line)
        self.console.print(Text(f"  → {answer}", style="cyan"))

    def _ask_region(self, current: str | None = None) -> str:
        label = self.t("survey.profile.region")
        regions = self.q.profile.regions
        given = self.settings.regions if not regions else None
        if regions and len(regions) <= LIST_REGIONS:
            choices = [
                Choice(region_label(self.q, r.code, self.lang), value=r.code) for r in regions
            ]
            code = str(
                self.prompter.select(
                    label,
                    choices,
                    default=current,
                    instruction=self._profile_hints("choose", "confirm"),
                )
            )
        elif given:
            # The regions of the stress test first, by their names; any other by search.
            offered: list[Choice | Separator] = [
                Choice(f"{r.code}  {r.name}", value=r.code) for r in given
            ]
            offered += [Separator(), Choice(self.t("survey.profile.region_other"), value=SKIP)]
            picked = self.prompter.select(
                label,
                offered,
                default=current,
                instruction=self._profile_hints("choose", "confirm"),
            )
            code = self._search_region(label, current) if picked is SKIP else str(picked)
        else:
            code = self._search_region(label, current)
        self._echo(label, self.region_label(code))
        return code

    def region_label(self, code: str) -> str:
        """The region as the respondent reads it: by the name the region list given to the
        survey has for it, else as flow.region_label names it."""
        for region in self.settings.regions or []:
            if region.code == code and not self.q.profile.regions:
                return f"{code}  {region.name}"
        return region_label(self.q, code, self.lang)

    def region_name(self, code: str) -> str | None:
        """The name stored with the response: the region list's, else the questionnaire's
        or NUTS's (answers.region_name)."""
        for region in self.settings.regions or []:
            if region.code == code and not self.q.profile.regions:
                return region.name
        return region_name(self.q, code)

    def _search_region(self, label: str, current: str | None) -> str:
        """The region by a part of its name (in any language) or code, then from a list of
        the regions that match."""
        typed = current or ""

        def validate(text: str) -> bool | str:
            return bool(search_regions(self.q, text)) or self.t(
                "survey.profile.region_none", text=text.strip()
            )

        while True:
            typed = str(
                self.prompter.text(
                    label,
                    default=typed,
                    instruction=[
                        self.t("survey.profile.region_search"),
                        self._profile_hints("confirm"),
                    ],
                    validate=validate,
                    back=False,
                )
            )
            codes = search_regions(self.q, typed)
            choices: list[Choice | Separator] = [
                Choice(region_label(self.q, code, self.lang), value=code) for code in codes
            ]
            choices += [Separator(), Choice(self.t("survey.profile.region_again"), value=BACK)]
            picked = self.prompter.select(
                label,
                choices,
                default=codes[0],
                instruction=self._profile_hints("choose", "confirm"),
            )
            if picked is not BACK:
                return str(picked)

    def _ask_group(self, current: str | None = None) -> str:
        label = self.t("survey.profile.group")
        choices = [Choice(self.text_of(g.label), value=g.id) for g in self.q.profile.groups]
        group = str(
            self.prompter.select(
                label,
                choices,
                default=current,
                instruction=self._profile_hints("choose", "confirm"),
            )
        )
        self._echo(label, self.group_label(group))
        return group

    def _ask_organisation(self, current: str | None = None) -> str | None:
        label = self.t("survey.profile.organisation")

        def validate(text: str) -> bool | str:
            length = len(text.strip())
            return length <= MAX_ORGANISATION_LENGTH or self.t(
                "survey.text.too_long", max=MAX_ORGANISATION_LENGTH, length=length
            )

        text = str(
            self.prompter.text(
                label,
                default=current or "",
                back=False,
                validate=validate,
                instruction=" · ".join(
                    [self.prompter.hints("confirm"), self.t("survey.keys.empty_skips")]
                ),
            )
        )
        # A control character typed literally (Ctrl-V Esc) is invisible: it is dropped, and
        # so are direction controls and line breaks, which a name may not hold (models.Name).
        text = re.sub(BIDI_CONTROL, "", REFUSED_CHARACTERS.sub("", text)).strip()
        text = " ".join(text.split())
        self._echo(label, text or "–")
        return text or None

    def _ask_sector(self, current: str | None = None) -> str | None:
        label = self.t("survey.profile.sector")
        choices: list[Choice | Separator] = [
            Choice(self.text_of(s.label), value=s.value) for s in self.q.profile.sectors
        ]
        choices += [Separator(), Choice(self.t("survey.skip"), value=SKIP)]
        sector = self.prompter.select(
            label,
            choices,
            default=current,
            instruction=self._profile_hints("choose", "confirm"),
        )
        if sector is SKIP:
            self._echo(label, "–")
            return None
        self._echo(label, self.sector_label(str(sector)))
        return str(sector)

    def _profile_hints(self, *keys: str) -> str:
        # Before the response file exists, Ctrl-C stops without saving anything: no hint.
        return self.prompter.hints(*keys, *(["stop"] if self.path is not None else []))

    def group_label(self, group: str) -> str:
        for g in self.q.profile.groups:
            if g.id == group:
                return self.text_of(g.label)
        return group

    def sector_label(self, sector: str | None) -> str:
        for s in self.q.profile.sectors:
            if s.value == sector:
                return self.text_of(s.label)
        return sector or "–"

    # -- the questions ----------------------------------------------------------------

    def _questions(self, index: int, *, only_open: bool) -> None:
        """Ask from the visible question `index` on, until the end of the questionnaire.

        With `only_open`, questions already answered or skipped are passed over (after a
        change on the review screen made new questions appear).
        """
        state = self._state()
        shown_section: str | None = None
        while True:
            visible = state.visible()
            if index >= len(visible):
                return
            question = visible[index]
            progress = state.progress(index)
            if progress.section.id != shown_section:
                self._section_header(
                    progress.section_number, progress.section_count, progress.section
                )
                shown_section = progress.section.id
            self._question_header(question, index, progress.question_count, progress.fraction)
            outcome = self._ask(question, back=self.t("survey.back") if index > 0 else None)
            if outcome is BACK:
                index -= 1
                shown_section = None
                continue
            if not self._apply(question, outcome):
                continue  # the respondent kept the answers the change would remove
            visible = state.visible()
            position = next(i for i, x in enumerate(visible) if x.id == question.id)
            if only_open:
                next_open = state.first_open()
                index = len(visible) if next_open is None else next_open
            else:
                index = position + 1

    def _ask(self, question: Question, *, back: str | None) -> Outcome:
        """Ask one question; on Ctrl-C, what was typed and fits is kept as its answer (unless
        it would remove other answers, which only a deliberate answer may do)."""
        state = self._state()
        try:
            return self.prompter.ask(
                question, state.answers.get(question.id), state.answers, back=back
            )
        except KeptInterrupt as stop:
            if not removed_by_answer(state, question.id, stop.value):
                state.answer(question.id, stop.value)
                self.changed = True
                self.kept_typed = question
            raise

    def _apply(self, question: Question, outcome: Outcome) -> bool:
        """Record an answer or a skip; False when it would remove other answers and the
        respondent keeps them instead."""
        state = self._state()
        value = outcome.value if isinstance(outcome, Answer) else None
        if not self._removal_accepted(removed_by_answer(state, question.id, value)):
            return False
        # Confirming an answer as it stands, or passing over an optional question, changes no
        # answer: a submitted response reopened stays submitted.
        before = state.answers.get(question.id)
        if isinstance(outcome, Answer):
            state.answer(question.id, outcome.value)
            self._echo(
                self.text_of(question.text),
                format_answer(self.q, question, outcome.value, self.lang),
            )
        else:
            state.skip(question.id)
            self._echo(self.text_of(question.text), f"– {self.t('survey.skipped')}")
        if state.answers.get(question.id) != before:
            self.changed = True
        self._save()
        return True

    def _removal_accepted(self, removed: Sequence[Question]) -> bool:
        """Whether a change that removes the answers to `removed` goes ahead: the respondent
        is shown what it removes and asked. The answers removed are set aside (SurveyState),
        so that changing back brings them back."""
        if not removed:
            return True
        self.console.print(Text(self.t("survey.removes", n=len(removed)), style="bold yellow"))
        for question in removed:
            self.console.print(Text(f"  • {_shorten(self.text_of(question.text), _width() - 4)}"))
        return bool(
            self.prompter.select(
                self.t("survey.removes.prompt"),
                [
                    Choice(self.t("survey.removes.keep"), value=False),
                    Choice(self.t("survey.removes.apply"), value=True),
                ],
                instruction=self.prompter.hints("choose", "confirm", "stop"),
            )
        )

    def _section_header(self, number: int, count: int, section: Any) -> None:
        self.console.print()
        title = f"{self.t('survey.section', k=number, n=count)} · {self.text_of(section.title)}"
        self.console.print(Rule(Text(title, style="bold"), align="left"))
        description = self.text_of(section.description)
        if description:
            self.console.print(Text(description, style="italic"))

    def _question_header(self, question: Question, index: int, count: int, done: float) -> None:
        line = Table.grid(padding=(0, 2))
        line.add_row(
            Text(self.t("survey.question", i=index + 1, m=count), style="bold"),
            ProgressBar(total=100, completed=round(done * 100), width=24),
            Text(f"{round(done * 100)} %"),
            Text(
                self.t("survey.required" if question.required else "survey.optional"),
                style="yellow" if question.required else "dim",
            ),
        )
        self.console.print()
        self.console.print(line)
        help_text = self.text_of(question.help)
        if help_text:
            self.console.print(Text(f"ℹ {help_text}", style="dim italic"))
        if question.personal:
            self.console.print(Text(f"🔒 {self.t('survey.personal')}", style="dim"))

    # -- review -----------------------------------------------------------------------

    def _review(self) -> bool:
        """The review screen; True to submit, False to save and continue later."""
        state = self._state()
        # The overview is printed once; a change shows only what it changed (the answer, what
        # it removes, the questions it opens), so that the scrollback does not fill with
        # copies of the table. The respondent can ask for it again.
        shown = False
        while True:
            open_index = state.first_open()
            if open_index is not None:
                self._questions(open_index, only_open=True)
                continue
            if not shown:
                self._print_review()
                shown = True
            action = self.prompter.select(
                self.t("survey.review.what"),
                [
                    Choice(self.t("survey.review.submit"), value=SUBMIT),
                    Choice(self.t("survey.review.change"), value=CHANGE),
                    Choice(self.t("survey.review.later"), value=LATER),
                    Choice(self.t("survey.review.show"), value=SHOW),
                ],
                instruction=self.prompter.hints("choose", "confirm", "stop"),
            )
            if action is SUBMIT:
                if self._confirm_submit():
                    return True
            elif action is LATER:
                return False
            elif action is SHOW:
                self._print_review()
            else:
                self._change_one()

    def _confirm_submit(self) -> bool:
        """Submitting is asked once more; "no" returns to the review with nothing changed."""
        return bool(
            self.prompter.select(
                self.t("survey.review.confirm"),
                [
                    Choice(self.t("survey.review.confirm_yes"), value=True),
                    Choice(self.t("survey.review.confirm_no"), value=False),
                ],
                instruction=self.prompter.hints("choose", "confirm", "stop"),
            )
        )

    def review_rows(self) -> list[tuple[str, str, str]]:
        """(number, question, answer) of every visible question, in order."""
        state = self._state()
        rows = []
        for number, question in enumerate(state.visible(), 1):
            if question.id in state.answers:
                answer = format_answer(self.q, question, state.answers[question.id], self.lang)
            elif question.id in state.skipped:
                answer = f"– {self.t('survey.skipped')}"
            else:
                answer = f"– {self.t('survey.unanswered')}"
            rows.append((str(number), self.text_of(question.text), answer))
        return rows

    def _print_review(self) -> None:
        state = self._state()
        respondent = self.respondent
        self.console.print()
        self.console.print(Rule(Text(self.t("survey.review.title"), style="bold")))
        if respondent is not None:
            profile = Table.grid(padding=(0, 2))
            region = self.region_label(respondent.region)
            profile.add_row(Text(self.t("survey.profile.label_region"), style="dim"), region)
            profile.add_row(
                Text(self.t("survey.profile.label_group"), style="dim"),
                self.group_label(respondent.group),
            )
            if self.q.profile.ask_organisation:
                profile.add_row(
                    Text(self.t("survey.profile.label_organisation"), style="dim"),
                    respondent.organisation or "–",
                )
            if self.q.profile.ask_sector:
                profile.add_row(
                    Text(self.t("survey.profile.label_sector"), style="dim"),
                    self.sector_label(respondent.sector),
                )
            self.console.print(profile)
        table = Table(show_lines=False, expand=True, header_style="bold")
        table.add_column("#", justify="right", style="dim", no_wrap=True)
        # Question texts wrap (a text cut after a few words cannot be told from the next);
        # long answers are shortened here and shown whole when picked to be changed.
        table.add_column(self.t("survey.review.question"), ratio=3, overflow="fold")
        table.add_column(self.t("survey.review.answer"), ratio=2, style="cyan")
        section_id: str | None = None
        rows = self.review_rows()
        for (number, text, answer), question in zip(rows, state.visible(), strict=True):
            section = self.q.section_of[question.id]
            if section.id != section_id:
                table.add_row("", Text(self.text_of(section.title), style="bold"), "")
                section_id = section.id
            shown = _shorten(answer, REVIEW_ANSWER)
            table.add_row(
                number, text, Text(shown, style="dim" if answer.startswith("–") else "cyan")
            )
        self.console.print(table)

    def _change_one(self) -> None:
        state = self._state()
        visible = state.visible()
        rows = self.review_rows()
        choices: list[Choice | Separator] = [
            Choice(
                f"{number:>2}. {_shorten(text, 60)}  →  {_shorten(answer, 40)}", value=question.id
            )
            for (number, text, answer), question in zip(rows, visible, strict=True)
        ]
        profile_items = self._profile_items()
        if profile_items:
            choices += [Separator(), *profile_items]
        choices += [Separator(), Choice(self.t("survey.review.return"), value=BACK)]
        picked = self.prompter.select(
            self.t("survey.review.which"),
            choices,
            instruction=self.prompter.hints("choose", "confirm", "stop"),
        )
        if picked is BACK:
            return
        if isinstance(picked, str) and picked.startswith("profile:"):
            self._change_profile(picked.removeprefix("profile:"))
            return
        question = self.q.question_index[str(picked)]
        index = next(i for i, x in enumerate(visible) if x.id == question.id)
        progress = state.progress(index)
        self._question_header(question, index, progress.question_count, progress.fraction)
        outcome = self._ask(question, back=self.t("survey.review.return"))
        if outcome is not BACK:
            self._apply(question, outcome)

    def _profile_items(self) -> list[Choice]:
        respondent = self.respondent
        if respondent is None:  # pragma: no cover - the review comes after the profile
            return []
        items = []
        if self.settings.region is None:
            items.append(
                Choice(
                    f"{self.t('survey.profile.label_region')}  →  "
                    f"{self.region_label(respondent.region)}",
                    value="profile:region",
                )
            )
        if self.settings.group is None:
            items.append(
                Choice(
                    f"{self.t('survey.profile.label_group')}  →  "
                    f"{self.group_label(respondent.group)}",
                    value="profile:group",
                )
            )
        if self.q.profile.ask_organisation:
            items.append(
                Choice(
                    f"{self.t('survey.profile.label_organisation')}  →  "
                    f"{respondent.organisation or '–'}",
                    value="profile:organisation",
                )
            )
        if self.q.profile.ask_sector:
            items.append(
                Choice(
                    f"{self.t('survey.profile.label_sector')}  →  "
                    f"{self.sector_label(respondent.sector)}",
                    value="profile:sector",
                )
            )
        return items

    def _change_profile(self, key: str) -> None:
        respondent = self.respondent
        state = self._state()
        if respondent is None:  # pragma: no cover
            return
        update: dict[str, Any] = {}
        if key == "region":
            region = self._ask_region(respondent.region)
            update = {"region": region, "region_name": self.region_name(region)}
        elif key == "group":
            group = self._ask_group(respondent.group)
            if not self._removal_accepted(removed_by_group(state, group)):
                return
            update = {"group": group}
        elif key == "organisation":
            update = {"organisation": self._ask_organisation(respondent.organisation)}
        else:
            update = {"sector": self._ask_sector(respondent.sector)}
        self.respondent = respondent.model_copy(update=update)
        self.changed = True
        if "group" in update:
            state.group = update["group"]
            state.settle()
        self._save()


def _shorten(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def language_from_environment(languages: Sequence[str]) -> str | None:
    """The respondent's language from LANGUAGE, LC_ALL, LC_MESSAGES or LANG, if offered."""
    for variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(variable, "")
        for part in value.split(":"):
            code = part.split("_")[0].split(".")[0].lower()
            if code in languages:
                return code
    return None


def run_survey(q: Questionnaire, settings: SurveySettings, console: Console | None = None) -> int:
    """Run the interactive survey in the current terminal (or prompt_toolkit app session)."""
    console = console or Console(highlight=False)
    return Survey(q, settings, console).run()
