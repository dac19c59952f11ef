"""The edge of `score`: find and stream the response files, read the statistics, run scoring.

Responses are read one at a time and handed to scoring.SurveyTally, which keeps only counts,
so that a JSON Lines file of a million responses is scored in constant memory. The fast
path (pydantic's JSON parser for JSON Lines; PyYAML's C parser for YAML) is only the way
in: a document it cannot read is read again by response_io, the shared reader, whose
findings say where the problem is. File discovery is response_io's, so that `check` and
`score` see the same files.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

import yaml
from pydantic import ValidationError

from s3engine import messages as M
from s3engine.findings import Finding, S3Error, UsageError
from s3engine.model import ScoringModel
from s3engine.regional_data import SourceTable, read_source
from s3engine.response_io import (
    RESPONSE_SUFFIXES,
    load_document,
    parse_response,
    response_files,
)
from s3engine.responses import Response
from s3engine.results import ScoreResult
from s3engine.scoring import RECHECK, LenientResponse, SurveyTally, build_result
from s3engine.yamlio import read_text

try:
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]

#: A single response file larger than this is refused.
MAX_RESPONSE_BYTES = 1024 * 1024
#: Data files (CSV) found in a folder given to --data.
DATA_SUFFIXES = (".csv", ".tsv", ".txt")


class Progress(Protocol):
    """What a progress bar needs: the total amount of work, then steps of it (bytes)."""

    def start(self, total: int) -> None: ...

    def advance(self, amount: int) -> None: ...


@dataclass
class ScoreRequest:
    """Everything `s3engine score` is asked to do, as plain values."""

    responses: Sequence[str] = ()
    data: Sequence[str] = ()
    model: str = "s3-stress-test"
    regions: Sequence[str] | None = None
    level: int | None = None
    sensitivity: int = 0
    seed: int = 1
    generated: datetime | None = None


@dataclass
class ScoreOutcome:
    result: ScoreResult
    model: ScoringModel
    #: Responses that could not be read or were refused, with where they are.
    problems: list[Finding] = field(default_factory=list)


def score_files(request: ScoreRequest, progress: Progress | None = None) -> ScoreOutcome:
    """Load the model, statistics and responses named in `request`, and score them."""
    from s3engine.model_checks import load_model
    from s3engine.sensitivity import analyse

    model, model_path, questionnaire = load_model(request.model)
    files = response_files(request.responses)
    if request.responses and not files:
        raise UsageError(M.SCORE_NO_RESPONSE_FILES.format(paths=" ".join(request.responses)))
    if model.uses_survey and not files:
        raise UsageError(M.SCORE_NEEDS_RESPONSES.format(model=model.id))
    statistics, data_warnings = load_statistics(model, model_path, request.data)
    problems: list[Finding] = []
    tally: SurveyTally | None = None
    if model.uses_survey:
        assert questionnaire is not None
        tally = SurveyTally(model, questionnaire)
        if progress is not None:
            progress.start(sum(_size(path) for path in files))
        for response, file, line, findings, raw in read_responses(files, progress):
            if response is None:
                problems.extend(findings)
                continue
            refused = tally.add(response)
            if refused is RECHECK:  # the fast JSON path could not vouch for it
                strict, findings = _strict(file, line, raw or b"")
                if strict is None:
                    problems.extend(findings)
                    continue
                response = strict
                refused = tally.add(strict)
            if refused:
                who = response.respondent
                problems.extend(
                    Finding(file, line, None, f"respondent {who.id}", message)
                    for message in refused
                )
    elif files:
        data_warnings.append(M.SCORE_RESPONSES_UNUSED.format(model=model.id))
    result = build_result(
        model,
        questionnaire=questionnaire,
        tally=tally,
        statistics=statistics,
        regions=request.regions,
        level=request.level,
        generated=request.generated,
    )
    unreadable = sum(1 for f in problems if f.path == "" or not f.path.startswith("respondent "))
    if data_warnings or unreadable:
        extra = list(data_warnings)
        if unreadable:
            extra.append(M.SCORE_UNREADABLE.format(count=unreadable))
        result = result.model_copy(
            update={
                "warnings": extra + list(result.warnings),
                "responses_refused": result.responses_refused + unreadable,
            }
        )
    if request.sensitivity:
        result = analyse(model, result, runs=request.sensitivity, seed=request.seed)
    return ScoreOutcome(result, model, problems)


def generated_time() -> datetime:
    """Now, or SOURCE_DATE_EPOCH when set (for reproducible output)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return datetime.fromtimestamp(int(epoch), UTC)
    return datetime.now(UTC).replace(microsecond=0)


