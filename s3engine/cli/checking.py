"""`s3engine check`: find the files under the given paths, tell their kind, check each.

The kind of a YAML file is told by its top-level keys (a questionnaire has `sections`, ...).
Each kind names the function that checks one loaded file; it is imported only when a file of
that kind turns up, so that checking one questionnaire stays fast.
"""

from __future__ import annotations

import importlib
import os
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import NamedTuple

from s3engine.core import messages as M
from s3engine.core.checks import CheckContext
from s3engine.core.findings import Finding, Report, S3Error, UsageError
from s3engine.core.limits import MAX_RESPONSE_BYTES
from s3engine.io.files import files_below, load_document
from s3engine.io.yamlio import Loaded, value_kind

CheckFn = Callable[[Loaded, CheckContext], Report]


# A NamedTuple, not a frozen dataclass, whose generated methods are each compiled as the
# module is imported: 1 ms of every start.
class Kind(NamedTuple):
    name: str
    marker: str  # a top-level key only files of this kind have
    checker: str  # "module:function" taking (Loaded, CheckContext) -> Report

    def load_checker(self) -> CheckFn:
        module, _, function = self.checker.partition(":")
        checker: CheckFn = getattr(importlib.import_module(module), function)
        return checker


#: Kinds of file `check` knows, in the order their markers are tried.
KINDS: list[Kind] = [
    Kind("questionnaire", "sections", "s3engine.questionnaire.checks:check_questionnaire_file"),
    Kind("model", "dimensions", "s3engine.scoring.checks:check_model_file"),
    Kind("catalogue", "recommendations", "s3engine.plan.catalogue_checks:check_catalogue_file"),
    Kind("response", "s3engine_response", "s3engine.responses.checks:check_response_file"),
    Kind("regions", "regions", "s3engine.questionnaire.regions:check_region_list_file"),
    Kind("targets", "s3engine_targets", "s3engine.scoring.checks:check_targets_file"),
]

#: Text only a questionnaire has (responses.checks looks for questionnaires among the files
#: checked by it too): its check looks up the positions of its texts, which are then found
#: while it is read, not by reading it again (the kind is told once it is read).
_QUESTIONNAIRE = re.compile(r"^sections\s*:", re.MULTILINE)


def find_files(paths: Iterable[str]) -> list[Path]:
    """The files named, and those below the folders named (io.files.files_below: as
    `score` lists a folder, a file named like an input that is no regular file included, for
    its reader to refuse).

    A name that is no path names a shipped file (`s3-stress-test`).
    """
    found: list[Path] = []
    for spec in paths:
        path = Path(spec)
        if path.is_dir():
            below = list(files_below(path))
            if not below:
                raise UsageError(M.CHECK_EMPTY_FOLDER.format(spec=spec))
            found.extend(below)
        elif path.exists():
            found.append(path)
        else:
            from s3engine.io.resources import resolve_any

            found.append(resolve_any(spec))  # a shipped file named without its path
    # A file named twice (or inside a folder also named), by any path, is checked once.
    unique: dict[Path, Path] = {}
    folders: dict[Path, Path] = {}  # a folder -> its real path
    for path in found:
        unique.setdefault(_real_path(path, folders), path)
    return list(unique.values())


def _real_path(path: Path, folders: dict[Path, Path]) -> Path:
    """The path of `path` with every link resolved (Path.resolve), each folder resolved
    once: a file that is no link is its real folder's file of that name. Resolving each
    path whole (a call to the system per part) took half a second of 10,000 files."""
    folder = path.parent
    real = folders.get(folder)
    if real is None:
        real = folders[folder] = folder.resolve()
    if os.path.islink(path) or path.name in ("", ".", ".."):
        try:
            return path.resolve()
        except (OSError, RuntimeError):  # a link to itself (Python 3.11: RuntimeError)
            return Path(os.path.abspath(path))  # its reader says what it is
    return real / path.name


