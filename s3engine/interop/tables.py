"""Reading the exports of survey tools: CSV or XLSX, a row at a time, every cell as text.

Exports of KoboToolbox, ODK Central and LimeSurvey are one row per submission under a row
of headings. They are read in a streaming way (memory stays flat whatever the size), with
the limits of core/limits.py, and every cell comes as the text it holds: a cell starting
with `=`, `+`, `-`, `@`, a tab or a carriage return is data, never a formula (an XLSX
formula is read as its text, never evaluated). Rows are numbered as a spreadsheet program
numbers them (the headings are row 1) and columns from 1; a CSV the csv module cannot read
is said of the file's line instead (a quoted cell may hold line breaks), in words.
"""

from __future__ import annotations

import csv
import io
import re
import struct
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial
from itertools import chain
from pathlib import Path
from typing import IO, Any, Literal, TypeVar, cast

from s3engine.core import messages as M
from s3engine.core.findings import Finding, S3Error, quoted, utf16_text
from s3engine.core.limits import (
    MAX_IMPORT_BYTES,
    MAX_IMPORT_COLUMNS,
    MAX_IMPORT_ROW_BYTES,
    MAX_IMPORT_UNPACKED_BYTES,
)
from s3engine.io.files import csv_problem, ends_in_quotes, read_text, unclosed_quote_line


@dataclass
class Table:
    """The headings of an export and its rows (row number, cells), read on demand."""

    file: str
    header: list[str]
    rows: Iterator[tuple[int, list[str]]]
    #: bytes of the file, and how far reading has come (for a progress bar)
    size: int = 0
    handle: Any = None
    #: a workbook's sheet read, and all its sheets (none for a CSV)
    sheet: str = ""
    sheets: tuple[str, ...] = ()

    def position(self) -> int:
        try:
            return int(self.handle.tell()) if self.handle is not None else 0
        except (OSError, ValueError):
            return 0


class UnreadableCells(list[str]):
    """The cells of a row some of which hold what their kind cannot be (a workbook's number
    that is none, a shared text that does not exist), those empty: `columns` (from 0).
    The import refuses the row at the first of them that it reads (imports.RowReader), and
    reads the rows after it."""

    def __init__(self, cells: list[str], columns: list[int]):
        super().__init__(cells)
        self.columns = columns


def _mib(n: int) -> str:
    return f"{n / (1024 * 1024):.1f} MiB"


#: The first bytes of files that are not exports, and what they are.
_OLD_EXCEL = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # OLE2: .xls (and .doc)
#: Archive kinds are named as they are usually written, in every language (ZIP, RAR, 7z,
#: gzip).
_ARCHIVES = {
    b"\x1f\x8b": "gzip",
    b"BZh": "bzip2",
    b"\xfd7zXZ\x00": "xz",
    b"7z\xbc\xaf\x27\x1c": "7z",
    b"Rar!\x1a\x07": "RAR",
}
_ZIP = (b"PK\x03\x04", b"PK\x05\x06")
#: What reading a zip archive (its index, a member's name or bytes) may raise when the
#: archive is broken or cut off, or uses what zipfile does not read (zipfile.py: BadZipFile,
#: EOFError; RuntimeError of an encrypted member, and its subclass NotImplementedError of a
#: compression method or zip version; ValueError, UnicodeDecodeError among them, of a name
#: or field; struct.error of an LZMA header cut short; zlib.error and OSError (bz2, the
#: file) of the bytes).
_ZIP_ERRORS: tuple[type[Exception], ...] = (
    zipfile.BadZipFile,
    zlib.error,
    EOFError,
    RuntimeError,
    ValueError,
    struct.error,
    OSError,
)
try:
    import lzma

    _ZIP_ERRORS += (lzma.LZMAError,)
except ImportError:  # a Python built without lzma: its zipfile reads no LZMA member at all
    pass
#: How many characters of the name of a CSV in a zip archive its messages give.
MAX_NAME = 200
#: The names an archive without a CSV at its top is said to hold, at most.
_NAMES_SHOWN = 3