def sort_inputs(responses: Sequence[str], data: Sequence[str]) -> tuple[list[str], list[str]]:
    """Response paths and data paths, whichever list the command line put them in.

    `--data FILE...` takes every path that follows it, so `score --data eurostat/ responses/`
    hands the responses to --data. A response file (.yaml, .yml, .json, .jsonl), or a folder
    holding response files and no CSV file, is a response; a CSV file, a folder holding CSV
    files, or a NAME=FILE binding is data.
    """
    sorted_responses: list[str] = []
    sorted_data: list[str] = []
    for spec in [*responses, *data]:
        kind = _kind_of_input(spec)
        if kind == "data" or (kind is None and spec in data):
            sorted_data.append(spec)
        else:
            sorted_responses.append(spec)
    return sorted_responses, sorted_data


def _kind_of_input(spec: str) -> str | None:
    path = Path(spec)
    if path.is_file():
        suffix = path.suffix.lower()
        if suffix in DATA_SUFFIXES:
            return "data"
        return "responses" if suffix in RESPONSE_SUFFIXES else None
    if path.is_dir():
        if any(p.suffix.lower() in DATA_SUFFIXES for p in path.iterdir() if p.is_file()):
            return "data"
        return "responses"
    name, sep, _ = spec.partition("=")
    return "data" if sep and name else None


# -- statistics ------------------------------------------------------------------------------


def load_statistics(
    model: ScoringModel, model_path: Path, data: Sequence[str]
) -> tuple[dict[str, SourceTable], list[str]]:
    """Read every source of the model; `data` gives files, folders or name=file bindings.

    A source's file is found, in this order: bound by name (`gerd=path.csv`); a --data file,
    or a file in a --data folder, with the same file name; the path relative to the model.
    """
    sources = model.statistic_sources()
    bound: dict[str, Path] = {}
    given: list[Path] = []
    for spec in data:
        name, sep, rest = spec.partition("=")
        if sep and name in sources:
            bound[name] = Path(rest)
            continue
        if sep and not Path(spec).exists():
            known = ", ".join(sorted(sources)) or "none"
            raise UsageError(M.SCORE_UNKNOWN_SOURCE.format(name=name, sources=known))
        folder = Path(spec)
        if folder.is_dir():
            given.extend(
                sorted(
                    p for p in folder.iterdir() if p.suffix.lower() in DATA_SUFFIXES and p.is_file()
                )
            )
        elif folder.is_file():
            given.append(folder)
        else:
            raise UsageError(f"{spec}: no such file or folder")
    tables: dict[str, SourceTable] = {}
    used: set[Path] = set()
    missing: list[Finding] = []
    for source_id, source in sorted(sources.items()):
        path = bound.get(source_id)
        if path is None:
            wanted = Path(source.file).name
            path = next((p for p in given if p.name == wanted), None)
        if path is None:
            beside = Path(source.file)
            if not beside.is_absolute():
                beside = model_path.parent / beside
            if beside.is_file():
                path = beside
        if path is None:
            missing.append(
                Finding(
                    str(model_path),
                    None,
                    None,
                    f"sources.{source_id}.file" if source_id in model.sources else source_id,
                    M.SCORE_DATA_MISSING.format(file=source.file, source=source_id),
                )
            )
            continue
        used.add(path)
        tables[source_id] = read_source(source.model_copy(update={"file": str(path)}), Path("."))
    if missing:
        raise S3Error(missing)
    warnings = [M.SCORE_DATA_UNUSED.format(file=str(p)) for p in given if p not in used]
    return tables, warnings


# -- responses -------------------------------------------------------------------------------

#: (response or None, file, line, findings, the raw JSON line for a LenientResponse)
Read = tuple[Response | None, str, int | None, list[Finding], bytes | None]


def read_responses(files: Sequence[Path], progress: Progress | None = None) -> Iterator[Read]:
    """(response, file, line, findings, raw) for every response document in `files`.

    `response` is None when the document cannot be read; `findings` then say why. Lines of
    JSON Lines files come as LenientResponse with their raw text (see SurveyTally.add).
    """
    for path in files:
        if path.suffix.lower() == ".jsonl":
            yield from _json_lines(path, progress)
        else:
            yield (*_one_file(path), None)
            if progress is not None:
                progress.advance(_size(path))


