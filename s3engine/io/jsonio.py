"""JSON read by JSON's rules, with the position of every key for messages.

The values are JSON's (`1e5` is a number, a repeated key is refused); the positions come
from reading the same text with the YAML reader, where it is also YAML. Nesting deeper than
the limit is the same finding whoever notices it first.
"""

from __future__ import annotations

import json

from s3engine.core import messages as M
from s3engine.core.findings import Finding, S3Error
from s3engine.io.yamlio import TOO_DEEP_CODE, Loaded, load_yaml_text, too_deep


def load_json_text(text: str, file: str, line: int | None = None) -> Loaded:
    """JSON text, read by JSON's rules, with the position of every key.

    `line` is where the text starts in its file (a line of a JSON Lines file); None for a
    whole file. The values are JSON's (`1e5` is a number); the positions come from reading
    the same text as YAML, where it is also YAML.
    """
    first = line or 1
    as_yaml: list[Finding] = []  # the findings, not the error: it would hold this frame
    try:
        shape: Loaded | None = load_yaml_text(text, file)
    except S3Error as exc:
        shape, as_yaml = None, list(exc.findings)
    # Nesting is limited whoever notices it: the YAML reading says where, in JSON's words.
    deep = [_shifted(f, first) for f in as_yaml if f.code == TOO_DEEP_CODE]
    if deep:
        raise S3Error(deep)
    try:
        data = json.loads(text, object_pairs_hook=_no_duplicates)
    except RecursionError:  # pragma: no cover - the YAML reading refuses such depth first
        raise S3Error(too_deep(file, line, None)) from None
    except json.JSONDecodeError as exc:
        problem: str = M.JSON_SYNTAX.format(problem=exc.msg)
        if exc.msg.startswith("Invalid control character") and text[exc.pos] in "\r\n":
            problem = M.JSON_UNCLOSED_TEXT  # "...at" would name no place: say what it is
        raise S3Error(Finding(file, first + exc.lineno - 1, exc.colno, "", problem)) from None
    except _DuplicateKey as exc:
        # In a whole file, the YAML reading found it too, with both lines.
        duplicates = [
            f for f in as_yaml if f.code == M.JSON_DUPLICATE_KEY.code and f.line is not None
        ]
        if duplicates and line is None:
            raise S3Error(duplicates) from None
        raise S3Error(
            Finding(file, line, None, "", M.JSON_DUPLICATE_KEY.format(key=exc.key))
        ) from None
    if shape is None:
        return Loaded(file, data, {(): (first, 1)})
    positions = {path: (at + first - 1, column) for path, (at, column) in shape.positions.items()}
    return Loaded(file, data, positions)


def _shifted(finding: Finding, first: int) -> Finding:
    if finding.line is None or first == 1:
        return finding
    return Finding(
        finding.file,
        finding.line + first - 1,
        finding.column,
        finding.path,
        finding.message,
        finding.severity,
        finding.code,
    )


class _DuplicateKey(ValueError):
    def __init__(self, key: str):
        super().__init__(key)
        self.key = key


def _no_duplicates(pairs: list[tuple[str, object]]) -> dict[str, object]:
    out: dict[str, object] = {}
    for key, value in pairs:
        if key in out:
            raise _DuplicateKey(key)
        out[key] = value
    return out
