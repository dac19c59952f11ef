"""JSON read by JSON's rules: the one JSON reader of s3engine, for whole files and for each
line of a JSON Lines file.

The values come from jiter (the parser inside pydantic, as a library of its own), which also
refuses a key given twice and says where the text stops being JSON. Where each key stands is
found only when a message needs it (Loaded.positions): `_Scan` walks the same text once
more, without recursion, and also names both places of a repeated key and the place where
values nest deeper than the limit.
"""

from __future__ import annotations

import json
import re
from typing import Any

import jiter

from s3engine.core import messages as M
from s3engine.core.findings import Finding, S3Error, not_utf8
from s3engine.core.limits import MAX_DEPTH
from s3engine.io.yamlio import KeyPath, Loaded, format_path, too_deep

#: How jiter ends its messages: "... at line 3 column 7".
_WHERE = re.compile(r"^(?P<problem>.*) at line (?P<line>\d+) column (?P<column>\d+)$", re.S)


def load_json_text(text: str | bytes, file: str, line: int | None = None) -> Loaded:
    """JSON text (a whole file, or bytes of one line), read by JSON's rules; S3Error with
    every problem found, at file:line:column.

    `line` is where the text starts in its file (a line of a JSON Lines file); None for a
    whole file.
    """
    data = read_json(text, file, line)
    return Loaded(file, data, locate=lambda: positions_of(text, line or 1))


def positions_of(text: str | bytes, first_line: int = 1) -> dict[KeyPath, tuple[int, int]]:
    """Where each key and list item of a JSON text (read by read_json) stands."""
    return _Scan(_decoded(text), first_line).run().positions


def read_json(text: str | bytes, file: str, line: int | None = None) -> Any:
    """The values of a JSON text; S3Error (see load_json_text)."""
    # Each level of nesting opens with [ or {: a text with few of them cannot nest deeply.
    if isinstance(text, bytes):
        opened = text.count(b"[") + text.count(b"{")
    else:
        opened = text.count("[") + text.count("{")
    if opened > MAX_DEPTH:
        scan = _Scan(_decoded(text, file, line), line or 1)
        scan.stop_when_deep = True
        deep = scan.run().deep
        if deep is not None:
            raise S3Error(too_deep(file, *deep))
    raw = text if isinstance(text, bytes) else text.encode("utf-8", "surrogatepass")
    try:
        return jiter.from_json(raw, catch_duplicate_keys=True, cache_mode="keys")
    except ValueError as exc:
        raise S3Error(_findings(str(exc), text, file, line)) from None


def _decoded(text: str | bytes, file: str = "", line: int | None = None) -> str:
    """The text of `text`; S3Error at the first byte that is not UTF-8."""
    if isinstance(text, str):
        return text
    try:
        return text.decode("utf-8")
    except UnicodeDecodeError as exc:
        column = len(text[: exc.start].decode("utf-8", "replace")) + 1
        byte = not_utf8(text, exc.start, first=line in (None, 1))
        raise S3Error(Finding(file, line, column, "", byte)) from None


def _findings(error: str, raw: str | bytes, file: str, line: int | None) -> list[Finding]:
    """What jiter's `error` about `raw` means, in s3engine's words, where it is."""
    text = _decoded(raw, file, line)  # bad UTF-8 is said as such
    first = line or 1
    where = _WHERE.match(error)
    problem, at, column = error, 1, 1
    if where is not None:
        problem, at, column = where["problem"], int(where["line"]), int(where["column"])
    if problem.startswith("Detected duplicate key"):
        repeated = _Scan(text, first).run().duplicates
        if repeated and line is None:  # a whole file: both lines
            return [
                Finding(
                    file,
                    found[0],
                    found[1],
                    format_path(path),
                    M.YAML_DUPLICATE_KEY.format(key=path[-1], first=first_at),
                )
                for path, found, first_at in repeated
            ]
        key = repeated[0][0][-1] if repeated else problem.split('"')[1]
        message = M.JSON_DUPLICATE_KEY.format(key=key)
        return [Finding(file, line, None, "", message)]
    if problem == "recursion limit exceeded":  # pragma: no cover - the scan finds it first
        return [too_deep(file, first + at - 1, None)]
    if problem.startswith("control character") and _newline_at(text, at, column):
        # a text value runs into the end of its line: say so, at the line it opens
        line_of_text = first + at - 1 - (column == 0)
        return [Finding(file, line_of_text, None, "", M.JSON_UNCLOSED_TEXT)]
    message = M.JSON_SYNTAX.format(problem=problem)
    return [Finding(file, first + at - 1, max(column, 1), "", message)]


