"""Response files on disk: names, atomic writing, reading YAML, JSON and JSON Lines.

One YAML file per respondent, named `<region>-<group>-<started>-<respondent id>.yaml`, so that
people answering at the same time into the same folder never overwrite each other: the
respondent id is random, and a new file is only ever created where no file exists (the
content goes to a temporary file first, which is then linked into place). Later saves replace
the file atomically (temporary file, fsync, rename). The format is documented in
docs/response-format.md.

Reading is the same for every command that reads responses (`score`, `plan`, and through
parse_response the rules `check` applies): `read_documents` streams every response document
below the paths named, a file at a time, and a JSON Lines file a line at a time whatever its
size, each document read by the one reader of its format (io.yamlio, io.jsonio), with the
position (`file:line:column`) of every problem, found only for documents that have one.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any, Protocol

from pydantic import ValidationError

from s3engine.core import messages as M
from s3engine.core.findings import Finding, S3Error, UsageError, not_utf8, utf16_text
from s3engine.core.limits import MAX_RESPONSE_BYTES
from s3engine.core.stop import stop_point
from s3engine.io.files import (
    INPUT_SUFFIXES,
    atomic_write,
    files_below,
    load_document,
    open_input,
    read_text,
    system_reason,
)
from s3engine.io.jsonio import positions_of as json_positions
from s3engine.io.jsonio import read_json
from s3engine.io.yamlio import Loaded, dump_yaml, read_yaml
from s3engine.io.yamlio import positions_of as yaml_positions
from s3engine.responses.model import Respondent, Response

#: Suffixes of files that hold responses: one per file, or one per line (.jsonl).
RESPONSE_SUFFIXES = INPUT_SUFFIXES  # the files a folder of responses is read for


@dataclass(frozen=True)
class LoadedResponse:
    """A valid response and where it came from (file, line of every key)."""

    response: Response
    loaded: Loaded


# -- names and writing --------------------------------------------------------------------


def response_file_name(respondent: Respondent, started: datetime) -> str:
    """REGION-GROUP-KEY.yaml, where KEY (response_key) is the time started and the id."""
    return f"{respondent.region}-{respondent.group}-{response_key(respondent, started)}.yaml"


def response_key(respondent: Respondent, started: datetime) -> str:
    """STARTED-ID: the time a response was started, to the second in UTC, and its
    respondent's id, the part of its file's name that an edit of its region or group in a
    survey tool leaves as it was (response_keys_of_file_name reads it back)."""
    return f"{started.astimezone(UTC).strftime('%Y%m%dT%H%M%SZ')}-{respondent.id}"


def respondent_of_key(key: str) -> str:
    """The respondent id of a response key (response_key): what follows the time started."""
    return key.partition("-")[2]


#: What response_file_name puts first (the region) and where the key begins (the time
#: started, after the group, which may hold hyphens and digits itself).
_REGION_FIRST = re.compile(r"[A-Z]{2}[A-Z0-9]{0,3}-")
_STARTED = re.compile(r"-\d{8}T\d{6}Z-")
#: The endings of a response file named by response_file_name, or renamed (`score` reads both).
_NAMED = (".yaml", ".yml")


def response_keys_of_file_name(name: str) -> list[str]:
    """The response keys (response_key) a file named by response_file_name may have: what
    follows each time started in its name. One, unless its group holds a time itself;
    none for a name of another shape."""
    suffix = next((s for s in _NAMED if name.endswith(s)), None)
    if suffix is None or not _REGION_FIRST.match(name):
        return []
    return [name[m.start() + 1 : -len(suffix)] for m in _STARTED.finditer(name, 3)]


def response_text(response: Response, *, personal: Sequence[str] = ()) -> str:
    """The YAML of a response, with a header saying what it is and what personal data it holds.

    `personal` lists the answered questions the questionnaire marks as personal.
    """
    ref = response.questionnaire
    who = response.respondent
    lines = [
        f"# s3engine response to {ref.id} {ref.version}: region {who.region}, group {who.group}, "
        f"{response.status}.",
        "# Format: docs/response-format.md. Check it with: s3engine check FILE",
    ]
    held = [*personal, *(["organisation"] if who.organisation else [])]
    if held:
        lines.append(
            f"# Holds personal data ({', '.join(held)}): keep it where only the people "
            "running the survey can read it."
        )
    return "\n".join(lines) + "\n" + dump_yaml(response.to_data())


def create_response_file(folder: Path, response: Response, *, personal: Sequence[str] = ()) -> Path:
    """Write a new response file into `folder` and return its path; never replace a file."""
    text = response_text(response, personal=personal)
    name = response_file_name(response.respondent, response.started)
    path = folder / name
    try:
        # Response files hold personal data: a folder s3engine makes is its owner's only
        # (0700), and so is every response file (0600).
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError as exc:
        raise _cannot_write(folder, exc) from None
    try:
        created = atomic_write(path, text.encode("utf-8"), exclusive=True, private=True)
    except OSError as exc:
        raise _cannot_write(path, exc) from None
    if not created:
        raise S3Error(Finding(str(path), None, None, "", M.RESPONSE_EXISTS))
    return path


def save_response(path: Path, response: Response, *, personal: Sequence[str] = ()) -> None:
    """Replace a response file atomically: readers see the old content or the new, never half.

    The file may be one this command read: the response being resumed is written back."""
    try:
        atomic_write(
            path, response_text(response, personal=personal).encode(), rewrite=True, private=True
        )
    except OSError as exc:
        raise _cannot_write(path, exc) from None


def _cannot_write(path: Path, exc: OSError) -> S3Error:
    reason = M.RESPONSE_CANNOT_WRITE.format(reason=system_reason(exc))
    return S3Error(Finding(str(path), None, None, "", reason))


# -- reading ------------------------------------------------------------------------------


def parse_response(loaded: Loaded) -> Response:
    """Validate a loaded document as a response; raise S3Error with every problem."""
    from s3engine.io.validation import validate_loaded

    return validate_loaded(Response, loaded)


def read_response(path: Path) -> LoadedResponse:
    loaded = load_document(path)
    return LoadedResponse(parse_response(loaded), loaded)


# -- streaming every response document below some paths ----------------------------------


class Progress(Protocol):
    """What a progress bar needs: the total amount of work, then steps of it (bytes)."""

    def start(self, total: int) -> None: ...

    def advance(self, amount: int) -> None: ...


@dataclass(slots=True)
class Document:
    """One response document: a whole file, or one line of a JSON Lines file, read.

    `data` holds its values, read by the one reader of its format (io.yamlio, io.jsonio);
    `error` says why it could not be read (too large, not UTF-8, not YAML or JSON...).
    `load()` gives the values with the positions of their keys, found only then;
    `response()` the validated Response. Both raise S3Error with every problem at
    file:line(:column).
    """

    file: str
    #: the line of a JSON Lines file; None for a whole file
    line: int | None
    data: Any = None
    #: the document's text, where the positions of its keys are found when needed
    text: bytes | str = ""
    error: S3Error | None = None

    def load(self) -> Loaded:
        if self.error is not None:
            raise self.error
        text, line = self.text, self.line
        if line is not None or self.file.lower().endswith(".json"):
            return Loaded(self.file, self.data, locate=lambda: json_positions(text, line or 1))
        assert isinstance(text, str)
        return Loaded(self.file, self.data, locate=lambda: yaml_positions(text, self.file))

    def response(self) -> Response:
        if self.error is not None:
            raise self.error
        try:
            return Response.model_validate(self.data)
        except ValidationError:
            return parse_response(self.load())  # again, to say where


def read_document(text: str | bytes, file: str, line: int | None = None) -> Document:
    """A response document read from its text: JSON (a .json file, a JSON Lines line) or
    YAML."""
    try:
        if line is not None or file.lower().endswith(".json"):
            return Document(file, line, read_json(text, file, line), text)
        assert isinstance(text, str)
        return Document(file, line, read_yaml(text, file), text)
    except S3Error as exc:
        return Document(file, line, error=exc)


def read_documents(
    paths: Iterable[str | Path], progress: Progress | None = None
) -> Iterator[Document]:
    """Every response document below `paths`, one at a time, in file and line order.

    Files are named or found in folders (recursively; see iter_response_files); a .jsonl
    file holds one response per line and is read line by line, whatever its size. A
    document larger than MAX_RESPONSE_BYTES is refused unread. With `progress`, its total
    is the size of the files, and it advances as they are read.
    """
    paths = list(paths)
    if progress is not None:
        progress.start(files_size(paths))
    for path in iter_response_files(paths):
        yield from file_documents(path, progress)


def files_size(paths: Iterable[str | Path]) -> int:
    """The size in bytes of the response files below `paths` (the total of a progress bar)."""
    return sum(_size(path) for path in iter_response_files(paths))


def file_documents(path: Path, progress: Progress | None = None) -> Iterator[Document]:
    """The response documents of one file: the file, or each line of a JSON Lines file."""
    if path.suffix.lower() == ".jsonl":
        yield from json_lines(path, progress)
    else:
        yield whole_file(path)
        if progress is not None:
            progress.advance(_size(path))


def load_responses(paths: Iterable[str | Path]) -> tuple[list[LoadedResponse], list[Finding]]:
    """Every valid response under `paths`, and the findings about those that are not."""
    responses: list[LoadedResponse] = []
    findings: list[Finding] = []
    for document in read_documents(paths):
        try:
            loaded = document.load()
            responses.append(LoadedResponse(parse_response(loaded), loaded))
        except S3Error as exc:
            findings.extend(exc.findings)
    return responses, findings


def require_response_files(paths: Sequence[str]) -> None:
    """UsageError when the paths named hold no response file (score, plan, export): an empty
    folder, or one of other files, is a wrong path, not a survey without responses."""
    if next(iter_response_files(paths), None) is None:
        raise UsageError(M.SCORE_NO_RESPONSE_FILES.format(paths=" ".join(paths)))


def iter_response_files(paths: Iterable[str | Path]) -> Iterator[Path]:
    """The response files named, and those below the folders named, in name order.

    Folders are walked recursively, leaving out hidden files and folders (a name starting
    with '.') and links to folders; only one folder's names are held at a time. Every path
    is checked before any file is given: a missing one is a usage error.
    """
    given = [Path(spec) for spec in paths]
    for path in given:
        if not path.exists() and not path.is_symlink():
            raise UsageError(M.AT.format(where=str(path), problem=M.NO_SUCH_PATH))
    for path in given:
        if path.is_dir():
            yield from files_below(path)
        else:
            yield path


def response_files(paths: Iterable[str | Path]) -> list[Path]:
    """iter_response_files, as a list."""
    return list(iter_response_files(paths))


def whole_file(path: Path) -> Document:
    """The response document of a whole file (at most MAX_RESPONSE_BYTES), read."""
    name = str(path)
    try:
        text = read_text(path, max_bytes=MAX_RESPONSE_BYTES, too_large=M.RESPONSE_FILE_TOO_LARGE)
    except S3Error as exc:
        return Document(name, None, error=exc)
    return read_document(text, name)


def json_lines(
    path: Path,
    progress: Progress | None = None,
    *,
    start: int = 0,
    stop: int | None = None,
    first_line: int = 1,
    source: Path | None = None,
    quick: Callable[[list[bytes]], Iterable[int]] | None = None,
) -> Iterator[Document]:
    """The documents of a JSON Lines file, a line at a time.

    With `start` and `stop` (byte offsets where lines begin: see line_start), only the lines
    between them, numbered from `first_line` (the number of the line at `start`). With
    `source`, that file is read (the same file, opened anew), and `path` names it. With
    `quick`, the lines are first given to it in batches of QUICK_BATCH: it counts those it
    can and says, in order, the places of the others, each read as a document (and dealt
    with by the caller) before it goes on (scoring counts most lines of a large file there:
    SurveyTally.add_lines).
    """
    name = str(path)
    try:
        handle = open_input(source or path)
    except S3Error as exc:
        yield Document(name, None, error=exc)
        return
    if start:
        handle.seek(start)
    pending = 0
    left = stop - start if stop is not None else None  # the bytes to read
    numbers: list[int] = []
    batch: list[bytes] = []
    with handle:
        for number, line in enumerate(_bounded_lines(handle, left), first_line):
            if isinstance(line, int):  # a line too long to be one response: never read whole
                if batch and quick is not None:  # the lines before it first
                    yield from _quick_lines(name, quick, numbers, batch)
                pending += line
                too_long = M.JSONL_LINE_TOO_LONG.format(
                    size=_mib(line), limit=_mib(MAX_RESPONSE_BYTES)
                )
                error = S3Error(Finding(name, number, None, "", too_long))
                yield Document(name, number, error=error)
                continue
            pending += len(line)
            if pending > 1 << 20 and progress is not None:
                progress.advance(pending)
                pending = 0
            if number == first_line and not start:  # the file's first line
                if line.startswith(b"\xef\xbb\xbf"):
                    line = line[3:]  # UTF-8's byte order mark
                elif utf16_text(line):  # no line is a response: said once, for the file
                    error = S3Error(Finding(name, number, 1, "", not_utf8(line, 0)))
                    yield Document(name, number, error=error)
                    break
            if line.isspace() or not line:
                continue
            if quick is None:
                yield _line_document(name, number, line)
                continue
            numbers.append(number)
            batch.append(line)
            if len(batch) == QUICK_BATCH:
                yield from _quick_lines(name, quick, numbers, batch)
        if batch and quick is not None:
            yield from _quick_lines(name, quick, numbers, batch)
    if progress is not None and pending:
        progress.advance(pending)


#: How many lines json_lines gives `quick` at once.
QUICK_BATCH = 1024


def _quick_lines(
    name: str,
    quick: Callable[[list[bytes]], Iterable[int]],
    numbers: list[int],
    batch: list[bytes],
) -> Iterator[Document]:
    """The documents of the lines of `batch` that `quick` does not count; empties both lists."""
    stop_point()  # a SIGTERM whose raise was lost stops here (core.stop)
    for i in quick(batch):
        yield _line_document(name, numbers[i], batch[i])
    numbers.clear()
    batch.clear()


def _line_document(name: str, number: int, line: bytes) -> Document:
    """The document on line `number` (read_document, for a line of bytes)."""
    try:
        data = read_json(line, name, number)
    except S3Error as exc:
        return Document(name, number, error=exc)
    return Document(name, number, data, line)


def line_start(path: Path, offset: int) -> int:
    """The offset of the first line that starts at or after `offset` (the size at the end)."""
    if offset <= 0:
        return 0
    with path.open("rb") as handle:
        handle.seek(offset - 1)
        while (block := handle.readline(1 << 20)) and not block.endswith(b"\n"):
            pass
        return handle.tell()


def lines_before(path: Path, offset: int) -> int:
    """How many lines end before `offset` (a line start): the number of the line there, -1."""
    count = 0
    with path.open("rb") as handle:
        left = offset
        while left > 0 and (block := handle.read(min(left, 1 << 20))):
            count += block.count(b"\n")
            left -= len(block)
    return count


def _bounded_lines(handle: IO[bytes], left: int | None = None) -> Iterator[bytes | int]:
    """The lines of `handle` (those that start in the next `left` bytes, if given); one
    longer than MAX_RESPONSE_BYTES comes as its length in bytes, so that memory stays bounded
    whatever the file holds."""
    readline = handle.readline
    limit = MAX_RESPONSE_BYTES
    while (left is None or left > 0) and (line := readline(limit + 1)):
        if len(line) <= limit or line.endswith(b"\n"):
            if left is not None:
                left -= len(line)
            yield line
            continue
        size = len(line)
        while line and not line.endswith(b"\n"):
            line = readline(1 << 20)
            size += len(line)
        if left is not None:
            left -= size
        yield size


def _mib(n: int) -> str:
    return f"{n / (1024 * 1024):.1f} MiB"


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0
