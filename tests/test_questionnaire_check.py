"""`s3engine check` on broken questionnaires, as a questionnaire author meets them.

Each case writes one questionnaire inline, runs the command, and expects exit status 1, the
file, line and key path of the problem, its specific message, and no traceback.
"""

from __future__ import annotations

import json
import re
import textwrap
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from conftest import REPO, SHIPPED_QUESTIONNAIRES, Cli, Write
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import TypeAdapter

from s3engine.core import messages as M
from s3engine.core.checks import CheckContext
from s3engine.core.findings import S3Error
from s3engine.io import yamlio
from s3engine.io.validation import reachable_models
from s3engine.io.yamlio import dump_yaml, load_yaml_text
from s3engine.questionnaire.checks import check_questionnaire_file
from s3engine.questionnaire.conditions import COMPARISON_OPERATORS, Condition
from s3engine.questionnaire.model import QUESTION_TYPES, Questionnaire

HEAD = """\
id: demo
version: "1.0"
title: Regional innovation survey
languages: [en]
default_language: en
"""
# HEAD is lines 1-5; `questions()` adds lines 6-9, so its first question starts on line 10.
SECTION = """\
sections:
  - id: policy
    title: Innovation policy
    questions:
"""


def questions(block: str, *, head: str = HEAD, before: str = "") -> str:
    """A questionnaire whose one section holds `block` (line n of the block is 9 + n)."""
    body = textwrap.indent(textwrap.dedent(block).lstrip("\n"), "      ")
    return head + before + SECTION + body


WHEEL = """\
scales:
  wheel:
    min: 0
    max: 5
    missing: 0
    points:
      - {value: 0, label: No information}
      - {value: 1, label: Poor}
      - {value: 2, label: To be improved}
      - {value: 3, label: Fair}
      - {value: 4, label: Strong}
      - {value: 5, label: Excellent}
"""


@dataclass(frozen=True)
class Broken:
    name: str
    text: str | bytes
    line: int
    path: str
    message: str
    args: tuple[str, ...] = ()


