"""Everything s3engine prints to the terminal. The only module that imports rich.

Problems go out as plain `file:line:column key.path: message` lines (editors and CI logs
turn them into links); summaries and tables use rich, which drops colour when the output is
not a terminal.
"""

from __future__ import annotations

import json
import os
import re
import sys
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from s3engine.core.findings import Finding, Report, S3Error, sort_findings

if TYPE_CHECKING:
    from rich.console import Console


def console(stderr: bool = False) -> Console:
    from rich.console import Console

    # emoji=False: text from files is printed as written (":x:" stays ":x:")
    return Console(stderr=stderr, highlight=False, soft_wrap=True, emoji=False)


def print_error(
    exc: S3Error, lang: str = "en", unlisted: Mapping[Finding, int] | None = None
) -> None:
    """The findings of an error, in `lang` (a command's --lang) where they are translated
    (a place said in words too, such as "respondent 7"; a key path is plain text, kept as
    the file writes it), their count, and the error's conclusion on a line of its own, not
    counted. `unlisted`: how many more rows had the problem of a finding, not listed
    (core.findings.FirstOfAKind), said on a line after it, in the count too."""
    from s3engine.i18n import translator
    from s3engine.i18n.texts import builtin_filled

    say = translator(lang).message
    unlisted = unlisted or {}
    for finding in sort_findings(exc.findings):
        shown = replace(finding, path=say(finding.path), message=say(finding.message))
        print(shown.render(), file=sys.stderr)
        if (more := unlisted.get(finding)) is not None:
            said = builtin_filled("cli.more_rows", lang, n=more)
            print(Finding(finding.file, None, None, shown.path, said).render(), file=sys.stderr)
    count = len(exc.findings) + sum(unlisted.values())
    if count > 1:
        print(builtin_filled("cli.problems", lang, n=count), file=sys.stderr)
    if exc.conclusion:
        print(say(exc.conclusion), file=sys.stderr)


def print_check_text(reports: Sequence[Report], *, summary: bool = False) -> None:
    """Every finding, then a line per valid file (or, with `summary`, per kind of file)."""
    out = _Lines()
    for report in reports:
        for finding in sort_findings(report.findings):
            out.print(finding.render(), _style(finding.severity))
        if report.ok and report.summary and not summary:
            out.print(f"{report.file}: {describe(report)}")
    if summary:
        for kind, (count, invalid) in _by_kind(reports).items():
            state = f"{invalid:,} invalid" if invalid else "all valid"
            # files, not what they hold: a JSON Lines file holds many responses
            out.print(f"{plural(count, kind + ' file')}: {state}")
    valid = sum(1 for r in reports if r.ok)
    errors = sum(r.error_count for r in reports)
    warnings = sum(r.warning_count for r in reports)
    verdict = "all valid" if valid == len(reports) else f"{len(reports) - valid:,} invalid"
    out.print(
        f"{plural(len(reports), 'file')} checked: {verdict}; "
        f"{plural(errors, 'error')}, {plural(warnings, 'warning')}",
        "bold green" if valid == len(reports) else "bold red",
    )


#: What rich changes in a line it prints: tabs (expanded to its cell widths) and the control
#: characters it drops.
_RICH_CHANGES = re.compile("[\t\x07\x08\x0b\x0c\r]")


class _Lines:
    """Lines of plain text, in colour on a terminal (rich), as they are elsewhere.

    Output that goes to a file or a pipe gets no colour from rich either, so it is written
    as it is, without rich's cost per line (`check` of 10,000 files prints 10,000 lines);
    a line rich would change (a tab, a control character it drops) still goes through
    rich, so that the output is the same whichever way a line is written.
    """

    def __init__(self) -> None:
        self._rich: Console | None = console() if _colour_terminal() else None

    def print(self, text: str, style: str = "") -> None:
        if self._rich is None and _RICH_CHANGES.search(text) is None:
            sys.stdout.write(text + "\n")
            return
        if self._rich is None:
            self._rich = console()
        self._rich.print(text, markup=False, style=style or None)


def _colour_terminal() -> bool:
    """Whether rich would write colour to standard output (its own rules: TTY_COMPATIBLE,
    FORCE_COLOR, then whether it is a terminal)."""
    compatible = os.environ.get("TTY_COMPATIBLE", "")
    if compatible in ("0", "1"):
        return compatible == "1"
    force = os.environ.get("FORCE_COLOR")
    if force is not None:
        return force != ""
    try:
        return sys.stdout.isatty()
    except ValueError:  # closed
        return False


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
        types = ", ".join(f"{n:,} {t.replace('_', ' ')}" for t, n in _by_count(s["by_type"]))
        return (
            f"questionnaire {s['id']} {s['version']}: {plural(int(s['sections']), 'section')}, "
            f"{plural(int(s['questions']), 'question')} ({types}); "
            f"{s['conditional']:,} conditional, {s['targeted']:,} for some groups; "
            f"languages {' '.join(s['languages'])} (default {s['default_language']})"
        )
    details = "; ".join(f"{k} {_count(v)}" for k, v in s.items() if not isinstance(v, dict | list))
    return f"{report.kind}: {details}"


def _by_count(counts: Any) -> list[tuple[str, int]]:
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


def print_check_json(reports: Sequence[Report]) -> None:
    document = {
        "valid": all(r.ok for r in reports),
        "files": [r.to_dict() for r in reports],
        "errors": sum(r.error_count for r in reports),
        "warnings": sum(r.warning_count for r in reports),
    }
    print(json.dumps(document, indent=2, ensure_ascii=False))


def _style(severity: str) -> str:
    return "red" if severity == "error" else "yellow"


def counts_line(lang: str, counts: Mapping[str, int], **values: object) -> str:
    """A command's closing line in `lang`: for each counted text (i18n.texts.COUNTED_TEXTS)
    its count, the first always and the others when not 0, joined by ", "."""
    from s3engine.i18n.texts import builtin_filled

    first = next(iter(counts))
    said = [
        builtin_filled(key, lang, n=n, **values) for key, n in counts.items() if n or key == first
    ]
    return ", ".join(said)


def _count(value: object) -> str:
    """A value of a file's summary: a number is a count (answers, regions, the lines of a
    JSON Lines file), its thousands grouped as `plural` groups them; a version or a year
    is written as text by the summaries."""
    return f"{value:,}" if isinstance(value, int) and not isinstance(value, bool) else str(value)


def plural(n: int, word: str) -> str:
    """'1 file', '10,000 files': a count in English, its thousands grouped as `score` and
    the translated counts (i18n.texts.builtin_filled) write them."""
    return f"{n:,} {word}" + ("" if n == 1 else "s")
