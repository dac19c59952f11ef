"""Files: reading text safely, and writing so that readers never see half a file.

Every reader of s3engine's inputs comes through `read_text` (a size limit, regular files
only, UTF-8 with the place of the first bad byte) or, for JSON Lines read as a stream,
`open_input`; every writer through `atomic_write` (`atomic_write_set` for a plan's files,
`atomic_write_together` for a table and its codebook).
The readers note each file they read (its device and inode; the CSV reader and the SQLite
store with `note_input`), and the writer refuses to replace one of them: `score
--out` naming a response, the model or a statistics file would have replaced it with the
scores. A link to an input, or a second name of it, is the same file.
"""

from __future__ import annotations

import csv
import errno
import os
import re
import secrets
import shutil
import socket
import stat
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

from s3engine.core import messages as M
from s3engine.core.findings import REFUSED_CHARACTERS as REFUSED
from s3engine.core.findings import Finding, S3Error, not_utf8
from s3engine.core.limits import MAX_BYTES
from s3engine.core.templates import FilledIn, Joined, Template
from s3engine.io.yamlio import Loaded, load_yaml_text

#: The files s3engine reads in a folder: YAML definitions and responses, JSON and JSON Lines
#: responses.
INPUT_SUFFIXES = (".yaml", ".yml", ".json", ".jsonl")

#: The files read by the command running now, as (device, inode): see atomic_write.
_INPUTS: set[tuple[int, int]] = set()


def forget_inputs() -> None:
    """A new command starts: the files the last one read may be written again."""
    _INPUTS.clear()


def note_input(path: Path) -> None:
    """`path` (a file, or every file below a folder) is an input of the command running now:
    no writer may replace it. For writers that learn their inputs before reading them."""
    try:
        status = path.stat()
    except OSError:
        return
    if stat.S_ISDIR(status.st_mode):
        for folder, _, names in os.walk(path):
            for name in names:
                note_input(Path(folder) / name)
    else:
        _INPUTS.add((status.st_dev, status.st_ino))


def files_below(folder: Path) -> Iterator[Path]:
    """The files below `folder` that s3engine reads (YAML, JSON, JSON Lines), recursively in
    name order, leaving out hidden files and folders (a name starting with '.') and links
    to folders: the one walk of `score`, `plan`, `export` and `check`. S3Error naming a
    folder that cannot be read."""
    names: list[str] = []
    folders: set[str] = set()
    try:
        with os.scandir(folder) as entries:
            for entry in entries:
                name = entry.name
                if name.startswith("."):
                    continue
                if entry.is_dir(follow_symlinks=False):
                    folders.add(name)
                    names.append(name)
                elif name.lower().endswith(INPUT_SUFFIXES) and not _links_to_folder(entry):
                    # not only regular files: a dangling link, a link to itself, a pipe or
                    # a link to a device named like a response is refused by its reader,
                    # never skipped unsaid
                    names.append(name)
    except OSError as exc:
        reason = M.FOLDER_UNREADABLE.format(reason=system_reason(exc))
        raise S3Error(Finding(str(folder), None, None, "", reason)) from None
    names.sort()
    for name in names:
        if name in folders:
            yield from files_below(folder / name)
        else:
            yield folder / name


def _links_to_folder(entry: os.DirEntry[str]) -> bool:
    """Whether a folder's entry is a link to a folder (a link that cannot be followed, to
    itself or in a loop, is not)."""
    try:
        return entry.is_dir()
    except OSError:
        return False


def is_input(path: Path) -> bool:
    """Whether `path` is (through links too) a file the command running now has read."""
    try:
        status = path.stat()
    except OSError:
        return False
    return (status.st_dev, status.st_ino) in _INPUTS


