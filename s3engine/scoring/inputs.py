"""The edge of `score` and `plan`: read the model, the statistics and the responses.

Both commands take the same inputs (response files and folders, regional statistics, a
scoring model, the regions wanted). `open_inputs` loads the model and its questionnaire and
matches each statistic of the model to a file; `count_files` streams the response documents
(response_io) into scoring's SurveyTally, which keeps only counts, so that a JSON Lines file
of a million responses is scored in constant memory (and a large one in several processes
at once: parallel_count.py). A document the plain path (plain_response.py) does not count
is validated as a Response, and a refusal names the file, the line and the respondent.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from s3engine.core import messages as M
from s3engine.core.collector import collector_paused
from s3engine.core.findings import Finding, S3Error, UsageError
from s3engine.core.limits import MAX_RESPONSE_BYTES
from s3engine.io.files import load_yaml
from s3engine.io.resources import resolve
from s3engine.io.yamlio import KeyPath
from s3engine.questionnaire.model import Questionnaire
from s3engine.responses.files import (
    RESPONSE_SUFFIXES,
    Document,
    Progress,
    file_documents,
    files_size,
    iter_response_files,
    json_lines,
    require_response_files,
)
from s3engine.responses.model import Response, is_period, period_year, plain_wave, wave_of
from s3engine.scoring.bootstrap import BootstrapSample
from s3engine.scoring.engine import SurveyTally
from s3engine.scoring.model import Ratio, ScoringModel
from s3engine.scoring.region_scores import Scored, score_regions
from s3engine.scoring.results import ScoreResult
from s3engine.statistics.reading import read_source
from s3engine.statistics.sources import SourceTable

if TYPE_CHECKING:  # imported when waves are scored: `score` alone does not need it
    from s3engine.scoring.comparison import Comparison, WaveInfo

__all__ = [
    "MAX_RESPONSE_BYTES",
    "InputRequest",
    "Inputs",
    "Progress",
    "ScoreOutcome",
    "ScoreRequest",
    "collector_paused",
    "count_documents",
    "count_files",
    "generated_time",
    "load_statistics",
    "open_inputs",
    "refusals",
    "score_files",
    "sort_inputs",
]

#: Data files (CSV) found in a folder given to --data.
DATA_SUFFIXES = (".csv", ".tsv", ".txt")


@dataclass
class InputRequest:
    """What `score` and `plan` are asked to read, as plain values."""

    responses: Sequence[str] = ()
    data: Sequence[str] = ()
    model: str = "s3-stress-test"
    regions: Sequence[str] | None = None
    sensitivity: int = 0
    seed: int = 1
    generated: datetime | None = None
    #: recode the region codes of the data to this NUTS version (default: the model's)
    nuts_version: int | None = None
    #: score only the responses of this survey wave (docs/waves.md)
    wave: str | None = None
    #: compare `wave` with this earlier wave
    baseline: str | None = None
    #: bootstrap runs of a comparison of waves
    bootstrap: int = 1000
    #: a targets file (scoring/targets.py): distance and pace in a comparison of waves
    targets: str | None = None
    #: wave -> the last year of statistics for it (default: the wave's year)
    data_years: dict[str, int] = field(default_factory=dict)


@dataclass
class ScoreRequest(InputRequest):
    """Everything `s3engine score` is asked to do."""

    level: int | None = None


@dataclass
class Inputs:
    """The model, its questionnaire and the statistics, read."""

    model: ScoringModel
    model_path: Path
    questionnaire: Questionnaire | None
    statistics: dict[str, SourceTable]
    #: warnings about the inputs (data files no source uses, responses not read)
    warnings: list[str]


@dataclass
class ScoreOutcome:
    result: ScoreResult
    model: ScoringModel
    #: Responses that could not be read or were refused, with where they are.
    problems: list[Finding] = field(default_factory=list)


def open_inputs(
    request: InputRequest,
    check: Callable[[ScoringModel], None] | None = None,
    *,
    read_statistics: bool = True,
) -> Inputs:
    """Load the model and the statistics; check that the responses named can be read.

    Raises UsageError when a path does not exist, when the paths named hold no response
    file, or when a model of survey questions is given no responses. `check` is called with
    the model before anything else is read (the plan checks its catalogue against it).
    """
    from s3engine.scoring.checks import load_model

    model, model_path, questionnaire = load_model(request.model)
    if check is not None:
        check(model)
    if request.responses:
        require_response_files(request.responses)
    if model.uses_survey and not request.responses:
        raise UsageError(M.SCORE_NEEDS_RESPONSES.format(model=model.id))
    version = request.nuts_version if request.nuts_version is not None else model.nuts_version
    statistics: dict[str, SourceTable] = {}
    warnings: list[str] = []
    if read_statistics:
        statistics, warnings = load_statistics(model, model_path, request.data, version)
        _refuse_missing_references(model, model_path, statistics)
    if request.responses and not model.uses_survey:
        warnings.append(M.SCORE_RESPONSES_UNUSED.format(model=model.id))
    return Inputs(model, model_path, questionnaire, statistics, warnings)


def score_files(request: ScoreRequest, progress: Progress | None = None) -> ScoreOutcome:
    """Load the model, statistics and responses named in `request`, and score them (the
    responses of `request.wave` alone, when it names one)."""
    if request.wave is not None:
        inputs = open_inputs(request, read_statistics=False)
        problems: list[Finding] = []
        wave = score_wave(inputs, request, request.wave, problems, progress)
        return ScoreOutcome(
            _with_warnings(wave.scored.result, inputs, wave.unreadable), inputs.model, problems
        )
    inputs = open_inputs(request)
    model = inputs.model
    problems = []
    tally: SurveyTally | None = None
    unreadable = 0
    with collector_paused():
        if model.uses_survey:
            assert inputs.questionnaire is not None
            tally = SurveyTally(model, inputs.questionnaire)
            unreadable = count_files(tally, request.responses, problems, progress)
        scored = score_regions(
            model,
            questionnaire=inputs.questionnaire,
            tally=tally,
            statistics=inputs.statistics,
            regions=request.regions,
            level=request.level,
            generated=request.generated,
            nuts_version=request.nuts_version,
        )
    result = _with_warnings(scored.result, inputs, unreadable)
    if request.sensitivity:
        from s3engine.scoring.sensitivity import analyse

        analysed = analyse(model, scored, runs=request.sensitivity, seed=request.seed)
        result = result.model_copy(
            update={"regions": analysed.regions, "sensitivity": analysed.sensitivity}
        )
    return ScoreOutcome(result, model, problems)


def _with_warnings(result: ScoreResult, inputs: Inputs, unreadable: int) -> ScoreResult:
    """The result with the warnings about the inputs and the documents not read."""
    warnings = list(inputs.warnings)
    if unreadable:
        warnings.append(M.SCORE_UNREADABLE.format(count=unreadable))
    if not warnings:
        return result
    return result.model_copy(
        update={
            "warnings": warnings + list(result.warnings),
            "responses_refused": result.responses_refused + unreadable,
        }
    )


@dataclass
class ScoredWave:
    """One survey wave scored: its result, its bootstrap sums and what it is."""

    scored: Scored
    sample: BootstrapSample | None
    info: WaveInfo
    unreadable: int
    #: the questionnaires (id, version, hash) its responses answer
    answered: set[tuple[str, str, str]] = field(default_factory=set)


def score_wave(
    inputs: Inputs,
    request: ScoreRequest,
    wave_id: str,
    problems: list[Finding],
    progress: Progress | None = None,
    bootstrap: int = 0,
) -> ScoredWave:
    """Score the responses of one wave, with the statistics known at the time of the wave
    (the year rule `latest` takes no year after the wave's, or after the year
    `request.data_years` gives it); with `bootstrap`, keep the bootstrap sums of its
    responses (bootstrap.py)."""
    model = inputs.model
    tally: SurveyTally | None = None
    unreadable = 0
    year: int | None = period_year(wave_id) if is_period(wave_id) else None
    waves = WaveCount(wave_id)
    with collector_paused():
        if model.uses_survey:
            assert inputs.questionnaire is not None
            tally = SurveyTally(model, inputs.questionnaire)
            if bootstrap:
                tally.start_bootstrap(bootstrap, request.seed)
            unreadable = count_files(tally, request.responses, problems, progress, waves)
            if not tally.read and not tally.refused:
                found = ", ".join(sorted(waves.found)) or "none"
                raise UsageError(
                    M.WAVES_NONE_FOUND.format(
                        wave=wave_id, paths=" ".join(request.responses), found=found
                    )
                )
            if wave_id in waves.found:
                year = period_year(waves.found[wave_id])
        version = request.nuts_version if request.nuts_version is not None else model.nuts_version
        until = request.data_years.get(wave_id, year)
        statistics, warnings = load_statistics(
            model, inputs.model_path, request.data, version, until=until
        )
        _refuse_missing_references(model, inputs.model_path, statistics)
        inputs.warnings[:] = list(dict.fromkeys([*inputs.warnings, *warnings]))
        scored = score_regions(
            model,
            questionnaire=inputs.questionnaire,
            tally=tally,
            statistics=statistics,
            regions=request.regions,
            level=request.level,
            generated=request.generated,
            nuts_version=request.nuts_version,
        )
    sample = tally.sample.finish() if tally is not None and tally.sample is not None else None
    from s3engine.scoring.comparison import WaveInfo

    info = WaveInfo(id=wave_id, year=year or 0, responses=tally.read if tally is not None else 0)
    return ScoredWave(scored, sample, info, unreadable, waves.answered)


def compare_files(request: ScoreRequest, progress: Progress | None = None) -> ComparisonOutcome:
    """Score `request.wave` and `request.baseline` and compare them (comparison.py)."""
    from s3engine.scoring.comparison import compare

    assert request.wave is not None and request.baseline is not None
    if request.wave == request.baseline:
        raise UsageError(M.WAVES_SAME.format(wave=request.baseline))
    inputs = open_inputs(request, read_statistics=False)
    targets = None
    if request.targets is not None:
        from s3engine.scoring.checks import load_targets

        targets = load_targets(Path(request.targets))
    problems: list[Finding] = []
    runs = request.bootstrap
    current = score_wave(inputs, request, request.wave, problems, progress, runs)
    base_problems: list[Finding] = []
    base = score_wave(inputs, request, request.baseline, base_problems, progress, runs)
    left_out: dict[str, str] = {}
    earlier = _earlier_version(inputs, base.answered)
    if earlier is not None:  # the baseline answered an earlier version: read it as such
        base_problems = []
        base = score_wave(earlier[0], request, request.baseline, base_problems, progress, runs)
        left_out = earlier[1]
    problems.extend(base_problems)
    comparison = compare(
        inputs.model,
        (base.scored, base.sample, base.info),
        (current.scored, current.sample, current.info),
        runs=runs,
        seed=request.seed,
        not_comparable=left_out,
    )
    if targets is not None:
        from s3engine.scoring.targets import target_progress

        progress_made = target_progress(targets, comparison, inputs.model)
        comparison = comparison.model_copy(update={"targets": progress_made})
    unique = list(dict.fromkeys(problems))
    return ComparisonOutcome(
        comparison,
        _with_warnings(base.scored.result, inputs, base.unreadable),
        _with_warnings(current.scored.result, inputs, current.unreadable),
        inputs.model,
        unique,
    )


def _earlier_version(
    inputs: Inputs, answered: set[tuple[str, str, str]]
) -> tuple[Inputs, dict[str, str]] | None:
    """When the baseline's responses answer an earlier version of the questionnaire that the
    model maps (comparable_with) rather than the model's own: the inputs to read them with,
    and the indicators not comparable. None otherwise."""
    from s3engine.questionnaire.checks import load_questionnaire
    from s3engine.scoring.comparison import earlier_model

    q = inputs.questionnaire
    if q is None or (q.id, q.version, q.content_hash) in answered:
        return None
    for mapping in inputs.model.comparable_with:
        beside = inputs.model_path.parent / mapping.questionnaire
        path = beside if beside.is_file() else resolve(mapping.questionnaire, "questionnaires")
        earlier, _ = load_questionnaire(path)
        if (earlier.id, earlier.version, earlier.content_hash) in answered:
            model, left_out = earlier_model(inputs.model, earlier, mapping)
            return dataclasses.replace(inputs, model=model, questionnaire=earlier), left_out
    return None


@dataclass
class ComparisonOutcome:
    comparison: Comparison
    baseline: ScoreResult
    current: ScoreResult
    model: ScoringModel
    problems: list[Finding] = field(default_factory=list)


def count_files(
    tally: SurveyTally,
    paths: Sequence[str],
    problems: list[Finding],
    progress: Progress | None = None,
    waves: WaveCount | None = None,
) -> int:
    """Count the responses of the files below `paths`, as count_documents does; with
    `waves`, only those of the wave it names.

    A large JSON Lines file is counted in several processes at once (parallel_count.py),
    with the same result. Returns how many documents could not be read.
    """
    from s3engine.scoring.parallel_count import count_in_parts, jobs, parts_for

    count = count_documents if waves is None else partial(count_documents, waves=waves)
    processes = jobs()
    if progress is not None:
        progress.start(files_size(paths))
    unreadable = 0
    quick = tally.add_lines if waves is None else None  # lines of one wave: read them all
    for path in iter_response_files(paths):
        lines = path.suffix.lower() == ".jsonl"
        parts = parts_for(path, processes) if lines else 1
        if parts > 1:
            unreadable += count_in_parts(tally, path, parts, problems, progress, count, quick)
        elif lines:
            unreadable += count(tally, json_lines(path, progress, quick=quick), problems)
        else:
            unreadable += count(tally, file_documents(path, progress), problems)
    return unreadable


#: The questionnaire versions of a wave noted, at most (a wave answers one or two).
MAX_VERSIONS = 16


@dataclass
class WaveCount:
    """The survey wave counted, and the waves found (id -> period, as their responses say)."""

    wave: str
    found: dict[str, str] = field(default_factory=dict)
    #: the questionnaires (id, version, hash) the wave's responses answer
    answered: set[tuple[str, str, str]] = field(default_factory=set)


def count_documents(
    tally: SurveyTally,
    documents: Iterable[Document],
    problems: list[Finding],
    waves: WaveCount | None = None,
) -> int:
    """Count the responses of `documents` in `tally`; return how many could not be read.
    With `waves`, only the responses of the wave it names are counted (the others' waves are
    noted in it).

    The problems of the documents that cannot be read, and of the responses refused, are
    added to `problems`.
    """
    if waves is not None:
        return _count_wave(tally, documents, problems, waves)
    unreadable = 0
    add_plain = tally.add_plain
    for document in documents:
        if document.error is None and add_plain(document.data):
            continue
        try:
            response = document.response()
        except S3Error as exc:
            problems.extend(exc.findings)
            unreadable += 1
            continue
        problems.extend(refusals(document, response, tally.add(response)))
    return unreadable


def _count_wave(
    tally: SurveyTally, documents: Iterable[Document], problems: list[Finding], waves: WaveCount
) -> int:
    """count_documents for the responses of one wave (responses.model.wave_of). A loop of
    its own, so that scoring without --wave pays nothing for the waves."""
    unreadable = 0
    add_plain = tally.add_plain
    wanted, found = waves.wave, waves.found
    for document in documents:
        plain = plain_wave(document.data) if document.error is None else None
        if plain is not None:
            if plain[0] not in found:
                found[plain[0]] = plain[1]
            if plain[0] != wanted:
                continue
            ref = document.data.get("questionnaire")
            if type(ref) is dict and len(waves.answered) < MAX_VERSIONS:
                answered = (str(ref.get("id")), str(ref.get("version")), str(ref.get("hash")))
                waves.answered.add(answered)
            if add_plain(document.data):
                continue
        try:
            response = document.response()
        except S3Error as exc:
            problems.extend(exc.findings)
            unreadable += 1
            continue
        wave = wave_of(response)
        found.setdefault(wave.id, wave.period)
        if wave.id == wanted:
            ref = response.questionnaire
            waves.answered.add((ref.id, ref.version, ref.hash))
            problems.extend(refusals(document, response, tally.add(response)))
    return unreadable


def refusals(document: Document, response: Response, messages: Sequence[str]) -> list[Finding]:
    """Why a response was refused, at its file and line, naming its respondent.

    A problem of an answer ("qid: ...") is shown at that answer's line and column, as
    `check` shows it; the positions are found only now, for refused responses alone."""
    who = M.RESPONDENT.format(id=response.respondent.id)
    loaded = document.load()
    found: list[Finding] = []
    for message in messages:
        qid = message.partition(": ")[0]
        path: KeyPath = ()
        if qid in response.answers:
            path = ("answers", qid)
        elif qid in response.skipped:
            path = ("skipped", response.skipped.index(qid))
        line, column = loaded.where(path) if path else (document.line, None)
        found.append(Finding(document.file, line, column, who, message))
    return found


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
        return "data" if _data_files(path) else "responses"
    name, sep, _ = spec.partition("=")
    return "data" if sep and name else None


def _data_files(folder: Path) -> list[Path]:
    """The data files directly in `folder`, in name order."""
    try:
        with os.scandir(folder) as entries:
            names = [
                e.name for e in entries if e.name.lower().endswith(DATA_SUFFIXES) and e.is_file()
            ]
    except OSError:
        return []
    return [folder / name for name in sorted(names)]


# -- statistics ------------------------------------------------------------------------------


def load_statistics(
    model: ScoringModel,
    model_path: Path,
    data: Sequence[str],
    nuts_version: int | None = None,
    until: int | None = None,
) -> tuple[dict[str, SourceTable], list[str]]:
    """Read every source of the model; `data` gives files, folders or name=file bindings;
    with `nuts_version`, region codes are recoded to that NUTS version where they can be;
    with `until` (a survey wave's year), `year: latest` takes no later year.

    A source's file is found, in this order: bound by name (`gerd=path.csv`); a --data file,
    or a file in a --data folder, with the same file name; the path relative to the model,
    inside the model's folder only. A model comes from elsewhere: its `file: /etc/shadow` or
    `../../x` is refused unread, so that no message can quote a line of it.
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
            given.extend(_data_files(folder))
        elif folder.is_file():
            given.append(folder)
        else:
            raise UsageError(M.AT.format(where=spec, problem=M.NO_SUCH_PATH))
    tables: dict[str, SourceTable] = {}
    used: set[Path] = set()
    missing: list[tuple[KeyPath, str]] = []  # problems of the model, at their key there
    others: list[Finding] = []  # problems of the data files
    home = model_path.parent.resolve()
    for source_id, source in sorted(sources.items()):
        path = bound.get(source_id)
        if path is None:
            wanted = Path(source.file).name
            path = next((p for p in given if p.name == wanted), None)
        if path is None:
            beside = (model_path.parent / source.file).resolve()  # links followed
            if not beside.is_relative_to(home):
                outside = M.SCORE_DATA_OUTSIDE.format(file=source.file, source=source_id)
                missing.append((_source_key(model, source_id), outside))
                continue
            if beside.is_file():
                path = beside
        if path is None:
            message = M.SCORE_DATA_MISSING.format(file=source.file, source=source_id)
            missing.append((_source_key(model, source_id), message))
            continue
        used.add(path)
        try:
            tables[source_id] = read_source(
                source.model_copy(update={"file": str(path)}), Path("."), nuts_version, until
            )
        except S3Error as exc:
            # A filter is written in the model: its problem is shown there, naming the file.
            key = _source_key(model, source_id)[:-1]
            for finding in exc.findings:
                if finding.code in _FILTER_CODES:
                    at = (*key, "filters", finding.path) if finding.path else (*key, "filters")
                    where = finding.file + (f":{finding.line}" if finding.line else "")
                    missing.append((at, M.AT.format(where=where, problem=finding.message)))
                else:
                    others.append(finding)
    if missing or others:
        located = load_yaml(model_path)  # read again, for the lines: only when refused
        raise S3Error([*others, *(located.finding(key, message) for key, message in missing)])
    warnings: list[str] = [M.SCORE_DATA_UNUSED.format(file=str(p)) for p in given if p not in used]
    return tables, warnings


def _refuse_missing_references(
    model: ScoringModel, model_path: Path, statistics: dict[str, SourceTable]
) -> None:
    """A ratio to a reference region its data do not hold can be taken for no region: an
    error of the model or the data (at the model's line), not a warning in every region."""
    missing: list[tuple[KeyPath, str]] = []
    for d, dimension in enumerate(model.dimensions):
        for i, indicator in enumerate(dimension.indicators):
            method = indicator.normalisation
            if not isinstance(method, Ratio) or method.reference_region is None:
                continue
            table = statistics.get(model.source_id(indicator) or "")
            if table is None:
                continue
            found = table.values.get(method.reference_region)
            if found is None or found.value is None or found.value <= 0:
                key = ("dimensions", d, "indicators", i, "normalise", "reference_region")
                message = M.SCORE_NO_REFERENCE.format(
                    indicator=indicator.id, region=method.reference_region, file=table.file
                )
                missing.append((key, message))
    if missing:
        located = load_yaml(model_path)
        raise S3Error([located.finding(key, message) for key, message in missing])


#: The codes of the problems of a source's filters (statistics.eurostat_csv).
_FILTER_CODES = frozenset({"data-filter-column", "data-filter-value", "data-filter-nothing"})


def _source_key(model: ScoringModel, source_id: str) -> KeyPath:
    """Where the file of a source is named in the model: a named source, or an indicator's
    own `statistic:`."""
    if source_id in model.sources:
        return ("sources", source_id, "file")
    for d, dimension in enumerate(model.dimensions):
        for i, indicator in enumerate(dimension.indicators):
            if indicator.id == source_id:
                return ("dimensions", d, "indicators", i, "statistic", "file")
    return ()
