"""Findings: the problems and warnings a check reports, each with its place in a file.

Every loader and checker returns findings instead of raising on the first problem, so that a
user sees every problem of every file at once. `S3Error` carries findings to the one place in
the command-line interface that prints them.
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import asdict, dataclass, field, replace
from typing import Literal

from s3engine.core import messages as M
from s3engine.core.limits import MAX_FINDINGS_OF_A_KIND
from s3engine.core.templates import FilledIn, Joined, code_of

Severity = Literal["error", "warning"]

#: The code of a finding whose message has none: an error of s3engine's own, not of a file
#: (a test checks that no file problem ends up with it).
UNCLASSIFIED = "s3engine-error"
#: The code of a command called with arguments that cannot work, when its message has none.
USAGE = "usage"

#: Control characters a terminal acts on (escape sequences, carriage return, bell...):
#: every C0 and C1 control but tab and line feed. Messages show them escaped.
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
#: The control characters no text of any file may hold: those, but for carriage return
#: (a line break written on Windows).
REFUSED_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def printable(text: str) -> str:
    """`text` with each control character shown as its escape (`\\x1b`), never sent to a
    terminal: a message may quote a value from any file."""
    return CONTROL_CHARACTERS.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


#: How many characters of a value from a file a message quotes (a heading, a name).
QUOTED = 40
_BREAKS = str.maketrans({"\n": "\\n", "\r": "\\r"})


def quoted(text: str, limit: int = QUOTED) -> str:
    """A value from a file as a message quotes it: its first `limit` characters ("..."
    after them when it is longer), on one line (a line break shown as `\\n`): a heading or
    a name from a file never makes a message of two lines."""
    shown = text[:limit].translate(_BREAKS)
    return shown + "..." if len(text) > limit else shown


def control_character(text: str) -> str | None:
    """The first refused control character of `text` as `U+001B`; None when it holds none.

    Every refused character is a control (Unicode's Cc), which str.isprintable refuses too:
    a printable text, as most are, is answered by that quicker scan alone."""
    if text.isprintable():
        return None
    found = REFUSED_CHARACTERS.search(text)
    return None if found is None else f"U+{ord(found.group()):04X}"


def utf16_text(start: bytes) -> bool:
    """Whether a file whose first bytes are `start` is UTF-16 text (Notepad's and the
    spreadsheets' "Unicode"): it starts with UTF-16's byte order mark, and not with UTF-32's,
    which begins with the same two bytes."""
    return start.startswith((b"\xff\xfe", b"\xfe\xff")) and not start.startswith(
        (b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")
    )


def not_utf8(data: bytes, at: int, *, first: bool = True) -> str:
    """Why `data` is not UTF-8 text at its byte `at`; `first`: `data` is where the file
    starts, and UTF-16 text is then said to be UTF-16."""
    if first and utf16_text(data):
        return M.NOT_UTF8_BUT_UTF16
    return M.NOT_UTF8.format(byte=data[at])


def suggest(word: str, candidates: Iterable[str], cutoff: float = 0.6) -> str | None:
    """The closest candidate to a misspelt `word`, if one is close enough (difflib's ratio
    of at least `cutoff`)."""
    import difflib  # only for a misspelling: a valid file is checked without it

    matches = difflib.get_close_matches(str(word), [str(c) for c in candidates], n=1, cutoff=cutoff)
    return matches[0] if matches else None


def did_you_mean(name: str, known: Iterable[str]) -> str:
    """The hint `; did you mean 'x'?` when a known name x is close to `name`; else ""."""
    hint = suggest(name, known)
    return M.DID_YOU_MEAN.format(name=hint) if hint else ""


@dataclass(frozen=True, order=True)
class Finding:
    """One problem (or warning) at one place: `file:line:column key.path: message`."""

    file: str
    line: int | None
    column: int | None
    path: str
    message: str
    severity: Severity = "error"
    #: What kind of problem it is, stable across versions and languages (docs/errors.md):
    #: the code of the message's template, if it has one.
    code: str = ""
    #: How many more findings of its kind its file has, counted and not listed
    #: (more_of_a_kind): the last listed of a kind stands for them in counts.
    more: int = field(default=0, compare=False)

    def __post_init__(self) -> None:
        # The message's template defines the code; a code given is for a message without one.
        object.__setattr__(self, "code", code_of(self.message) or self.code or UNCLASSIFIED)

    def place(self) -> str:
        """Where the finding is: `file:line:column path`, as far as it is known."""
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        if self.path:
            where += f" {self.path}"
        return where

    def lead(self) -> str:
        """What comes before the message: `file:line:column path: ` and, for a warning,
        `warning: `."""
        return f"{self.place()}: " + ("" if self.severity == "error" else "warning: ")

    def render(self) -> str:
        return printable(self.lead() + self.message)

    def to_dict(self) -> dict[str, object]:
        return {**asdict(self), "message": str(self.message)}


@dataclass
class Report:
    """The findings about one file, and what was found in it when it was valid."""

    file: str
    kind: str
    findings: list[Finding] = field(default_factory=list)
    summary: dict[str, object] = field(default_factory=dict)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "warning"]

    @property
    def error_count(self) -> int:
        """The errors found, those counted and not listed included (Finding.more)."""
        return sum(1 + f.more for f in self.errors)

    @property
    def warning_count(self) -> int:
        """The warnings found, those counted and not listed included (Finding.more)."""
        return sum(1 + f.more for f in self.warnings)

    @property
    def ok(self) -> bool:
        return not self.errors

    def to_dict(self) -> dict[str, object]:
        return {
            "file": self.file,
            "kind": self.kind,
            "valid": self.ok,
            "errors": self.error_count,
            "warnings": self.warning_count,
            "findings": [f.to_dict() for f in sorted(self.findings, key=_order)],
            "summary": self.summary,
        }


def _order(f: Finding) -> tuple[int, int, str, str]:
    return (f.line or 0, f.column or 0, f.path, f.message)


def sort_findings(findings: Iterable[Finding]) -> list[Finding]:
    return sorted(findings, key=_order)


def more_of_a_kind(finding: Finding, count: int) -> Finding:
    """`finding`, saying that `count` more of its kind follow in its file, not listed."""
    if count <= 0:
        return finding
    message = finding.message + M.MORE_OF_A_KIND.format(count=count)
    return replace(finding, message=message, more=finding.more + count)


def kind_of(finding: Finding) -> Hashable:
    """What kind of problem a finding of one row is: all it says but its row and the value
    its message quotes from the finding's place, with what it works out of that value alone
    (`Template.quotes`: `'{value}' is not a number...`, `'{value}' is written as a
    percentage: write the number alone, {number}...`).

    Rows whose cells hold the same wrong value and rows whose cells each hold another (a
    number column written with a decimal comma: '3,5', '2,75'...) have one problem at one
    column of one file: one kind. The column is its heading (an export's) or key (a
    response's), never its number: in a line of JSON Lines a key's place moves with the
    length of the values before it. Everything else keeps kinds apart: the code, the
    heading or key, the severity and every other value a message names (a hint naming the
    nearest code says something of its own, and keeps rows apart). A row of another form
    version is refused for the version it answers, which its message names as `{found}`,
    never as the value it quotes: rows of two versions are two problems. The rule is the
    templates' (each says which of its placeholders quotes the value), not a list kept
    here: a message reworded or added keeps it. A message within a message (`{where}:
    {problem}`) is told apart by the same rule; a text not made from a template, by all
    it says."""
    return (
        finding.file,
        finding.path,
        finding.severity,
        finding.code,
        _said(finding.message),
    )


def _said(text: object) -> Hashable:
    """A message as kind_of tells it apart: its template and the values filled in but those
    its template quotes the value at the finding's place by; its parts, for a message
    joined of parts."""
    if isinstance(text, FilledIn):
        template = text.template
        values = frozenset(
            (name, _said(value))
            for name, value in text.values.items()
            if name not in template.quotes
        )
        return (template.code, str(template), values)
    if isinstance(text, Joined):
        return tuple(_said(part) for part in text.parts)
    return str(text)


class FirstOfAKind:
    """The findings of many rows, taken a row at a time: the first MAX_FINDINGS_OF_A_KIND of
    each kind are kept to be listed (`listed`, in the order taken), the others only counted.

    A finding's kind (kind_of) is all it says but its row and the value of its cell: the
    same problem (code and words, the same other version) at the same column of the same
    file, whatever value each row's cell holds. Findings that differ in anything else are
    never counted together, unless the one who adds them names their kind (`add`'s
    `kind`: the responses of an import found there already with other content, each in a
    file of its own, are of one kind). Memory grows with the kinds, never with the rows:
    an export of 20,000 rows of another form version, or with a decimal comma in one
    number column, keeps twenty findings.
    """

    def __init__(self, limit: int = MAX_FINDINGS_OF_A_KIND) -> None:
        self.limit = limit
        self.listed: list[Finding] = []
        self._kind_of: list[Hashable] = []  # the kind of each finding listed
        self._kinds: dict[Hashable, int] = {}  # a kind -> how many taken

    def add(self, finding: Finding, kind: Hashable = None) -> None:
        """Take a finding, of its own kind (kind_of) unless `kind` names it."""
        kind = kind_of(finding) if kind is None else kind
        taken = self._kinds[kind] = self._kinds.get(kind, 0) + 1
        if taken <= self.limit:
            self.listed.append(finding)
            self._kind_of.append(kind)

    def extend(self, findings: Iterable[Finding]) -> None:
        for finding in findings:
            self.add(finding)

    def unlisted(self) -> dict[Finding, int]:
        """The last finding listed of each kind with more than `limit`, in the order they
        are printed (sort_findings), and how many more of its kind were found and not
        listed: the line that counts them follows it."""
        more = {
            kind: taken - self.limit for kind, taken in self._kinds.items() if taken > self.limit
        }
        printed = sorted(zip(self.listed, self._kind_of, strict=True), key=lambda p: _order(p[0]))
        last: dict[Finding, int] = {}
        for finding, kind in reversed(printed):
            if kind in more:
                last[finding] = more.pop(kind)
        return last


class S3Error(Exception):
    """The one error type the command-line interface catches and prints.

    It holds one or more findings; anything else escaping a command is a bug. A
    `conclusion` says what became of the command because of them ("no file was written"):
    it is printed once, after the findings and their count, and is not one of them.
    """

    def __init__(
        self,
        findings: Sequence[Finding] | Finding | str,
        *,
        exit_code: int = 1,
        code: str = "",
        conclusion: str = "",
    ):
        if isinstance(findings, str):
            findings = [Finding("s3engine", None, None, "", findings, code=code)]
        elif isinstance(findings, Finding):
            findings = [findings]
        self.findings = list(findings)
        self.exit_code = exit_code
        self.conclusion = conclusion
        lines = [f.render() for f in self.findings] + ([conclusion] if conclusion else [])
        super().__init__("\n".join(lines))


class UsageError(S3Error):
    """A command was called with arguments that cannot work (exit code 2)."""

    def __init__(self, message: str):
        super().__init__(message, exit_code=2, code=code_of(message) or USAGE)
