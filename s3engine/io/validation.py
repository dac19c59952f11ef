"""Turn pydantic's validation errors into findings that say where and what to do.

Pydantic reports a location such as `("sections", 1, "questions", 0, "scale", "min")`, where
`scale` is the tag of the union member it tried. This module drops such tags by walking the
raw YAML data along the location, looks the position up in the loaded file, and rewords the
most common errors (unknown keys get a "did you mean", unknown question types the list of
types).
"""

from __future__ import annotations

import functools
import re
import typing
from collections import Counter
from typing import Any, NamedTuple, TypeVar

from pydantic import BaseModel, ValidationError

from s3engine.core import messages as M
from s3engine.core.findings import Finding, S3Error, more_of_a_kind, suggest
from s3engine.core.limits import MAX_FINDINGS_OF_A_KIND, MAX_NUMBER
from s3engine.core.templates import code_of
from s3engine.io.yamlio import KeyPath, Loaded, value_kind

ModelT = TypeVar("ModelT", bound=BaseModel)


def validate_loaded(model: type[ModelT], loaded: Loaded) -> ModelT:
    """Validate a loaded YAML document against `model`; raise S3Error with every problem."""
    if loaded.data is None:
        raise S3Error(loaded.finding((), M.YAML_EMPTY))
    if not isinstance(loaded.data, dict):
        found = value_kind(loaded.data)
        raise S3Error(loaded.finding((), M.YAML_NOT_MAPPING.format(found=found)))
    raw, numeric_text = (
        _numbers_out_of_range(loaded.data) if _may_hold_such(loaded.data) else ([], False)
    )
    unusable = [loaded.finding(p, M.YAML_NUMBER_RANGE.format(value=shown)) for p, shown in raw]
    try:
        validated = model.model_validate(loaded.data)
    except ValidationError as exc:
        marked = {f.path for f in unusable}
        others = [f for f in errors_to_findings(exc, loaded, model) if f.path not in marked]
        raise S3Error([*unusable, *others]) from None
    if numeric_text and not unusable:  # pydantic reads `weight: 1e308` (text in YAML 1.1)
        unusable = [
            loaded.finding(path, M.YAML_NUMBER_RANGE.format(value=shown))
            for path, shown in _numbers_out_of_range(validated)[0]
        ]
    if unusable:
        raise S3Error(unusable)
    return validated


#: Text that a number field would read as a number beyond the limit (`1e308`).
_NUMERIC_TEXT = re.compile(r"\s*[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?\s*")


#: Text beyond MAX_NUMBER that _NUMERIC_TEXT matches has an exponent, or more characters.
_LONGEST_IN_RANGE = len(str(MAX_NUMBER)) - 1
#: What _numbers_out_of_range looks into or at.
_WALKED = (BaseModel, dict, list, tuple, str, int, float)


def _may_hold_such(data: Any) -> bool:
    """False only when _numbers_out_of_range(data) finds nothing: no number beyond the
    limits and no text that could read as one. The quick look every document gets: no
    paths are made, and every value of a mapping is looked at (whatever its key)."""
    stack = [data]
    pop, extend = stack.pop, stack.extend
    limit, longest = MAX_NUMBER, _LONGEST_IN_RANGE
    while stack:
        value = pop()
        kind = type(value)
        if kind is str:
            if (len(value) > longest or "e" in value or "E" in value) and _NUMERIC_TEXT.fullmatch(
                value
            ):
                return True
        elif kind is dict:
            extend(value.values())
        elif kind is list:
            extend(value)
        elif kind is int or kind is float:
            if not -limit <= value <= limit:
                return True
        elif kind is not bool and isinstance(value, _WALKED):
            return True  # another kind of container, number or text: the full walk decides
    return False