def system_reason(exc: OSError) -> str:
    """Why the system refused a path (exc.filename), in words a user can act on, translated
    where they are shown: a file where a folder of the path is needed (`--out
    report/scores.json` with `report` a file) is named, where the system says only "File
    exists" or "Not a directory"; the common errors are said in s3engine's words
    (core.messages.SYSTEM_REASONS), the others in the system's. The one place that says
    why the system refused a path, for reading and writing alike."""
    if isinstance(exc.strerror, Template | FilledIn | Joined):
        return exc.strerror  # a reason of s3engine's own (core.messages) stays one
    if exc.errno in (errno.EEXIST, errno.ENOTDIR) and exc.filename is not None:
        for part in reversed(Path(os.fsdecode(exc.filename)).parents):
            if part.exists() and not part.is_dir():
                return M.PATH_PART_IS_FILE.format(part=part)
    said = M.SYSTEM_REASONS.get(exc.errno) if exc.errno is not None else None
    return said if said is not None else exc.strerror or str(exc)


def refuse_input(path: Path) -> None:
    """Raise S3Error when `path`, to be written, is one of the inputs of the command, or a
    link, a device, a pipe or a socket: a written file is put in place by a rename, which
    would replace the link with a file (its target untouched) and a device with a file
    (`/dev/null` too, as root). A folder, or a link to one, is left to the writer."""
    if is_input(path):
        raise S3Error(Finding(str(path), None, None, "", M.OUTPUT_IS_INPUT))
    try:
        mode = path.lstat().st_mode
    except OSError:  # nothing there (or unreadable: the writer says why)
        return
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode) or (stat.S_ISLNK(mode) and path.is_dir()):
        return  # (a link to a folder: the folder is written into)
    raise S3Error(Finding(str(path), None, None, "", M.OUTPUT_NOT_A_FILE))


def refuse_output(out: Path, inputs: Iterable[str | Path]) -> None:
    """Raise S3Error when `out` is one of `inputs` or a file below them, before any is read:
    for writers that do not write through atomic_write alone."""
    for path in inputs:
        note_input(Path(path))
    refuse_input(out)


def regular_file(path: Path) -> os.stat_result:
    """The status of the regular file at `path`; S3Error naming it for anything else.

    A folder, a device (`/dev/zero` never ends), a pipe (blocks until someone writes to it)
    or a socket is refused before it is opened; so is a dangling link.
    """
    name = str(path)
    try:
        status = path.stat()
    except FileNotFoundError:
        message = M.DANGLING_LINK if path.is_symlink() else M.FILE_NOT_FOUND
        raise S3Error(Finding(name, None, None, "", message)) from None
    except OSError as exc:
        reason = M.FILE_UNREADABLE.format(reason=system_reason(exc))
        raise S3Error(Finding(name, None, None, "", reason)) from None
    if stat.S_ISDIR(status.st_mode):
        raise S3Error(Finding(name, None, None, "", M.IS_A_DIRECTORY))
    if not stat.S_ISREG(status.st_mode):
        raise S3Error(Finding(name, None, None, "", M.NOT_A_FILE))
    return status


#: The buffer of a stream read a line at a time: with the default (a few KiB) a line of a
#: response (a KiB or two) often straddles two reads of the file, and `readline` costs twice
#: as much.
_STREAM_BUFFER = 1 << 18


def open_input(path: Path) -> IO[bytes]:
    """Open an input read as a stream (JSON Lines), in binary: a regular file only, noted as
    an input of the command (see atomic_write). Raises S3Error naming the file."""
    status = regular_file(path)
    try:
        handle = path.open("rb", buffering=_STREAM_BUFFER)
    except OSError as exc:
        reason = M.FILE_UNREADABLE.format(reason=system_reason(exc))
        raise S3Error(Finding(str(path), None, None, "", reason)) from None
    _INPUTS.add((status.st_dev, status.st_ino))
    return handle


def read_text(
    path: Path, *, max_bytes: int = MAX_BYTES, too_large: Template = M.FILE_TOO_LARGE
) -> str:
    """Read a UTF-8 text file, refusing one that is too large (saying so with `too_large`,
    the message of its kind of file: M.RESPONSE_FILE_TOO_LARGE) or not UTF-8."""
    name = str(path)
    status = regular_file(path)
    size = status.st_size
    _INPUTS.add((status.st_dev, status.st_ino))
    if size > max_bytes:
        raise S3Error(
            Finding(
                name,
                None,
                None,
                "",
                too_large.format(size=_mib(size), limit=_mib(max_bytes)),
            )
        )
    try:
        with path.open("rb") as handle:  # a file may grow: read no more than the limit
            raw = handle.read(max_bytes + 1)
    except OSError as exc:
        raise S3Error(
            Finding(name, None, None, "", M.FILE_UNREADABLE.format(reason=system_reason(exc)))
        ) from None
    if len(raw) > max_bytes:
        message = too_large.format(size=_mib(len(raw)), limit=_mib(max_bytes))
        raise S3Error(Finding(name, None, None, "", message))
    return decode_utf8(raw, name)