CASES = [
    Broken(
        "misspelt key",
        questions("""
            - id: calls
              type: yes_no
              text: Does the region run calls dedicated to its S3 priorities?
              requird: true
            """),
        13,
        "sections[0].questions[0].requird",
        M.UNKNOWN_KEY_HINT.format(key="requird", suggestion="required"),
    ),
    Broken(
        "misspelt top-level key",
        HEAD.replace("languages:", "langauges:")
        + SECTION
        + "      - {id: q, type: text, text: Q}\n",
        4,
        "langauges",
        M.UNKNOWN_KEY_HINT.format(key="langauges", suggestion="languages"),
    ),
    Broken(
        "forward reference",
        questions("""
            - id: budget
              type: number
              text: What share of the budget goes to clusters?
              show_if: {question: calls, equals: true}
            - id: calls
              type: yes_no
              text: Does the region run dedicated S3 calls?
            """),
        13,
        "sections[0].questions[0].show_if.question",
        M.FORWARD_REFERENCE.format(ref="calls", line=14),
    ),
    Broken(
        "condition on an option that does not exist",
        questions("""
            - id: domain
              type: single_choice
              text: Main priority domain?
              options:
                - {value: ict, label: ICT}
                - {value: energy, label: Energy}
            - id: grid
              type: yes_no
              text: Is the grid operator involved?
              show_if: {question: domain, equals: enrgy}
            """),
        19,
        "sections[0].questions[1].show_if.equals",
        M.UNKNOWN_OPTION_HINT.format(value="enrgy", ref="domain", suggestion="energy"),
    ),
    Broken(
        "condition value among no options",
        questions("""
            - id: domain
              type: multiple_choice
              text: Priority domains?
              options:
                - {value: ict, label: ICT}
                - {value: energy, label: Energy}
            - id: grid
              type: yes_no
              text: Is the grid operator involved?
              show_if: {question: domain, contains: tourism}
            """),
        19,
        "sections[0].questions[1].show_if.contains",
        M.UNKNOWN_OPTION.format(value="tourism", ref="domain", options="ict, energy"),
    ),
    Broken(
        "duplicate question id",
        questions("""
            - id: calls
              type: yes_no
              text: Dedicated S3 calls?
            - id: calls
              type: text
              text: Which calls?
            """),
        13,
        "sections[0].questions[1].id",
        M.DUPLICATE_ID.format(id="calls", first=10),
    ),
    Broken(
        "duplicate YAML key",
        questions("""
            - id: calls
              type: yes_no
              text: Dedicated S3 calls?
              text: Calls dedicated to S3 priorities?
            """),
        13,
        "sections[0].questions[0].text",
        M.YAML_DUPLICATE_KEY.format(key="text", first=12),
    ),
    Broken(
        "alias bomb",
        HEAD
        + "".join(
            f"x{n}: &x{n} [{', '.join([f'*x{n - 1}' if n else '{a: b}'] * 9)}]\n" for n in range(10)
        )
        + SECTION,
        # x0 holds 28 values (a list of nine {a: b}), x1 253, ..., x5 1,660,753: the first
        # alias in x6 (line 12, column 10) takes the document past 2,000,000.
        12,
        "",
        M.YAML_ALIAS_BOMB.format(limit=yamlio.MAX_NODES),
    ),
    Broken(
        "tab indentation",
        questions("""
            - id: calls
              type: yes_no
            \ttext: Dedicated S3 calls?
            """),
        12,
        "",
        M.YAML_TAB,
    ),
    Broken(
        "truncated file",
        questions("""
            - id: calls
              type: yes_no
              text: "Dedicated S3 calls?
            """),
        13,
        "",
        M.YAML_TRUNCATED.format(problem="found unexpected end of stream"),
    ),
    Broken(
        "missing translation under --strict",
        HEAD.replace("[en]", "[en, de]").replace(
            "title: Regional innovation survey",
            "title: {en: Regional innovation survey, de: Regionale Innovationsumfrage}",
        )
        + SECTION.replace(
            "title: Innovation policy", "title: {en: Innovation policy, de: Innovationspolitik}"
        )
        + "      - id: calls\n        type: yes_no\n        text: {en: Dedicated S3 calls?}\n",
        12,
        "sections[0].questions[0].text",
        M.MISSING_TRANSLATION.format(lang="de", default="en") + " (an error under --strict)",
        ("--strict",),
    ),
    Broken(
        "scale min above max",
        questions("""
            - id: maturity
              type: scale
              text: How mature is the cluster policy?
              scale:
                min: 5
                max: 1
                points: [{value: 1, label: Low}, {value: 5, label: High}]
            """),
        14,
        "sections[0].questions[0].scale.min",
        M.SCALE_BOUNDS.format(low=5, high=1),
    ),
    Broken(
        "scale points not covering the range",
        questions(
            "- {id: maturity, type: scale, scale: wheel, text: How mature?}\n",
            before=WHEEL.replace("      - {value: 3, label: Fair}\n", ""),
        ),
        11,
        "scales.wheel.points",
        M.SCALE_POINTS.format(low=0, high=5, problem="no point for 3"),
    ),
    Broken(
        "missing point outside the scale",
        questions(
            "- {id: maturity, type: scale, scale: wheel, text: How mature?}\n",
            before=WHEEL.replace("missing: 0", "missing: 9"),
        ),
        5 + 5,
        "scales.wheel.missing",
        M.SCALE_MISSING_OUTSIDE.format(value=9),
    ),
    Broken(
        "unknown question type",
        questions("""
            - id: calls
              type: yesno
              text: Dedicated S3 calls?
            """),
        11,
        "sections[0].questions[0].type",
        M.UNKNOWN_TYPE_HINT.format(what="question type", value="yesno", suggestion="yes_no"),
    ),
    Broken(
        "question without a type",
        questions("""
            - id: calls
              text: Dedicated S3 calls?
            """),
        10,
        "sections[0].questions[0].type",
        M.MISSING_KEY.format(key="type"),
    ),
    Broken(
        "comma in a short-form text",
        questions("""
            - id: calls
              type: yes_no
              text: {en: Calls?, de: Ja, wenn nötig}
            """),
        12,
        "sections[0].questions[0].text.wenn nötig",
        M.KEY_LOOKS_LIKE_TEXT.format(value="wenn nötig"),
    ),
    Broken(
        "unknown choice list",
        questions(
            """
            - id: domain
              type: single_choice
              text: Main priority domain?
              options: domain
            """,
            before="choice_lists:\n  domains:\n    - {value: ict, label: ICT}\n"
            "    - {value: energy, label: Energy}\n",
        ),
        4 + 13,
        "sections[0].questions[0].options",
        M.UNKNOWN_LIST.format(name="domain", hint="; did you mean 'domains'?"),
    ),
    Broken(
        "unknown scale",
        questions(
            "- {id: maturity, type: scale, scale: wheels, text: How mature?}\n", before=WHEEL
        ),
        12 + 10,
        "sections[0].questions[0].scale",
        M.UNKNOWN_SCALE.format(name="wheels", hint="; did you mean 'wheel'?"),
    ),
    Broken(
        "comparison on a text question",
        questions("""
            - id: strategy
              type: text
              text: Name of the strategy?
            - id: detail
              type: yes_no
              text: Is it published?
              show_if: {question: strategy, gt: 3}
            """),
        16,
        "sections[0].questions[1].show_if.gt",
        M.BAD_OPERATOR_FOR_TYPE.format(
            op="gt",
            qtype="text",
            ref="strategy",
            hint="; comparisons need a number or scale question",
        ),
    ),
    Broken(
        "contains on a single choice",
        questions("""
            - id: domain
              type: single_choice
              text: Main priority domain?
              options: [{value: ict, label: ICT}, {value: energy, label: Energy}]
            - id: grid
              type: yes_no
              text: Is the grid operator involved?
              show_if: {question: domain, contains: energy}
            """),
        17,
        "sections[0].questions[1].show_if.contains",
        M.BAD_OPERATOR_FOR_TYPE.format(
            op="contains", qtype="single_choice", ref="domain", hint="; use equals"
        ),
    ),
    Broken(
        "self reference",
        questions("""
            - id: calls
              type: yes_no
              text: Dedicated S3 calls?
              show_if: {question: calls, answered: false}
            """),
        13,
        "sections[0].questions[0].show_if.question",
        M.SELF_REFERENCE.format(ref="calls"),
    ),
    Broken(
        "unknown stakeholder group",
        questions("""
            - id: calls
              type: yes_no
              text: Dedicated S3 calls?
              groups: [government, industri]
            """),
        13,
        "sections[0].questions[0].groups[1]",
        M.UNKNOWN_GROUP.format(
            group="industri", groups="government, industry, academia, civil_society"
        )
        + "; did you mean 'industry'?",
    ),
    Broken(
        "yes and no unquoted where a text is needed",
        questions("""
            - id: agree
              type: single_choice
              text: Do you agree?
              options:
                - {value: yes, label: Agree}
                - {value: "no", label: Disagree}
            """),
        14,
        "sections[0].questions[0].options[0].value",
        M.QUOTE_BOOL.format(problem="input should be a valid string", value="yes"),
    ),
    Broken(
        "min_selections above max_selections",
        questions("""
            - id: domains
              type: multiple_choice
              text: Priority domains?
              min_selections: 3
              max_selections: 2
              options: [{value: a, label: A}, {value: b, label: B}, {value: c, label: C}]
            """),
        13,
        "sections[0].questions[0].min_selections",
        M.SELECTION_BOUNDS.format(what="min_selections", value=3, limit="max_selections", bound=2),
    ),
    Broken(
        "ranking top above the number of options",
        questions("""
            - id: needs
              type: ranking
              text: Rank your three main needs.
              top: 3
              options: [{value: finance, label: Finance}, {value: skills, label: Skills}]
            """),
        13,
        "sections[0].questions[0].top",
        M.SELECTION_BOUNDS_OPTIONS.format(what="top", value=3, bound=2),
    ),
    Broken(
        "default language not among the languages",
        questions(
            "- {id: calls, type: yes_no, text: Calls?}\n",
            head=HEAD.replace("default_language: en", "default_language: de"),
        ),
        5,
        "default_language",
        M.DEFAULT_LANGUAGE_NOT_LISTED.format(lang="de", languages="en"),
    ),
    Broken(
        "empty text",
        questions("""
            - id: calls
              type: yes_no
              text: "  "
            """),
        12,
        "sections[0].questions[0].text",
        M.EMPTY_TEXT,
    ),
    Broken(
        "bad UTF-8",
        questions("""
            - id: calls
              type: yes_no
              text: Does the region run S3 calls?
            """).encode()
        + "      - {id: name, type: text, text: Région?}\n".encode("latin-1"),
        13,
        "",
        M.NOT_UTF8.format(byte=0xE9),
    ),
    Broken(
        "number min above max",
        questions("""
            - id: clusters
              type: number
              text: How many cluster initiatives does the region have?
              min: 10
              max: 0
            """),
        13,
        "sections[0].questions[0].min",
        M.NUMBER_BOUNDS.format(low=10.0, high=0.0),
    ),
    Broken(
        "yes/no condition with a quoted yes",
        questions("""
            - id: calls
              type: yes_no
              text: Dedicated S3 calls?
            - id: budget
              type: number
              text: Budget of the calls?
              show_if: {question: calls, equals: "yes"}
            """),
        16,
        "sections[0].questions[1].show_if.equals",
        M.BAD_VALUE_FOR_TYPE.format(
            value="yes", qtype="yes_no", ref="calls", expected="use true or false"
        ),
    ),
    Broken(
        "condition on a point the scale lacks",
        questions(
            """
            - {id: maturity, type: scale, scale: wheel, text: How mature?}
            - id: why
              type: text
              text: Why so low?
              show_if: {question: maturity, in: [1, 7]}
            """,
            before=WHEEL,
        ),
        12 + 9 + 5,
        "sections[0].questions[1].show_if.in[1]",
        M.SCALE_POINT_UNKNOWN.format(value=7, ref="maturity", low=0, high=5),
    ),
    Broken(
        "constraint comparing with a text answer",
        questions("""
            - id: strategy
              type: text
              text: Name of the strategy?
            - id: clusters
              type: number
              text: How many cluster initiatives?
              constraints:
                - rule: {le: {answer_of: strategy}}
                  message: Too many.
            """),
        17,
        "sections[0].questions[1].constraints[0].rule.le",
        M.BAD_OPERATOR_FOR_TYPE.format(op="answer_of", qtype="text", ref="strategy", hint=""),
    ),
    Broken(
        "id with a space",
        questions("""
            - id: s3 calls
              type: yes_no
              text: Dedicated S3 calls?
            """),
        10,
        "sections[0].questions[0].id",
        M.BAD_PATTERN.format(value="s3 calls", hint=M.PATTERN_HINTS[r"^[A-Za-z][A-Za-z0-9_\-]*$"]),
    ),
    Broken(
        "key without a value",
        questions("""
            - id: calls
              type: yes_no
              text:
            """),
        12,
        "sections[0].questions[0].text",
        M.NO_VALUE.format(problem="input should be a valid string"),
    ),
    Broken(
        "two operators in one comparison",
        questions("""
            - id: clusters
              type: number
              text: How many cluster initiatives?
            - id: why
              type: text
              text: Why so many?
              show_if: {question: clusters, gt: 5, lt: 50}
            """),
        16,
        "sections[0].questions[1].show_if",
        "a comparison takes one operator, this one has 2 (gt, lt); combine them with all: [...]",
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_a_broken_questionnaire_is_reported_where_it_is_broken(
    case: Broken, tmp_path: Path, cli: Cli
) -> None:
    path = tmp_path / "broken.yaml"
    if isinstance(case.text, bytes):
        path.write_bytes(case.text)
    else:
        path.write_text(case.text, encoding="utf-8")
    run = cli("check", *case.args, path)
    assert run.code == 1, run.output
    where = f"{path}:{case.line}:"
    lines = [line for line in run.out.splitlines() if line.startswith(where)]
    assert lines, f"nothing reported at {where}\n{run.output}"
    expected_path = f" {case.path}: " if case.path else ": "
    assert any(expected_path in line and line.endswith(case.message) for line in lines), (
        f"expected {case.path!r}: {case.message!r}\n{run.output}"
    )
    assert "1 invalid" in run.out


def test_there_are_at_least_twenty_different_cases() -> None:
    assert len({c.message for c in CASES}) >= 20


# -- several problems, several files ------------------------------------------------------


def test_every_problem_of_a_file_is_reported_at_once(write: Write, cli: Cli) -> None:
    path = write(
        "many.yaml",
        questions("""
            - id: calls
              type: yes_no
              text: Dedicated S3 calls?
              requird: true
            - id: calls
              type: yesno
              text: Again?
            """),
    )
    run = cli("check", path)
    assert run.code == 1
    assert f"{path}:13:9 sections[0].questions[0].requird: unknown key" in run.out
    assert f"{path}:15:9 sections[0].questions[1].type: unknown question type 'yesno'" in run.out
    assert "2 errors" in run.out


def test_model_and_reference_problems_are_reported_together(write: Write, cli: Cli) -> None:
    path = write(
        "both.yaml",
        questions("""
            - id: calls
              type: yes_no
              text: Dedicated S3 calls?
              show_if: {question: later, equals: true}
            - id: later
              type: yes_no
              text: Later?
              groups: [nobody]
            """),
    )
    run = cli("check", path)
    assert run.code == 1
    assert f"{path}:13:" in run.out and "comes later" in run.out
    assert f"{path}:17:" in run.out and "'nobody' is not a stakeholder group" in run.out


def test_every_file_of_a_run_is_reported(write: Write, cli: Cli, tmp_path: Path) -> None:
    good = write("surveys/good.yaml", questions("- {id: calls, type: yes_no, text: Calls?}\n"))
    bad1 = write("surveys/sub/bad1.yaml", questions("- {id: calls, type: yesno, text: Calls?}\n"))
    bad2 = write("surveys/bad2.yml", HEAD + "sections: []\n")
    run = cli("check", tmp_path / "surveys")
    assert run.code == 1
    assert f"{bad1}:10:" in run.out and "unknown question type 'yesno'" in run.out
    assert f"{bad2}:6:" in run.out
    assert f"{good}: questionnaire demo 1.0" in run.out
    assert "3 files checked: 2 invalid" in run.out


def test_json_gives_the_same_findings(write: Write, cli: Cli) -> None:
    path = write(
        "many.yaml",
        questions("""
            - id: calls
              type: yes_no
              text: Dedicated S3 calls?
              requird: true
            - id: budget
              type: numbr
              text: Budget?
            """),
    )
    text = cli("check", path)
    as_json = cli("check", "--format", "json", path)
    assert as_json.code == text.code == 1
    document = json.loads(as_json.out)
    assert document["valid"] is False and document["errors"] == 2
    (report,) = document["files"]
    assert report["file"] == str(path) and report["kind"] == "questionnaire"
    rendered = []
    for f in report["findings"]:
        path_part = f" {f['path']}" if f["path"] else ""
        rendered.append(f"{f['file']}:{f['line']}:{f['column']}{path_part}: {f['message']}")
    assert rendered == [line for line in text.out.splitlines() if line.startswith(str(path))]


# -- warnings, --strict and exit codes ---------------------------------------------------

TWO_LANGUAGES = (
    HEAD.replace("[en]", "[en, de]").replace(
        "title: Regional innovation survey",
        "title: {en: Regional innovation survey, de: Regionale Innovationsumfrage}",
    )
    + SECTION.replace(
        "title: Innovation policy", "title: {en: Innovation policy, de: Innovationspolitik}"
    )
    + "      - id: calls\n        type: yes_no\n        text: {en: Dedicated S3 calls?}\n"
)


def test_warnings_pass_and_fail_under_strict(write: Write, cli: Cli) -> None:
    path = write("survey.yaml", TWO_LANGUAGES)
    run = cli("check", path)
    assert run.code == 0
    warning = M.MISSING_TRANSLATION.format(lang="de", default="en")
    assert f"{path}:12:9 sections[0].questions[0].text: warning: {warning}" in run.out
    assert "1 file checked: all valid; 0 errors, 1 warning" in run.out
    strict = cli("check", "--strict", path)
    assert strict.code == 1
    assert f"{path}:12:9 sections[0].questions[0].text: {warning}" in strict.out


def test_many_missing_translations_are_summarised_per_language(write: Write, cli: Cli) -> None:
    block = "".join(f"- {{id: q{n}, type: yes_no, text: Question {n}?}}\n" for n in range(8))
    path = write(
        "survey.yaml",
        questions(block, head=HEAD.replace("[en]", "[en, de, fr]")),
    )
    run = cli("check", path)
    assert run.code == 0
    for lang in ("de", "fr"):
        summary = M.MISSING_TRANSLATIONS_SUMMARY.format(count=10, lang=lang)
        assert f"{path}:3:1 title: warning: {summary} (the first is here)" in run.out


def test_a_valid_questionnaire_prints_a_summary(write: Write, cli: Cli) -> None:
    path = write(
        "survey.yaml",
        questions(
            """
            - {id: calls, type: yes_no, text: Dedicated S3 calls?}
            - id: maturity
              type: scale
              scale: wheel
              text: How mature is the cluster policy?
              show_if: {question: calls, equals: true}
            - {id: comment, type: text, text: Comments?, groups: [industry]}
            """,
            before=WHEEL,
        ),
    )
    run = cli("check", path)
    assert run.code == 0, run.output
    assert run.out.splitlines() == [
        f"{path}: questionnaire demo 1.0: 1 section, 3 questions (1 scale, 1 text, 1 yes no); "
        "1 conditional, 1 for some groups; languages en (default en)",
        "1 file checked: all valid; 0 errors, 0 warnings",
    ]


def test_json_summary_of_a_valid_file(write: Write, cli: Cli) -> None:
    path = write("survey.yaml", questions("- {id: calls, type: yes_no, text: Calls?}\n"))
    run = cli("check", "--format", "json", path)
    assert run.code == 0
    report = json.loads(run.out)["files"][0]
    assert report["valid"] is True
    assert report["summary"]["by_type"] == {"yes_no": 1}
    assert report["summary"]["languages"] == ["en"]


def test_a_version_read_as_a_number_is_a_warning(write: Write, cli: Cli) -> None:
    path = write(
        "survey.yaml",
        questions("- {id: calls, type: yes_no, text: Calls?}\n").replace('"1.0"', "1.10"),
    )
    run = cli("check", path)
    assert run.code == 0
    assert f"{path}:2:1 version: warning: {M.VERSION_AS_NUMBER.format(value=1.1)}" in run.out


@pytest.mark.parametrize(
    "args",
    [
        ("check", "no/such/path.yaml"),
        ("check", "{empty}"),
        ("check", "--format", "xml", "{file}"),
        ("check",),
        ("check", "--no-such-option", "{file}"),
    ],
    ids=["missing path", "empty folder", "bad format", "no path", "bad option"],
)
def test_usage_errors_exit_2(args: tuple[str, ...], tmp_path: Path, write: Write, cli: Cli) -> None:
    (tmp_path / "empty").mkdir()
    path = write("survey.yaml", questions("- {id: calls, type: yes_no, text: Calls?}\n"))
    run = cli(*(a.format(empty=tmp_path / "empty", file=path) for a in args))
    assert run.code == 2
    assert run.err.strip()
    assert run.out == ""


def test_a_file_of_unknown_kind(write: Write, cli: Cli) -> None:
    path = write("notes.yaml", "title: meeting notes\n")
    run = cli("check", path)
    assert run.code == 1
    assert f"{path}:1:1: cannot tell what kind of file this is" in run.out


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("# nothing yet\n", M.YAML_EMPTY),
        ("- a\n- b\n", M.YAML_NOT_MAPPING.format(found="a list")),
        ("just text\n", M.YAML_NOT_MAPPING.format(found="a single value ('just text')")),
    ],
    ids=["empty", "list", "scalar"],
)
def test_a_file_that_is_not_a_mapping(text: str, message: str, write: Write, cli: Cli) -> None:
    path = write("survey.yaml", text)
    run = cli("check", path)
    assert run.code == 1
    assert f"{path}:1:1: {message}" in run.out


