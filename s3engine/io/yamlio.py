"""Safe YAML loading that remembers where every key stands.

PyYAML's own loaders keep the last of two equal keys, expand aliases without limit, recurse
once per nesting level (a deeply nested file crashes the C composer) and forget line numbers.
This module reads the event stream of the safe (C, where available) parser and builds plain
Python values itself, without recursion, so that it can

* refuse duplicate keys, naming both lines;
* bound the size a document may expand to through aliases (counted, never expanded), and its
  nesting depth;
* refuse every tag that would construct an object, and report values that cannot be read
  (`2024-13-45` looks like a date) instead of failing;
* record the line and column of every key and list item, so that any later message about
  `sections[2].questions[0].type` can point at `file:line:column`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NoReturn, Protocol, cast

import yaml
from yaml.constructor import SafeConstructor
from yaml.events import (
    AliasEvent,
    DocumentEndEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

from s3engine.core import messages as M
from s3engine.core.findings import Finding, S3Error, Severity, control_character
from s3engine.core.limits import MAX_DEPTH, MAX_NODES

if TYPE_CHECKING:
    from yaml import CSafeLoader as _Loader
else:  # the C parser is ten times faster; the wheels of PyYAML ship it (not every build does)
    _Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

PathKey = str | int
KeyPath = tuple[PathKey, ...]

_MERGE_TAG = "tag:yaml.org,2002:merge"
#: How a message names the value a scalar tag asks for.
_SCALAR_KINDS = {
    "tag:yaml.org,2002:int": "a whole number",
    "tag:yaml.org,2002:float": "a number",
    "tag:yaml.org,2002:bool": "true or false",
    "tag:yaml.org,2002:timestamp": "a date",
    "tag:yaml.org,2002:binary": "base64 data",
}
_MAP_TAGS = {"tag:yaml.org,2002:map"}
_SEQ_TAGS = {"tag:yaml.org,2002:seq"}


def too_deep(file: str, line: int | None, column: int | None) -> Finding:
    """The one finding for values nested deeper than MAX_DEPTH, whichever reader noticed:
    this module's own count, libyaml's scanner, or the JSON parser."""
    return Finding(file, line, column, "", M.TOO_DEEP.format(limit=MAX_DEPTH))


#: The code of the nesting-limit finding (docs/errors.md).
TOO_DEEP_CODE = M.TOO_DEEP.code


def format_path(path: Sequence[PathKey]) -> str:
    """`("sections", 1, "questions", 0)` -> `sections[1].questions[0]`."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


@dataclass
class Loaded:
    """A YAML document as plain values, with the position of every key and list item."""

    file: str
    data: Any
    positions: dict[KeyPath, tuple[int, int]] = field(default_factory=dict)

    def where(self, path: Sequence[PathKey]) -> tuple[int | None, int | None]:
        """Line and column of `path`, or of the nearest enclosing entry that has one."""
        key = tuple(path)
        while key:
            if key in self.positions:
                return self.positions[key]
            key = key[:-1]
        return self.positions.get((), (None, None))

    def finding(
        self,
        path: Sequence[PathKey],
        message: str,
        *,
        severity: Severity = "error",
        code: str = "",
    ) -> Finding:
        line, column = self.where(path)
        return Finding(
            file=self.file,
            line=line,
            column=column,
            path=format_path(path),
            message=message,
            severity=severity,
            code=code,
        )


def load_yaml_text(text: str, file: str = "<string>") -> Loaded:
    """Load one YAML document from `text`; raise `S3Error` with every problem found."""
    builder = _Builder(text, file)
    data = builder.run()
    if builder.problems:
        raise S3Error(builder.problems)
    return Loaded(file, data, builder.positions)