#: The CSVs of a zip archive whose headings are read to find the export (ODK Central's holds
#: the main table and one per repeat).
MAX_ZIP_TABLES = 100

#: Opens the bytes of a CSV afresh: the file, or the member of the zip archive holding it.
Opener = Callable[[], IO[bytes]]


def open_table(path: Path, fits: Callable[[list[str]], bool] | None = None) -> Table:
    """The export at `path` (a workbook or text, as its first bytes say), checked against
    the limits; S3Error if not. `fits`: whether a workbook's sheet with these headings is
    the export (the first that fits is read)."""
    name = str(path)
    # read_text's own checks (exists, a regular file, not too large) on an empty read
    try:
        size = path.stat().st_size
    except OSError:
        read_text(path)  # raises the one finding for a missing or unreadable file
        raise
    if path.is_dir() or not path.is_file():
        read_text(path)
    if size > MAX_IMPORT_BYTES:
        message = M.EXPORT_TOO_LARGE.format(size=_mib(size), limit=_mib(MAX_IMPORT_BYTES))
        raise S3Error(Finding(name, None, None, "", message, code="limit"))
    kind = _kind(path)
    if kind == "xlsx":
        return _xlsx(path, size, fits)
    if kind == "zip":
        return _zipped(path, fits)
    return _csv(name, size, lambda: path.open("rb"))


def _kind(path: Path) -> Literal["xlsx", "zip", "csv"]:
    """What `path` is, whatever its name: a workbook (XLSX: KoboToolbox's menu says XLS
    and downloads .xlsx; a download may be renamed .csv), another zip archive (ODK
    Central's .zip download, which holds the CSV), or text; S3Error for a file that is none
    of them: an old Excel file, another kind of archive, a PDF."""
    name = str(path)
    try:
        with path.open("rb") as handle:
            start = handle.read(8)
    except OSError:
        read_text(path)  # raises the one finding for an unreadable file
        raise
    refusal: str | None = None
    if start.startswith(_OLD_EXCEL):
        refusal = M.IMPORT_LOCKED_WORKBOOK if _encrypted_package(path) else M.IMPORT_OLD_EXCEL
    elif start.startswith(b"%PDF-"):
        refusal = M.IMPORT_PDF
    elif kind := next((k for magic, k in _ARCHIVES.items() if start.startswith(magic)), None):
        refusal = M.IMPORT_ARCHIVE.format(kind=kind)
    elif start.startswith(_ZIP):
        try:
            with zipfile.ZipFile(path) as archive:
                workbook = any(n.startswith("xl/") for n in archive.namelist())
        except _ZIP_ERRORS as exc:
            if path.suffix.lower() in (".xlsx", ".xlsm"):
                problem = M.IMPORT_XLSX_UNREADABLE.format(problem=_reason(exc))
                raise S3Error(Finding(name, None, None, "", problem)) from None
            raise S3Error(Finding(name, None, None, "", _zip_problem(exc))) from None
        return "xlsx" if workbook else "zip"
    if refusal is not None:
        raise S3Error(Finding(name, None, None, "", refusal))
    return "csv"


#: The name of the stream an Office file encrypted with a password holds in its OLE2
#: container (MS-OFFCRYPTO: a password-protected .xlsx is no zip, but such a container),
#: as the container's directory writes it, in UTF-16.
_ENCRYPTION_INFO = "EncryptionInfo".encode("utf-16-le")


def _encrypted_package(path: Path) -> bool:
    """Whether the OLE2 file `path` (which an old .xls is too) is a workbook encrypted with
    a password: its directory names the stream EncryptionInfo. Read a block at a time (the
    file is no larger than an export may be)."""
    size = len(_ENCRYPTION_INFO)
    with path.open("rb") as handle:
        tail = b""
        while block := handle.read(1 << 20):
            if _ENCRYPTION_INFO in tail + block:
                return True
            tail = block[-size:]
    return False


# -- a zip archive holding the CSV ----------------------------------------------------------


