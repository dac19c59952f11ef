"""Response files on disk: names, atomic writing, reading YAML, JSON and JSON Lines.

One YAML file per respondent, named `<region>-<group>-<started>-<respondent id>.yaml`, so that
people answering at the same time into the same folder never overwrite each other: the
respondent id is random, and a new file is only ever created where no file exists (the
content goes to a temporary file first, which is then linked into place). Later saves replace
the file atomically (temporary file, fsync, rename). The format is documented in
docs/response-format.md.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from s3engine import messages as M
from s3engine.findings import Finding, S3Error, UsageError
from s3engine.responses import Respondent, Response
from s3engine.yamlio import (
    Loaded,
    atomic_write_text,
    dump_yaml,
    load_yaml,
    load_yaml_text,
    read_text,
)

#: Suffixes of files that hold responses: one per file, or one per line (.jsonl).
RESPONSE_SUFFIXES = (".yaml", ".yml", ".json", ".jsonl")


@dataclass(frozen=True)
class LoadedResponse:
    """A valid response and where it came from (file, line of every key)."""

    response: Response
    loaded: Loaded


# -- names and writing --------------------------------------------------------------------


def response_file_name(respondent: Respondent, started: datetime) -> str:
    stamp = started.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    return f"{respondent.region}-{respondent.group}-{stamp}-{respondent.id}.yaml"


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
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise S3Error(
            Finding(
                str(folder),
                None,
                None,
                "",
                M.RESPONSE_CANNOT_WRITE.format(reason=exc.strerror or exc),
            )
        ) from None
    if not _create_exclusive(path, text):
        raise S3Error(Finding(str(path), None, None, "", M.RESPONSE_EXISTS))
    return path


def save_response(path: Path, response: Response, *, personal: Sequence[str] = ()) -> None:
    """Replace a response file atomically: readers see the old content or the new, never half."""
    try:
        atomic_write_text(path, response_text(response, personal=personal))
    except OSError as exc:
        raise S3Error(
            Finding(
                str(path),
                None,
                None,
                "",
                M.RESPONSE_CANNOT_WRITE.format(reason=exc.strerror or exc),
            )
        ) from None


def _create_exclusive(path: Path, text: str) -> bool:
    """Write `text` to a new file `path`, complete or not at all; False if `path` exists."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.new")
    try:
        with open(tmp, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        try:
            os.link(tmp, path)  # fails if `path` exists, unlike a rename
        except FileExistsError:
            return False
        except OSError:  # pragma: no cover - file systems without hard links
            if path.exists():
                return False
            os.replace(tmp, path)
    except OSError as exc:
        raise S3Error(
            Finding(
                str(path),
                None,
                None,
                "",
                M.RESPONSE_CANNOT_WRITE.format(reason=exc.strerror or exc),
            )
        ) from None
    finally:
        if tmp.exists():
            tmp.unlink()
    _fsync_folder(path.parent)
    return True


def _fsync_folder(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # pragma: no cover - some systems refuse to open folders
        return
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover
        pass
    finally:
        os.close(fd)


# -- reading ------------------------------------------------------------------------------


def load_document(path: Path) -> Loaded:
    """A YAML or JSON file as plain values with positions; raise S3Error if unreadable."""
    if path.suffix.lower() != ".json":
        return load_yaml(path)
    text = read_text(path)
    try:
        return load_yaml_text(text, str(path))  # JSON is YAML: this keeps line numbers
    except S3Error:
        pass
    try:
        data = json.loads(text, object_pairs_hook=_no_duplicates)
    except json.JSONDecodeError as exc:
        raise S3Error(
            Finding(
                str(path),
                exc.lineno,
                exc.colno,
                "",
                M.JSON_SYNTAX.format(problem=exc.msg),
                code="syntax",
            )
        ) from None
    except _DuplicateKey as exc:
        raise S3Error(
            Finding(
                str(path),
                None,
                None,
                "",
                M.JSON_DUPLICATE_KEY.format(key=exc.key),
                code="duplicate-key",
            )
        ) from None
    return Loaded(str(path), data, {(): (1, 1)})


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


def parse_response(loaded: Loaded) -> Response:
    """Validate a loaded document as a response; raise S3Error with every problem."""
    from s3engine.validation import validate_loaded

    return validate_loaded(Response, loaded, what="response")


def read_response(path: Path) -> LoadedResponse:
    loaded = load_document(path)
    return LoadedResponse(parse_response(loaded), loaded)


def response_files(paths: Iterable[str | Path]) -> list[Path]:
    """The response files named, and those below the folders named (recursively, sorted)."""
    found: list[Path] = []
    for spec in paths:
        path = Path(spec)
        if path.is_dir():
            below = sorted(
                p
                for p in path.rglob("*")
                if p.suffix.lower() in RESPONSE_SUFFIXES
                and p.is_file()
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
            found.extend(below)
        elif path.is_file():
            found.append(path)
        else:
            raise UsageError(f"{spec}: no such file or folder")
    return found


def response_documents(paths: Iterable[str | Path]) -> Iterator[Loaded | S3Error]:
    """Every response document under `paths`: one per file, one per line of a .jsonl file.

    A document that cannot be read comes as the S3Error describing it, so that callers can
    report all of them and go on with the others.
    """
    for path in response_files(paths):
        if path.suffix.lower() == ".jsonl":
            yield from _json_lines(path)
            continue
        try:
            yield load_document(path)
        except S3Error as exc:
            yield exc


def _json_lines(path: Path) -> Iterator[Loaded | S3Error]:
    try:
        text = read_text(path)
    except S3Error as exc:
        yield exc
        return
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            data = json.loads(line, object_pairs_hook=_no_duplicates)
        except json.JSONDecodeError as exc:
            yield S3Error(
                Finding(
                    str(path),
                    number,
                    exc.colno,
                    "",
                    M.JSON_SYNTAX.format(problem=exc.msg),
                    code="syntax",
                )
            )
            continue
        except _DuplicateKey as exc:
            yield S3Error(
                Finding(
                    str(path),
                    number,
                    None,
                    "",
                    M.JSON_DUPLICATE_KEY.format(key=exc.key),
                    code="duplicate-key",
                )
            )
            continue
        yield Loaded(str(path), data, {(): (number, 1)})


def load_responses(paths: Iterable[str | Path]) -> tuple[list[LoadedResponse], list[Finding]]:
    """Every valid response under `paths`, and the findings about those that are not."""
    responses: list[LoadedResponse] = []
    findings: list[Finding] = []
    for document in response_documents(paths):
        if isinstance(document, S3Error):
            findings.extend(document.findings)
            continue
        try:
            responses.append(LoadedResponse(parse_response(document), document))
        except S3Error as exc:
            findings.extend(exc.findings)
    return responses, findings
