"""Everything s3engine prints to the terminal. The only module that imports rich.

Problems go out as plain `file:line:column key.path: message` lines (editors and CI logs
turn them into links); summaries and tables use rich, which drops colour when the output is
not a terminal.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from s3engine.core.findings import Report, S3Error, sort_findings

if TYPE_CHECKING:
    from rich.console import Console


def console(stderr: bool = False) -> Console:
    from rich.console import Console

    # emoji=False: text from files is printed as written (":x:" stays ":x:")
    return Console(stderr=stderr, highlight=False, soft_wrap=True, emoji=False)


def print_error(exc: S3Error, lang: str = "en") -> None:
    """The findings of an error, in `lang` (a command's --lang) where they are translated."""
    from s3engine.i18n import translator

    say = translator(lang).message
    for finding in sort_findings(exc.findings):
        print(replace(finding, message=say(finding.message)).render(), file=sys.stderr)
    count = len(exc.findings)
    if count > 1:
        print(f"{count} problems", file=sys.stderr)


def print_check_text(reports: Sequence[Report], *, summary: bool = False) -> None:
    """Every finding, then a line per valid file (or, with `summary`, per kind of file)."""
    out = console()
    for report in reports:
        for finding in sort_findings(report.findings):
            out.print(finding.render(), markup=False, style=_style(finding.severity))
        if report.ok and report.summary and not summary:
            out.print(f"{report.file}: {describe(report)}", markup=False)
    if summary:
        for kind, (count, invalid) in _by_kind(reports).items():
            state = f"{invalid} invalid" if invalid else "all valid"
            out.print(f"{_plural(count, kind)}: {state}", markup=False)
    valid = sum(1 for r in reports if r.ok)
    errors = sum(len(r.errors) for r in reports)
    warnings = sum(len(r.warnings) for r in reports)
    verdict = "all valid" if valid == len(reports) else f"{len(reports) - valid} invalid"
    out.print(
        f"{_plural(len(reports), 'file')} checked: {verdict}; "
        f"{_plural(errors, 'error')}, {_plural(warnings, 'warning')}",
        style="bold green" if valid == len(reports) else "bold red",
    )


def _by_kind(reports: Sequence[Report]) -> dict[str, tuple[int, int]]:
    """Kind of file -> (files, invalid files), in the order kinds first appear."""
    counts: dict[str, tuple[int, int]] = {}
    for report in reports:
        files, invalid = counts.get(report.kind, (0, 0))
        counts[report.kind] = (files + 1, invalid + (not report.ok))
    return counts


def describe(report: Report) -> str:
    """One line about a valid file, from the summary its checker left."""
    s: dict[str, Any] = report.summary
    if report.kind == "questionnaire":
        types = ", ".join(f"{n} {t.replace('_', ' ')}" for t, n in _by_count(s["by_type"]))
        return (
            f"questionnaire {s['id']} {s['version']}: {_plural(int(s['sections']), 'section')}, "
            f"{_plural(int(s['questions']), 'question')} ({types}); "
            f"{s['conditional']} conditional, {s['targeted']} for some groups; "
            f"languages {' '.join(s['languages'])} (default {s['default_language']})"
        )
    details = "; ".join(f"{k} {v}" for k, v in s.items() if not isinstance(v, dict | list))
    return f"{report.kind}: {details}"


def _by_count(counts: Any) -> list[tuple[str, int]]:
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


def print_check_json(reports: Sequence[Report]) -> None:
    document = {
        "valid": all(r.ok for r in reports),
        "files": [r.to_dict() for r in reports],
        "errors": sum(len(r.errors) for r in reports),
        "warnings": sum(len(r.warnings) for r in reports),
    }
    print(json.dumps(document, indent=2, ensure_ascii=False))


def _style(severity: str) -> str:
    return "red" if severity == "error" else "yellow"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")
