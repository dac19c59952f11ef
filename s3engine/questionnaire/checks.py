"""Static checks of a questionnaire: everything pydantic cannot see in one field.

Each check adds findings with the key path of the offending value; the caller turns paths
into file positions. All checks run, so that one pass shows every problem of a file.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from itertools import islice
from pathlib import Path
from typing import Any, TypeVar

from s3engine.core import messages as M
from s3engine.core.checks import CheckContext
from s3engine.core.findings import Finding, Report, S3Error, did_you_mean, suggest
from s3engine.io.files import load_yaml
from s3engine.io.resources import resolve
from s3engine.io.validation import validate_loaded
from s3engine.io.yamlio import KeyPath, Loaded
from s3engine.questionnaire.answers import region_problem
from s3engine.questionnaire.conditions import AnswerRef, Compare, Condition, comparisons
from s3engine.questionnaire.file_checks import FileChecker, iter_texts
from s3engine.questionnaire.model import (
    MultipleChoice,
    NumberQuestion,
    Question,
    Questionnaire,
    Ranking,
    Scale,
    ScaleQuestion,
    SingleChoice,
    TextQuestion,
    YesNo,
)

# iter_texts moved to file_checks; tests and older callers import it from here.
__all__ = ["check_questionnaire", "iter_texts", "summarise"]

CHOICE_TYPES = (SingleChoice, MultipleChoice, Ranking)
NUMERIC_TYPES = (NumberQuestion, ScaleQuestion)
InlineT = TypeVar("InlineT")


def check_questionnaire(q: Questionnaire, loaded: Loaded) -> list[Finding]:
    checker = _Checker(q, loaded)
    checker.run()
    return checker.findings


def summarise(q: Questionnaire) -> dict[str, Any]:
    by_type = Counter(question.type for _, question in q.questions())
    return {
        "id": q.id,
        "version": q.version,
        "sections": len(q.sections),
        "questions": sum(by_type.values()),
        "by_type": dict(sorted(by_type.items())),
        "languages": list(q.languages),
        "default_language": q.default_language,
        "conditional": sum(1 for _, x in q.questions() if x.show_if is not None),
        "targeted": sum(1 for _, x in q.questions() if x.groups),
        "required": sum(1 for _, x in q.questions() if x.required),
        "personal": sum(1 for _, x in q.questions() if x.personal),
    }


class _Checker(FileChecker):
    def __init__(self, q: Questionnaire, loaded: Loaded):
        super().__init__(loaded)
        self.q = q
        # Order of every question in the file, and its path, for reference checks.
        self.order: dict[str, int] = {}
        self.path_of: dict[str, KeyPath] = {}
        for s_index, section in enumerate(q.sections):
            for q_index, question in enumerate(section.questions):
                if question.id not in self.order:
                    self.order[question.id] = len(self.order)
                    self.path_of[question.id] = ("sections", s_index, "questions", q_index)

    def run(self) -> None:
        self.check_languages(self.q.languages, self.q.default_language)
        self.check_ids()
        self.check_profile()
        self.check_shared_definitions()
        for s_index, section in enumerate(self.q.sections):
            s_path: KeyPath = ("sections", s_index)
            self.check_groups(section.groups, (*s_path, "groups"))
            if section.show_if is not None:
                first = section.questions[0].id
                self.check_condition(section.show_if, (*s_path, "show_if"), before=first, own=False)
            for q_index, question in enumerate(section.questions):
                self.check_question(question, (*s_path, "questions", q_index))
        self.check_version()
        if self.q.default_language in self.q.languages:
            # Otherwise every text would be reported; the language error says what to fix.
            # A text without a position is a built-in default (profile groups, sectors).
            authored = (item for item in iter_texts(self.q) if item[0] in self.loaded.positions)
            self.check_translations(authored, self.q.languages, self.q.default_language)

    # -- structure -------------------------------------------------------------------------

    def check_ids(self) -> None:
        self.unique([(s.id, ("sections", i, "id")) for i, s in enumerate(self.q.sections)])
        self.unique(
            [
                (question.id, ("sections", si, "questions", qi, "id"))
                for si, section in enumerate(self.q.sections)
                for qi, question in enumerate(section.questions)
            ],
        )

    def check_profile(self) -> None:
        profile = self.q.profile
        self.unique([(g.id, ("profile", "groups", i, "id")) for i, g in enumerate(profile.groups)])
        self._options(profile.sectors, ("profile", "sectors"))
        for index, region in enumerate(profile.regions or []):
            problem = region_problem(region.code)
            if problem is not None:
                self.error(("profile", "regions", index, "code"), problem)
        if profile.regions:
            self.unique(
                [
                    (r.code, ("profile", "regions", i, "code"))
                    for i, r in enumerate(profile.regions)
                ],
            )

    def check_shared_definitions(self) -> None:
        used_lists = {
            question.options
            for _, question in self.q.questions()
            if isinstance(question, CHOICE_TYPES) and isinstance(question.options, str)
        }
        used_scales = {
            question.scale
            for _, question in self.q.questions()
            if isinstance(question, ScaleQuestion) and isinstance(question.scale, str)
        }
        for name, options in self.q.choice_lists.items():
            self._options(options, ("choice_lists", name))
            if name not in used_lists:
                self.warn(("choice_lists", name), M.UNUSED_LIST.format(name=name))
        for name, scale in self.q.scales.items():
            self._scale(scale, ("scales", name))
            if name not in used_scales:
                self.warn(("scales", name), M.UNUSED_SCALE.format(name=name))

    def _options(self, options: list[Any], path: KeyPath) -> None:
        if len(options) < 2:
            self.error(path, M.TOO_FEW_OPTIONS)
        seen: set[str] = set()
        for index, option in enumerate(options):
            if option.value in seen:
                self.error(
                    (*path, index, "value"),
                    M.DUPLICATE_OPTION.format(value=option.value),
                )
            seen.add(option.value)

    def _scale(self, scale: Scale, path: KeyPath) -> None:
        if scale.min >= scale.max:
            self.error((*path, "min"), M.SCALE_BOUNDS.format(low=scale.min, high=scale.max))
            return
        values = [p.value for p in scale.points]
        present = set(values)
        problem = ""
        duplicates = sorted(v for v, n in Counter(values).items() if n > 1)
        outside = sorted(v for v in present if not scale.min <= v <= scale.max)
        # The range may be huge (max: 1000000000): never build it, list the first gaps only.
        missing = scale.max - scale.min + 1 - len(present)
        if duplicates:
            problem = f"{', '.join(map(str, duplicates))} given twice"
        elif outside:
            problem = f"{', '.join(map(str, outside))} outside the bounds"
        elif missing > 0:
            gaps = range(scale.min, scale.max + 1)
            lacking = list(islice((v for v in gaps if v not in present), 10))
            more = f" and {missing - len(lacking)} more" if missing > len(lacking) else ""
            problem = f"no point for {', '.join(map(str, lacking))}{more}"
        if problem:
            self.error(
                (*path, "points"),
                M.SCALE_POINTS.format(low=scale.min, high=scale.max, problem=problem),
            )
        if scale.missing is not None and scale.missing not in values:
            self.error((*path, "missing"), M.SCALE_MISSING_OUTSIDE.format(value=scale.missing))

    def check_groups(self, groups: list[str] | None, path: KeyPath) -> None:
        known = [g.id for g in self.q.profile.groups]
        for index, group in enumerate(groups or []):
            if group not in known:
                message = M.UNKNOWN_GROUP.format(group=group, groups=", ".join(known))
                self.error((*path, index), message + did_you_mean(group, known))

    # -- questions -------------------------------------------------------------------------

    def check_question(self, question: Question, path: KeyPath) -> None:
        self.check_groups(question.groups, (*path, "groups"))
        if isinstance(question, CHOICE_TYPES):
            options = self._inline(
                question.options, self.q.choice_lists, M.UNKNOWN_LIST, (*path, "options")
            )
            if options is not None:
                self._options(options, (*path, "options"))
            count = len(self.q.options_of(question))
            if isinstance(question, MultipleChoice):
                self._selection_bounds(question, path, count)
            if isinstance(question, Ranking) and count:
                self._at_most_options(path, "top", question.top, count)
                self._at_most(path, "min_ranked", question.min_ranked, "top", question.top)
        if isinstance(question, ScaleQuestion):
            scale = self._inline(question.scale, self.q.scales, M.UNKNOWN_SCALE, (*path, "scale"))
            if scale is not None:
                self._scale(scale, (*path, "scale"))
        if (
            isinstance(question, NumberQuestion)
            and question.min is not None
            and question.max is not None
            and question.min > question.max
        ):
            self.error((*path, "min"), M.NUMBER_BOUNDS.format(low=question.min, high=question.max))
        if question.show_if is not None:
            self.check_condition(question.show_if, (*path, "show_if"), before=question.id)
        for index, constraint in enumerate(question.constraints):
            self.check_condition(
                constraint.rule,
                (*path, "constraints", index, "rule"),
                before=question.id,
                this=question.id,
            )

    def _inline(
        self, value: InlineT | str, shared: Mapping[str, Any], unknown: str, path: KeyPath
    ) -> InlineT | None:
        """An inline definition; or None, once the name of a shared one is checked to exist."""
        if not isinstance(value, str):
            return value
        if value not in shared:
            self.error(path, unknown.format(name=value, hint=did_you_mean(value, shared)))
        return None

    def _selection_bounds(self, question: MultipleChoice, path: KeyPath, count: int) -> None:
        high = question.max_selections
        if high is not None:
            self._at_most(path, "min_selections", question.min_selections, "max_selections", high)
        for name, value in (("min_selections", question.min_selections), ("max_selections", high)):
            if count and value is not None:
                self._at_most_options(path, name, value, count)

    def _at_most(self, path: KeyPath, key: str, value: int, limit: str, bound: int) -> None:
        """The number under `key` may not exceed `bound`, the number under the key `limit`."""
        if value > bound:
            self.error(
                (*path, key),
                M.SELECTION_BOUNDS.format(what=key, value=value, limit=limit, bound=bound),
            )

    def _at_most_options(self, path: KeyPath, key: str, value: int, count: int) -> None:
        """The number under `key` may not exceed `count`, the number of options."""
        if value > count:
            said = M.SELECTION_BOUNDS_OPTIONS.format(what=key, value=value, bound=count)
            self.error((*path, key), said)

    # -- conditions ------------------------------------------------------------------------

    def check_condition(
        self,
        condition: Condition,
        path: KeyPath,
        *,
        before: str,
        this: str | None = None,
        own: bool = True,
    ) -> None:
        """Check references of a condition evaluated when `before` is asked.

        Questions it names must come earlier than `before`; in a constraint (`this` given)
        the question's own answer may be used as well. `own` is False for the condition of a
        section, whose first question is `before`.
        """
        for cmp, rel in comparisons(condition):
            cmp_path = (*path, *rel)
            ref = cmp.question or this
            if ref is None:
                self.error(cmp_path, M.CONDITION_NEEDS_QUESTION)
                continue
            target = self._reference(
                ref, (*cmp_path, "question"), before=before, this=this, own=own
            )
            if target is not None:
                self._operator_fits(cmp, target, cmp_path)
            if isinstance(cmp.operand, AnswerRef):
                other = self._reference(
                    cmp.operand.answer_of,
                    (*cmp_path, cmp.operator, "answer_of"),
                    before=before,
                    this=this,
                    own=own,
                )
                if other is not None and not isinstance(other, NUMERIC_TYPES):
                    self._bad_operator((*cmp_path, cmp.operator), "answer_of", other)

    def _reference(
        self, ref: str, path: KeyPath, *, before: str, this: str | None, own: bool
    ) -> Question | None:
        target = self.q.question_index.get(ref)
        if target is None:
            hint = suggest(ref, self.order)
            message = (
                M.UNKNOWN_QUESTION_HINT.format(ref=ref, suggestion=hint)
                if hint
                else M.UNKNOWN_QUESTION.format(ref=ref)
            )
            self.error(path, message)
            return None
        if ref == this:
            return target
        if ref == before and own:
            self.error(path, M.SELF_REFERENCE.format(ref=ref))
            return None
        if self.order[ref] >= self.order[before]:
            line = self.loaded.where(self.path_of[ref])[0]
            self.error(path, M.FORWARD_REFERENCE.format(ref=ref, line=line))
            return None
        return target

    def _operator_fits(self, cmp: Compare, target: Question, path: KeyPath) -> None:
        op, operand = cmp.operator, cmp.operand
        op_path = (*path, op)
        if op == "answered":
            return
        if op in {"gt", "ge", "lt", "le"}:
            if not isinstance(target, NUMERIC_TYPES):
                hint = "; comparisons need a number or scale question"
                self._bad_operator(op_path, op, target, hint)
            return
        if op == "contains":
            if not isinstance(target, MultipleChoice | Ranking):
                hint = "; use equals" if isinstance(target, SingleChoice) else ""
                self._bad_operator(op_path, op, target, hint)
                return
            self._value_fits(operand, target, op_path)
            return
        if isinstance(target, MultipleChoice | Ranking):
            hint = "; use contains: <option> for one selected option"
            self._bad_operator(op_path, op, target, hint)
            return
        values = operand if isinstance(operand, list) else [operand]
        for index, value in enumerate(values):
            self._value_fits(
                value, target, (*op_path, index) if isinstance(operand, list) else op_path
            )

    def _bad_operator(self, path: KeyPath, op: str, target: Question, hint: str = "") -> None:
        self.error(
            path, M.BAD_OPERATOR_FOR_TYPE.format(op=op, qtype=target.type, ref=target.id, hint=hint)
        )

    def _value_fits(self, value: Any, target: Question, path: KeyPath) -> None:
        if isinstance(target, CHOICE_TYPES):
            options = [o.value for o in self.q.options_of(target)]
            if options and value not in options:
                hint = suggest(str(value), options)
                if hint:
                    message = M.UNKNOWN_OPTION_HINT.format(
                        value=value, ref=target.id, suggestion=hint
                    )
                else:
                    message = M.UNKNOWN_OPTION.format(
                        value=value, ref=target.id, options=", ".join(options)
                    )
                self.error(path, message)
        elif isinstance(target, YesNo):
            if not isinstance(value, bool):
                self._bad_value(path, value, target, "use true or false")
        elif isinstance(target, ScaleQuestion):
            scale = self.q.scale_of(target)
            if scale is not None and scale.point(value) is None:
                self.error(
                    path,
                    M.SCALE_POINT_UNKNOWN.format(
                        value=value, ref=target.id, low=scale.min, high=scale.max
                    ),
                )
        elif isinstance(target, NumberQuestion):
            if isinstance(value, bool) or not isinstance(value, int | float):
                self._bad_value(path, value, target, "use a number")
        elif isinstance(target, TextQuestion) and not isinstance(value, str):
            self._bad_value(path, value, target, "use a quoted text")

    def _bad_value(self, path: KeyPath, value: Any, target: Question, expected: str) -> None:
        self.error(
            path,
            M.BAD_VALUE_FOR_TYPE.format(
                value=_show(value), qtype=target.type, ref=target.id, expected=expected
            ),
        )

    def check_version(self) -> None:
        raw = self.loaded.data.get("version") if isinstance(self.loaded.data, dict) else None
        if isinstance(raw, float):
            self.warn(("version",), M.VERSION_AS_NUMBER.format(value=raw))


def _show(value: Any) -> str:
    """A condition value as YAML writes it (true, not True)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


# -- a questionnaire file, for `check` and for the commands that read one -----------------


def check_questionnaire_file(loaded: Loaded, context: CheckContext) -> Report:

    report = Report(loaded.file, "questionnaire")
    try:
        questionnaire = validate_loaded(Questionnaire, loaded)
    except S3Error as exc:
        report.findings.extend(exc.findings)
        return report
    report.findings.extend(check_questionnaire(questionnaire, loaded))
    report.summary = summarise(questionnaire)
    return report


def load_questionnaire(spec: str | Path) -> tuple[Questionnaire, Loaded]:
    """Load and check a questionnaire by path or shipped name; raise S3Error if invalid."""

    path = resolve(str(spec), "questionnaires")
    loaded = load_yaml(path)
    questionnaire = validate_loaded(Questionnaire, loaded)
    errors = [f for f in check_questionnaire(questionnaire, loaded) if f.severity == "error"]
    if errors:
        raise S3Error(errors)
    return questionnaire, loaded
