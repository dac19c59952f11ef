"""The file edge of the interop package: read an export, write responses; convert a form.

An import writes nothing half and replaces nothing: into a new folder (or a folder without
files), the response files go to a temporary folder first, which is then renamed into place;
into a folder that holds files, each file is created whole and never replaces another (a file
there already with the same bytes is the same response imported before; one with others is
reported); a JSON Lines file is written to a temporary file and linked into place, never
over a file there (one there already is refused before the export is read). Responses hold
personal data: every file is its owner's only (0600), as the survey writes them.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import secrets
import shutil
import stat
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, tzinfo
from pathlib import Path

from s3engine.core import messages as M
from s3engine.core.collector import collector_paused
from s3engine.core.findings import Finding, FirstOfAKind, S3Error, UsageError
from s3engine.core.stop import stop_point
from s3engine.core.templates import Joined, code_of
from s3engine.interop.form import Unexpressed
from s3engine.interop.imports import Tool, fits, import_rows, respondent_aliases
from s3engine.interop.tables import open_table
from s3engine.io.files import (
    Sink,
    atomic_write,
    atomic_write_together,
    fsync_folder,
    naming,
    put_in_place,
)
from s3engine.questionnaire.model import Questionnaire
from s3engine.responses.files import (
    create_response_file,
    file_documents,
    iter_response_files,
    respondent_of_key,
    response_key,
    response_keys_of_file_name,
)
from s3engine.responses.model import Response, Wave

#: The endings of file names (lower case) an --out that does not exist may not have: it names
#: a folder of response files, or a .jsonl file; `--out r.json` would make a folder.
FILE_SUFFIXES = frozenset(
    (
        ".json", ".yaml", ".yml", ".csv", ".tsv", ".tab", ".txt", ".xlsx", ".xls", ".xlsm",
        ".ods", ".sav", ".zsav", ".por", ".dta", ".sas7bdat", ".rds", ".rdata", ".parquet",
        ".feather", ".xml", ".html", ".htm", ".md", ".pdf", ".doc", ".docx", ".odt", ".rtf",
        ".zip", ".gz", ".bz2", ".xz", ".tar", ".7z", ".db", ".sqlite",
    )
)  # fmt: skip


@dataclass
class ImportResult:
    """How an import went: files written, rows refused (with their problems), declined, and
    responses whose file was in the folder already: `unchanged` (the same bytes: imported
    before) or `differing` (other content, not overwritten: a problem each). A problem of
    many rows (another form version on each, a decimal comma in one column) is listed for
    its first rows only, the others counted (`unlisted`)."""

    written: list[Path] = field(default_factory=list)
    imported: int = 0
    refused: int = 0
    declined: int = 0
    unchanged: int = 0
    differing: int = 0
    #: the problems to list: of the refused rows, the first of each kind (FirstOfAKind)
    problems: list[Finding] = field(default_factory=list)
    #: the last problem listed of a kind found on more rows, and how many rows more
    unlisted: dict[Finding, int] = field(default_factory=dict)


def import_export(
    q: Questionnaire,
    source: Path,
    tool: Tool,
    out: Path,
    *,
    lang: str | None = None,
    progress: Callable[[int, int], None] | None = None,
    wave: Wave | None = None,
    folder: bool = False,
    zone: tzinfo = UTC,
) -> ImportResult:
    """Import the export `source` of `tool` into `out` (a folder, or a .jsonl file); `wave`:
    the survey wave the responses belong to; `folder`: `out` is a folder whatever its name
    (the user wrote it with a trailing slash); `zone`: the zone of the times the export
    writes without one (--timezone)."""
    if not folder and out.name.lower() in (*FILE_SUFFIXES, ".jsonl"):
        # `--out .jsonl`: a hidden file (`.json`: a hidden folder), which pathlib gives no suffix
        raise UsageError(Joined((f"--out {out}: ", M.IMPORT_OUT_ONLY_SUFFIX)))
    jsonl = out.suffix.lower() == ".jsonl" and not folder
    if not (jsonl or folder) and out.suffix.lower() in FILE_SUFFIXES and not os.path.lexists(out):
        # a folder named r.json would be made, and r.json looked for as a file
        said = M.IMPORT_OUT_SUFFIX.format(suffix=out.suffix)
        raise UsageError(Joined((f"--out {out}: ", said)))  # its code, and translated
    wrong_kind = out.is_dir() if jsonl else (out.exists() and not out.is_dir())
    if wrong_kind:
        message = M.IMPORT_OUT_IS_FOLDER if jsonl else M.IMPORT_OUT_IS_FILE
        raise S3Error(Finding(str(out), None, None, "", message))
    if jsonl and os.path.lexists(out):
        raise S3Error(Finding(str(out), None, None, "", M.IMPORT_OUT_EXISTS))
    table = open_table(source, lambda header: fits(q, tool, header))
    result = ImportResult()
    personal = [qid for qid, question in q.question_index.items() if question.personal]
    # Named first and made inside the `try`: a stop (Ctrl-C, SIGTERM) as it is made, before
    # the `try` was entered, left it behind.
    parent, made_folders = _parent(out)
    staging = parent / f".{out.name}.{secrets.token_hex(8)}"
    try:
        with naming(out):  # the folder that cannot be written to names `out`, not `staging`
            staging.mkdir(mode=0o700)
        lines = staging / "responses.jsonl"
        rows = import_rows(
            q,
            tool,
            table.file,
            table.header,
            table.rows,
            lang=lang,
            wave=wave,
            lines=jsonl,
            sheet=table.sheet,
            sheets=table.sheets,
            zone=zone,
        )
        shown = 0  # the row last shown by the progress bar
        made: dict[str, tuple[int, str]] = {}  # each response file's name -> (row, its key)
        found = FirstOfAKind()  # the refused rows' problems: 20,000 alike are not all kept
        with collector_paused(), Sink(lines, out, private=True) as sink:
            for row in rows:
                stop_point()  # a SIGTERM whose raise was lost stops here (core.stop)
                if progress is not None and row.row - shown >= 1000:
                    progress(table.position(), table.size)
                    shown = row.row
                if row.declined:
                    result.declined += 1
                elif row.imported():
                    if jsonl:
                        sink.write(row.text())
                    elif row.response is not None:
                        name = _create(staging / "files", out, row.response, personal)
                        key = response_key(row.response.respondent, row.response.started)
                        made[name] = (row.row, key)
                    result.imported += row.imported()
                else:
                    result.refused += 1
                    found.extend(row.problems)
        result.problems, result.unlisted = found.listed, found.unlisted()
        if progress is not None:
            progress(table.size, table.size)
        if result.imported:
            if jsonl:
                with naming(out):
                    placed = put_in_place(lines, out, exclusive=True)
                if not placed:  # a file (or folder) of that name made meanwhile
                    raise S3Error(Finding(str(out), None, None, "", M.IMPORT_OUT_EXISTS))
                result.written.append(out)
            else:
                result.written = _move_files(staging / "files", out, result, table.file, made, tool)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        if not result.written:  # nothing written: no folder made for it either
            for folder_made in made_folders:
                with contextlib.suppress(OSError):  # something else put there meanwhile
                    folder_made.rmdir()
    return result


def _create(files: Path, out: Path, response: Response, personal: list[str]) -> str:
    """A response file in the folder `files`, put into `out` later, and its name: an error
    names it as it will be named in `out`, never in the temporary folder."""
    try:
        return create_response_file(files, response, personal=personal).name
    except S3Error as exc:
        where = str(files)
        raise S3Error(
            [
                dataclasses.replace(f, file=str(out) + f.file[len(where) :])
                if f.file.startswith(where)
                else f
                for f in exc.findings
            ],
            exit_code=exc.exit_code,
        ) from None


def _parent(out: Path) -> tuple[Path, list[Path]]:
    """The folder of `out`, made if missing, and the folders made for it, innermost first
    (taken away again when nothing is written); an OSError names `out`."""
    parent = out.parent
    missing = []
    folder = parent
    while not os.path.lexists(folder) and folder != folder.parent:
        missing.append(folder)
        folder = folder.parent
    with naming(out):
        parent.mkdir(parents=True, exist_ok=True)
    return parent, missing


def _move_files(
    files: Path,
    out: Path,
    result: ImportResult,
    export: str,
    made: dict[str, tuple[int, str]],
    tool: Tool,
) -> list[Path]:
    """Put the imported files into `out`: the whole folder at once when `out` is new or
    empty, else (or when `out` is a link to a folder) each file whole, never over an
    existing one. A response there already, in `out` or a folder in it (found by its key,
    `made`: the row of `export` each file comes from and its key, in its file's name or,
    in a file renamed freely or of JSON Lines, in what it holds), with the same content is
    the same row imported before (unchanged); with other content it is a problem, and so is
    a respondent there already with a response started at another time (never written: a
    second response of one respondent). An OSError names `out` or the response file, never
    the folder written first."""
    if not out.exists() or (out.is_dir() and not out.is_symlink() and not any(out.iterdir())):
        with naming(out):
            if out.exists():
                out.rmdir()
            os.replace(files, out)
        fsync_folder(out.parent)
        return sorted(out.iterdir())
    written: list[Path] = []
    # every response file `score` reads under `out` (in its folders too), by its key: the
    # time started and the respondent's id, which an edit of the region or the group in the
    # tool leaves as they were, where they change the file's name
    there: dict[str, Path] = {}
    #: the places (file, line) of the valid responses in files whose names give no key
    #: (renamed freely, JSON, JSON Lines), by their keys: read as `score` reads them, and
    #: kept as places alone (the responses are read again to be compared), so that a large
    #: JSON Lines file there costs a key and a place per response, not the response
    held: dict[str, tuple[str, int | None]] = {}
    for found in iter_response_files([out]):
        keys = response_keys_of_file_name(found.name)
        if not keys:
            held.update((key, place) for key, place, _ in _held_responses(found))
        for key in keys:
            there[key] = found
    #: the same by respondent alone: a response of one of them started at another time is
    #: a second response of that respondent, which `score` would refuse
    taken: dict[str, tuple[str, int | None]] = {
        respondent_of_key(key): (str(found), None) for key, found in there.items()
    }
    taken.update((respondent_of_key(key), place) for key, place in held.items())
    for key, found in list(there.items()):
        for alias in _aliases(key):
            there.setdefault(alias, found)
    for key, place in list(held.items()):
        for alias in _aliases(key):
            held.setdefault(alias, place)
    #: the rows found among `held`, compared once all are known, a file read once: by file,
    #: the line -> (the file just made, the export's row)
    compared: dict[str, dict[int | None, tuple[Path, int]]] = {}
    #: the responses there already with other content, or of a respondent there already: a
    #: kind each, listed for their first rows (an export imported again with another --wave
    #: differs in every response, each in a file of its own)
    said = FirstOfAKind()
    for path in sorted(files.iterdir()):
        row, key = made[path.name]
        target = _there_already(there, key)
        respondent = respondent_of_key(key)
        kept = next((held[k] for k in (key, *_aliases(key)) if k in held), None)
        if target is None and kept is not None:
            result.imported -= 1
            compared.setdefault(kept[0], {})[kept[1]] = (path, row)
            continue
        if target is None and respondent in taken:
            result.imported -= 1
            result.differing += 1
            advice = ID_TAKEN_ADVICE.get(tool, M.IMPORT_ID_TAKEN_OTHER)
            message = M.IMPORT_ID_TAKEN.format(id=respondent, row=row, export=export, advice=advice)
            said.add(Finding(*taken[respondent], None, "", message), kind=code_of(message))
            continue
        if target is None:
            target = out / path.name
            try:
                with naming(target):
                    os.link(path, target)
            except FileExistsError:
                pass  # a file of this name, but not of a response's key: compared below
            else:
                written.append(target)
                continue
        result.imported -= 1
        if _same_bytes(path, target):
            result.unchanged += 1
        else:
            result.differing += 1
            message = M.IMPORT_ALREADY.format(row=row, export=export)
            said.add(Finding(str(target), None, None, "", message), kind=code_of(message))
    for file, lines in compared.items():
        for document in file_documents(Path(file)):
            if document.line not in lines:
                continue  # read again for the lines found alone, not validated again
            path, row = lines[document.line]
            name, line = document.file, document.line
            if _file_response(path) == document.response():
                result.unchanged += 1
            else:
                result.differing += 1
                already = M.IMPORT_ALREADY if line is None else M.IMPORT_ALREADY_LINE
                message = already.format(row=row, export=export)
                said.add(Finding(name, line, None, "", message), kind=code_of(message))
    result.problems.extend(said.listed)
    result.unlisted.update(said.unlisted())
    fsync_folder(out)
    return written


#: What to do about a respondent there already with another response (IMPORT_ID_TAKEN): a
#: LimeSurvey survey's ids, numbered from 1, may be another survey's.
ID_TAKEN_ADVICE = {"limesurvey": M.IMPORT_ID_TAKEN_LIMESURVEY}


def _there_already(there: dict[str, Path], key: str) -> Path | None:
    """The response file among `there` (by key, and by the keys _aliases adds) of the
    response of `key`, or of the same response under another of its ids."""
    return next((there[k] for k in (key, *_aliases(key)) if k in there), None)


def _aliases(key: str) -> list[str]:
    """The other keys of the response of `key`: the same time started, another id of the
    same response (a LimeSurvey response with and without its survey's id,
    respondent_aliases)."""
    started, _, respondent = key.partition("-")
    return [f"{started}-{alias}" for alias in respondent_aliases(respondent)]


def _held_responses(path: Path) -> Iterator[tuple[str, tuple[str, int | None], Response]]:
    """The valid responses in `path`, a response file whose name gives no key: each with its
    key (response_key) and its place (the file, and the line of a JSON Lines file); the
    documents that are no valid response are left to `check` and `score` to name."""
    for document in file_documents(path):
        try:
            response = document.response()
        except S3Error:
            continue
        key = response_key(response.respondent, response.started)
        yield key, (document.file, document.line), response


def _file_response(path: Path) -> Response | None:
    """The response of the file `path` has just written (None if, against all odds, it
    holds none)."""
    return next((response for _, _, response in _held_responses(path)), None)


def _same_bytes(path: Path, target: Path) -> bool:
    """Whether the file `target`, there already, holds the bytes of `path`: read only when
    it is a regular file of the same size (never a link, a folder or a device)."""
    with naming(target):
        there = target.lstat()
        if not stat.S_ISREG(there.st_mode) or there.st_size != path.stat().st_size:
            return False
        return target.read_bytes() == path.read_bytes()


def convert_questionnaire(
    q: Questionnaire, to: str, out: Path
) -> tuple[list[Path], list[Unexpressed]]:
    """Write `q` as an XLSForm or a LimeSurvey structure (with its codes beside); return the
    files written and what the tool cannot express."""
    if to == "xlsform":
        from s3engine.interop.xlsform import render_xlsform

        data, warnings = render_xlsform(q)
        atomic_write(out, data)
        return [out], warnings
    from s3engine.interop.limesurvey import codes_csv, render_structure

    text, warnings = render_structure(q)
    codes = out.with_name(out.stem + ".codes.csv")
    mapping = codes_csv(q)
    # both or neither: a structure beside the codes of another would import wrongly
    atomic_write_together(
        [
            (out, lambda tmp: tmp.write_bytes(text.encode("utf-8"))),
            (codes, lambda tmp: tmp.write_bytes(mapping.encode("utf-8"))),
        ]
    )
    return [out, codes], warnings


#: The endings a file of each format of `export` may have (lower case); another ending that
#: names a kind of file (FILE_SUFFIXES, .jsonl, .r) is refused: `--to sav --out x.csv` would
#: write an SPSS file that a spreadsheet program opens as garbage.
EXPORT_SUFFIXES = {
    "sav": (".sav",),
    "dta": (".dta",),
    "csv": (".csv", ".txt"),
    "r": (".r",),
}
#: What each format is called in a message.
EXPORT_FORMATS = {"sav": "SPSS (.sav)", "dta": "Stata (.dta)", "csv": "CSV (.csv)", "r": "R (.R)"}


def export_suffix_problem(fmt: str, out: Path) -> str | None:
    """Why `out` cannot hold a file of `fmt` (its name ends as another kind of file's), if
    it cannot: a usage error, said before anything is read."""
    suffix = out.suffix.lower()
    if suffix in EXPORT_SUFFIXES[fmt] or suffix not in (*FILE_SUFFIXES, ".jsonl", ".r"):
        return None
    name = out.with_suffix(".R" if fmt == "r" else EXPORT_SUFFIXES[fmt][0]).name
    said = {"to": fmt, "format": EXPORT_FORMATS[fmt], "suffix": out.suffix, "name": name}
    other = next((f for f, endings in EXPORT_SUFFIXES.items() if suffix in endings), None)
    if other is None:
        return M.EXPORT_OUT_SUFFIX.format(**said)
    return M.EXPORT_OUT_SUFFIX_OTHER.format(**said, other=EXPORT_FORMATS[other], other_to=other)


def export_responses(
    q: Questionnaire, paths: list[str], fmt: str, out: Path, lang: str
) -> tuple[list[Path], int, int, list[Finding]]:
    """Write the responses under `paths` to `q` as a labelled table (statistical.py) and its
    codebook, both or neither (`fmt` r: an R script, the table it reads and the codebook, all
    or none: rscript.py); return the files written, how many responses, how many were
    refused, and why (a refused response may have several problems). A respondent is
    exported once: a later response of theirs is refused, as `score` refuses it. Raises
    S3Error, writing nothing, when no response can be exported."""
    from s3engine.interop.statistical import codebook, codebook_csv, codebook_path, write_table
    from s3engine.questionnaire.answers import check_answers
    from s3engine.responses.files import read_documents, require_response_files
    from s3engine.responses.model import same_questionnaire
    from s3engine.scoring.inputs import refusals
    from s3engine.scoring.respondent_ids import RespondentIds
    from s3engine.scoring.tally import response_problems

    require_response_files(paths)
    responses = []
    problems: list[Finding] = []
    ids = RespondentIds()
    refused = 0
    #: the versions answered by the responses refused for another content
    other_content: list[str] = []
    for document in read_documents(paths):
        try:
            response = document.response()
        except S3Error as exc:
            problems.extend(exc.findings)
            refused += 1
            continue
        ref = response.questionnaire
        where = Finding(document.file, document.line, None, "questionnaire", "")
        if ref.id != q.id:
            message = M.EXPORT_OTHER_QUESTIONNAIRE.format(id=ref.id, expected=q.id)
        elif not same_questionnaire(ref, q):
            message = M.EXPORT_OTHER_VERSION.format(
                id=q.id, version=ref.version, expected=q.version
            )
            other_content.append(ref.version)
        elif (twice := ids.given_twice(response.respondent.id)) is not None:
            message = twice
            where = Finding(document.file, document.line, None, "respondent.id", "")
        elif found := response_problems(q, response, ids):  # the rest of score's rule
            refused += 1  # each problem on a line of its own, as score says them
            problems.extend(refusals(document, response, found))
            continue
        elif check := check_answers(
            q,
            response.answers,
            group=response.respondent.group,
            lang=response.language,
            complete=response.status == "complete",
            skipped=response.skipped,
        ):  # each at its answer's line and column, as score and plan say them
            refused += 1
            said = [M.AT.format(where=qid, problem=problem) for qid, problem in check]
            problems.extend(refusals(document, response, said))
            continue
        else:
            ids.add(response.respondent.id)
            responses.append(response)
            continue
        refused += 1
        problems.append(Finding(where.file, where.line, None, where.path, message))
    if not responses:
        raise _nothing_exported(q, paths, problems, refused, other_content)
    book = codebook(q, responses, lang)
    codes = codebook_path(out)
    if fmt == "r":  # the script, the table it reads (as the CSV export), the codebook
        from s3engine.interop.rscript import r_data_path, render_r

        data = r_data_path(out)
        about = f"Responses to the questionnaire {q.id} {q.version}, labels in {lang}."
        script = render_r(book, data.name, about)
        atomic_write_together(
            [
                (out, lambda tmp: tmp.write_bytes(script.encode("ascii"))),
                (data, lambda tmp: write_table(book, "csv", str(tmp))),
                (codes, lambda tmp: tmp.write_bytes(codebook_csv(book, fmt).encode("utf-8"))),
            ]
        )
        return [out, data, codes], len(responses), refused, problems
    atomic_write_together(
        [
            (out, lambda tmp: write_table(book, fmt, str(tmp))),
            (codes, lambda tmp: tmp.write_bytes(codebook_csv(book, fmt).encode("utf-8"))),
        ]
    )
    return [out, codes], len(responses), refused, problems


def _nothing_exported(
    q: Questionnaire,
    paths: list[str],
    problems: list[Finding],
    refused: int,
    other_content: list[str],
) -> S3Error:
    """Why no file was written: the refused responses, concluded by a line that says so.
    When every response answers one other version, that is said once, not for each of them."""
    given = " ".join(paths)
    if not refused:
        return S3Error(Finding(given, None, None, "", M.EXPORT_NO_RESPONSES))
    versions = set(other_content)
    if refused > 1 and len(other_content) == refused and len(versions) == 1:
        message = M.EXPORT_ALL_OTHER_VERSION.format(
            count=refused, id=q.id, version=versions.pop(), expected=q.version
        )
        return S3Error(Finding(given, None, None, "", message))
    return S3Error(problems, conclusion=M.EXPORT_NOTHING_WRITTEN)
