"""What every fuzz case checks: no exception but S3Error, and findings that say where.

A loader given any bytes must either accept them or raise S3Error whose findings name the
file and, for a problem at one place, its line. A few problems concern the whole file (it
is empty, a filter matches no row anywhere, too many problems): those may come without a
line, and are recognised by their message templates in s3engine/messages.py.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from pathlib import Path

from conftest import count_case

from s3engine.core import messages as M
from s3engine.core.findings import Finding, S3Error

REPO = Path(__file__).resolve().parent.parent.parent

#: Messages about a whole file, or about the rows of a file taken together.
WHOLE_FILE_MESSAGES = (
    M.FILE_UNREADABLE,
    M.FILE_TOO_LARGE,
    M.RESPONSE_FILE_TOO_LARGE,
    M.DATA_FILE_TOO_LARGE,
    M.EXPORT_TOO_LARGE,
    M.NOT_A_FILE,
    M.DATA_EMPTY,
    M.DATA_NO_ROWS,
    M.DATA_TOO_MANY_PROBLEMS,
    M.DATA_SEVERAL_SERIES,
    M.DATA_FILTER_VALUE,
    M.DATA_FILTER_NOTHING,
    M.DATA_YEAR_ABSENT,
    M.DATA_RANGE_ABSENT,
    M.IMPORT_XLSX_UNREADABLE,  # a workbook openpyxl cannot open (a sheet: at its row)
)


def _pattern(template: str) -> re.Pattern[str]:
    parts = re.split(r"\{[^}]*\}", template)
    return re.compile(".*".join(re.escape(p) for p in parts), re.DOTALL)


_WHOLE_FILE = [_pattern(t) for t in WHOLE_FILE_MESSAGES]


def is_whole_file(message: str) -> bool:
    return any(p.fullmatch(message) for p in _WHOLE_FILE)


def outcome(name: str, call: Callable[[], Iterable[Finding] | None]) -> list[Finding]:
    """Run one case of loader `name`; its findings (from S3Error or returned).

    Any other exception is counted as a traceback and raised, so that hypothesis shrinks
    the input and reports it.
    """
    try:
        findings = list(call() or [])
    except S3Error as exc:
        findings = list(exc.findings)
    except Exception:
        count_case(f"fuzz {name}", traceback=True)
        raise
    count_case(f"fuzz {name}")
    return findings


def assert_located(findings: Iterable[Finding], path: Path) -> None:
    """Every error names a file; those about `path` give a line, unless about all of it."""
    for finding in findings:
        rendered = finding.render()
        assert finding.file, rendered
        assert "Traceback" not in finding.message, rendered
        if finding.severity != "error" or Path(finding.file).name != path.name:
            continue
        if finding.line is None:
            # `score` refuses a whole response, naming its respondent (check gives the line)
            about_all = is_whole_file(finding.message) or finding.path.startswith("respondent ")
            assert about_all, f"no line: {rendered}"
        else:
            assert finding.line >= 1, rendered