def _zipped(path: Path, fits: Callable[[list[str]], bool] | None) -> Table:
    """The CSV a zip archive holds at its top, read from the archive: ODK Central's .zip
    download holds the main table `FORM.csv` there (and `FORM-REPEAT.csv` for a repeat,
    attachments under `media/`). The first of its first MAX_ZIP_TABLES whose headings fit
    the form (`fits`) is read, else the first, whose headings the import's messages then
    name; an archive without a CSV at its top is refused. Messages about the CSV name it
    as `ARCHIVE/FORM.csv`; those about the archive (broken, password-protected) the
    archive. Only the archive's own reads are guarded: an error of `fits` is no broken
    archive. A table that cannot be read is passed over while the export is looked for."""
    name = str(path)
    archive = _zip_read(name, lambda: zipfile.ZipFile(path))
    with archive:
        infos = _zip_read(name, archive.infolist)
        members = [
            info
            for info in infos
            if not info.is_dir()
            and "/" not in info.filename
            and info.filename.lower().endswith(".csv")
        ]
        chosen = members[0] if members else None
        if fits is not None:
            for info in members[:MAX_ZIP_TABLES]:
                try:
                    headings = _headings_of(archive, info)
                except _ZIP_ERRORS:
                    # another table that cannot be read (locked, broken): the export may be
                    # among the others; if it is the one read after all, reading it says why
                    continue
                if fits(headings):
                    chosen = info
                    break
    if chosen is None:
        raise S3Error(Finding(name, None, None, "", _no_csv([i.filename for i in infos])))
    member = chosen
    inside = f"{name}/{quoted(member.filename, MAX_NAME)}"
    if member.file_size > MAX_IMPORT_BYTES:
        message = M.EXPORT_TOO_LARGE.format(
            size=_mib(member.file_size), limit=_mib(MAX_IMPORT_BYTES)
        )
        raise S3Error(Finding(inside, None, None, "", message, code="limit"))

    def opened() -> IO[bytes]:
        archive = zipfile.ZipFile(path)
        try:
            return archive.open(member)
        finally:
            archive.close()  # the member stays open: the archive's file closes with it

    def opener() -> IO[bytes]:
        return cast(IO[bytes], _Member(_zip_read(name, opened), name))

    return _csv(inside, member.file_size, opener)


def _no_csv(names: list[str]) -> str:
    """What an archive without a CSV at its top holds: nothing, or its first names."""
    if not names:
        return M.IMPORT_ZIP_EMPTY
    shown = ", ".join(f"'{quoted(n)}'" for n in names[:_NAMES_SHOWN])  # as headings are
    return M.IMPORT_ZIP_NO_CSV.format(names=shown + (", ..." if len(names) > _NAMES_SHOWN else ""))


_T = TypeVar("_T")


def _zip_read(archive: str, read: Callable[[], _T]) -> _T:
    """What `read` reads of the zip archive named `archive`; S3Error naming the archive if
    the archive is broken (_ZIP_ERRORS), whatever else it raises passed on."""
    try:
        return read()
    except _ZIP_ERRORS as exc:
        raise S3Error(Finding(archive, None, None, "", _zip_problem(exc))) from None


class _Member(io.BufferedIOBase):
    """A CSV member of a zip archive whose reads say a broken archive in one message
    (`_zip_read`), wherever they come from: the first line, the csv reader's blocks, the
    lines read again for a message."""

    def __init__(self, inner: IO[bytes], archive: str) -> None:
        super().__init__()
        self._inner = inner
        self._archive = archive

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def read(self, size: int | None = -1) -> bytes:
        return _zip_read(self._archive, partial(self._inner.read, -1 if size is None else size))

    def read1(self, size: int = -1) -> bytes:
        return self.read(size)

    def readline(self, size: int | None = -1) -> bytes:
        return _zip_read(self._archive, partial(self._inner.readline, -1 if size is None else size))

    def seek(self, offset: int, whence: int = 0) -> int:
        return _zip_read(self._archive, partial(self._inner.seek, offset, whence))

    def tell(self) -> int:
        return self._inner.tell()

    def close(self) -> None:
        self._inner.close()
        super().close()