def _syntax_finding(exc: yaml.MarkedYAMLError, text: str, file: str) -> Finding:
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark else None
    column = mark.column + 1 if mark else None
    problem = (exc.problem or "invalid YAML").strip()
    if "nesting depth" in problem:  # libyaml's scanner (PyYAML >= 6.0.4) stops at 1,000 levels
        return too_deep(file, line, column)
    if mark is not None and _tab_near(text, mark.line, mark.column):
        return Finding(file, line, column, "", M.YAML_TAB)
    # The parser stopped at the end of the text (mark indices count characters).
    if "end of stream" in problem or (mark is not None and mark.index >= len(text.rstrip())):
        message = M.YAML_TRUNCATED.format(problem=problem)
    else:
        context = f" ({exc.context.strip()})" if exc.context else ""
        message = M.YAML_SYNTAX.format(problem=problem + context)
    return Finding(file, line, column, "", message)


#: Characters YAML 1.1 allows in a stream (PyYAML's reader refuses all others).
_NOT_PRINTABLE = re.compile(
    "[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
)


def _reader_finding(exc: yaml.YAMLError, text: str, file: str) -> Finding:
    found = _NOT_PRINTABLE.search(text)
    if found is None:  # pragma: no cover - the reader refuses only such characters
        return Finding(file, None, None, "", M.YAML_SYNTAX.format(problem=exc))
    before = text[: found.start()]
    line = before.count("\n") + 1
    column = found.start() - (before.rfind("\n") + 1) + 1
    character = f"U+{ord(found.group()):04X}"
    return Finding(file, line, column, "", M.YAML_BAD_CHARACTER.format(character=character))


def _tab_near(text: str, line: int, column: int) -> bool:
    lines = text.splitlines()
    if line >= len(lines):
        return False
    current = lines[line]
    indent = current[: len(current) - len(current.lstrip(" \t"))]
    return "\t" in indent or (column < len(current) and current[column] == "\t")


def _short_tag(tag: str) -> str:
    return "!!" + tag.removeprefix("tag:yaml.org,2002:") if tag.startswith("tag:yaml.org") else tag


class _Mark(Protocol):
    """Where an event starts (PyYAML's pure-Python and C marks both have these)."""

    @property
    def line(self) -> int: ...  # 0-based

    @property
    def column(self) -> int: ...  # 0-based


class _Skip:
    """Marks a mapping entry whose key was refused: its value is read but not kept."""


_SKIP = _Skip()
_MERGE = object()


@dataclass
class _Frame:
    """A list or mapping being read, with where it stands."""

    path: KeyPath
    value: list[Any] | dict[Any, Any]
    start: _Mark
    total_before: int  # values read before this one: its size is the difference at its end
    anchor: str | None = None
    record: bool = True  # False inside a refused key: its positions would be wrong
    valid: bool = True  # False when its tag is refused: the value becomes None
    # Mappings only: the pending key, where it is, and what merge keys bring in.
    expect_key: bool = True
    key: Any = None
    key_mark: _Mark | None = None
    seen_at: dict[Any, int] = field(default_factory=dict)
    merges: list[tuple[_Mark, Any]] = field(default_factory=list)