# -- the format reference cannot rot ------------------------------------------------------

FORMAT_DOC = REPO / "docs" / "questionnaire-format.md"


def yaml_blocks(markdown: str) -> list[str]:
    return re.findall(r"^```yaml\n(.*?)^```", markdown, flags=re.S | re.M)


def test_the_complete_example_of_the_format_reference_is_valid(tmp_path: Path, cli: Cli) -> None:
    text = FORMAT_DOC.read_text(encoding="utf-8")
    example = yaml_blocks(text.split("## A complete example", 1)[1])[0]
    path = tmp_path / "example.yaml"
    path.write_text(example, encoding="utf-8")
    run = cli("check", "--strict", path)
    assert run.code == 0, run.output
    # It shows every question type, and the reference documents each of them.
    summary = json.loads(cli("check", "--format", "json", path).out)["files"][0]["summary"]
    assert set(summary["by_type"]) == set(QUESTION_TYPES)
    for qtype in QUESTION_TYPES:
        assert f"### {qtype}" in text


def test_every_yaml_snippet_of_the_format_reference_is_valid_yaml() -> None:
    blocks = yaml_blocks(FORMAT_DOC.read_text(encoding="utf-8"))
    assert len(blocks) > 5
    for block in blocks:
        load_yaml_text(block, "snippet")