def _newline_at(text: str, line: int, column: int) -> bool:
    """Whether jiter points at a line break (column 0: the one that ended the line before)."""
    if column == 0:
        return True
    lines = text.split("\n")
    current = lines[line - 1] if line - 1 < len(lines) else ""
    return column > len(current) or current[column - 1] == "\r"


#: The tokens of a JSON text: texts, punctuation, other values (numbers, true...), space.
_TOKEN = re.compile(r'"(?:[^"\\\n]|\\.)*"|[{}\[\],:]|[^\s{}\[\],:"]+|\s+|.', re.S)


class _Scan:
    """Where each key and list item of a JSON text stands; what is repeated; how deep.

    A walk over the tokens of the text with a stack of the lists and mappings open, for
    texts jiter has read (or refused for a repeated key or for their depth).
    """

    def __init__(self, text: str, first_line: int):
        self.text = text
        self.first_line = first_line
        self.positions: dict[KeyPath, tuple[int, int]] = {(): (first_line, 1)}
        #: (key path, (line, column), line of its first occurrence)
        self.duplicates: list[tuple[KeyPath, tuple[int, int], int]] = []
        #: (line, column) of the first list or mapping nested deeper than MAX_DEPTH
        self.deep: tuple[int, int] | None = None
        self.stop_when_deep = False

    def run(self) -> _Scan:
        # Each open list or mapping: [path, is a mapping, next index or key, seen keys]
        stack: list[list[Any]] = []
        line, line_start = self.first_line, 0
        expect_key = False
        for token in _TOKEN.finditer(self.text):
            value = token.group()
            start = token.start()
            first = value[0]
            if first.isspace():
                newlines = value.count("\n")
                if newlines:
                    line += newlines
                    line_start = start + value.rfind("\n") + 1
                continue
            place = (line, start - line_start + 1)
            if first in ",:":
                if first == "," and stack:
                    top = stack[-1]
                    if top[1]:
                        expect_key = True
                    else:
                        top[2] += 1
                continue
            if first in "}]":
                if stack:
                    stack.pop()
                expect_key = False
                continue
            if expect_key and first == '"':  # a key of the mapping on top
                top = stack[-1]
                key = _key(value)
                path = (*top[0], key)
                if key in top[3]:
                    self.duplicates.append((path, place, top[3][key]))
                else:
                    top[3][key] = line
                    self.positions[path] = place
                top[2] = key
                expect_key = False
                continue
            # a value: record a list item's place; open a list or mapping
            path = ()
            if stack:
                top = stack[-1]
                path = (*top[0], top[2])
                if not top[1]:
                    self.positions[path] = place
            if first in "[{":
                if len(stack) >= MAX_DEPTH and self.deep is None:
                    self.deep = place
                    if self.stop_when_deep:
                        return self
                is_map = first == "{"
                stack.append([path, is_map, None if is_map else 0, {}])
                expect_key = is_map
        return self


def _key(token: str) -> str:
    """The text of a key token (as jiter reads it; a token jiter would refuse, roughly)."""
    try:
        key: str = json.loads(token, strict=False)  # strict=False: control characters too
    except ValueError:
        return token[1:-1]
    return key