class _Builder:
    """Builds plain values from the parser's events, without recursion.

    Values reached through an alias are shared, never copied, and their expanded size is
    added up as the document is read: an alias bomb is refused long before it could expand.
    """

    def __init__(self, text: str, file: str):
        self.text = text
        self.file = file
        self.positions: dict[KeyPath, tuple[int, int]] = {(): (1, 1)}
        self.problems: list[Finding] = []
        self.constructor = SafeConstructor()
        self.anchors: dict[str, tuple[Any, int]] = {}
        self.open_anchors: set[str] = set()
        self.stack: list[_Frame] = []
        self.total = 0  # values read so far, with every alias counted at its full size
        self.aliases = 0

    # -- driver --------------------------------------------------------------------------

    def run(self) -> Any:
        loader = _Loader(self.text)
        try:
            return self._read(loader)
        except yaml.MarkedYAMLError as exc:
            raise S3Error([*self.problems, _syntax_finding(exc, self.text, self.file)]) from None
        except yaml.YAMLError as exc:  # reader errors: control characters and the like
            raise S3Error([*self.problems, _reader_finding(exc, self.text, self.file)]) from None
        finally:
            loader.dispose()

    def _read(self, loader: Any) -> Any:
        get = loader.get_event
        get()  # stream start
        event = get()
        if isinstance(event, StreamEndEvent):
            return None
        root: Any = None
        while True:
            event = get()
            if isinstance(event, DocumentEndEvent):
                break
            done, value = self._event(loader, event)
            if done:
                root = value
        following: Any = get()
        if isinstance(following, DocumentStartEvent):
            self._fatal(cast(_Mark, following.start_mark), M.YAML_MULTIPLE_DOCUMENTS)
        return root

    def _fatal(self, mark: _Mark, message: str) -> NoReturn:
        finding = Finding(self.file, mark.line + 1, mark.column + 1, "", message)
        raise S3Error([*self.problems, finding])

    def _problem(self, mark: _Mark, path: KeyPath, message: str) -> None:
        self.problems.append(
            Finding(self.file, mark.line + 1, mark.column + 1, format_path(path), message)
        )

    def _count(self, size: int, mark: _Mark) -> None:
        self.total += size
        if self.total > MAX_NODES:
            if self.aliases:
                self._fatal(mark, M.YAML_ALIAS_BOMB.format(limit=MAX_NODES))
            self._fatal(mark, M.YAML_TOO_MANY_VALUES.format(limit=MAX_NODES))

    # -- events --------------------------------------------------------------------------

    def _event(self, loader: Any, event: Any) -> tuple[bool, Any]:
        """Handle one event; (True, value) when it completes the whole document."""
        start: _Mark = event.start_mark
        if isinstance(event, ScalarEvent):
            path, record = self._child_path(start)
            self._count(1, start)
            value, is_merge = self._scalar(loader, event, start, path)
            if event.anchor:
                self.anchors[event.anchor] = (value, 1)
            return self._complete(value, start, scalar=True, merge=is_merge)
        if isinstance(event, AliasEvent):
            self._child_path(start)
            name = event.anchor
            if name in self.open_anchors:
                self._fatal(start, M.YAML_RECURSIVE_ALIAS)
            if name not in self.anchors:
                self._fatal(start, M.YAML_UNDEFINED_ALIAS.format(name=name))
            value, size = self.anchors[name]
            self.aliases += 1
            self._count(size, start)
            return self._complete(
                value, start, scalar=not isinstance(value, list | dict), merge=False
            )
        if isinstance(event, SequenceStartEvent | MappingStartEvent):
            is_map = isinstance(event, MappingStartEvent)
            path, record = self._child_path(start)
            if len(self.stack) >= MAX_DEPTH:
                raise S3Error(
                    [*self.problems, too_deep(self.file, start.line + 1, start.column + 1)]
                )
            total_before = self.total
            self._count(1, start)
            tag = event.tag
            if tag is None or tag == "!":
                tag = loader.resolve(MappingNode if is_map else SequenceNode, None, event.implicit)
            frame = _Frame(path, {} if is_map else [], start, total_before, event.anchor, record)
            if tag not in (_MAP_TAGS if is_map else _SEQ_TAGS):
                self._problem(start, path, M.YAML_UNSUPPORTED_TAG.format(tag=_short_tag(tag)))
                frame.valid = False
            if event.anchor:
                self.open_anchors.add(event.anchor)
            self.stack.append(frame)
            return False, None
        if isinstance(event, SequenceEndEvent | MappingEndEvent):
            frame = self.stack.pop()
            if isinstance(frame.value, dict):
                self._merge(frame)
            built = frame.value if frame.valid else None
            if frame.anchor:
                self.open_anchors.discard(frame.anchor)
                self.anchors[frame.anchor] = (built, self.total - frame.total_before)
            return self._complete(built, frame.start, scalar=False, merge=False)
        raise yaml.YAMLError(f"unexpected {type(event).__name__}")  # pragma: no cover

    def _child_path(self, mark: _Mark) -> tuple[KeyPath, bool]:
        """The key path of the value that starts at `mark`; records a list item's position."""
        if not self.stack:
            return (), True
        top = self.stack[-1]
        if isinstance(top.value, list):
            path = (*top.path, len(top.value))
            if top.record:
                self.positions[path] = (mark.line + 1, mark.column + 1)
            return path, top.record
        if top.expect_key or top.key is _SKIP or top.key is _MERGE:
            return top.path, False
        return (*top.path, top.key), top.record

    def _scalar(self, loader: Any, event: Any, start: _Mark, path: KeyPath) -> tuple[Any, bool]:
        tag = event.tag
        if tag is None or tag == "!":
            tag = loader.resolve(ScalarNode, event.value, event.implicit)
        if tag == _MERGE_TAG:
            return event.value, True
        construct = self.constructor.yaml_constructors.get(tag)
        if construct is None or tag in _MAP_TAGS or tag in _SEQ_TAGS:
            self._problem(start, path, M.YAML_UNSUPPORTED_TAG.format(tag=_short_tag(tag)))
            return None, False
        if event.style == '"':  # only escapes in double quotes can make control characters
            character = control_character(event.value)
            if character is not None:
                self._problem(start, path, M.YAML_CONTROL_CHARACTER.format(character=character))
                return None, False
        node = ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
        try:
            return construct(self.constructor, node), False
        except (yaml.YAMLError, ValueError, TypeError, OverflowError):
            kind = _SCALAR_KINDS.get(tag, _short_tag(tag))
            self._problem(start, path, M.YAML_BAD_SCALAR.format(value=event.value, kind=kind))
            return None, False

    def _complete(self, value: Any, mark: _Mark, *, scalar: bool, merge: bool) -> tuple[bool, Any]:
        """A value is read: put it in the list or mapping that holds it."""
        if not self.stack:
            return True, value
        top = self.stack[-1]
        if isinstance(top.value, list):
            top.value.append(value)
            return False, None
        if top.expect_key:
            top.expect_key = False
            top.key_mark = mark
            if merge:
                top.key = _MERGE
            elif not scalar:
                self._problem(mark, top.path, M.YAML_COMPLEX_KEY)
                top.key = _SKIP
            else:
                key = value
                if not isinstance(key, str | int | float | bool) and key is not None:
                    key = str(key)
                if key in top.seen_at:
                    self._problem(
                        mark,
                        (*top.path, key),
                        M.YAML_DUPLICATE_KEY.format(key=key, first=top.seen_at[key]),
                    )
                    top.key = _SKIP
                else:
                    top.seen_at[key] = mark.line + 1
                    top.key = key
                    if top.record:
                        self.positions[(*top.path, key)] = (mark.line + 1, mark.column + 1)
            return False, None
        top.expect_key = True
        assert isinstance(top.value, dict) and top.key_mark is not None
        if top.key is _MERGE:
            sources = value if isinstance(value, list) else [value]
            if all(isinstance(source, dict) for source in sources):
                top.merges.extend((top.key_mark, source) for source in sources)
            else:
                self._problem(mark, top.path, M.YAML_BAD_MERGE)
        elif top.key is not _SKIP:
            top.value[top.key] = value
        return False, None

    def _merge(self, frame: _Frame) -> None:
        """Merge keys (`<<: *defaults`) fill in what the mapping does not set itself."""
        assert isinstance(frame.value, dict)
        for mark, source in frame.merges:
            for key, value in source.items():
                if key in frame.value:
                    continue
                frame.value[key] = value
                if frame.record:
                    self.positions[(*frame.path, key)] = (mark.line + 1, mark.column + 1)


def value_kind(value: Any) -> str:
    """What a loaded value is, in words for a message ("a list")."""
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    shown = repr(value)
    if len(shown) > 60:  # a whole file read as one text (/etc/passwd): quote its start only
        shown = shown[:50] + "..." + shown[-1]
    return f"a single value ({shown})"


def dump_yaml(data: Any) -> str:
    """Plain, stable YAML for files s3engine writes (responses, examples)."""
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)


if TYPE_CHECKING:
    from yaml import CSafeDumper as _Dumper
else:  # the C emitter where PyYAML was built with it
    _Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
