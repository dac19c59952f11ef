"""Turn pydantic's validation errors into findings that say where and what to do.

Pydantic reports a location such as `("sections", 1, "questions", 0, "scale", "min")`, where
`scale` is the tag of the union member it tried. This module drops such tags by walking the
raw YAML data along the location, looks the position up in the loaded file, and rewords the
most common errors (unknown keys get a "did you mean", unknown question types the list of
types).
"""

from __future__ import annotations

import difflib
import types
import typing
from collections.abc import Iterable
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from s3engine import messages as M
from s3engine.findings import Finding, S3Error
from s3engine.yamlio import KeyPath, Loaded

ModelT = TypeVar("ModelT", bound=BaseModel)


def suggest(word: str, candidates: Iterable[str]) -> str | None:
    """The closest candidate to a misspelt `word`, if one is close enough."""
    matches = difflib.get_close_matches(str(word), [str(c) for c in candidates], n=1, cutoff=0.6)
    return matches[0] if matches else None


def validate_loaded(model: type[ModelT], loaded: Loaded, *, what: str) -> ModelT:
    """Validate a loaded YAML document against `model`; raise S3Error with every problem."""
    if loaded.data is None:
        raise S3Error(loaded.finding((), M.YAML_EMPTY))
    if not isinstance(loaded.data, dict):
        found = type(loaded.data).__name__
        raise S3Error(loaded.finding((), M.YAML_NOT_MAPPING.format(found=found)))
    try:
        return model.model_validate(loaded.data)
    except ValidationError as exc:
        raise S3Error(errors_to_findings(exc, loaded, model)) from None


def errors_to_findings(
    exc: ValidationError, loaded: Loaded, model: type[BaseModel]
) -> list[Finding]:
    findings: list[Finding] = []
    seen: set[tuple[str, str]] = set()
    for error in exc.errors(include_url=False):
        path = data_path(loaded.data, error["loc"])
        message = _message(error, path, loaded.data, model)
        # A value that fits no member of a union produces one error per member; keep one.
        key = (repr(path), message)
        if key in seen:
            continue
        seen.add(key)
        findings.append(loaded.finding(path, message, code=error["type"]))
    return _drop_union_noise(findings)


def data_path(data: Any, loc: tuple[int | str, ...]) -> KeyPath:
    """The part of pydantic's location that exists in the raw data (union tags dropped)."""
    path: list[str | int] = []
    current = data
    for part in loc:
        if isinstance(current, dict) and part in current:
            current = current[part]
            path.append(part)
        elif isinstance(current, list) and isinstance(part, int) and 0 <= part < len(current):
            current = current[part]
            path.append(part)
        elif isinstance(current, dict) and part == "in_" and "in" in current:
            current = current["in"]
            path.append("in")
        elif isinstance(current, dict) and part == "not_" and "not" in current:
            current = current["not"]
            path.append("not")
    # An unknown or missing key is reported at the key itself.
    last = loc[-1] if loc else None
    if isinstance(last, str) and (not path or path[-1] != last) and isinstance(current, dict):
        path.append(last)
    return tuple(path)


def _message(error: Any, path: KeyPath, data: Any, model: type[BaseModel]) -> str:
    kind = error["type"]
    loc = error["loc"]
    if kind == "extra_forbidden":
        key = str(loc[-1])
        allowed = allowed_keys(model, loc[:-1], data)
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
        hint = suggest(value, expected)
        if hint:
            return M.UNKNOWN_TYPE_HINT.format(value=value, suggestion=hint)
        return M.UNKNOWN_TYPE.format(value=value, allowed=", ".join(expected))
    if kind == "union_tag_not_found":
        ctx = error.get("ctx", {})
        return M.MISSING_KEY.format(key=ctx.get("discriminator", "type").strip("'"))
    message = str(error["msg"])
    message = message.removeprefix("Value error, ")
    message = message[:1].lower() + message[1:]
    value = error.get("input")
    if kind in {"string_type", "string_pattern_mismatch"} and isinstance(value, bool):
        return M.QUOTE_BOOL.format(problem=message, value="yes" if value else "no")
    if kind == "string_pattern_mismatch":
        return f"{message} (got {value!r})"
    return message


def _drop_union_noise(findings: list[Finding]) -> list[Finding]:
    """`Text` is `str | dict`: a wrong value yields both 'not a string' and 'not a dict'.

    Keep the dictionary complaint only where the value is a mapping, the other otherwise.
    """
    by_place: dict[tuple[str, int | None], list[Finding]] = {}
    for finding in findings:
        by_place.setdefault((finding.path, finding.line), []).append(finding)
    kept: list[Finding] = []
    for group in by_place.values():
        if len(group) > 1:
            codes = {f.code for f in group}
            if {"string_type", "dict_type"} <= codes:
                group = [f for f in group if f.code != "dict_type"]
        kept.extend(group)
    return kept


def allowed_keys(model: type[BaseModel], loc: tuple[int | str, ...], data: Any) -> set[str]:
    """The keys allowed in the mapping at pydantic location `loc`.

    Among the models reachable from `model`, pick the one whose fields best cover the keys
    the mapping already has (a `type:` value must match), and return its keys.
    """
    mapping = data
    for part in data_path(data, loc):
        mapping = mapping[part]
    if not isinstance(mapping, dict):
        return set()
    best: set[str] = set()
    best_score = -1
    for model_cls in reachable_models(model):
        keys = {info.alias or name for name, info in model_cls.model_fields.items()}
        type_field = model_cls.model_fields.get("type")
        if type_field is not None and "type" in mapping:
            if mapping["type"] not in typing.get_args(type_field.annotation):
                continue
        score = len(keys & set(mapping))
        if score > best_score:
            best, best_score = keys, score
    return best


def reachable_models(model: type[BaseModel]) -> list[type[BaseModel]]:
    """Every model class that can appear somewhere inside `model`, `model` first."""
    found: list[type[BaseModel]] = []
    todo: list[Any] = [model]
    while todo:
        tp = todo.pop()
        for inner in _unwrap(tp):
            if isinstance(inner, type) and issubclass(inner, BaseModel):
                if inner not in found:
                    found.append(inner)
                    todo.extend(info.annotation for info in inner.model_fields.values())
    return found


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
