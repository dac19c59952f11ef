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
from collections.abc import Callable, Sequence
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
from yaml.nodes import ScalarNode

from s3engine.core import messages as M
from s3engine.core.findings import Finding, S3Error, Severity, control_character
from s3engine.core.limits import MAX_DEPTH, MAX_EXPANDED_CHARACTERS, MAX_NODES

if TYPE_CHECKING:
    from yaml import CSafeLoader as _Loader
else:  # the C parser is ten times faster; the wheels of PyYAML ship it (not every build does)
    _Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

PathKey = str | int
KeyPath = tuple[PathKey, ...]

_MERGE_TAG = "tag:yaml.org,2002:merge"
_STR_TAG = "tag:yaml.org,2002:str"
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


class Loaded:
    """A document as plain values, with the position of every key and list item.

    The positions are found when first asked for (`where`, `finding`, `positions`): a
    reader gives `locate`, which reads the text again for them, so that a document without
    a problem never pays for them.
    """

    __slots__ = ("_locate", "_positions", "data", "file")

    def __init__(
        self,
        file: str,
        data: Any,
        positions: dict[KeyPath, tuple[int, int]] | None = None,
        *,
        locate: Callable[[], dict[KeyPath, tuple[int, int]]] | None = None,
    ):
        self.file = file
        self.data = data
        self._positions = positions
        self._locate = locate

    @property
    def positions(self) -> dict[KeyPath, tuple[int, int]]:
        """(key path) -> (line, column) of every key and list item."""
        if self._positions is None:
            self._positions = self._locate() if self._locate is not None else {(): (1, 1)}
            self._locate = None
        return self._positions

    def where(self, path: Sequence[PathKey]) -> tuple[int | None, int | None]:
        """Line and column of `path`, or of the nearest enclosing entry that has one."""
        positions = self.positions
        key = tuple(path)
        while key:
            if key in positions:
                return positions[key]
            key = key[:-1]
        return positions.get((), (None, None))

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


def load_yaml_text(text: str, file: str = "<string>", *, positions: bool = False) -> Loaded:
    """Load one YAML document from `text`; raise `S3Error` with every problem found.

    The one YAML reader of s3engine: definitions, answers files and responses alike. The
    positions of the keys are found only when asked for (Loaded.positions): reading the
    text again, so that documents without a problem are read once. With `positions`, they
    are found while the values are read, for a document whose positions will be asked for
    anyway (a questionnaire's check looks its texts up among them): it too is read once.
    """
    if positions:
        builder = _Builder(text, file, record=True)
        data = builder.run()
        if builder.problems:
            raise S3Error(builder.problems)
        return Loaded(file, data, builder.positions)
    data = read_yaml(text, file)
    return Loaded(file, data, locate=lambda: positions_of(text, file))


def read_yaml(text: str, file: str = "<string>") -> Any:
    """The values of one YAML document; S3Error with every problem found (and where)."""
    builder = _Builder(text, file, record=False)
    data = builder.run()
    if builder.problems:
        raise S3Error(builder.problems)
    return data


def positions_of(text: str, file: str = "<string>") -> dict[KeyPath, tuple[int, int]]:
    """Where each key and list item of a YAML text (read by read_yaml) stands."""
    builder = _Builder(text, file, record=True)
    builder.run()
    return builder.positions


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


#: Characters YAML 1.1 allows in a stream (PyYAML's reader refuses all others). Compiled
#: when a text holds one (the re module keeps it then): compiling it takes some 10 ms, which
#: every start of s3engine would pay.
_NOT_PRINTABLE = "[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"


def _reader_finding(exc: yaml.YAMLError, text: str, file: str) -> Finding:
    found = re.search(_NOT_PRINTABLE, text)
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

    @property
    def index(self) -> int: ...  # 0-based, in characters


class _Skip:
    """Marks a mapping entry whose key was refused: its value is read but not kept."""


_SKIP = _Skip()
_MERGE = object()


class _Frame:
    """A list or mapping being read, with where it stands."""

    __slots__ = (
        "anchor",
        "expanded_before",
        "expect_key",
        "key",
        "key_mark",
        "merges",
        "path",
        "record",
        "seen_at",
        "start",
        "total_before",
        "valid",
        "value",
    )

    def __init__(
        self,
        path: KeyPath,
        value: list[Any] | dict[Any, Any],
        start: _Mark,
        total_before: int,
        expanded_before: int,
        anchor: str | None,
        record: bool,
    ):
        self.path = path
        self.value = value
        self.start = start
        self.total_before = total_before  # values read before it: its size is the difference
        self.expanded_before = expanded_before  # characters aliases added before it
        self.anchor = anchor
        self.record = record  # False inside a refused key: its positions would be wrong
        self.valid = True  # False when its tag is refused: the value becomes None
        # Mappings only: the pending key, where it is, where each key was first given, and
        # what merge keys bring in.
        self.expect_key = True
        self.key: Any = None
        self.key_mark: _Mark | None = None
        self.seen_at: dict[Any, _Mark] = {}
        self.merges: list[tuple[_Mark, Any]] = []