def _numbers_out_of_range(data: Any) -> tuple[list[tuple[KeyPath, str]], bool]:
    """Numbers no arithmetic should meet (NaN, infinities, beyond 10^15), with their paths;
    and whether some text reads as such a number (only a number field would read it so).

    `data` is a loaded document or a validated model (its fields are named by their keys).
    """
    found: list[tuple[KeyPath, str]] = []
    numeric_text = False
    stack: list[tuple[KeyPath, Any]] = [((), data)]
    while stack and len(found) < 20:
        path, value = stack.pop()
        if isinstance(value, BaseModel):
            fields = type(value).model_fields
            stack.extend(
                ((*path, field.alias or name), getattr(value, name))
                for name, field in fields.items()
            )
        elif isinstance(value, dict):
            stack.extend(((*path, k), v) for k, v in value.items() if isinstance(k, str | int))
        elif isinstance(value, list | tuple):
            stack.extend(((*path, i), v) for i, v in enumerate(value))
        elif isinstance(value, float | int) and not isinstance(value, bool):
            if not -MAX_NUMBER <= value <= MAX_NUMBER:
                found.append(
                    (path, number_as_shown(repr(value) if isinstance(value, float) else str(value)))
                )
        elif isinstance(value, str) and not numeric_text and _NUMERIC_TEXT.fullmatch(value):
            numeric_text = not -MAX_NUMBER <= float(value) <= MAX_NUMBER
    return sorted(found, key=str), numeric_text


def number_as_shown(text: str) -> str:
    """A number as a message quotes it: a very long one cut, with its length."""
    return f"{text[:20]}... ({len(text)} digits)" if len(text) > 40 else text


def errors_to_findings(
    exc: ValidationError, loaded: Loaded, model: type[BaseModel]
) -> list[Finding]:
    """pydantic's errors as findings at their place, in s3engine's words.

    Time is linear in the number of errors: the keys allowed in a mapping are found once per
    mapping, and past the first MAX_FINDINGS_OF_A_KIND errors of a kind (60,000 unknown
    keys) the others are only counted, never worded (more_of_a_kind).
    """
    problems: list[_Problem] = []
    seen: set[tuple[KeyPath, str]] = set()
    of_kind: Counter[str] = Counter()
    allowed: dict[int, set[str]] = {}  # id of a mapping -> the keys allowed in it
    for error in exc.errors(include_url=False):
        kind = error["type"]
        of_kind[kind] += 1
        if of_kind[kind] > MAX_FINDINGS_OF_A_KIND:
            continue
        trailing = kind in {"missing", "extra_forbidden"}
        path = data_path(loaded.data, error["loc"], trailing_key=trailing)
        if kind in {"union_tag_invalid", "union_tag_not_found"}:
            # An unknown or missing `type:` is reported at that key, not at its mapping.
            discriminator = str(error.get("ctx", {}).get("discriminator", "")).strip("'")
            if discriminator.isidentifier():
                path = (*path, discriminator)
        message = _message(error, path, loaded.data, model, allowed)
        # A value that fits no member of a union produces one error per member; keep one.
        if (path, message) in seen:
            continue
        seen.add((path, message))
        problems.append(_Problem(path, message, kind, error.get("input")))
    kept = _drop_union_noise(problems)
    findings = [
        loaded.finding(p.path, p.message, code=code_of(p.message) or M.schema_code(p.code))
        for p in kept
    ]
    # The last finding of a kind listed says how many of its kind were left out.
    last = {p.code: index for index, p in enumerate(kept)}
    for kind, index in last.items():
        findings[index] = more_of_a_kind(findings[index], of_kind[kind] - MAX_FINDINGS_OF_A_KIND)
    return findings


def data_path(data: Any, loc: tuple[int | str, ...], *, trailing_key: bool = True) -> KeyPath:
    """The part of pydantic's location that exists in the raw data (union tags dropped).

    A union tag can be spelt like a key of the data (the question type `text` and the key
    `text`), so the walk that matches the most parts, and the latest ones, wins. With
    `trailing_key`, a last key absent from the data (a missing key) is kept, so that the
    message names it.
    """
    memo: dict[tuple[int, int], tuple[int, int, list[tuple[str | int, Any]]]] = {}

    def walk(current: Any, index: int) -> tuple[int, int, list[tuple[str | int, Any]]]:
        """(parts matched, index of the last matched part, [(step, value)]) from `index`."""
        key = (id(current), index)
        if key in memo:
            return memo[key]
        best: tuple[int, int, list[tuple[str | int, Any]]] = (0, -1, [])
        for position in range(index, len(loc)):
            step = _step(current, loc[position])
            if step is None:
                continue
            value = current[step]
            count, last, rest = walk(value, position + 1)
            candidate = (count + 1, max(last, position), [(step, value), *rest])
            if candidate[:2] > best[:2]:
                best = candidate
        memo[key] = best
        return best

    steps = walk(data, 0)[2]
    path: list[str | int] = [step for step, _ in steps]
    current = steps[-1][1] if steps else data
    last = loc[-1] if loc else None
    if (
        trailing_key
        and isinstance(last, str)
        and (not path or path[-1] != last)
        and isinstance(current, dict)
    ):
        path.append(last)
    return tuple(path)


