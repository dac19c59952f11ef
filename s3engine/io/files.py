"""Files: reading text safely, and writing so that readers never see half a file.

Every reader of s3engine's inputs comes through `read_text` (a size limit, regular files
only, UTF-8 with the place of the first bad byte); every writer through `atomic_write_text`.
"""

from __future__ import annotations

import os
import secrets
import stat
from pathlib import Path

from s3engine.core import messages as M
from s3engine.core.findings import Finding, S3Error
from s3engine.core.limits import MAX_BYTES
from s3engine.io.jsonio import load_json_text
from s3engine.io.yamlio import Loaded, load_yaml_text


def read_text(path: Path, *, max_bytes: int = MAX_BYTES, what: str = "file") -> str:
    """Read a UTF-8 text file, refusing one that is too large or not UTF-8."""
    name = str(path)
    try:
        status = path.stat()
        mode, size = status.st_mode, status.st_size
    except FileNotFoundError:
        raise S3Error(Finding(name, None, None, "", M.FILE_NOT_FOUND)) from None
    except OSError as exc:
        raise S3Error(
            Finding(name, None, None, "", M.FILE_UNREADABLE.format(reason=exc.strerror))
        ) from None
    if path.is_dir():
        raise S3Error(Finding(name, None, None, "", M.IS_A_DIRECTORY))
    if not (stat.S_ISREG(mode) or stat.S_ISFIFO(mode)):  # /dev/zero would never end
        raise S3Error(Finding(name, None, None, "", M.NOT_A_FILE))
    if size > max_bytes:
        raise S3Error(
            Finding(
                name,
                None,
                None,
                "",
                M.FILE_TOO_LARGE.format(what=what, size=_mib(size), limit=_mib(max_bytes)),
            )
        )
    try:
        with path.open("rb") as handle:  # a pipe has no size: read no more than the limit
            raw = handle.read(max_bytes + 1)
    except OSError as exc:
        raise S3Error(
            Finding(name, None, None, "", M.FILE_UNREADABLE.format(reason=exc.strerror))
        ) from None
    if len(raw) > max_bytes:
        message = M.FILE_TOO_LARGE.format(what=what, size=_mib(len(raw)), limit=_mib(max_bytes))
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
        raise S3Error(
            Finding(name, line, column, "", M.NOT_UTF8.format(byte=raw[exc.start]))
        ) from None


def _mib(n: int) -> str:
    return f"{n / (1024 * 1024):.1f} MiB"


def load_yaml(path: Path, *, max_bytes: int = MAX_BYTES, what: str = "file") -> Loaded:
    """Load one YAML file safely; raise `S3Error` with every problem found."""
    return load_yaml_text(read_text(path, max_bytes=max_bytes, what=what), str(path))


def load_document(path: Path, *, max_bytes: int = MAX_BYTES, what: str = "file") -> Loaded:
    """A YAML or JSON file as plain values with positions; raise S3Error if unreadable."""
    text = read_text(path, max_bytes=max_bytes, what=what)
    if path.suffix.lower() == ".json":
        return load_json_text(text, str(path))
    return load_yaml_text(text, str(path))


def atomic_write_text(path: Path, text: str) -> None:
    """Write `text` to `path` (UTF-8) so that readers see the old file or the new one, never
    half: see atomic_write."""
    atomic_write(path, text.encode("utf-8"))


def atomic_write(path: Path, content: bytes, *, exclusive: bool = False) -> bool:
    """Write `content` to `path` so that readers see the old file or the new one, never half.

    The content goes to a temporary file of its own in the same folder, is flushed and
    fsynced, then renamed over the target; the folder is fsynced too, so that the rename
    survives a crash. With `exclusive`, an existing file is never replaced: the temporary
    file is linked into place, which fails if `path` exists, and False is returned. Every
    file s3engine writes (responses, scores, plans) is written here. Raises OSError.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
    try:
        with open(tmp, "xb") as handle:  # "x": never a file someone else just made
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
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
    _fsync_folder(path.parent)
    return True


def _fsync_folder(folder: Path) -> None:
    """Make a rename in `folder` survive a crash (where the system lets a folder be opened)."""
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