#: Scalars read before, in any document: (tag, text, implicit, double-quoted) -> (value,
#: problem or None, whether it is a merge key). The values are immutable (texts, numbers,
#: dates), so documents share them; most keys and answers repeat from one response to the
#: next. Emptied when it holds _MAX_SCALARS.
_SCALARS: dict[tuple[Any, ...], tuple[Any, str | None, bool]] = {}
_MAX_SCALARS = 20_000


class _Builder:
    """Builds plain values from the parser's events, without recursion.

    Values reached through an alias are shared, never copied, and their expanded size is
    added up as the document is read: an alias bomb is refused long before it could expand.
    With `record`, the position of every key and list item is kept in `positions`.
    """

    def __init__(self, text: str, file: str, *, record: bool = True):
        self.text = text
        self.file = file
        self.record = record
        self.positions: dict[KeyPath, tuple[int, int]] = {(): (1, 1)}
        self.problems: list[Finding] = []
        # anchor -> (value, its values and characters once expanded)
        self.anchors: dict[str, tuple[Any, int, int]] = {}
        self.open_anchors: set[str] = set()
        self.stack: list[_Frame] = []
        self.total = 0  # values read so far, with every alias counted at its full size
        self.aliases = 0
        # Characters the aliases read so far add to the text once expanded: a text of 1 MB
        # repeated through 3,000 aliases is 3 GB for whoever hashes or prints the document.
        self.expanded = 0

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
        """The document's values: one loop over the parser's events (the hot path)."""
        get = loader.get_event
        get()  # stream start
        if type(get()) is StreamEndEvent:  # else: the document's start
            return None
        stack = self.stack
        scalars = _SCALARS
        complete = self._complete
        root: Any = None
        while True:
            event = get()
            kind = type(event)
            if kind is ScalarEvent:
                self.total += 1
                if self.total > MAX_NODES:
                    self._too_many(event.start_mark)
                key = (event.tag, event.value, event.implicit, event.style == '"')
                found = scalars.get(key)
                if found is None:
                    found = self._scalar(loader, event, key)
                value, problem, merge = found
                if problem is not None:
                    self._problem(event.start_mark, self._path_here(), problem)
                if event.anchor:
                    self.anchors[event.anchor] = (value, 1, len(event.value))
                if stack:
                    complete(stack[-1], value, event.start_mark, True, merge)
                else:
                    root = value
            elif kind is MappingStartEvent or kind is SequenceStartEvent:
                self._start(event, kind is MappingStartEvent)
            elif kind is MappingEndEvent or kind is SequenceEndEvent:
                frame = stack.pop()
                if frame.merges:
                    self._merge(frame)
                built = frame.value if frame.valid else None
                if frame.anchor:
                    self.open_anchors.discard(frame.anchor)
                    # its text, and what the aliases inside it add
                    chars = event.end_mark.index - frame.start.index
                    chars += self.expanded - frame.expanded_before
                    self.anchors[frame.anchor] = (built, self.total - frame.total_before, chars)
                if stack:
                    complete(stack[-1], built, frame.start, False, False)
                else:
                    root = built
            elif kind is AliasEvent:
                value = self._alias(event)
                if stack:
                    complete(stack[-1], value, event.start_mark, not isinstance(value, list | dict))
                else:
                    root = value
            elif kind is DocumentEndEvent:
                break
            else:  # pragma: no cover - the parser sends no other event inside a document
                raise yaml.YAMLError(f"unexpected {kind.__name__}")
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

    def _too_many(self, mark: _Mark) -> NoReturn:
        if self.aliases:
            self._fatal(mark, M.YAML_ALIAS_BOMB.format(limit=MAX_NODES))
        self._fatal(mark, M.YAML_TOO_MANY_VALUES.format(limit=MAX_NODES))

    def _path_here(self) -> KeyPath:
        """The key path of the value that starts now (for a message)."""
        if not self.stack:
            return ()
        top = self.stack[-1]
        if isinstance(top.value, list):
            return (*top.path, len(top.value))
        if top.expect_key or top.key is _SKIP or top.key is _MERGE:
            return top.path
        return (*top.path, top.key)

    # -- events --------------------------------------------------------------------------

    def _start(self, event: Any, is_map: bool) -> None:
        """A list or mapping starts."""
        start: _Mark = event.start_mark
        stack = self.stack
        path = self._path_here()
        record = True
        if stack:
            top = stack[-1]
            record = top.record
            if isinstance(top.value, dict) and (
                top.expect_key or top.key is _SKIP or top.key is _MERGE
            ):
                record = False
        if len(stack) >= MAX_DEPTH:
            raise S3Error([*self.problems, too_deep(self.file, start.line + 1, start.column + 1)])
        total_before = self.total
        self.total += 1
        if self.total > MAX_NODES:
            self._too_many(start)
        container: list[Any] | dict[Any, Any] = {} if is_map else []
        frame = _Frame(path, container, start, total_before, self.expanded, event.anchor, record)
        tag = event.tag  # none (or "!"): a plain list or mapping, whatever the resolver
        if tag is not None and tag != "!" and tag not in (_MAP_TAGS if is_map else _SEQ_TAGS):
            self._problem(start, path, M.YAML_UNSUPPORTED_TAG.format(tag=_short_tag(tag)))
            frame.valid = False
        if event.anchor:
            self.open_anchors.add(event.anchor)
        if self.record and record and stack and isinstance(stack[-1].value, list):
            self.positions[path] = (start.line + 1, start.column + 1)
        stack.append(frame)

    def _alias(self, event: Any) -> Any:
        start: _Mark = event.start_mark
        name = event.anchor
        if name in self.open_anchors:
            self._fatal(start, M.YAML_RECURSIVE_ALIAS)
        if name not in self.anchors:
            self._fatal(start, M.YAML_UNDEFINED_ALIAS.format(name=name))
        if self.record and self.stack and isinstance(self.stack[-1].value, list):
            top = self.stack[-1]
            if top.record:
                self.positions[(*top.path, len(top.value))] = (start.line + 1, start.column + 1)
        value, size, chars = self.anchors[name]
        self.aliases += 1
        self.total += size
        if self.total > MAX_NODES:
            self._too_many(start)
        self.expanded += chars
        if self.expanded > MAX_EXPANDED_CHARACTERS:
            limit = MAX_EXPANDED_CHARACTERS
            self._fatal(start, M.YAML_EXPANDS_TOO_MUCH.format(limit=limit))
        return value

    def _scalar(
        self, loader: Any, event: Any, key: tuple[Any, ...]
    ) -> tuple[Any, str | None, bool]:
        """Read a scalar not seen before: (value, problem or None, whether a merge key)."""
        tag = event.tag
        if tag is None or tag == "!":
            tag = loader.resolve(ScalarNode, event.value, event.implicit)
        found: tuple[Any, str | None, bool]
        if tag == _STR_TAG and (event.style != '"' or control_character(event.value) is None):
            found = (event.value, None, False)  # what SafeConstructor makes of it, sooner
        elif tag == _MERGE_TAG:
            found = (event.value, None, True)
        elif (construct := _CONSTRUCTOR.yaml_constructors.get(tag)) is None or (
            tag in _MAP_TAGS or tag in _SEQ_TAGS
        ):
            found = (None, M.YAML_UNSUPPORTED_TAG.format(tag=_short_tag(tag)), False)
        elif event.style == '"' and (character := control_character(event.value)) is not None:
            # only escapes in double quotes can make control characters
            found = (None, M.YAML_CONTROL_CHARACTER.format(character=character), False)
        else:
            node = ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
            try:
                found = (construct(_CONSTRUCTOR, node), None, False)
            except (yaml.YAMLError, ValueError, TypeError, OverflowError):
                kind = _SCALAR_KINDS.get(tag, _short_tag(tag))
                found = (None, M.YAML_BAD_SCALAR.format(value=event.value, kind=kind), False)
        if len(_SCALARS) >= _MAX_SCALARS:
            _SCALARS.clear()
        _SCALARS[key] = found
        return found

    def _complete(
        self, top: _Frame, value: Any, mark: _Mark, scalar: bool, merge: bool = False
    ) -> None:
        """A value is read: put it in the list or mapping `top` that holds it."""
        container = top.value
        if type(container) is list:
            if self.record and top.record:
                self.positions[(*top.path, len(container))] = (mark.line + 1, mark.column + 1)
            container.append(value)
            return
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
                seen_at = top.seen_at
                if key in seen_at:
                    first = seen_at[key].line + 1
                    self._problem(
                        mark,
                        (*top.path, key),
                        M.YAML_DUPLICATE_KEY.format(key=key, first=first),
                    )
                    top.key = _SKIP
                else:
                    seen_at[key] = mark
                    top.key = key
                    if self.record and top.record:
                        self.positions[(*top.path, key)] = (mark.line + 1, mark.column + 1)
            return
        top.expect_key = True
        key = top.key
        if key is _MERGE:
            assert top.key_mark is not None
            sources = value if isinstance(value, list) else [value]
            if all(isinstance(source, dict) for source in sources):
                top.merges.extend((top.key_mark, source) for source in sources)
            else:
                self._problem(mark, top.path, M.YAML_BAD_MERGE)
        elif key is not _SKIP:
            cast(dict[Any, Any], container)[key] = value

    def _merge(self, frame: _Frame) -> None:
        """Merge keys (`<<: *defaults`) fill in what the mapping does not set itself."""
        assert isinstance(frame.value, dict)
        for mark, source in frame.merges:
            for key, value in source.items():
                if key in frame.value:
                    continue
                frame.value[key] = value
                if self.record and frame.record:
                    self.positions[(*frame.path, key)] = (mark.line + 1, mark.column + 1)


#: The safe constructors of PyYAML (scalars only: the builder makes lists and mappings).
_CONSTRUCTOR = SafeConstructor()


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
