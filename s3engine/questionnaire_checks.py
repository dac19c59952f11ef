"""Static checks of a questionnaire: everything pydantic cannot see in one field.

Each check adds findings with the key path of the offending value; the caller turns paths
into file positions. All checks run, so that one pass shows every problem of a file.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel

from s3engine import messages as M
from s3engine.conditions import AnswerRef, Compare, Condition, comparisons
from s3engine.findings import Finding
from s3engine.i18n import languages_of
from s3engine.questionnaire import (
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
from s3engine.validation import suggest
from s3engine.yamlio import KeyPath, Loaded

#: Field names whose values respondents read, and so need every language.
TEXT_FIELDS = frozenset(
    {
        "title",
        "description",
        "text",
        "help",
        "label",
        "message",
        "required_message",
        "unit",
        "consent",
    }
)
CHOICE_TYPES = (SingleChoice, MultipleChoice, Ranking)
NUMERIC_TYPES = (NumberQuestion, ScaleQuestion)


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


class _Checker:
    def __init__(self, q: Questionnaire, loaded: Loaded):
        self.q = q
        self.loaded = loaded
        self.findings: list[Finding] = []
        # Order of every question in the file, and its path, for reference checks.
        self.order: dict[str, int] = {}
        self.path_of: dict[str, KeyPath] = {}
        for s_index, section in enumerate(q.sections):
            for q_index, question in enumerate(section.questions):
                if question.id not in self.order:
                    self.order[question.id] = len(self.order)
                    self.path_of[question.id] = ("sections", s_index, "questions", q_index)

    def error(self, path: KeyPath, message: str, code: str = "invalid") -> None:
        self.findings.append(self.loaded.finding(path, message, code=code))

    def warn(self, path: KeyPath, message: str, code: str = "warning") -> None:
        self.findings.append(self.loaded.finding(path, message, severity="warning", code=code))

    def run(self) -> None:
        self.check_languages()
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
            self.check_translations()

    # -- structure -------------------------------------------------------------------------

    def check_languages(self) -> None:
        for lang, count in Counter(self.q.languages).items():
            if count > 1:
                self.error(("languages",), M.DUPLICATE_LANGUAGE.format(lang=lang))
        if self.q.default_language not in self.q.languages:
            self.error(
                ("default_language",),
                M.DEFAULT_LANGUAGE_NOT_LISTED.format(
                    lang=self.q.default_language, languages=", ".join(self.q.languages)
                ),
            )

    def check_ids(self) -> None:
        self._unique(
            "section", [(s.id, ("sections", i, "id")) for i, s in enumerate(self.q.sections)]
        )
        self._unique(
            "question",
            [
                (question.id, ("sections", si, "questions", qi, "id"))
                for si, section in enumerate(self.q.sections)
                for qi, question in enumerate(section.questions)
            ],
        )

    def _unique(self, what: str, items: list[tuple[str, KeyPath]]) -> None:
        first: dict[str, KeyPath] = {}
        for ident, path in items:
            if ident in first:
                line = self.loaded.where(first[ident])[0]
                self.error(
                    path, M.DUPLICATE_ID.format(what=what, id=ident, first=line), "duplicate-id"
                )
            else:
                first[ident] = path

    def check_profile(self) -> None:
        profile = self.q.profile
        self._unique(
            "group", [(g.id, ("profile", "groups", i, "id")) for i, g in enumerate(profile.groups)]
        )
        self._options(profile.sectors, ("profile", "sectors"))
        if profile.regions:
            self._unique(
                "region",
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
                self.warn(("choice_lists", name), M.UNUSED_LIST.format(name=name), "unused")
        for name, scale in self.q.scales.items():
            self._scale(scale, ("scales", name))
            if name not in used_scales:
                self.warn(("scales", name), M.UNUSED_SCALE.format(name=name), "unused")

    def _options(self, options: list[Any], path: KeyPath) -> None:
        if len(options) < 2:
            self.error(path, M.TOO_FEW_OPTIONS)
        seen: set[str] = set()
        for index, option in enumerate(options):
            if option.value in seen:
                self.error(
                    (*path, index, "value"),
                    M.DUPLICATE_OPTION.format(value=option.value),
                    "duplicate-id",
                )
            seen.add(option.value)

    def _scale(self, scale: Scale, path: KeyPath) -> None:
        if scale.min >= scale.max:
            self.error((*path, "min"), M.SCALE_BOUNDS.format(low=scale.min, high=scale.max))
            return
        values = [p.value for p in scale.points]
        expected = set(range(scale.min, scale.max + 1))
        problem = ""
        duplicates = sorted(v for v, n in Counter(values).items() if n > 1)
        outside = sorted(set(values) - expected)
        lacking = sorted(expected - set(values))
        if duplicates:
            problem = f"{', '.join(map(str, duplicates))} given twice"
        elif outside:
            problem = f"{', '.join(map(str, outside))} outside the bounds"
        elif lacking:
            problem = f"no point for {', '.join(map(str, lacking))}"
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
                hint = suggest(group, known)
                message = M.UNKNOWN_GROUP.format(group=group, groups=", ".join(known))
                if hint:
                    message += f"; did you mean '{hint}'?"
                self.error((*path, index), message)

    # -- questions -------------------------------------------------------------------------

    def check_question(self, question: Question, path: KeyPath) -> None:
        self.check_groups(question.groups, (*path, "groups"))
        if isinstance(question, CHOICE_TYPES):
            if isinstance(question.options, str):
                if question.options not in self.q.choice_lists:
                    hint = suggest(question.options, self.q.choice_lists)
                    self.error(
                        (*path, "options"),
                        M.UNKNOWN_LIST.format(
                            name=question.options, hint=f"; did you mean '{hint}'?" if hint else ""
                        ),
                    )
            else:
                self._options(question.options, (*path, "options"))
            count = len(self.q.options_of(question))
            if isinstance(question, MultipleChoice):
                self._selection_bounds(question, path, count)
            if isinstance(question, Ranking) and count:
                if question.top > count:
                    self.error(
                        (*path, "top"),
                        M.SELECTION_BOUNDS.format(
                            what="top", value=question.top, limit="number of options", bound=count
                        ),
                    )
                if question.min_ranked > question.top:
                    self.error(
                        (*path, "min_ranked"),
                        M.SELECTION_BOUNDS.format(
                            what="min_ranked",
                            value=question.min_ranked,
                            limit="top",
                            bound=question.top,
                        ),
                    )
        if isinstance(question, ScaleQuestion):
            if isinstance(question.scale, str):
                if question.scale not in self.q.scales:
                    hint = suggest(question.scale, self.q.scales)
                    self.error(
                        (*path, "scale"),
                        M.UNKNOWN_SCALE.format(
                            name=question.scale, hint=f"; did you mean '{hint}'?" if hint else ""
                        ),
                    )
            else:
                self._scale(question.scale, (*path, "scale"))
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

    def _selection_bounds(self, question: MultipleChoice, path: KeyPath, count: int) -> None:
        high = question.max_selections
        if high is not None and question.min_selections > high:
            self.error(
                (*path, "min_selections"),
                M.SELECTION_BOUNDS.format(
                    what="min_selections",
                    value=question.min_selections,
                    limit="max_selections",
                    bound=high,
                ),
            )
        for name, value in (("min_selections", question.min_selections), ("max_selections", high)):
            if count and value is not None and value > count:
                self.error(
                    (*path, name),
                    M.SELECTION_BOUNDS.format(
                        what=name, value=value, limit="number of options", bound=count
                    ),
                )

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
                    self.error(
                        (*cmp_path, cmp.operator),
                        M.BAD_OPERATOR_FOR_TYPE.format(
                            op="answer_of", qtype=other.type, ref=other.id, hint=""
                        ),
                    )

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
            self.error(path, message, "unknown-reference")
            return None
        if ref == this:
            return target
        if ref == before and own:
            self.error(path, M.SELF_REFERENCE.format(ref=ref), "cycle")
            return None
        if self.order[ref] >= self.order[before]:
            line = self.loaded.where(self.path_of[ref])[0]
            self.error(path, M.FORWARD_REFERENCE.format(ref=ref, line=line), "forward-reference")
            return None
        return target

    def _operator_fits(self, cmp: Compare, target: Question, path: KeyPath) -> None:
        op, operand = cmp.operator, cmp.operand
        op_path = (*path, op)
        if op == "answered":
            return
        if op in {"gt", "ge", "lt", "le"}:
            if not isinstance(target, NUMERIC_TYPES):
                self.error(
                    op_path,
                    M.BAD_OPERATOR_FOR_TYPE.format(
                        op=op,
                        qtype=target.type,
                        ref=target.id,
                        hint="; comparisons need a number or scale question",
                    ),
                )
            return
        if op == "contains":
            if not isinstance(target, MultipleChoice | Ranking):
                hint = "; use equals" if isinstance(target, SingleChoice) else ""
                self.error(
                    op_path,
                    M.BAD_OPERATOR_FOR_TYPE.format(
                        op=op, qtype=target.type, ref=target.id, hint=hint
                    ),
                )
                return
            self._value_fits(operand, target, op_path)
            return
        if isinstance(target, MultipleChoice | Ranking):
            self.error(
                op_path,
                M.BAD_OPERATOR_FOR_TYPE.format(
                    op=op,
                    qtype=target.type,
                    ref=target.id,
                    hint="; use contains: <option> for one selected option",
                ),
            )
            return
        values = operand if isinstance(operand, list) else [operand]
        for index, value in enumerate(values):
            self._value_fits(
                value, target, (*op_path, index) if isinstance(operand, list) else op_path
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
                self.error(path, message, "unknown-option")
        elif isinstance(target, YesNo):
            if not isinstance(value, bool):
                self.error(
                    path,
                    M.BAD_VALUE_FOR_TYPE.format(
                        value=_show(value),
                        qtype="yes_no",
                        ref=target.id,
                        expected="use true or false",
                    ),
                )
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
                self.error(
                    path,
                    M.BAD_VALUE_FOR_TYPE.format(
                        value=_show(value), qtype="number", ref=target.id, expected="use a number"
                    ),
                )
        elif isinstance(target, TextQuestion) and not isinstance(value, str):
            self.error(
                path,
                M.BAD_VALUE_FOR_TYPE.format(
                    value=_show(value), qtype="text", ref=target.id, expected="use a quoted text"
                ),
            )

    def check_version(self) -> None:
        raw = self.loaded.data.get("version") if isinstance(self.loaded.data, dict) else None
        if isinstance(raw, float):
            self.warn(("version",), M.VERSION_AS_NUMBER.format(value=raw), "version")

    # -- translations ----------------------------------------------------------------------

    def check_translations(self) -> None:
        default = self.q.default_language
        languages = list(self.q.languages)
        lacking: dict[str, list[KeyPath]] = {lang: [] for lang in languages if lang != default}
        for path, text in iter_texts(self.q):
            if path not in self.loaded.positions:
                continue  # a built-in default (profile groups, sectors), not the author's
            if (isinstance(text, str) and not text.strip()) or (
                isinstance(text, dict) and not any(v.strip() for v in text.values())
            ):
                self.error(path, M.EMPTY_TEXT)
                continue
            have = languages_of(text, default)
            if default not in have:
                self.error(path, M.MISSING_DEFAULT_TEXT.format(lang=default), "translation")
            for lang in sorted(have - set(languages)):
                self.warn(
                    (*path, lang),
                    M.EXTRA_LANGUAGE.format(lang=lang, languages=", ".join(languages)),
                    "translation",
                )
            for lang, paths in lacking.items():
                if lang not in have:
                    paths.append(path)
        for lang, paths in lacking.items():
            if len(paths) <= 5:
                for path in paths:
                    self.warn(
                        path,
                        M.MISSING_TRANSLATION.format(lang=lang, default=default),
                        "translation",
                    )
            elif paths:
                first = paths[0]
                self.warn(
                    first,
                    M.MISSING_TRANSLATIONS_SUMMARY.format(count=len(paths), lang=lang)
                    + " (the first is here)",
                    "translation",
                )


def _show(value: Any) -> str:
    """A condition value as YAML writes it (true, not True)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def iter_texts(model: BaseModel, path: KeyPath = ()) -> Iterator[tuple[KeyPath, Any]]:
    """Every respondent-facing text inside `model`, with its key path."""
    for name, info in type(model).model_fields.items():
        key = info.alias or name
        value = getattr(model, name)
        if value is None:
            continue
        if name in TEXT_FIELDS and isinstance(value, str | dict):
            yield (*path, key), value
        else:
            yield from _texts_in(value, (*path, key))


def _texts_in(value: Any, path: KeyPath) -> Iterator[tuple[KeyPath, Any]]:
    if isinstance(value, BaseModel):
        yield from iter_texts(value, path)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _texts_in(item, (*path, index))
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _texts_in(item, (*path, key))