def _json_lines(path: Path, progress: Progress | None) -> Iterator[Read]:
    name = str(path)
    validate = LenientResponse.model_validate_json
    pending = 0
    try:
        handle = path.open("rb")
    except OSError as exc:
        reason = M.FILE_UNREADABLE.format(reason=exc.strerror or exc)
        yield None, name, None, [Finding(name, None, None, "", reason)], None
        return
    with handle:
        for number, line in enumerate(handle, 1):
            pending += len(line)
            if pending > 1 << 20 and progress is not None:
                progress.advance(pending)
                pending = 0
            if line.isspace():
                continue
            try:
                response = validate(line)
            except ValidationError:
                yield None, name, number, _strict(name, number, line)[1], None
                continue
            if line.count(b'":') + line.count(b'" :') != _keys_given(response):
                strict, findings = _strict(name, number, line)
                yield strict, name, number, findings, None
                continue
            yield response, name, number, [], line
    if progress is not None and pending:
        progress.advance(pending)


def _keys_given(response: Response) -> int:
    """How many keys the parsed response was given: fewer than the text has if one repeats.

    JSON parsers keep the last of two equal keys silently. The text's keys are counted as
    the `":` (or `" :`) that end them; when the count differs from the keys the response
    holds, the document is read again by the strict reader, which refuses duplicates (a
    value that merely contains '":' passes there).
    """
    return (
        len(response.model_fields_set)
        + len(response.questionnaire.model_fields_set)
        + len(response.respondent.model_fields_set)
        + len(response.answers)
    )


def _strict(name: str, number: int | None, raw: bytes) -> tuple[Response | None, list[Finding]]:
    """Read one JSON response with the shared rules: the response, or why it is not one."""
    import json

    from s3engine.response_io import _no_duplicates  # the shared reader's duplicate-key rule
    from s3engine.yamlio import Loaded

    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        byte = M.NOT_UTF8.format(byte=raw[exc.start])
        return None, [Finding(name, number, exc.start + 1, "", byte, code="encoding")]
    try:
        data = json.loads(text, object_pairs_hook=_no_duplicates)
    except json.JSONDecodeError as exc:
        syntax = M.JSON_SYNTAX.format(problem=exc.msg)
        return None, [Finding(name, number or exc.lineno, exc.colno, "", syntax, code="syntax")]
    except ValueError as exc:
        duplicate = M.JSON_DUPLICATE_KEY.format(key=getattr(exc, "key", str(exc)))
        return None, [Finding(name, number, None, "", duplicate, code="duplicate-key")]
    try:
        return parse_response(Loaded(name, data, {(): (number or 1, 1)})), []
    except S3Error as exc:
        return None, [_at_line(f, number) for f in exc.findings]


def _at_line(finding: Finding, number: int | None) -> Finding:
    return Finding(
        finding.file, number, None, finding.path, finding.message, finding.severity, finding.code
    )


class _Loader(_BaseLoader):
    """PyYAML's safe loader (C parser where available) that refuses duplicate keys."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        keys = [key.value for key, _ in node.value if isinstance(key, yaml.ScalarNode)]
        if len(keys) != len(set(keys)):
            raise yaml.constructor.ConstructorError(None, None, "duplicate key", node.start_mark)
        return super().construct_mapping(node, deep)


def _one_file(path: Path) -> tuple[Response | None, str, int | None, list[Finding]]:
    """Read one YAML or JSON response file; on any problem, let response_io say what."""
    name = str(path)
    try:
        text = read_text(path, max_bytes=MAX_RESPONSE_BYTES, what="response file")
    except S3Error as exc:
        return None, name, None, list(exc.findings)
    # Aliases (*name) and merge keys are left to the guarded reader (alias bombs).
    if "*" not in text and "<<" not in text:
        try:
            if path.suffix.lower() == ".json":
                raw = text.encode("utf-8")
                response = Response.model_validate_json(raw)
                if raw.count(b'":') + raw.count(b'" :') == _keys_given(response):
                    return response, name, None, []
                strict, findings = _strict(name, None, text.encode("utf-8"))
                return strict, name, None, findings
            data = yaml.load(text, Loader=_Loader)  # _Loader is a safe loader
            if isinstance(data, dict):
                return Response.model_validate(data), name, None, []
        except (yaml.YAMLError, ValidationError, ValueError, TypeError):
            pass
    try:
        return parse_response(load_document(path)), name, None, []
    except S3Error as exc:
        return None, name, None, list(exc.findings)


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


ProgressFactory = Callable[[], Progress]