def decode_utf8(raw: bytes, name: str) -> str:
    """Text of a UTF-8 file (a byte order mark is dropped); S3Error at the first bad byte."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        # Columns count characters, as editors do; the line's text before is valid UTF-8.
        column = len(before[before.rfind(b"\n") + 1 :].decode("utf-8", "replace")) + 1
        raise S3Error(Finding(name, line, column, "", not_utf8(raw, exc.start))) from None


def ends_in_quotes(exc: csv.Error) -> bool:
    """Whether the csv module stopped because the file ends inside a quoted value."""
    return "unexpected end of data" in str(exc)


def csv_problem(exc: csv.Error) -> str:
    """Why the csv module (strict) could not read a line, in words that can be translated;
    its own English words for an error it may give that is not known here."""
    reason = str(exc)
    if found := re.fullmatch(r"'(.)' expected after '\"'", reason):
        delimiter = M.CSV_TAB if found[1] == "\t" else f"'{found[1]}'"
        return M.CSV_NOT_AFTER_QUOTE.format(delimiter=delimiter)
    if found := re.fullmatch(r"field larger than field limit \((\d+)\)", reason):
        return M.CSV_FIELD_LIMIT.format(limit=int(found[1]))
    return reason


def unclosed_quote_line(source: Path | Callable[[], IO[bytes]], lines: int) -> int:
    """The line of the CSV file `source` (a path, or what opens its bytes afresh: a zip
    archive's member) on which the quoted value opens that the file ends inside
    (`ends_in_quotes`); `lines`: the lines the csv reader read, which were all of them (its
    line_num).

    A line as an editor counts it, not a record: a quoted value may hold line breaks, so
    the record the value ends may begin lines before it. Inside a quoted value quotes come
    in pairs (`""` is one quote), so the value opens at the first quote of the last run of
    an odd number of them; it is at most the csv module's field limit long (a longer one is
    refused first), so the end of the file holds it, and the file is not read again."""
    with source.open("rb") if isinstance(source, Path) else source() as handle:
        size = handle.seek(0, os.SEEK_END)
        handle.seek(max(0, size - 4 * csv.field_size_limit() - 4))  # 4 bytes a character
        tail = handle.read()
    runs = [run.start() for run in re.finditer(rb'"+', tail) if len(run.group()) % 2]
    if not runs:
        return lines
    return lines - len(tail[runs[-1] :].splitlines()) + 1


def _mib(n: int) -> str:
    return f"{n / (1024 * 1024):.1f} MiB"


def load_yaml(path: Path, *, max_bytes: int = MAX_BYTES) -> Loaded:
    """Load one YAML file safely; raise `S3Error` with every problem found."""
    return load_yaml_text(read_text(path, max_bytes=max_bytes), str(path))


def load_document(
    path: Path,
    *,
    max_bytes: int = MAX_BYTES,
    positions_if: re.Pattern[str] | None = None,
) -> Loaded:
    """A YAML or JSON file as plain values with positions; raise S3Error if unreadable.

    The positions of a YAML file whose text `positions_if` finds something in are found
    while it is read (see load_yaml_text); the others' only when asked for.
    """
    text = read_text(path, max_bytes=max_bytes)
    if path.suffix.lower() == ".json":
        # The JSON reader (and jiter) only for a JSON file: checking YAML does without them.
        from s3engine.io.jsonio import load_json_text

        return load_json_text(text, str(path))
    eager = positions_if is not None and positions_if.search(text) is not None
    return load_yaml_text(text, str(path), positions=eager)


def atomic_write_text(path: Path, text: str, *, private: bool = False) -> None:
    """Write `text` to `path` (UTF-8) so that readers see the old file or the new one, never
    half: see atomic_write."""
    atomic_write(path, text.encode("utf-8"), private=private)


def atomic_write(
    path: Path,
    content: bytes,
    *,
    exclusive: bool = False,
    rewrite: bool = False,
    private: bool = False,
) -> bool:
    """Write `content` to `path` so that readers see the old file or the new one, never half.

    The content goes to a temporary file of its own in the same folder, is flushed and
    fsynced, then renamed over the target; the folder is fsynced too, so that the rename
    survives a crash. With `exclusive`, an existing file is never replaced: the temporary
    file is linked into place, which fails if `path` exists, and False is returned. A
    `private` file (a response: personal data) is readable by its owner only (0600), from
    its first byte. Every file s3engine writes (responses, scores, plans) is written here.

    A file the command has read is never replaced (S3Error), but with `rewrite`: the file
    is read in order to be written back (a response being resumed). Raises OSError naming
    `path`, never the temporary file, when the system refuses the write.
    """
    if not rewrite:
        refuse_input(path)
    with naming(path):
        path.parent.mkdir(parents=True, exist_ok=True)
        return put_in_place(_temporary(path, content, private), path, exclusive=exclusive)


def atomic_write_pieces(path: Path, pieces: Iterable[bytes | memoryview]) -> None:
    """atomic_write for content made piece by piece (the JSON of a thousand regions, 50 MB):
    each piece goes to the temporary file as soon as it is made and reaches the disk while
    the next ones are made (Sink), so that the end waits for the last ones only."""

    def write(tmp: Path) -> None:
        with Sink(tmp, path, binary=True) as sink:
            for piece in pieces:
                sink.write(piece)

    _write_beside(path, write)


def _fsync_file(path: Path) -> None:
    """Wait until the file a library wrote at `path` is on disk."""
    fd = os.open(path, os.O_RDWR | getattr(os, "O_BINARY", 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def atomic_write_together(files: Sequence[tuple[Path, Callable[[Path], object]]]) -> None:
    """Write files that belong together (a table and its codebook): all of them or none.

    Each `write(tmp)` writes its file to a temporary file beside its path (created empty
    first, so that a path the system refuses is named with the system's reason, even when a
    library writes the file), which is then fsynced. Only when every file is written are they
    renamed into place, one after the other; when a rename fails, the files put in place
    before it are taken back out: a file they replaced comes back (kept meanwhile under a
    second name), a new one is removed. Between two renames a reader may see the first new
    file beside the second old one (a set read as one is written by atomic_write_set, which
    puts its files in place the same way, under a lock). Raises
    OSError naming the file the user asked for, never a temporary file.
    """
    for path, _ in files:
        refuse_input(path)
    temporary: dict[Path, Path] = {}
    try:
        for path, write in files:
            with naming(path):
                path.parent.mkdir(parents=True, exist_ok=True)
                tmp = _temporary(path, b"")
                temporary[path] = tmp
                write(tmp)
                _fsync_file(tmp)
        _put_together(temporary)
    finally:
        for tmp in temporary.values():
            tmp.unlink(missing_ok=True)


def _put_together(temporary: Mapping[Path, Path]) -> None:
    """Rename each temporary file over its path (path -> temporary file); when one cannot
    be, take the ones renamed before it back out (atomic_write_together)."""
    put: list[tuple[Path, Path | None]] = []  # (path, the file it replaced, kept)
    try:
        for path, tmp in temporary.items():
            with naming(path):
                old = _second_name(path)
                try:
                    os.replace(tmp, path)
                except BaseException:
                    if old is not None:
                        old.unlink(missing_ok=True)
                    raise
                put.append((path, old))
    except BaseException:
        for path, old in reversed(put):
            with suppress(OSError):  # the error to report is the one that stopped the set
                if old is None:
                    path.unlink()
                else:
                    os.replace(old, path)
        raise
    for _, old in put:
        if old is not None:
            old.unlink(missing_ok=True)
    for folder in {path.parent for path in temporary}:
        fsync_folder(folder)


def _second_name(path: Path) -> Path | None:
    """A second name (a hard link, or a copy where the file system has none) of the file
    at `path`, to put it back if it is replaced and must come back; None when there is no
    file of that name."""
    if not path.is_symlink() and not path.is_file():
        return None
    kept = _temporary_name(path)
    try:
        os.link(path, kept, follow_symlinks=False)
    except FileNotFoundError:
        return None
    except OSError:  # pragma: no cover - file systems without hard links
        shutil.copy2(path, kept, follow_symlinks=False)
    return kept


def _write_beside(path: Path, write: Callable[[Path], None]) -> None:
    """`write` a temporary file beside `path`, on disk when it returns, then put it in place
    as atomic_write does; the temporary file is removed if `write` fails, and an OSError
    names `path`."""
    refuse_input(path)
    with naming(path):
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = _temporary_name(path)
        try:
            write(tmp)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
        put_in_place(tmp, path)


@contextmanager
def naming(path: Path) -> Iterator[None]:
    """An OSError raised within names `path` (the file the user asked for), never a
    temporary file of it."""
    try:
        yield
    except OSError as exc:
        raise OSError(exc.errno, exc.strerror, str(path)) from None


def _temporary_name(path: Path) -> Path:
    """A name for a temporary file beside `path`, of this process (remove_stale_temporaries
    knows it by its process id)."""
    return path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")


def _mode(private: bool) -> int:
    """The mode a new file is created with: its owner's only (0600) when `private` (responses
    hold personal data), else as the umask allows."""
    return 0o600 if private else 0o666


def _temporary(path: Path, content: bytes, private: bool = False) -> Path:
    """`content` written and fsynced into a temporary file of its own beside `path`."""
    tmp = _temporary_name(path)
    # O_EXCL: never a file someone else just made.
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    try:
        with os.fdopen(os.open(tmp, flags, _mode(private)), "wb") as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return tmp


def put_in_place(tmp: Path, path: Path, *, exclusive: bool = False) -> bool:
    """Rename the finished, fsynced file `tmp` (made in `path`'s folder) over `path`, then
    fsync the folder, so that the rename survives a crash; `tmp` is gone afterwards. With
    `exclusive`, an existing `path` is never replaced: False."""
    try:
        if not exclusive:
            os.replace(tmp, path)
        else:
            try:
                os.link(tmp, path)  # unlike a rename, fails if `path` exists
            except FileExistsError:
                return False
            except OSError:  # pragma: no cover - file systems without hard links
                if path.exists():
                    return False
                os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()
    fsync_folder(path.parent)
    return True


def atomic_write_set(folder: Path, files: Mapping[str, bytes], *, wait: float = 60) -> list[Path]:
    """Write a set of files (a plan's documents) into `folder`, as one.

    Every file is written to its temporary file first: when one cannot be written (a full
    disk), none is put in place and the old set stays whole. Then all are renamed into
    place as atomic_write_together puts its files (when a rename fails, those renamed before
    it are taken back out and the files they replaced come back), under a lock on the folder
    (`.FOLDER.lock` beside it) held from the first byte to the last rename, so that two
    commands writing into one folder at once write one set after the other, never a mix. A
    command still writing is waited for up to `wait` seconds. Raises OSError naming the
    file that could not be written.
    """
    targets = [folder / name for name in files]
    for path in targets:
        refuse_input(path)
    with naming(folder):
        folder.mkdir(parents=True, exist_ok=True)
    lock = FileLock(folder.resolve(), held=M.FOLDER_BUSY)
    lock.acquire(wait=wait)
    written: dict[Path, Path] = {}
    try:
        for path, content in zip(targets, files.values(), strict=True):
            with naming(path):
                written[path] = _temporary(path, content)
        _put_together(written)
    finally:
        for tmp in written.values():
            tmp.unlink(missing_ok=True)
        lock.release()
    return targets


#: Characters (or bytes) written into a long file between two flushes of it to disk (Sink).
SYNC_EVERY = 32 * 1024 * 1024


class Sink:
    """A long file written piece by piece, on disk once `close` returns: an import's JSON
    Lines (text: UTF-8, `\\n` line ends) or the JSON of a score (`binary`), written before
    it is renamed into place.

    A file of a hundred megabytes takes a third of a second to reach the disk after its last
    piece, as long as a tenth of the whole import. So every SYNC_EVERY characters (or bytes),
    what is written so far is flushed and fsynced by a thread of its own while the writer
    goes on (fsync waits for the disk without holding the interpreter); `close` waits for the
    rest only. An error of that thread (a full disk) is raised by the next `write` or
    `close`. Every OSError names `shown` (the file the user asked for), never the file
    written.
    """

    def __init__(self, path: Path, shown: Path, *, binary: bool = False, private: bool = False):
        """`private`: readable by its owner only (0600) from its first byte, as atomic_write's
        private files (responses: personal data)."""
        self.shown = shown
        self.since = 0  # characters (bytes) written since the last sync began
        self.syncing: threading.Thread | None = None
        self.error: OSError | None = None
        flags = os.O_WRONLY | os.O_CREAT | (os.O_EXCL if binary else os.O_TRUNC)
        with naming(shown):
            fd = os.open(path, flags | getattr(os, "O_BINARY", 0), _mode(private))
            self.handle: IO[Any] = (
                os.fdopen(fd, "wb")
                if binary
                else os.fdopen(fd, "w", encoding="utf-8", newline="\n")
            )
        self.fd = self.handle.fileno()

    def write(self, piece: str | bytes | memoryview) -> None:
        """Write `piece`: text to a text file, bytes to a `binary` one."""
        with naming(self.shown):
            self._raise()
            self.handle.write(piece)
            self.since += len(piece)
            if self.since >= SYNC_EVERY and not (self.syncing and self.syncing.is_alive()):
                self.since = 0
                self.handle.flush()
                self.syncing = threading.Thread(target=self._sync, name="sync", daemon=True)
                self.syncing.start()

    def _sync(self) -> None:
        try:
            os.fsync(self.fd)
        except OSError as exc:
            self.error = exc

    def _raise(self) -> None:
        if self.error is not None:
            raise self.error

    def close(self, *, keep: bool = True) -> None:
        """Close the file; with `keep`, once all of it is on disk (the caller removes a file
        it does not keep, and its own error, an interruption say, is the one raised)."""
        with naming(self.shown):
            try:
                if keep:
                    self.handle.flush()
                    self._join()
                    self._raise()
                    os.fsync(self.fd)
            finally:
                self._join()  # before the descriptor it syncs is closed
                try:
                    self.handle.close()
                except OSError:
                    if keep:
                        raise

    def _join(self) -> None:
        if self.syncing is not None:
            self.syncing.join()

    def __enter__(self) -> Sink:
        return self

    def __exit__(self, kind: type[BaseException] | None, *rest: object) -> None:
        self.close(keep=kind is None)


def fsync_folder(folder: Path) -> None:
    """Make a rename or a link in `folder` survive a crash (where the system lets a folder
    be opened): every file put in place by a rename is followed by this."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # pragma: no cover - some systems refuse to open folders
        return
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover - nor fsync them
        pass
    finally:
        os.close(fd)


# -- interrupted writers: their temporary files and locks -----------------------------------

#: The temporary file of atomic_write: `.NAME.PID.RANDOM.tmp` (`.NAME.PID.tmp` and
#: `.NAME.PID.new` from older versions). The shortest NAME is tried first: RANDOM, eight
#: hexadecimal digits, may be all decimal ones, and would otherwise be taken for the PID (of
#: a process that does not run, and the save under way removed). The pattern's text, compiled
#: by re when a folder is cleaned, not when a command starts.
_TEMPORARY = r"\.(?P<name>.+?)\.(?P<pid>\d+)(?:\.[0-9a-f]{8})?\.(?:tmp|new)"


def process_alive(pid: int) -> bool:
    """Whether process `pid` runs on this machine. Where this cannot be asked (Windows),
    every process counts as alive: nothing of it is ever removed."""
    if sys.platform == "win32":
        return True
    try:
        os.kill(pid, 0)  # signal 0: asks, sends nothing
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True


#: How old (seconds since it was last written) a temporary file must be before it can be
#: taken for one a killed writer left: a save takes a fraction of a second.
STALE_AFTER = 60


def _older_than(entry: os.DirEntry[str], seconds: float) -> bool:
    try:
        return time.time() - entry.stat(follow_symlinks=False).st_mtime > seconds
    except OSError:  # gone meanwhile: its save ended
        return False


def remove_stale_temporaries(folder: Path) -> list[Path]:
    """Remove the temporary files that writers killed in the middle of a save left in
    `folder`, and return them. A kill at the wrong moment leaves one: a copy of a response
    (organisation, answers) hidden from `check` and `score` by its leading dot. Only the
    files of processes no longer running are removed, and only once they are STALE_AFTER
    seconds old: a save under way is left alone, also one by a survey on another machine
    writing into the same shared folder (its process is not one of this machine's). The
    locks of killed surveys (see FileLock) go too."""
    removed: list[Path] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        if not entry.name.startswith(".") or not entry.is_file(follow_symlinks=False):
            continue
        if entry.name.endswith(".lock"):  # the lock of a survey that was killed
            holder = FileLock.holder_of(Path(entry.path))
            pid = holder.get("pid", "")
            if not (pid.isdigit() and FileLock.same_host(holder)):
                continue
        else:
            found = re.fullmatch(_TEMPORARY, entry.name)
            if found is None or not _older_than(entry, STALE_AFTER):
                continue
            pid = found["pid"]
        if int(pid) == os.getpid() or process_alive(int(pid)):
            continue
        try:
            os.unlink(entry.path)
        except OSError:
            continue
        removed.append(Path(entry.path))
    return sorted(removed)


class FileLock:
    """An advisory lock on a file being edited (a response being answered): a lock file
    `.NAME.lock` beside it, made exclusively, holding who took it.

    A second survey on the same response is told who holds it and stops before it asks
    anything. The lock file is removed on release; one left by a process that was killed
    (it is no longer running) is stale, and taken over with a note saying so.
    """

    def __init__(self, path: Path, *, held: str = M.LOCK_HELD):
        self.path = path
        self.lock = path.with_name(f".{path.name}.lock")
        self.held = False
        self.held_message = held  # what the second one is told

    def acquire(self, *, wait: float = 0) -> str | None:
        """Take the lock; return a note when a stale lock was taken over. S3Error naming
        the holder when another running process has it (after `wait` seconds)."""
        note = None
        deadline = time.monotonic() + wait
        tries = 0
        while True:
            try:
                fd = os.open(self.lock, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            except FileExistsError:
                holder = self._holder()
                pid = holder.get("pid", "")
                if pid.isdigit() and not process_alive(int(pid)) and self.same_host(holder):
                    note = M.LOCK_STALE.format(pid=pid, since=holder.get("since", "?"))
                    self._unlink()
                    tries += 1
                    if tries < 3:  # removed by someone else at the same moment: try again
                        continue
                    raise S3Error(Finding(str(self.path), None, None, "", M.LOCK_RACE)) from None
                if time.monotonic() < deadline:
                    time.sleep(0.05)
                    continue
                raise S3Error(
                    Finding(
                        str(self.path),
                        None,
                        None,
                        "",
                        self.held_message.format(
                            pid=pid or "?",
                            host=holder.get("host", "?"),
                            since=holder.get("since", "?"),
                            lock=self.lock,
                        ),
                    )
                ) from None
            except OSError as exc:
                raise OSError(exc.errno, exc.strerror, str(self.lock)) from None
            since = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(f"pid: {os.getpid()}\nhost: {socket.gethostname()}\nsince: {since}\n")
            self.held = True
            return note

    def release(self) -> None:
        if self.held:
            self._unlink()
            self.held = False

    def _holder(self) -> dict[str, str]:
        return self.holder_of(self.lock)

    @staticmethod
    def holder_of(lock: Path) -> dict[str, str]:
        """What a lock file says of its holder: pid, host, since."""
        try:
            text = lock.read_text(encoding="utf-8", errors="replace")[:1000]
        except OSError:
            return {}
        fields = (line.partition(": ") for line in text.splitlines())
        return {key: printable_value(value) for key, _, value in fields}

    @staticmethod
    def same_host(holder: dict[str, str]) -> bool:
        return holder.get("host") == socket.gethostname()

    def _unlink(self) -> None:
        self.lock.unlink(missing_ok=True)


def printable_value(text: str) -> str:
    """A value of a lock file, fit for a message: at most 100 characters, no controls."""
    return REFUSED.sub("?", text.strip())[:100]
