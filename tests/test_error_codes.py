"""Every finding has a stable code, defined with its message and documented in docs/errors.md.

docs/errors.md is written from s3engine/core/messages.py by `render_errors_md` below: a new
code, a removed one or a reworded message makes the test fail until the document is written
again (S3ENGINE_UPDATE_GOLDEN=1 python -m pytest tests/test_error_codes.py).
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

from conftest import REPO, Cli, Write

from s3engine.core import findings
from s3engine.core import messages as M
from s3engine.core.templates import Template

DOC = REPO / "docs" / "errors.md"
KEBAB = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")

INTRO = """\
# Error codes

Every problem s3engine finds in a file or an answer (a *finding*) has a **code**: a short,
stable name in kebab-case that stays the same across versions and languages, while the wording
of the message may improve. `s3engine check --format json` shows it in each finding's `code`;
scripts, spreadsheets of findings and support requests should use it rather than the wording.

Each message says what is wrong and what to do, at the file, line and key it names; this page
lists every code with the messages that carry it (placeholders such as `{key}` are filled in
with the values found), grouped by what is read. Messages are shown in English by the analyst's
commands, and in the respondent's language by the survey and by commands run with `--lang`
(docs/translating.md).

This page is written from `s3engine/core/messages.py`, where each code is defined next to its
message: a test fails when a code lacks documentation here or is documented but no longer
exists.
"""

#: Codes that are not one message of core.messages: what they mean and what to do.
OTHER_CODES = {
    "bad-pattern": (
        "A value does not have the form its key requires (an id, a region code, a language "
        "code); the message says which form.",
        "Write the value in that form.",
    ),
    "out-of-range": (
        "A number is below or above the bounds its key allows (pydantic's words, such as "
        "'Input should be greater than 0').",
        "Give a number within the bounds named.",
    ),
    "wrong-length": (
        "A text or a list is shorter or longer than its key allows.",
        "Shorten or complete it as the message says.",
    ),
    "not-allowed": (
        "A value is not one of the few a key accepts.",
        "Use one of the values the message lists.",
    ),
    M.SCHEMA_WRONG_TYPE: (
        "A value has the wrong type: a text where a number is expected, a list where a "
        "mapping is expected, and so on.",
        "Write the value as the key expects (see the file's format in docs/).",
    ),
    M.SCHEMA_INVALID: (
        "A value breaks a rule of the file's format that has no code of its own yet; the "
        "message says which.",
        "Correct the value as the message says.",
    ),
    findings.USAGE: (
        "A command was called with options or arguments that cannot work together.",
        "Run the command with --help and correct the call (exit code 2).",
    ),
    findings.UNCLASSIFIED: (
        "A problem of s3engine itself, not of a file (no file problem carries this code).",
        "Report it with the command and, if it is not private, the file.",
    ),
}


def templates() -> list[tuple[str, str, Template]]:
    """(section, name, template) for every message of core.messages, in the file's order."""
    section = ""
    names: dict[str, str] = {}
    for line in (REPO / "s3engine" / "core" / "messages.py").read_text().splitlines():
        if line.startswith("# "):
            section = line[2:].split("(")[0].strip()
        found = re.match(r"^([A-Z][A-Z0-9_]*) = ", line)
        if found:
            names[found.group(1)] = section
    return [
        (section, name, value)
        for name, section in names.items()
        if isinstance(value := getattr(M, name), Template)
    ]


def codes_in_code() -> set[str]:
    found = {t.code for _, _, t in templates() if t.code}
    return found | set(M.SCHEMA_CODES.values()) | set(OTHER_CODES)


def render_errors_md() -> str:
    by_section: dict[str, dict[str, list[str]]] = {}
    for section, _, template in templates():
        if template.code:
            by_section.setdefault(section, {}).setdefault(template.code, []).append(template)
    out = [INTRO]
    for section, codes in by_section.items():
        out.append(f"\n## {section}\n\n| code | message |\n| --- | --- |\n")
        for code, texts in codes.items():
            shown = "<br>".join(t.replace("|", "\\|") for t in texts)
            out.append(f"| `{code}` | {shown} |\n")
    out.append(
        "\n## Told in the words of the file's schema, and s3engine's own\n\n"
        "| code | meaning | what to do |\n| --- | --- | --- |\n"
    )
    for code, (meaning, todo) in OTHER_CODES.items():
        out.append(f"| `{code}` | {meaning} | {todo} |\n")
    return "".join(out)


def test_every_code_is_kebab_case_and_pydantic_names_are_not_used() -> None:
    for code in codes_in_code():
        assert KEBAB.match(code), code
    assert M.schema_code("int_parsing") == M.SCHEMA_WRONG_TYPE
    assert M.schema_code("greater_than_equal") == "out-of-range"
    assert M.schema_code("something_new") == M.SCHEMA_INVALID


def test_docs_errors_md_lists_every_code_and_no_other() -> None:
    text = render_errors_md()
    if os.environ.get("S3ENGINE_UPDATE_GOLDEN"):
        DOC.write_text(text, encoding="utf-8")
    documented = set(re.findall(r"^\| `([a-z0-9-]+)` \|", DOC.read_text(), re.MULTILINE))
    assert documented == codes_in_code(), documented ^ codes_in_code()
    assert DOC.read_text(encoding="utf-8") == text, "run S3ENGINE_UPDATE_GOLDEN=1 pytest " + str(
        Path(__file__).name
    )


def test_every_message_template_is_used_by_the_code() -> None:
    """A template nothing uses is dead text (and a translation nobody reads)."""
    source = "\n".join(
        path.read_text(encoding="utf-8")
        for path in (REPO / "s3engine").rglob("*.py")
        if path.name != "messages.py"
    )
    unused = [name for _, name, _ in templates() if not re.search(rf"\bM\.{name}\b", source)]
    assert not unused


def test_check_in_json_shows_each_findings_code(cli: Cli, write: Write) -> None:
    broken = write(
        "broken.yaml",
        """\
        id: small
        version: "1.0"
        title: Small
        languages: [en]
        default_language: en
        titel: Small
        sections:
          - id: s
            title: S
            questions:
              - {id: q, type: yes_no, text: Q?}
        """,
    )
    run = cli("check", "--format", "json", broken)
    assert run.code == 1
    reports = json.loads(run.out)["files"]
    found = [f for report in reports for f in report["findings"]]
    assert {f["code"] for f in found} >= {"unknown-key"}, found
    assert all(KEBAB.match(f["code"]) and f["code"] != findings.UNCLASSIFIED for f in found)


def test_no_problem_of_the_hostile_files_lacks_a_code(cli: Cli) -> None:
    """Every file of tests/hostile is refused with findings that all have their own code."""
    hostile = REPO / "tests" / "hostile"
    files = sorted(p for p in hostile.rglob("*") if p.suffix in {".yaml", ".json", ".jsonl"})
    assert files
    run = cli("check", "--format", "json", *files)
    reports = json.loads(run.out)["files"]
    codes = {f["code"] for report in reports for f in report["findings"]}
    assert codes and codes <= codes_in_code(), codes - codes_in_code()
    assert findings.UNCLASSIFIED not in codes