def check_paths(
    paths: Iterable[str], *, strict: bool = False, questionnaires: Sequence[str] = ()
) -> list[Report]:
    from s3engine.io.resources import resolve

    files = find_files(paths)
    named = [resolve(spec, "questionnaires") for spec in questionnaires]
    context = CheckContext(files=files, strict=strict, questionnaires=named)
    return [check_file(path, context) for path in files]


def check_file(path: Path, context: CheckContext) -> Report:
    suffix = path.suffix.lower()
    if suffix == ".jsonl":
        return _check_json_lines(path, context)
    try:
        # JSON by JSON's rules, as score reads it; a questionnaire with its positions
        loaded = load_document(path, positions_if=_QUESTIONNAIRE)
    except S3Error as exc:
        return Report(str(path), "unknown", list(exc.findings))
    kind = kind_of(loaded)
    if kind is not None and kind.name == "response" and _larger_than_a_response(path):
        from s3engine.responses.files import whole_file

        document = whole_file(path)  # as score and plan read it, with their size limit
        if document.error is not None:
            return Report(str(path), kind.name, list(document.error.findings))
    return _check_loaded(loaded, context)


def _larger_than_a_response(path: Path) -> bool:
    """Whether a response file is beyond the size score and plan read (MAX_RESPONSE_BYTES):
    only then is it read again as they read it, for their message; a file is read once."""
    try:
        return path.stat().st_size > MAX_RESPONSE_BYTES
    except OSError:
        return True  # gone since: the reader says so


def _check_json_lines(path: Path, context: CheckContext) -> Report:
    """A JSON Lines file of responses: every line checked as a response file is. A problem
    of many lines (the same code at the same key, whatever value each line holds there:
    an unknown region on each of 100,000 lines) is listed for its first lines, the last of
    them saying how many more the file has (FirstOfAKind, more_of_a_kind), as one file's
    60,000 unknown keys are: the report, and the memory it takes, grow with the kinds of
    problem, never with the lines."""
    from s3engine.core.findings import FirstOfAKind, more_of_a_kind
    from s3engine.responses.files import read_documents

    report = Report(str(path), "response")
    found = FirstOfAKind()
    lines = 0
    for document in read_documents([path]):
        lines += 1
        try:
            loaded = document.load()
        except S3Error as exc:
            found.extend(exc.findings)
            continue
        found.extend(_check_loaded(loaded, context).findings)
    unlisted = found.unlisted()
    report.findings = [more_of_a_kind(f, unlisted.get(f, 0)) for f in found.listed]
    report.summary = {"responses": lines}
    return report


def _check_loaded(loaded: Loaded, context: CheckContext) -> Report:
    path = loaded.file
    if loaded.data is None:
        return Report(str(path), "unknown", [loaded.finding((), M.YAML_EMPTY)])
    if not isinstance(loaded.data, dict):
        found = M.YAML_NOT_MAPPING.format(found=value_kind(loaded.data))
        return Report(str(path), "unknown", [loaded.finding((), found)])
    kind = kind_of(loaded)
    if kind is None:
        markers = ", ".join(f"'{k.marker}' ({k.name})" for k in KINDS)
        return Report(
            str(path),
            "unknown",
            [
                loaded.finding(
                    (),
                    M.UNKNOWN_FILE_KIND.format(markers=markers),
                )
            ],
        )
    report = kind.load_checker()(loaded, context)
    if context.strict:
        report.findings = [_as_error(f) for f in report.findings]
    return report


def kind_of(loaded: Loaded) -> Kind | None:
    if not isinstance(loaded.data, dict):
        return None
    for kind in KINDS:
        if kind.marker in loaded.data:
            return kind
    return None


def _as_error(finding: Finding) -> Finding:
    if finding.severity == "error":
        return finding
    return replace(
        finding, message=finding.message + " (an error under --strict)", severity="error"
    )