def _headings_of(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> list[str]:
    """The headings of a CSV in the archive, as far as its first line gives them."""
    with archive.open(info) as handle:
        raw = handle.readline(MAX_IMPORT_ROW_BYTES + 1)
    first = raw.decode("utf-8-sig", errors="replace")
    try:
        return [h.strip() for h in next(csv.reader([first], delimiter=_delimiter(first)), [])]
    except csv.Error:
        return []


def _reason(exc: BaseException) -> str:
    return str(exc) or type(exc).__name__


def _zip_problem(exc: BaseException) -> str:
    """The message of a zip archive that cannot be read: zipfile's reason, or that it is
    password-protected (zipfile's RuntimeError of an encrypted member names its ZipInfo)."""
    reason = _reason(exc)
    if isinstance(exc, RuntimeError) and "encrypted" in reason:
        return M.IMPORT_ZIP_PASSWORD
    return M.IMPORT_ZIP_UNREADABLE.format(problem=reason)


# -- CSV ----------------------------------------------------------------------------------


def _csv(name: str, size: int, opener: Opener) -> Table:
    """The CSV `opener` opens (a file, or a zip archive's member), named `name` in
    messages."""
    handle = opener()
    try:
        first = _first_line(handle, name)
    except BaseException:
        handle.close()
        raise
    if not first.strip():
        handle.close()
        raise S3Error(
            Finding(name, 1, None, "", M.IMPORT_EMPTY if not first else M.IMPORT_NO_HEADER)
        )
    delimiter = _delimiter(first)
    handle.seek(0)
    text = io.TextIOWrapper(handle, encoding="utf-8-sig", newline="", errors="strict")
    reader = csv.reader(_lines(text, name, opener), delimiter=delimiter, strict=True)
    try:
        header = next(reader)
    except csv.Error as exc:
        handle.close()
        raise S3Error(_unreadable(name, opener, reader, 1, exc)) from None
    except BaseException:
        handle.close()
        raise
    _check_columns(name, header)
    rows = _csv_rows(reader, name, opener, handle)
    return Table(name, [h.strip() for h in header], rows, size, handle)


def _first_line(handle: IO[bytes], name: str) -> str:
    """The first line of the CSV `handle` reads (its byte order mark left out), read by the
    rule of every other line (`_bounded`: ended by \\n, \\r or \\r\\n, refused when
    longer than a row may be, a byte that is not UTF-8 said at its own column); "" for a
    file that holds nothing else. UTF-16 text is said to be UTF-16. `handle` is left open."""
    if utf16_text(handle.read(4)):
        raise S3Error(Finding(name, 1, 1, "", M.NOT_UTF8_BUT_UTF16, code="encoding"))
    handle.seek(0)
    text = io.TextIOWrapper(handle, encoding="utf-8-sig", newline="", errors="surrogateescape")
    try:
        return next(_bounded(text, name), "")
    finally:
        text.detach()  # the handle stays open: the rows are read from it next


def _delimiter(line: str) -> str:
    """The separator of an export: comma (ODK), semicolon (KoboToolbox's and LimeSurvey's
    default) or tab; the one that splits the headings, outside quotes, most often."""
    counts = {",": 0, ";": 0, "\t": 0}
    quoted = False
    for char in line:
        if char == '"':
            quoted = not quoted
        elif not quoted and char in counts:
            counts[char] += 1
    return max(counts, key=lambda d: (counts[d], d == ","))


#: A byte that is not UTF-8, as a text stream decoding with errors="surrogateescape" gives it.
_ESCAPED = re.compile("[\udc80-\udcff]")


def _bounded(text: io.TextIOWrapper, name: str) -> Iterator[str]:
    """The lines of `text`; one longer than a row may be is refused, unread past the limit.
    `text` decodes with errors="surrogateescape": a byte that is not UTF-8 is refused at its
    own line and column. (Decoding strictly, a text stream raises for the block it decodes,
    8 KiB or more, not for the line the byte is on.)"""
    number = 0
    while True:
        line = text.readline(MAX_IMPORT_ROW_BYTES + 1)
        if not line:
            return
        number += 1
        if bad := _ESCAPED.search(line):
            message = M.NOT_UTF8.format(byte=ord(bad.group()) - 0xDC00)
            raise S3Error(Finding(name, number, bad.start() + 1, "", message, code="encoding"))
        if len(line) > MAX_IMPORT_ROW_BYTES:
            _too_long(name, number)
        yield line


#: Characters `_lines` reads at a time.
BLOCK = 1 << 20
#: Line ends that str.splitlines knows and a text stream does not (it ends lines at \\n, \\r
#: and \\r\\n only).
_OTHER_ENDS = "\v\f\x1c\x1d\x1e\x85\u2028\u2029"


def _split(text: str) -> list[str]:
    """The lines of `text`, ends kept, as a text stream without translation reads them."""
    if any(end in text for end in _OTHER_ENDS):
        return list(io.StringIO(text, newline=""))
    return text.splitlines(keepends=True)


def _lines(text: io.TextIOWrapper, name: str, reopen: Opener) -> Iterator[str]:
    """The lines `_bounded` gives, read a block at a time (what csv.reader costs more than
    a file's own lines is then the csv module's alone): a line longer than a row may be is
    refused with its number, before it is read whole. A byte that is not UTF-8: the file
    is read again by `_bounded`, for its own message."""

    def blocks() -> Iterator[list[str]]:
        number, rest = 0, ""
        while True:
            try:
                block = text.read(BLOCK)
            except UnicodeDecodeError:
                with reopen() as again:
                    stream = io.TextIOWrapper(
                        again, encoding="utf-8-sig", newline="", errors="surrogateescape"
                    )
                    for _ in _bounded(stream, name):
                        pass
                raise
            data = rest + block
            end = len(data)
            if block:  # up to the last line end (a last \\r may come before its \\n)
                end = max(data.rfind("\n"), data.rfind("\r", 0, len(data) - 1)) + 1
            lines, rest = _split(data[:end]), data[end:]
            if lines and max(map(len, lines)) > MAX_IMPORT_ROW_BYTES:
                long = next(i for i, line in enumerate(lines) if len(line) > MAX_IMPORT_ROW_BYTES)
                yield lines[:long]
                _too_long(name, number + long + 1)
            yield lines
            number += len(lines)
            if len(rest) > MAX_IMPORT_ROW_BYTES:  # the next line is longer still
                _too_long(name, number + 1)
            if not block:
                return

    return chain.from_iterable(blocks())


def too_long(name: str, number: int) -> Finding:
    """Row `number` of the export `name` is longer than a row may be (MAX_IMPORT_ROW_BYTES)."""
    message = M.IMPORT_ROW_TOO_LONG.format(limit=_mib(MAX_IMPORT_ROW_BYTES))
    return Finding(name, number, None, "", message, code="limit")


def _too_long(name: str, number: int) -> None:
    raise S3Error(too_long(name, number))


def _csv_rows(
    reader: Any, name: str, reopen: Opener, handle: Any
) -> Iterator[tuple[int, list[str]]]:
    number = 1  # the row read last
    try:
        for number, row in enumerate(reader, 2):
            if row and (row[0].strip() or any(map(str.strip, row))):
                yield number, row
    except csv.Error as exc:
        raise S3Error(_unreadable(name, reopen, reader, number + 1, exc)) from None
    finally:
        handle.close()


def _unreadable(name: str, reopen: Opener, reader: Any, row: int, exc: csv.Error) -> Finding:
    """Where the csv module stopped reading `row`, and why: said of the file's line (as an
    editor counts them: a quoted cell may hold line breaks, so a row may be several lines),
    unlike the other messages, which are said of rows; the message names both."""
    line = reader.line_num
    if ends_in_quotes(exc):  # cut off
        line = unclosed_quote_line(reopen, line)
        message = M.IMPORT_CSV_END_IN_QUOTES.format(line=line, row=row)
    else:
        message = M.IMPORT_CSV_SYNTAX.format(line=line, row=row, problem=csv_problem(exc))
    return Finding(name, line, None, "", message)


def _check_columns(name: str, header: list[str]) -> None:
    if not any(h.strip() for h in header):
        raise S3Error(Finding(name, 1, None, "", M.IMPORT_NO_HEADER))
    if len(header) > MAX_IMPORT_COLUMNS:
        message = M.IMPORT_TOO_MANY_COLUMNS.format(limit=MAX_IMPORT_COLUMNS)
        raise S3Error(Finding(name, 1, None, "", message, code="limit"))


# -- XLSX ---------------------------------------------------------------------------------


def _xlsx(path: Path, size: int, fits: Callable[[list[str]], bool] | None) -> Table:
    name = str(path)
    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except _ZIP_ERRORS as exc:
        problem = M.IMPORT_XLSX_UNREADABLE.format(problem=_reason(exc))
        raise S3Error(Finding(name, None, None, "", problem)) from None
    if unpacked > MAX_IMPORT_UNPACKED_BYTES:
        message = M.IMPORT_XLSX_TOO_LARGE.format(
            size=_mib(unpacked), limit=_mib(MAX_IMPORT_UNPACKED_BYTES)
        )
        raise S3Error(Finding(name, None, None, "", message, code="limit"))
    from s3engine.interop.worksheet import first_row, open_workbook

    handle = path.open("rb")  # openpyxl refuses a path not named .xlsx: read the bytes
    book = None
    try:
        # openpyxl reads the sheets, shared texts and styles; worksheet.py the rows
        book, worksheets = open_workbook(handle)
        chosen = None  # (sheet, its headings): the first that fits, else the first with any
        for sheet in worksheets:
            header = _headings(first_row(sheet, name))
            if any(h.strip() for h in header) and chosen is None:
                chosen = (sheet, header)
            if fits is not None and fits([h.strip() for h in header]):
                chosen = (sheet, header)
                break
        if chosen is None:
            raise S3Error(Finding(name, 1, None, "", M.IMPORT_NO_HEADER))
        sheet, header = chosen
        sheets = tuple(s.title for s in worksheets)
        _check_columns(name, header)
    except Exception as exc:  # openpyxl raises many kinds on a broken workbook
        if book is not None:
            book.close()
        handle.close()
        if isinstance(exc, S3Error):
            raise
        if isinstance(exc, RuntimeError) and "encrypted" in str(exc):
            # its parts zipped with a password (zipfile's RuntimeError of such a member)
            raise S3Error(Finding(name, None, None, "", M.IMPORT_LOCKED_WORKBOOK)) from None
        problem = M.IMPORT_XLSX_UNREADABLE.format(problem=type(exc).__name__)
        raise S3Error(Finding(name, None, None, "", problem)) from None
    rest = _xlsx_rows(sheet, handle, name, len(header))
    # the progress bar follows the reading of the file (the sheet is most of its bytes)
    headings = [h.strip() for h in header]
    return Table(name, headings, rest, size, handle, sheet=sheet.title, sheets=sheets)


def _headings(cells: list[str]) -> list[str]:
    """A sheet's first row as headings, without the blank cells at its end."""
    header = list(cells)
    while header and not header[-1]:
        header.pop()
    return header


def _xlsx_rows(sheet: Any, handle: Any, name: str, width: int) -> Iterator[tuple[int, list[str]]]:
    from s3engine.interop.worksheet import sheet_rows

    try:
        for number, cells in sheet_rows(sheet, width, name):
            if sum(map(len, cells)) > MAX_IMPORT_ROW_BYTES:
                _too_long(name, number)
            yield number, cells
    finally:
        sheet.parent.close()  # the workbook, and its archive
        handle.close()