def _step(current: Any, part: str | int) -> str | int | None:
    """The key or index `part` names in `current`, if it is there."""
    if isinstance(current, dict):
        if part in current:
            return part
        if part in {"in_", "not_"} and str(part)[:-1] in current:
            return str(part)[:-1]  # fields named after Python keywords: `in`, `not`
    elif isinstance(current, list) and isinstance(part, int) and 0 <= part < len(current):
        return part
    return None


def _message(
    error: Any, path: KeyPath, data: Any, model: type[BaseModel], memo: dict[int, set[str]]
) -> str:
    kind = error["type"]
    loc = error["loc"]
    if kind == "extra_forbidden":
        key = str(loc[-1])
        allowed = allowed_keys(model, loc[:-1], data, memo)
        hint = suggest(key, allowed) if allowed else None
        if hint:
            return M.UNKNOWN_KEY_HINT.format(key=key, suggestion=hint)
        if allowed:
            return M.UNKNOWN_KEY_ALLOWED.format(key=key, allowed=", ".join(sorted(allowed)))
        return M.UNKNOWN_KEY.format(key=key)
    if kind == "missing":
        return M.MISSING_KEY.format(key=loc[-1])
    if kind == "union_tag_invalid":
        ctx = error.get("ctx", {})
        value = ctx.get("tag", "")
        expected = [t.strip(" '") for t in str(ctx.get("expected_tags", "")).split(",")]
        what = M.UNKNOWN_TYPE_WHAT.get(str(ctx.get("discriminator", "")).strip("'"), "kind")
        hint = suggest(value, expected)
        if hint:
            return M.UNKNOWN_TYPE_HINT.format(what=what, value=value, suggestion=hint)
        return M.UNKNOWN_TYPE.format(what=what, value=value, allowed=", ".join(expected))
    if kind == "union_tag_not_found":
        ctx = error.get("ctx", {})
        return M.MISSING_KEY.format(key=ctx.get("discriminator", "type").strip("'"))
    raised = error.get("ctx", {}).get("error") if kind == "value_error" else None
    said: str = raised.args[0] if raised is not None and raised.args else ""
    if code_of(said):
        return said  # a message of core.messages, raised by a validator: it keeps its code
    message = str(error["msg"])
    message = message.removeprefix("Value error, ")
    message = message[:1].lower() + message[1:]
    value = error.get("input")
    if kind.endswith("_type") and value is None:
        return M.NO_VALUE.format(problem=message)
    if kind in {"string_type", "string_pattern_mismatch"} and isinstance(value, bool):
        return M.QUOTE_BOOL.format(problem=message, value="yes" if value else "no")
    if kind == "string_pattern_mismatch":
        if loc and loc[-1] == "[key]" and isinstance(value, str) and " " in value.strip():
            return M.KEY_LOOKS_LIKE_TEXT.format(value=value)
        hint = M.PATTERN_HINTS.get(str(error.get("ctx", {}).get("pattern", "")))
        if hint:
            return M.BAD_PATTERN.format(value=value, hint=hint)
        return f"{message} (got {value!r})"
    return message


# A NamedTuple, not a frozen dataclass, whose generated methods are each compiled as the
# module is imported: 1 ms of every start.
class _Problem(NamedTuple):
    path: KeyPath
    message: str
    code: str
    input: Any


#: Error codes of "the value has the wrong type".
_TYPE_CODES = frozenset(
    {
        "string_type",
        "dict_type",
        "list_type",
        "model_type",
        "model_attributes_type",
        "int_type",
        "int_parsing",
        "float_type",
        "float_parsing",
        "bool_type",
        "bool_parsing",
    }
)