def test_the_conditions_of_the_format_reference_are_valid_conditions() -> None:
    text = FORMAT_DOC.read_text(encoding="utf-8")
    section = text.split("## Conditions: show_if", 1)[1]
    conditions = load_yaml_text(yaml_blocks(section)[0], "snippet").data
    adapter = TypeAdapter(list[Condition])
    assert len(adapter.validate_python(conditions)) == len(conditions) >= 5


def test_the_format_reference_documents_every_key() -> None:
    text = FORMAT_DOC.read_text(encoding="utf-8")
    for model in reachable_models(Questionnaire):
        for name, info in model.model_fields.items():
            assert f"`{info.alias or name}`" in text, f"{model.__name__}.{name}"
    for operator in COMPARISON_OPERATORS:
        assert f"`{operator}`" in text


@pytest.mark.timing
def test_a_100_mb_file_is_refused_at_once(tmp_path: Path, cli: Cli) -> None:
    path = tmp_path / "huge.yaml"
    with open(path, "wb") as handle:  # sparse: created in no time
        handle.truncate(100 * 1024 * 1024)
    started = time.perf_counter()
    run = cli("check", path)
    assert time.perf_counter() - started < 1.0
    assert run.code == 1
    assert f"{path}: the file is 100.0 MiB, larger than the limit of 20.0 MiB" in run.out


