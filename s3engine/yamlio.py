"""Safe YAML loading that remembers where every key stands.

PyYAML's own loaders keep the last of two equal keys, expand aliases without limit and forget
line numbers. This module composes the node graph with the safe (C, where available) parser,
then builds plain Python values itself so that it can

* refuse duplicate keys, naming both lines;
* bound the size a document may expand to through aliases, and its nesting depth;
* refuse every tag that would construct an object;
* record the line and column of every key and list item, so that any later message about
  `sections[2].questions[0].type` can point at `file:line:column`.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from s3engine import messages as M
from s3engine.findings import Finding, S3Error

try:  # the C parser is ten times faster; the wheels of PyYAML ship it
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

#: Files larger than this are refused before they are read.
MAX_BYTES = 20 * 1024 * 1024
#: A document may hold at most this many values once aliases are expanded.
MAX_NODES = 2_000_000
#: Lists and mappings nested deeper than this are refused.
MAX_DEPTH = 64

PathKey = str | int
KeyPath = tuple[PathKey, ...]

_MERGE_TAG = "tag:yaml.org,2002:merge"
_MAP_TAGS = {"tag:yaml.org,2002:map"}
_SEQ_TAGS = {"tag:yaml.org,2002:seq"}


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
        severity: str = "error",
        code: str = "invalid",
    ) -> Finding:
        line, column = self.where(path)
        return Finding(
            file=self.file,
            line=line,
            column=column,
            path=format_path(path),
            message=message,
            severity=severity,  # type: ignore[arg-type]
            code=code,
        )


def read_text(path: Path, *, max_bytes: int = MAX_BYTES, what: str = "file") -> str:
    """Read a UTF-8 text file, refusing one that is too large or not UTF-8."""
    name = str(path)
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise S3Error(Finding(name, None, None, "", M.FILE_NOT_FOUND, code="io")) from None
    except OSError as exc:
        raise S3Error(
            Finding(name, None, None, "", M.FILE_UNREADABLE.format(reason=exc.strerror))
        ) from None
    if path.is_dir():
        raise S3Error(Finding(name, None, None, "", M.IS_A_DIRECTORY, code="io"))
    if size > max_bytes:
        raise S3Error(
            Finding(
                name,
                None,
                None,
                "",
                M.FILE_TOO_LARGE.format(
                    what=what, size=_mib(size), limit=_mib(max_bytes)
                ),
                code="limit",
            )
        )
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise S3Error(
            Finding(name, None, None, "", M.FILE_UNREADABLE.format(reason=exc.strerror))
        ) from None
    return decode_utf8(raw, name)


def decode_utf8(raw: bytes, name: str) -> str:
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        column = exc.start - (before.rfind(b"\n") + 1) + 1
        raise S3Error(
            Finding(name, line, column, "", M.NOT_UTF8.format(byte=raw[exc.start]), code="encoding")
        ) from None


def _mib(n: int) -> str:
    return f"{n / (1024 * 1024):.1f} MiB"


def load_yaml(path: Path, *, max_bytes: int = MAX_BYTES, what: str = "file") -> Loaded:
    """Load one YAML file safely; raise `S3Error` with every problem found."""
    return load_yaml_text(read_text(path, max_bytes=max_bytes, what=what), str(path))


def load_yaml_text(text: str, file: str = "<string>") -> Loaded:
    node = _compose(text, file)
    if node is None:
        return Loaded(file, None, {(): (1, 1)})
    _check_expansion(node, file)
    builder = _Builder(file)
    data = builder.build(node, (), 0)
    if builder.problems:
        raise S3Error(builder.problems)
    return Loaded(file, data, builder.positions)


def _compose(text: str, file: str) -> Node | None:
    loader = _Loader(text)
    try:
        return loader.get_single_node()  # type: ignore[no-any-return]
    except yaml.MarkedYAMLError as exc:
        raise S3Error(_syntax_finding(exc, text, file)) from None
    except yaml.YAMLError as exc:  # reader errors: control characters and the like
        raise S3Error(_reader_finding(exc, file)) from None
    except RecursionError:
        raise S3Error(Finding(file, None, None, "", M.YAML_TOO_DEEP.format(limit=MAX_DEPTH))) from None
    finally:
        loader.dispose()


def _syntax_finding(exc: yaml.MarkedYAMLError, text: str, file: str) -> Finding:
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark else None
    column = mark.column + 1 if mark else None
    problem = (exc.problem or "invalid YAML").strip()
    if mark is not None and _tab_near(text, mark.line, mark.column):
        return Finding(file, line, column, "", M.YAML_TAB, code="syntax")
    if "end of stream" in problem or (mark is not None and mark.index >= len(text.rstrip())):
        message = M.YAML_TRUNCATED.format(problem=problem)
    elif "expected a single document" in (exc.context or "") or "single document" in problem:
        message = M.YAML_MULTIPLE_DOCUMENTS
    else:
        context = f" ({exc.context.strip()})" if exc.context else ""
        message = M.YAML_SYNTAX.format(problem=problem + context)
    return Finding(file, line, column, "", message, code="syntax")


def _reader_finding(exc: yaml.YAMLError, file: str) -> Finding:
    position = getattr(exc, "position", None)
    character = getattr(exc, "character", None)
    what = f"U+{ord(character):04X}" if isinstance(character, str) else repr(character)
    message = M.YAML_BAD_CHARACTER.format(character=what)
    return Finding(file, None, None, "", message + (f" (character {position})" if position else ""))


def _tab_near(text: str, line: int, column: int) -> bool:
    lines = text.splitlines()
    if line >= len(lines):
        return False
    current = lines[line]
    indent = current[: len(current) - len(current.lstrip(" \t"))]
    return "\t" in indent or (column < len(current) and current[column] == "\t")


def _children(node: Node) -> Iterator[Node]:
    if isinstance(node, SequenceNode):
        yield from node.value
    elif isinstance(node, MappingNode):
        for key, value in node.value:
            yield key
            yield value


def _check_expansion(root: Node, file: str) -> None:
    """Refuse documents that aliases expand beyond MAX_NODES, or that contain themselves."""
    size: dict[int, int] = {}
    started: set[int] = set()
    stack: list[tuple[Node, bool]] = [(root, False)]
    while stack:
        node, finished = stack.pop()
        key = id(node)
        if finished:
            total = 1 + sum(size[id(child)] for child in _children(node))
            size[key] = total
            started.discard(key)
            if total > MAX_NODES:
                raise S3Error(
                    Finding(file, node.start_mark.line + 1, node.start_mark.column + 1, "",
                            M.YAML_ALIAS_BOMB.format(limit=MAX_NODES), code="limit")
                )
            continue
        if key in size:
            continue
        started.add(key)
        stack.append((node, True))
        for child in _children(node):
            if id(child) in started:
                mark = child.start_mark
                raise S3Error(
                    Finding(file, mark.line + 1, mark.column + 1, "", M.YAML_RECURSIVE_ALIAS,
                            code="syntax")
                )
            if id(child) not in size:
                stack.append((child, False))


class _Builder:
    def __init__(self, file: str):
        self.file = file
        self.positions: dict[KeyPath, tuple[int, int]] = {(): (1, 1)}
        self.problems: list[Finding] = []
        self.constructor = SafeConstructor()

    def _problem(self, node: Node, path: KeyPath, message: str, code: str = "syntax") -> None:
        mark = node.start_mark
        self.problems.append(
            Finding(self.file, mark.line + 1, mark.column + 1, format_path(path), message, code=code)
        )

    def build(self, node: Node, path: KeyPath, depth: int) -> Any:
        if depth > MAX_DEPTH:
            self._problem(node, path, M.YAML_TOO_DEEP.format(limit=MAX_DEPTH), "limit")
            return None
        if isinstance(node, ScalarNode):
            return self._scalar(node, path)
        if isinstance(node, SequenceNode):
            if node.tag not in _SEQ_TAGS:
                self._problem(node, path, M.YAML_UNSUPPORTED_TAG.format(tag=node.tag))
                return None
            items = []
            for index, child in enumerate(node.value):
                child_path = (*path, index)
                self.positions[child_path] = (child.start_mark.line + 1, child.start_mark.column + 1)
                items.append(self.build(child, child_path, depth + 1))
            return items
        if isinstance(node, MappingNode):
            if node.tag not in _MAP_TAGS:
                self._problem(node, path, M.YAML_UNSUPPORTED_TAG.format(tag=node.tag))
                return None
            return self._mapping(node, path, depth)
        self._problem(node, path, M.YAML_UNSUPPORTED_TAG.format(tag=node.tag))  # pragma: no cover
        return None

    def _scalar(self, node: ScalarNode, path: KeyPath) -> Any:
        try:
            return self.constructor.construct_object(node, deep=True)
        except yaml.YAMLError:
            self._problem(node, path, M.YAML_UNSUPPORTED_TAG.format(tag=node.tag))
            return None

    def _mapping(self, node: MappingNode, path: KeyPath, depth: int) -> dict[Any, Any]:
        result: dict[Any, Any] = {}
        seen_at: dict[Any, int] = {}
        merged: list[tuple[Node, MappingNode]] = []
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE_TAG:
                merged.extend(self._merge_sources(key_node, value_node, path))
                continue
            if not isinstance(key_node, ScalarNode):
                self._problem(key_node, path, M.YAML_COMPLEX_KEY)
                continue
            key = self._scalar(key_node, path)
            if not isinstance(key, str | int | float | bool) and key is not None:
                key = str(key)
            line = key_node.start_mark.line + 1
            if key in seen_at:
                self._problem(
                    key_node,
                    (*path, key),
                    M.YAML_DUPLICATE_KEY.format(key=key, first=seen_at[key]),
                    "duplicate-key",
                )
                continue
            seen_at[key] = line
            child_path = (*path, key)
            self.positions[child_path] = (line, key_node.start_mark.column + 1)
            result[key] = self.build(value_node, child_path, depth + 1)
        # Merge keys (`<<: *defaults`) fill in what the mapping does not set itself.
        for merge_key, source in merged:
            for key_node, value_node in source.value:
                if not isinstance(key_node, ScalarNode):
                    continue
                key = self._scalar(key_node, path)
                if key in result:
                    continue
                child_path = (*path, key)
                mark = merge_key.start_mark
                self.positions[child_path] = (mark.line + 1, mark.column + 1)
                result[key] = self.build(value_node, child_path, depth + 1)
        return result

    def _merge_sources(
        self, key_node: Node, value_node: Node, path: KeyPath
    ) -> list[tuple[Node, MappingNode]]:
        if isinstance(value_node, MappingNode):
            return [(key_node, value_node)]
        if isinstance(value_node, SequenceNode) and all(
            isinstance(item, MappingNode) for item in value_node.value
        ):
            return [(key_node, item) for item in value_node.value]  # type: ignore[misc]
        self._problem(value_node, path, M.YAML_BAD_MERGE)
        return []


def dump_yaml(data: Any) -> str:
    """Plain, stable YAML for files s3engine writes (responses, examples)."""
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)


try:
    from yaml import CSafeDumper as _Dumper
except ImportError:  # pragma: no cover
    from yaml import SafeDumper as _Dumper  # type: ignore[assignment]


def atomic_write_text(path: Path, text: str) -> None:
    """Write `text` to `path` so that readers see the old file or the new one, never half.

    The text goes to a temporary file in the same folder, is flushed and fsynced, then
    renamed over the target; the folder is fsynced too, so the rename survives a crash.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(tmp, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()
    try:
        fd = os.open(path.parent, os.O_RDONLY)
    except OSError:  # pragma: no cover - some filesystems refuse to open folders
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