def _drop_union_noise(problems: list[_Problem]) -> list[_Problem]:
    """A value that fits no member of a union gets one complaint per member; keep one.

    `Text` is `str | dict` and `options` is `list | str`: a wrong value yields both "not a
    string" and "not a dict". A type complaint is dropped where the same value has deeper
    problems (they come from the member whose type it has) or another complaint; of several
    type complaints alone, the first is kept (the string one for yes/no, which says to quote).
    """
    deeper = {p.path[:n] for p in problems for n in range(len(p.path))}
    kept = [p for p in problems if not (p.code in _TYPE_CODES and p.path in deeper)]
    by_place: dict[KeyPath, list[_Problem]] = {}
    for problem in kept:
        by_place.setdefault(problem.path, []).append(problem)
    result: list[_Problem] = []
    for group in by_place.values():
        typed = [p for p in group if p.code in _TYPE_CODES]
        others = [p for p in group if p.code not in _TYPE_CODES]
        if others or len(typed) <= 1:
            result.extend(others or group)
            continue
        quoted = [p for p in typed if p.code == "string_type" and isinstance(p.input, bool)]
        result.append((quoted or typed)[0])
    return result


def allowed_keys(
    model: type[BaseModel],
    loc: tuple[int | str, ...],
    data: Any,
    memo: dict[int, set[str]] | None = None,
) -> set[str]:
    """The keys allowed in the mapping at pydantic location `loc`.

    Among the models reachable from `model`, pick the one whose fields best cover the keys
    the mapping already has (a `type:` value must match), and return its keys. With `memo`,
    the answer for each mapping is kept there (by the mapping's id): a mapping of 60,000
    unknown keys is looked at once, not once per key.
    """
    path = data_path(data, loc, trailing_key=False)
    mapping = data
    for part in path:
        mapping = mapping[part]
    if not isinstance(mapping, dict) and path:
        # A union tag that is also a key of the mapping (`type: scale` has `scale: wheel`)
        # was walked into: the keys are those of the mapping that holds it.
        mapping = data
        for part in path[:-1]:
            mapping = mapping[part]
    if not isinstance(mapping, dict):
        return set()
    if memo is not None and id(mapping) in memo:
        return memo[id(mapping)]
    best: frozenset[str] = frozenset()
    best_score = -1
    for keys, types in _model_keys(model):
        if types is not None and "type" in mapping and mapping["type"] not in types:
            continue
        score = sum(1 for key in keys if key in mapping)
        if score > best_score:
            best, best_score = keys, score
    if memo is not None:
        memo[id(mapping)] = set(best)
    return set(best)


@functools.cache
def _model_keys(
    model: type[BaseModel],
) -> tuple[tuple[frozenset[str], tuple[Any, ...] | None], ...]:
    """For each model reachable from `model`: its keys, and the values its `type` takes
    (None when it has no `type` field). Model classes never change: found once."""
    found = []
    for model_cls in reachable_models(model):
        keys = frozenset(info.alias or name for name, info in model_cls.model_fields.items())
        type_field = model_cls.model_fields.get("type")
        types = typing.get_args(type_field.annotation) if type_field is not None else None
        found.append((keys, types))
    return tuple(found)


@functools.cache
def reachable_models(model: type[BaseModel]) -> tuple[type[BaseModel], ...]:
    """Every model class that can appear somewhere inside `model`, `model` first."""
    found: list[type[BaseModel]] = []
    todo: list[Any] = [model]
    while todo:
        tp = todo.pop()
        for inner in _unwrap(tp):
            if isinstance(inner, type) and issubclass(inner, BaseModel) and inner not in found:
                found.append(inner)
                todo.extend(info.annotation for info in inner.model_fields.values())
    return tuple(found)


def _unwrap(tp: Any) -> list[Any]:
    origin = typing.get_origin(tp)
    if origin is None:
        return [tp]
    out: list[Any] = []
    args = typing.get_args(tp)
    if origin is typing.Annotated:
        args = args[:1]
    for arg in args:
        out.extend(_unwrap(arg))
    return out