def test_a_file_named_twice_is_checked_once(write: Write, cli: Cli, tmp_path: Path) -> None:
    path = write("surveys/survey.yaml", questions("- {id: calls, type: yes_no, text: Calls?}\n"))
    run = cli("check", path, tmp_path / "surveys", tmp_path / "surveys" / ".." / "surveys")
    assert run.code == 0
    assert run.out.splitlines()[-1] == "1 file checked: all valid; 0 errors, 0 warnings"


# -- no questionnaire, however broken, crashes the checker -------------------------------

SCALAR_VALUES = st.none() | st.booleans() | st.integers(-3, 300) | st.text(max_size=8)
REPLACEMENTS = st.recursive(
    SCALAR_VALUES,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=5,
)


def _places(node: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [path]
    if isinstance(node, dict):
        for key, value in node.items():
            found.extend(_places(value, (*path, key)))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found.extend(_places(value, (*path, index)))
    return found


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_a_mutated_questionnaire_gives_findings_never_a_crash(data: st.DataObject) -> None:
    text = FORMAT_DOC.read_text(encoding="utf-8")
    document = load_yaml_text(yaml_blocks(text.split("## A complete example", 1)[1])[0]).data
    for _ in range(data.draw(st.integers(1, 4))):
        path = data.draw(st.sampled_from(_places(document)[1:]))
        parent = document
        for part in path[:-1]:
            parent = parent[part]
        action = data.draw(st.sampled_from(["replace", "delete", "rename"]))
        if action == "replace" or isinstance(parent, list):
            parent[path[-1]] = data.draw(REPLACEMENTS)
        elif action == "delete":
            del parent[path[-1]]
        else:
            parent[data.draw(st.text(min_size=1, max_size=10))] = parent.pop(path[-1])
    try:
        loaded = load_yaml_text(dump_yaml(document), "mutated.yaml")
    except S3Error as exc:  # a control character drawn into a text or key is refused here
        findings = exc.findings
    else:
        findings = check_questionnaire_file(loaded, CheckContext(files=[])).findings
    for finding in findings:
        assert finding.file == "mutated.yaml" and finding.message
        assert "Traceback" not in finding.message


# -- the glossary --------------------------------------------------------------------------


GLOSSARY_HEAD = """\
id: demo
version: "1.0"
title: {en: Regional innovation survey, de: Regionale Innovationsbefragung, sl: Vprašalnik}
languages: [en, de, sl]
default_language: en
scales:
  wheel:
    min: 0
    max: 1
    missing: 0
    points:
      - {value: 0, label: {en: No information, de: Keine Information, sl: Ni informacij}}
      - {value: 1, label: {en: Strong, de: Gut, sl: Dobro}}
sections:
  - id: policy
    title: {en: Policy, de: Politik, sl: Politika}
    questions:
      - id: domains
        type: scale
        scale: wheel
        text:
          en: The cluster organisations shaped the priority domains.
          de: Die Clusterorganisationen haben die Schwerpunktbereiche mitbestimmt.
          sl: Organizacije grozdov so sooblikovale prednostna področja.
"""


def test_texts_that_depart_from_the_glossary_are_named_with_the_term_to_use(
    write: Write, cli: Cli
) -> None:
    """One voice: a variant the glossary avoids, or a wheel label translated otherwise, is
    a warning at its place, and an error under --strict (docs/glossary.md)."""
    path = write("q.yaml", GLOSSARY_HEAD)
    run = cli("check", path)
    assert run.code == 0
    assert (
        f"{path}:13:40 scales.wheel.points[1].label.de: warning: "
        + M.GLOSSARY_LABEL.format(lang="de", expected="Stark", en="Strong")
    ) in run.out
    found = {
        "de": ("Schwerpunktbereiche", "Prioritätsfeld", 23),
        "sl": ("Organizacije grozdov", "grozdna organizacija", 24),
    }
    for lang, (variant, use, line) in found.items():
        message = M.GLOSSARY_TERM.format(lang=lang, found=variant, use=use)
        assert f"{path}:{line}:11 sections[0].questions[0].text.{lang}: warning: {message}" in (
            run.out
        )
    strict = cli("check", "--strict", "--format", "json", path)
    assert strict.code == 1
    codes = {f["code"] for f in json.loads(strict.out)["files"][0]["findings"]}
    assert codes == {"glossary"}


def test_the_shipped_files_keep_to_the_glossary(cli: Cli) -> None:
    shipped = [*SHIPPED_QUESTIONNAIRES, *sorted((REPO / "scoring").glob("*.yaml"))]
    run = cli("check", "--strict", "--format", "json", *shipped)
    assert run.code == 0, run.out
    findings = [f for r in json.loads(run.out)["files"] for f in r["findings"]]
    assert [f for f in findings if f["code"] == "glossary"] == []
