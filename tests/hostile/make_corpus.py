"""Write the corpus of hostile files under tests/hostile/<kind>/, and say what each must get.

Run it after changing a case (`python tests/hostile/make_corpus.py`); tests/test_hostile.py
checks that the files on disk are the ones this script writes, then feeds each file to every
command that reads its kind. Each case is a small valid file of its kind with one thing
broken, so that the message it gets can be predicted: `line` is the line the message must
name (None when the problem is the whole file) and `says` words it must contain.

The YAML kinds (questionnaires, models, catalogues, responses, answers) share the attacks on
the YAML layer: alias bombs, deep nesting, duplicate keys, tags that construct objects,
UTF-16, Latin-1, NUL bytes, byte order marks, CRLF, tabs, truncation, several documents,
empty files, only comments, a list or a single value at the top, numbers no arithmetic
should meet (NaN, infinities, 1e999), control characters. Each kind adds its own: cyclic and
forward conditions, weights that are negative, NaN or that sum to nothing, paths in region
codes and file names, responses claiming another questionnaire, version or hash, answers to
hidden questions, CSVs with mixed delimiters, ragged rows, duplicate headers, formulas and
paths for region codes. Files too large to commit (100 MB and more) are made by the test.

Files in tests/hostile/accepted/ are hostile text in valid files (script tags, formulas,
terminal markup in free text): they must be accepted, and stay inert in every output.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
KINDS = ("questionnaires", "models", "catalogues", "responses", "answers", "csv")


@dataclass(frozen=True)
class Case:
    """One hostile file and what every command that reads it must say."""

    kind: str
    name: str
    content: bytes
    #: The line messages name (None: a problem of the whole file).
    line: int | None
    #: Words each message about the file contains (lower case).
    says: str
    #: "error", or "warning" where `check` rightly only warns (score and plan refuse).
    check: str = "error"
    #: False when only `check` and `survey` can name the line: `score` and `plan` refuse a
    #: response as a whole (naming its respondent), or report a questionnaire's first problem.
    line_everywhere: bool = True
    #: For CSV: the source of the shipped model the table stands in for.
    source: str = "gdp_per_head"

    @property
    def path(self) -> str:
        return f"{self.kind}/{self.name}"


class Base:
    """A valid file as lines, edited at lines found by their start."""

    def __init__(self, text: str):
        self.lines = text.splitlines()

    def line_of(self, start: str) -> int:
        for number, line in enumerate(self.lines, 1):
            if line.startswith(start):
                return number
        raise ValueError(f"no line starts with {start!r}")

    def text(self, lines: list[str] | None = None) -> str:
        return "\n".join(self.lines if lines is None else lines) + "\n"

    def replace(self, start: str, *new: str) -> tuple[str, int]:
        """The text with the line starting with `start` replaced by `new`; its number."""
        at = self.line_of(start)
        lines = [*self.lines[: at - 1], *new, *self.lines[at:]]
        return self.text(lines), at

    def insert(self, start: str, *new: str) -> tuple[str, int]:
        """The text with `new` inserted after the line starting with `start`."""
        at = self.line_of(start)
        return self.text([*self.lines[:at], *new, *self.lines[at:]]), at + 1

    def append(self, *new: str) -> tuple[str, int]:
        return self.text([*self.lines, *new]), len(self.lines) + 1


def at_line(edit: tuple[str, int], line: int) -> tuple[str, int]:
    """An edit whose message names another line than the one edited (a key above it)."""
    return edit[0], line


# -- the valid bases -----------------------------------------------------------------------------

QUESTIONNAIRE = """\
# A small questionnaire, the base of the hostile questionnaires.
id: hostile-base
version: "1.0"
title: Cluster policy pulse
description: A short survey on clusters and the regional S3.
languages: [en]
default_language: en
consent: Your answers are analysed by stakeholder group and region only. Do you agree?
profile:
  groups:
    - {id: government, label: Public administration}
    - {id: industry, label: Companies}
    - {id: academia, label: Universities and research}
    - {id: civil_society, label: Civil society}
  ask_organisation: true
  ask_sector: false
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
choice_lists:
  domains:
    - {value: energy, label: Energy and green technologies, score: 1}
    - {value: ict, label: ICT, score: 1}
    - {value: materials, label: Chemistry and new materials, score: 1}
sections:
  - id: strategy
    title: The strategy
    questions:
      - id: involvement
        type: scale
        scale: wheel
        text: How well were clusters involved in designing the S3?
        required: true
      - id: s3_calls
        type: yes_no
        text: Are there calls dedicated to the S3 priorities?
        yes_score: 100
        no_score: 0
      - id: domains
        type: multiple_choice
        text: Which priority domains does the S3 name?
        options: domains
      - id: main_domain
        type: single_choice
        text: Which of them matters most to you?
        options: domains
        show_if: {question: domains, answered: true}
  - id: clusters
    title: Cluster initiatives
    questions:
      - id: cluster_count
        type: number
        text: How many cluster initiatives does the region have?
        integer: true
        min: 0
        max: 200
      - id: comment
        type: text
        text: Anything else you would like to tell us?
        max_length: 1000
"""

#: Answers valid for QUESTIONNAIRE (the test answers each hostile questionnaire with them).
QUESTIONNAIRE_ANSWERS = """\
consent: true
profile: {region: AT31, group: industry}
answers:
  involvement: 4
  s3_calls: true
  domains: [energy, ict]
  main_domain: ict
  cluster_count: 12
  comment: Calls come too late to prepare joint projects.
"""

#: A model scoring QUESTIONNAIRE: the test points it at each hostile questionnaire.
QUESTIONNAIRE_MODEL = """\
s3engine_model: 1
id: hostile-questionnaire-model
version: "1"
title: A model of the small questionnaire
languages: [en]
default_language: en
questionnaire: {questionnaire}
dimensions:
  - id: clusters
    label: Clusters
    indicators:
      - {{id: involvement, label: Involvement, question: involvement}}
      - {{id: calls, label: S3 calls, question: s3_calls}}
classes:
  on_threshold: above
  levels:
    - {{id: advanced, label: Advanced, min: 65}}
    - {{id: less_advanced, label: Less advanced}}
"""

MODEL = """\
# A small scoring model, the base of the hostile models.
s3engine_model: 1
id: hostile-base
version: "1"
title: Clusters and capacity
languages: [en]
default_language: en
questionnaire: s3-stress-test
sources:
  gdp: {file: gdp_pps_per_head_pct_eu.csv, filters: {unit: PPS_HAB_EU27_2020}}
dimensions:
  - id: clusters
    label: Role of clusters
    weight: 1
    indicators:
      - id: discovery
        label: Discovery process
        question: clusters_in_edp
        weight: 1
      - id: priorities
        label: Priority setting
        question: clusters_in_priority_setting
        weight: 1
  - id: capacity
    label: Capacity
    weight: 1
    indicators:
      - id: gdp
        label: GDP per head
        statistic: gdp
        normalise: {method: ratio, reference_region: EU27_2020, full_at: 1.5}
classes:
  on_threshold: above
  levels:
    - id: advanced
      label: Advanced
      min: 65
    - id: convergence
      label: Convergence
      min: 45
    - id: less_advanced
      label: Less advanced
"""

CATALOGUE = """\
# A small catalogue, the base of the hostile catalogues.
id: hostile-base
version: "1.0"
model: s3-stress-test
needs:
  questionnaire: stakeholder-needs
  ranking: top_needs
  unmet: unmet_needs
  comments: [biggest_obstacle, suggestions]
priority_domains: priority_domains
languages: [en]
default_language: en
title: Small catalogue
settings:
  priority: {dimension: 1.0, need: 1.0}
  top_needs: 5
instruments:
  erdf:
    scope: regional
    label: ERDF regional programme
recommendations:
  - id: clusters_in_discovery
    dimension: role_of_clusters
    actors: [policy_makers, cluster_managers]
    horizon: short
    milestone: Focus groups held within six months.
    cost: low
    track: [clusters_in_edp]
    funding: [erdf]
    when: {dimension: role_of_clusters, below: 55}
    title: Make cluster organisations partners in entrepreneurial discovery
    text: Commission cluster organisations to run focus groups with their members.
    rationale: Clusters know where firms and researchers already work together.
  - id: monitoring_system
    dimension: monitoring
    actors: [policy_makers, programme_bodies]
    horizon: medium
    milestone: Indicators agreed within a year.
    cost: medium
    track: [s3_specific_indicators]
    funding: [erdf]
    when: {any: [{dimension: monitoring, below: 50}, {class: less_advanced}]}
    title: Build an S3 monitoring system
    text: Agree on indicators per priority and report on them every year.
    rationale: What is not measured cannot be steered.
"""

EXAMPLE_RESPONSE = (
    HERE.parent.parent
    / "examples"
    / "responses"
    / "AT31"
    / "AT31-academia-20240420T110300Z-607807a952de.yaml"
)


def response_base(respondent: str) -> str:
    """An example response of s3-stress-test, under a respondent id of its own."""
    lines = EXAMPLE_RESPONSE.read_text(encoding="utf-8").splitlines()
    lines = [line for line in lines if not line.startswith("#")]
    text = "\n".join(lines) + "\n"
    return text.replace("  id: 607807a952de", f"  id: {respondent}")


def answers_base() -> str:
    """The answers of the example response as an answers file of `survey --answers`."""
    lines = response_base("x").splitlines()
    answers = lines[lines.index("answers:") :]
    head = [
        "language: de",
        "consent: true",
        "profile:",
        "  region: AT31",
        "  group: academia",
        "  sector: chemistry_materials",
    ]
    return "\n".join([*head, *answers]) + "\n"


CSV_HEADER = "freq,unit,geo,time,obs_value"
CSV_ROWS = [
    f"A,PPS_HAB_EU27_2020,{geo},{year},{value}"
    for geo, values in (
        ("AT31", (127, 125, 126)),
        ("AT32", (140, 138, 139)),
        ("CH02", (150, 151, 149)),
        ("DE1", (130, 131, 129)),
        ("DE2", (135, 137, 136)),
        ("FRC2", (82, 81, 80)),
        ("ITC1", (100, 98, 99)),
        ("ITC4", (120, 121, 122)),
        ("ITH2", (135, 136, 134)),
        ("ITH3", (105, 104, 106)),
        ("SI03", (73, 74, 75)),
        ("SI04", (105, 107, 106)),
        ("EU27_2020", (100, 100, 100)),
    )
    for year, value in zip((2021, 2022, 2023), values, strict=True)
]


def csv_base() -> str:
    return "\n".join([CSV_HEADER, *CSV_ROWS]) + "\n"


# -- the attacks on the YAML layer, for every YAML kind ---------------------------------------


def alias_bomb(levels: int = 9) -> list[str]:
    lines = ["bomb_0: &b0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for level in range(1, levels):
        refs = ", ".join([f"*b{level - 1}"] * 10)
        lines.append(f"bomb_{level}: &b{level} [{refs}]")
    return lines


def yaml_cases(
    kind: str, base: Base, anchors: dict[str, str], *, answers: bool = False
) -> Iterator[Case]:
    """The YAML attacks on `base`. `anchors` names lines by their start: `top` (a top-level
    scalar key), `text` (a text value), `number` (a numeric value), `nested` (an indented
    key: value line). With `answers`, the text and number are answers of a response, which
    `score` and `plan` refuse as a whole (naming the respondent and the question)."""

    def case(
        name: str, content: str | bytes, line: int | None, says: str, *, answer: bool = False
    ) -> Case:
        data = content.encode("utf-8") if isinstance(content, str) else content
        return Case(kind, name, data, line, says, line_everywhere=not (answer and answers))

    top, text_line, number, nested = (anchors[k] for k in ("top", "text", "number", "nested"))
    key = text_line.split(":")[0]
    yield case("empty.yaml", "", 1, "empty")
    yield case("only-comments.yaml", "# nothing here\n# at all\n", 1, "empty")
    yield case("list-at-top.yaml", "- id: x\n- id: y\n", 1, "mapping")
    yield case("single-value.yaml", "just some words\n", 1, "mapping")
    yield case("duplicate-top-key.yaml", *base.append(base.lines[base.line_of(top) - 1]), "twice")
    nested_line = base.lines[base.line_of(nested) - 1]
    yield case("duplicate-nested-key.yaml", *base.insert(nested, nested_line), "twice")
    tabbed = "\t" + nested_line.lstrip(" ")
    yield case("tab-indent.yaml", *base.replace(nested, tabbed), "tab")
    for name, value in (
        ("tag-python-apply.yaml", '!!python/object/apply:os.system ["echo pwned"]'),
        ("tag-python-name.yaml", "!!python/name:os.system"),
        ("tag-python-new.yaml", "!!python/object/new:subprocess.Popen [[ls]]"),
        ("tag-custom.yaml", "!shell rm -rf /"),
        ("tag-set.yaml", "!!set {a, b}"),
    ):
        yield case(name, *base.replace(text_line, f"{key}: {value}"), "tag")
    start = len(base.lines) + 1
    yield case("alias-bomb.yaml", base.append(*alias_bomb())[0], start + 6, "alias")
    deep = "[" * 200 + "x" + "]" * 200
    yield case("deep-nesting.yaml", *base.append(f"deep: {deep}"), "nested")
    yield case("recursive-alias.yaml", *base.append("loop: &loop [*loop]"), "contains it")
    yield case("undefined-alias.yaml", *base.replace(text_line, f"{key}: *nowhere"), "anchor")
    yield case("two-documents.yaml", *base.append("---", "id: second"), "more than one")
    yield case("utf-16.yaml", base.text().encode("utf-16"), 1, "utf-8")
    latin1 = base.replace(text_line, f"{key}: Oberösterreich, Zürich")[0]
    at = next(n for n, line in enumerate(latin1.splitlines(), 1) if not line.isascii())
    yield case("latin-1.yaml", latin1.encode("latin-1"), at, "utf-8")
    with_nul, at = base.replace(text_line, f"{key}: before\x00after")
    yield case("nul-byte.yaml", with_nul, at, "character")
    duplicated, at = base.append(base.lines[base.line_of(top) - 1])
    yield case("bom-and-duplicate.yaml", b"\xef\xbb\xbf" + duplicated.encode(), at, "twice")
    yield case("crlf-and-duplicate.yaml", duplicated.replace("\n", "\r\n"), at, "twice")
    cut, at = base.replace(text_line, f'{key}: "the text goes on and on')
    cut_lines = cut.splitlines()[:at]
    yield case("truncated.yaml", "\n".join(cut_lines), at, "ends in the middle")
    yield case("bad-date.yaml", *base.replace(text_line, f"{key}: 2024-13-45"), "date")
    escape = f'{key}: "\\e[2J\\e]0;owned\\a red"'
    edit = base.replace(text_line, escape)
    yield case("terminal-escape.yaml", *edit, "control character", answer=True)
    number_key = number.split(":")[0]
    for name, value in (
        ("number-nan.yaml", ".nan"),
        ("number-inf.yaml", "-.inf"),
        ("number-1e999.yaml", "1.0e+999"),
        ("number-huge-int.yaml", "123456789012345678901234567890"),
    ):
        says = number_key.strip() if answers else "compute with"
        yield case(name, *base.replace(number, f"{number_key}: {value}"), says, answer=True)


# -- questionnaires -----------------------------------------------------------------------------


def questionnaire_cases() -> Iterator[Case]:
    base = Base(QUESTIONNAIRE)
    anchors = {
        "top": "id: hostile",
        "text": "title:",
        "number": "    max: 5",
        "nested": "    min: 0",
    }
    yield from yaml_cases("questionnaires", base, anchors)

    def case(name: str, edit: tuple[str, int], says: str) -> Case:
        return Case("questionnaires", name, edit[0].encode(), edit[1], says, line_everywhere=False)

    q = "      - id: main_domain"
    yield case(
        "condition-on-itself.yaml",
        base.replace(
            "        show_if:", "        show_if: {question: main_domain, answered: true}"
        ),
        "itself",
    )
    forward = "        show_if: {question: cluster_count, gt: 3}"
    yield case(
        "condition-forward.yaml", base.insert("        scale: wheel", forward), "comes later"
    )
    cycle = base.insert(
        "        no_score: 0", "        show_if: {question: main_domain, equals: ict}"
    )
    yield case("condition-cycle.yaml", cycle, "comes later")
    yield case(
        "condition-unknown-question.yaml",
        base.replace("        show_if:", "        show_if: {question: nothing_like_it, equals: 1}"),
        "unknown question",
    )
    yield case(
        "scale-of-a-trillion-points.yaml",
        at_line(base.replace("    max: 5", "    max: 1000000000000"), base.line_of("    points:")),
        "every value",
    )
    yield case("scale-upside-down.yaml", base.replace("    min: 0", "    min: 9"), "smaller")
    yield case(
        "number-bounds-upside-down.yaml",
        base.replace("        min: 0", "        min: 500"),
        "larger than max",
    )
    yield case("duplicate-question-id.yaml", base.replace(q, "      - id: domains"), "twice")
    yield case(
        "duplicate-section-id.yaml", base.replace("  - id: clusters", "  - id: strategy"), "twice"
    )
    yield case(
        "duplicate-option.yaml",
        base.replace("    - {value: ict,", "    - {value: energy, label: ICT, score: 1}"),
        "twice",
    )
    yield case(
        "unknown-choice-list.yaml",
        base.replace("        options: domains", "        options: sectors_of_the_moon"),
        "sectors_of_the_moon",
    )
    yield case(
        "unknown-type.yaml", base.replace("        type: yes_no", "        type: yes_maybe"), "type"
    )
    yield case(
        "misspelt-key.yaml",
        base.replace("        required: true", "        requird: true"),
        "did you mean",
    )
    yield case(
        "group-id-path.yaml",
        base.replace("    - {id: industry,", "    - {id: ../../etc/passwd, label: Companies}"),
        "not valid",
    )
    yield case(
        "region-code-path.yaml",
        at_line(
            base.insert(
                "profile:", "  regions:", "    - {code: AT31/../../x, name: Upper Austria}"
            ),
            base.line_of("profile:") + 2,
        ),
        "not valid",
    )
    yield case(
        "language-path.yaml", base.replace("languages:", "languages: [en, ../../x]"), "not valid"
    )
    yield case(
        "default-language-missing.yaml",
        base.replace("default_language:", "default_language: fr"),
        "not among",
    )
    yield case(
        "yes-score-nan.yaml",
        base.replace("        yes_score:", "        yes_score: .nan"),
        "compute with",
    )
    yield case(
        "option-score-huge.yaml",
        base.replace("    - {value: ict,", "    - {value: ict, label: ICT, score: 1e308}"),
        "compute with",
    )
    yield case("version-list.yaml", base.replace("version:", "version: [1, 2]"), "string")
    yield case(
        "id-with-spaces.yaml", base.replace("id: hostile-base", "id: my survey"), "not valid"
    )
    yield case("long-id.yaml", base.replace("id: hostile-base", "id: " + "a" * 5000), "at most")
    yield case(
        "max-length-huge.yaml",
        base.replace("        max_length:", "        max_length: 100000000000000"),
        "less than or equal",
    )
    cut = base.line_of("sections:")
    no_sections = base.text([*base.lines[: cut - 1], "sections: []"])
    yield case("no-sections.yaml", (no_sections, cut), "at least 1")
    yield case("consent-as-list.yaml", base.replace("consent:", "consent: [yes, no]"), "consent")


# -- models -------------------------------------------------------------------------------------


def model_cases() -> Iterator[Case]:
    base = Base(MODEL)
    anchors = {
        "top": "id: hostile",
        "text": "title:",
        "number": "    weight: 1",
        "nested": "  gdp:",
    }
    yield from yaml_cases("models", base, anchors)

    def case(name: str, edit: tuple[str, int], says: str) -> Case:
        return Case("models", name, edit[0].encode(), edit[1], says)

    weight = "    weight: 1"
    yield case("weight-negative.yaml", base.replace(weight, "    weight: -1"), "greater than 0")
    yield case("weight-zero.yaml", base.replace(weight, "    weight: 0"), "greater than 0")
    yield case("weight-nan.yaml", base.replace(weight, "    weight: .nan"), "compute with")
    yield case("weight-infinite.yaml", base.replace(weight, "    weight: .inf"), "compute with")
    yield case("weight-1e308.yaml", base.replace(weight, "    weight: 1e308"), "compute with")
    yield case("weight-nan-text.yaml", base.replace(weight, "    weight: 'NaN'"), "finite")
    yield case("weight-text.yaml", base.replace(weight, "    weight: heavy"), "number")
    yield case(
        "indicator-weights-sum-to-zero.yaml",
        base.replace("        weight: 1", "        weight: -1"),
        "greater than 0",
    )
    yield case(
        "threshold-nan.yaml", base.replace("      min: 65", "      min: .nan"), "compute with"
    )
    yield case(
        "thresholds-out-of-order.yaml", base.replace("      min: 45", "      min: 80"), "min"
    )
    yield case(
        "questionnaire-path.yaml",
        base.replace("questionnaire:", "questionnaire: ../../../../../../etc/passwd"),
        "cannot be used",
    )
    yield case(
        "questionnaire-device.yaml",
        base.replace("questionnaire:", "questionnaire: /dev/zero"),
        "not a regular file",
    )
    yield case(
        "unknown-question.yaml",
        base.replace("        question: clusters_in_edp", "        question: clusters_in_edpp"),
        "clusters_in_edp",
    )
    yield case(
        "unknown-source.yaml",
        base.replace("        statistic: gdp", "        statistic: gpd"),
        "gdp",
    )
    # a source outside the model's folder is never read, nor quoted
    gdp = "  gdp: {file: gdp_pps_per_head_pct_eu.csv, filters: {unit: PPS_HAB_EU27_2020}}"
    for name, file in (("source-absolute.yaml", "/etc/passwd"), ("source-up.yaml", "../../x.csv")):
        text, line = base.replace(gdp, f"  gdp: {{file: {file}}}")
        # the shipped model's id, so that plan takes the shipped catalogue and reads the data
        text = text.replace("id: hostile-base\n", "id: s3-stress-test\n", 1)
        yield Case("models", name, text.encode(), line, "outside", check="warning")
    yield case(
        "question-and-statistic.yaml",
        at_line(
            base.insert("        question: clusters_in_edp", "        statistic: gdp"),
            base.line_of("      - id: discovery"),
        ),
        "either",
    )
    yield case(
        "duplicate-indicator.yaml",
        base.replace("      - id: priorities", "      - id: discovery"),
        "twice",
    )
    yield case(
        "normalise-unknown.yaml",
        base.replace("        normalise:", "        normalise: {method: magic}"),
        "magic",
    )
    yield case(
        "duplicate-class.yaml",
        base.replace("    - id: less_advanced", "    - id: convergence"),
        "twice",
    )
    yield case(
        "min-coverage-zero.yaml",
        base.insert("default_language:", "min_coverage: 0"),
        "greater than 0",
    )
    yield case(
        "sensitivity-spread.yaml",
        base.insert("default_language:", "sensitivity: {weight_spread: 5}"),
        "less than 1",
    )
    yield case(
        "group-weights-unknown.yaml",
        base.insert("default_language:", "respondents: {group_weights: {aliens: 2}}"),
        "aliens",
    )
    yield case(
        "filter-control-character.yaml",
        base.replace(
            "  gdp:", '  gdp: {file: gdp_pps_per_head_pct_eu.csv, filters: {unit: "\\e[5m"}}'
        ),
        "control character",
    )


# -- catalogues ---------------------------------------------------------------------------------


def catalogue_cases() -> Iterator[Case]:
    base = Base(CATALOGUE)
    anchors = {
        "top": "id: hostile",
        "text": "title:",
        "number": "  top_needs:",
        "nested": "  questionnaire:",
    }
    yield from yaml_cases("catalogues", base, anchors)

    def case(name: str, edit: tuple[str, int], says: str) -> Case:
        return Case("catalogues", name, edit[0].encode(), edit[1], says)

    when = "    when: {dimension: role_of_clusters, below: 55}"
    yield case(
        "condition-unknown-dimension.yaml",
        base.replace(when, "    when: {dimension: role_of_clusterz, below: 55}"),
        "did you mean",
    )
    yield case(
        "condition-two-operators.yaml",
        base.replace(when, "    when: {dimension: role_of_clusters, below: 55, above: 10}"),
        "below",
    )
    yield case(
        "condition-threshold-nan.yaml",
        base.replace(when, "    when: {dimension: role_of_clusters, below: .nan}"),
        "compute with",
    )
    deep = "{class: advanced}"
    for _ in range(70):
        deep = f"{{not: {deep}}}"
    yield case("condition-deep.yaml", base.replace(when, f"    when: {deep}"), "nested")
    yield case(
        "unknown-instrument.yaml",
        base.replace("    funding: [erdf]", "    funding: [erdf, moon_fund]"),
        "moon_fund",
    )
    yield case(
        "duplicate-recommendation.yaml",
        base.replace("  - id: monitoring_system", "  - id: clusters_in_discovery"),
        "twice",
    )
    yield case(
        "model-path.yaml", base.replace("model:", "model: ../../../../../../etc/passwd"), "model"
    )
    yield case(
        "needs-questionnaire-device.yaml",
        base.replace("  questionnaire:", "  questionnaire: /dev/zero"),
        "not valid",
    )
    yield case(
        "priority-weight-negative.yaml",
        base.replace("  priority:", "  priority: {dimension: -0.5, need: 1.0}"),
        "greater than or equal",
    )
    yield case(
        "unknown-actor.yaml",
        base.replace("    actors: [policy_makers, c", "    actors: [hackers]"),
        "policy_makers",
    )
    yield case(
        "horizon-unknown.yaml",
        base.replace("    horizon: short", "    horizon: yesterday"),
        "horizon",
    )
    yield case(
        "ranking-not-a-ranking.yaml",
        base.replace("  ranking:", "  ranking: biggest_obstacle"),
        "biggest_obstacle",
    )


# -- responses ----------------------------------------------------------------------------------


def response_cases() -> Iterator[Case]:
    numbers = iter(range(1, 1000))

    def base() -> Base:
        return Base(response_base(f"hostile-{next(numbers):04d}"))

    yield from yaml_cases(
        "responses",
        base(),
        answers=True,
        anchors={
            "top": "language:",
            "text": "  portfolio_comment:",
            "number": "  clusters_in_edp:",
            "nested": "  region_name:",
        },
    )

    def case(name: str, edit: tuple[str, int], says: str, *, everywhere: bool = True) -> Case:
        return Case("responses", name, edit[0].encode(), edit[1], says, line_everywhere=everywhere)

    # score and plan refuse these responses as a whole, naming the respondent
    refused = {"everywhere": False}
    b = base()
    changed = _other_hash(b.text())
    yield Case(
        "responses",
        "claims-other-hash.yaml",
        changed.encode(),
        b.line_of("  version:"),
        "changed",
        check="warning",
        line_everywhere=False,
    )
    b = base()
    other = _other_hash(b.text().replace("  version: 1.0.0", "  version: 0.9.0"))
    yield Case(
        "responses",
        "claims-other-version.yaml",
        other.encode(),
        b.line_of("  version:"),
        "version",
        check="warning",
        line_everywhere=False,
    )
    yield case(
        "claims-other-questionnaire.yaml",
        base().replace("  id: s3-stress-test", "  id: s3-stress-tests"),
        "s3-stress-tests",
        **refused,
    )
    yield case(
        "questionnaire-id-path.yaml",
        base().replace("  id: s3-stress-test", "  id: ../../etc/passwd"),
        "not valid",
    )
    yield case(
        "region-path.yaml",
        base().replace("  region: AT31", "  region: ../../etc/passwd"),
        "not valid",
    )
    yield case(
        "region-path-2.yaml",
        base().replace("  region: AT31", "  region: AT31/../../x"),
        "not valid",
    )
    yield case(
        "respondent-id-path.yaml", base().replace("  id: hostile-", "  id: ../../x"), "not valid"
    )
    yield case(
        "group-unknown.yaml",
        base().replace("  group: academia", "  group: hackers"),
        "hackers",
        **refused,
    )
    hidden = base()
    hidden_text, _ = hidden.replace("  s3_calls_exist: true", "  s3_calls_exist: false")
    yield Case(
        "responses",
        "answers-hidden-question.yaml",
        hidden_text.encode(),
        hidden.line_of("  s3_calls_targeting:"),
        "hidden",
        line_everywhere=False,
    )
    yield case(
        "unknown-question.yaml",
        base().insert("answers:", "  no_such_question: 3"),
        "no_such_question",
        **refused,
    )
    yield case(
        "answer-wrong-type.yaml",
        base().replace("  clusters_in_edp:", "  clusters_in_edp: {a: 1}"),
        "clusters_in_edp",
    )

    yield case(
        "answer-out-of-range.yaml",
        base().replace("  clusters_in_edp:", "  clusters_in_edp: 9"),
        "0 to 5",
        **refused,
    )
    yield case(
        "answer-boolean.yaml",
        base().replace("  clusters_in_edp:", "  clusters_in_edp: true"),
        "whole number",
        **refused,
    )
    yield case(
        "answer-duplicate-choice.yaml",
        at_line(
            base().insert("  - tourism_creative", "  - tourism_creative"),
            base().line_of("  priority_domains:"),
        ),
        "twice",
        **refused,
    )
    yield case(
        "answer-too-long.yaml",
        base().replace("  portfolio_comment:", "  portfolio_comment: " + "blah " * 400),
        "at most",
        **refused,
    )
    yield case(
        "updated-before-started.yaml",
        base().replace("updated:", "updated: '2020-01-01T00:00:00Z'"),
        "before",
        **refused,
    )
    yield case("status-unknown.yaml", base().replace("status:", "status: hacked"), "partial")
    yield case(
        "format-version-2.yaml",
        base().replace("s3engine_response:", "s3engine_response: 2"),
        "input should be 1",
    )
    yield case(
        "consent-withdrawn.yaml", base().replace("consent:", "consent: false"), "consent", **refused
    )
    yield case(
        "language-unknown.yaml", base().replace("language:", "language: tlh"), "tlh", **refused
    )
    yield case(
        "no-marker.yaml", base().replace("s3engine_response:", "format: 1"), "s3engine_response"
    )

    # JSON and JSON Lines
    document = json.loads(json.dumps(_yaml_data(response_base("hostile-json-0001"))))
    text = json.dumps(document, indent=2, ensure_ascii=False)
    json_base = Base(text)
    yield Case("responses", "json-truncated.json", text[: len(text) // 2].encode(), None, "json")
    dup_line = json_base.line_of('    "clusters_in_priority_setting"')
    duplicated = json_base.lines[dup_line - 1]
    dup, at = json_base.insert('    "clusters_in_priority_setting"', duplicated)
    yield Case("responses", "json-duplicate-key.json", dup.encode(), at, "twice")
    nan, at = json_base.replace('    "clusters_in_edp"', '    "clusters_in_edp": NaN,')
    yield Case(
        "responses", "json-nan.json", nan.encode(), at, "clusters_in_edp", line_everywhere=False
    )
    yield Case("responses", "json-list.json", b"[1, 2, 3]\n", 1, "mapping")
    lines = []
    for number in range(1, 5):
        record = dict(
            document, respondent=dict(document["respondent"], id=f"hostile-line-{number}")
        )
        lines.append(json.dumps(record, ensure_ascii=False))
    broken = [*lines[:2], lines[2][: len(lines[2]) // 3], lines[3]]
    yield Case(
        "responses", "jsonl-broken-line.jsonl", ("\n".join(broken) + "\n").encode(), 3, "json"
    )
    nul = [*lines[:1], lines[1].replace('"AT31"', '"AT\\u000031"'), *lines[2:]]
    yield Case(
        "responses", "jsonl-nul-in-region.jsonl", ("\n".join(nul) + "\n").encode(), 2, "region"
    )
    yield Case(
        "responses",
        "jsonl-utf-16.jsonl",
        ("\n".join(lines[:2]) + "\n").encode("utf-16"),
        1,
        "utf-8",
    )
    # cases added later, numbered apart so that the ids above stay as they were
    late_numbers = iter(range(9001, 9999))

    def late() -> Base:
        return Base(response_base(f"hostile-{next(late_numbers):04d}"))

    # a whole number no float holds: it stopped score and plan for every region
    yield case(
        "answer-400-digits.yaml",
        late().replace("  clusters_in_edp:", "  clusters_in_edp: " + "9" * 400),
        "clusters_in_edp",
    )
    yield case(
        "answer-400-digits-negative.yaml",
        late().replace("  clusters_in_edp:", "  clusters_in_edp: -" + "9" * 400),
        "clusters_in_edp",
    )
    # a text is no consent
    yield case("consent-text.yaml", late().replace("consent:", 'consent: "yes"'), "boolean")
    # thousands of keys no model knows: listed 20, the rest counted
    many = late()
    first = many.line_of("  region:")
    many_text, _ = many.insert("  id: hostile-", *(f"  k{i}: 0" for i in range(3000)))
    yield Case("responses", "unknown-keys-3000.yaml", many_text.encode(), first, "2,980 more")


def _yaml_data(text: str) -> object:
    import yaml

    return yaml.safe_load(text)


# -- answers files ------------------------------------------------------------------------------


def answers_cases() -> Iterator[Case]:
    base = Base(answers_base())
    anchors = {
        "top": "language:",
        "text": "  portfolio_comment:",
        "number": "  clusters_in_edp:",
        "nested": "  region:",
    }
    yield from yaml_cases("answers", base, anchors)

    def case(name: str, edit: tuple[str, int], says: str) -> Case:
        return Case("answers", name, edit[0].encode(), edit[1], says)

    yield case("region-path.yaml", base.replace("  region:", "  region: ../../etc/passwd"), "nuts")
    yield case("region-path-2.yaml", base.replace("  region:", "  region: AT31/../../x"), "nuts")
    yield case("group-path.yaml", base.replace("  group:", "  group: ../../x"), "group")
    yield case(
        "organisation-too-long.yaml",
        base.insert("  group:", "  organisation: " + "x" * 400),
        "at most",
    )
    hidden = base.replace("  s3_calls_exist: true", "  s3_calls_exist: false")
    yield Case(
        "answers",
        "answers-hidden-question.yaml",
        hidden[0].encode(),
        base.line_of("  s3_calls_targeting:"),
        "hidden",
    )
    yield case(
        "unknown-question.yaml",
        base.insert("answers:", "  no_such_question: 3"),
        "no_such_question",
    )
    yield case(
        "answer-out-of-range.yaml",
        base.replace("  clusters_in_edp:", "  clusters_in_edp: -3"),
        "0 to 5",
    )
    yield case(
        "answer-list-for-scale.yaml",
        base.replace("  clusters_in_edp:", "  clusters_in_edp: [1, 2]"),
        "clusters_in_edp",
    )
    yield case("consent-declined.yaml", base.replace("consent:", "consent: false"), "consent")
    yield case("language-unknown.yaml", base.replace("language:", "language: xx"), "xx")
    yield case(
        "skipped-and-answered.yaml",
        base.replace("- cooperation_agreements_exist", "- clusters_in_edp"),
        "also answered",
    )
    yield case(
        "required-skipped.yaml",
        base.replace("  clusters_in_edp:", "  clusters_in_edp: null"),
        "required",
    )


# -- CSV ----------------------------------------------------------------------------------------


def csv_cases() -> Iterator[Case]:
    base = Base(csv_base())

    def case(name: str, content: str | bytes, line: int | None, says: str) -> Case:
        data = content.encode("utf-8") if isinstance(content, str) else content
        return Case("csv", name, data, line, says)

    row = "A,PPS_HAB_EU27_2020,ITC1,2022"
    yield case("empty.csv", "", None, "empty")
    yield case("header-only.csv", CSV_HEADER + "\n", None, "no data rows")
    yield case("blank-first-line.csv", "\n" + base.text(), 1, "first line")
    yield case("duplicate-header.csv", base.text().replace("time,", "geo,", 1), 1, "layout")
    twice = base.text().replace("obs_value\n", "obs_value,unit\n", 1)
    twice = (
        "\n".join(line + ",X" if i else line for i, line in enumerate(twice.splitlines())) + "\n"
    )
    yield case("duplicate-column.csv", twice, 1, "twice")
    yield case("ragged-row.csv", *base.replace(row, row + ",98,extra"), "fields")
    yield case("short-row.csv", *base.replace(row, "A,PPS_HAB_EU27_2020,ITC1"), "fields")
    yield case("mixed-delimiters.csv", *base.replace(row, row.replace(",", ";") + ";98"), "fields")
    yield case("semicolons-in-header.csv", base.text().replace(",", ";", 2), 1, "layout")
    yield case("unterminated-quote.csv", *base.replace(row, row + ',"98'), "quote")
    yield case(
        "formula-region.csv",
        *base.replace(row, "A,PPS_HAB_EU27_2020,=cmd|' /C calc'!A0,2022,98"),
        "not a region code",
    )
    yield case(
        "path-region.csv",
        *base.replace(row, "A,PPS_HAB_EU27_2020,../../etc/passwd,2022,98"),
        "not a region code",
    )
    yield case(
        "path-region-2.csv",
        *base.replace(row, "A,PPS_HAB_EU27_2020,AT31/../../x,2022,98"),
        "not a region code",
    )
    yield case(
        "script-region.csv",
        *base.replace(row, "A,PPS_HAB_EU27_2020,<script>alert(1)</script>,2022,98"),
        "not a region code",
    )
    yield case(
        "markup-region.csv",
        *base.replace(row, "A,PPS_HAB_EU27_2020,[/],2022,98"),
        "not a region code",
    )
    yield case(
        "escape-region.csv",
        *base.replace(row, "A,PPS_HAB_EU27_2020,\x1b[2J,2022,98"),
        "control character",
    )
    yield case("value-nan.csv", *base.replace(row, row + ",NaN"), "not a number")
    yield case("value-inf.csv", *base.replace(row, row + ",inf"), "not a number")
    yield case("value-1e308.csv", *base.replace(row, row + ",1e308"), "too large")
    yield case("value-formula.csv", *base.replace(row, row + ",=1+1"), "not a number")
    yield case(
        "value-huge-cell.csv",
        *base.replace(row, row + "," + "9" * 200_000),
        "longer than 131072 characters",
    )
    yield case(
        "year-not-a-year.csv", *base.replace(row, "A,PPS_HAB_EU27_2020,ITC1,20222,98"), "not a year"
    )
    yield case(
        "nul-in-row.csv",
        *base.replace(row, "A,PPS_HAB_EU27_2020,IT\x00C1,2022,98"),
        "control character",
    )
    yield case("utf-16.csv", base.text().encode("utf-16"), 1, "utf-8")
    latin1, at = base.replace(row, "A,PPS_HAB_EU27_2020,ITC1,2022,98 Piemonte-Aosta ö")
    yield case("latin-1.csv", latin1.encode("latin-1"), at, "utf-8")
    yield case("duplicate-row.csv", *base.insert(row, row + ",99"), "given twice")
    # a stray quote carries a value over two lines: the rows between were swallowed unsaid
    opened = base.text().replace("A,PPS_HAB_EU27_2020,AT32,", 'A,"PPS_HAB_EU27_2020,AT32,', 1)
    closed = opened.replace("A,PPS_HAB_EU27_2020,CH02,", 'A,PPS_HAB_EU27_2020",CH02,', 1)
    lines = closed.splitlines()
    end = next(
        n
        for n, line in enumerate(lines, 1)
        if '"' in line and line.count('"') == 1 and n > 2 and "CH02" in line
    )
    yield case("quote-spans-lines.csv", closed, end, "several lines")
    yield case("tsv-export.csv", "geo\\time\t2021\t2022\nAT31\t127\t125\n", 1, "tab-separated")
    wide = "region,gdp_pps\nAT31,127\nAT32\n"
    yield case("wide-cut-off.csv", wide, None, "layout")
    sdmx = HERE.parent.parent / "examples" / "data" / "eurostat" / "tgs00042_gerd_pct_gdp.csv"
    sdmx_lines = sdmx.read_text(encoding="utf-8").splitlines()[:12]
    bad = sdmx_lines[5].split(",")
    bad[13] = "12,5"  # a decimal comma where the delimiter is a comma
    sdmx_lines[5] = ",".join(bad)
    yield Case(
        "csv",
        "sdmx-decimal-comma.csv",
        ("\n".join(sdmx_lines) + "\n").encode(),
        6,
        "fields",
        source="gerd",
    )


# -- accepted: hostile text in valid files --------------------------------------------------------

HOSTILE_TEXT = "<script>alert(1)</script> =cmd|' /C calc'!A0 [bold red]x[/] :x: **bold** <b>&amp;"


NEEDS_RESPONSE = (
    HERE.parent.parent
    / "examples"
    / "needs-responses"
    / "AT31"
    / "AT31-government-20240512T171500Z-1b3b9010001f.yaml"
)


def accepted_cases() -> Iterator[Case]:
    """Valid files whose free text is hostile: accepted, and inert in every output. The plan
    quotes the needs survey's comments, so one of them carries the hostile text."""
    import yaml

    needs = yaml.safe_load(NEEDS_RESPONSE.read_text(encoding="utf-8"))
    needs["respondent"]["id"] = "hostile-accepted-needs"
    needs["answers"]["biggest_obstacle"] = HOSTILE_TEXT
    needs["answers"]["suggestions"] = '=HYPERLINK("http://example.org", "click") ' + HOSTILE_TEXT
    comment = yaml.safe_load(response_base("hostile-accepted-1"))
    comment["answers"]["portfolio_comment"] = HOSTILE_TEXT
    names = yaml.safe_load(response_base("hostile-accepted-2"))
    names["respondent"]["organisation"] = HOSTILE_TEXT
    names["respondent"]["region_name"] = '=HYPERLINK("http://example.org") [/] :x:'
    for name, document in (
        ("needs-response-with-hostile-comment.yaml", needs),
        ("response-with-hostile-comment.yaml", comment),
        ("response-with-hostile-names.yaml", names),
    ):
        text = yaml.safe_dump(document, allow_unicode=True, sort_keys=False, width=1000)
        yield Case("accepted", name, text.encode(), None, "")


def cases() -> list[Case]:
    found = [
        *questionnaire_cases(),
        *model_cases(),
        *catalogue_cases(),
        *response_cases(),
        *answers_cases(),
        *csv_cases(),
        *accepted_cases(),
    ]
    names = [c.path for c in found]
    duplicates = {n for n in names if names.count(n) > 1}
    assert not duplicates, duplicates
    return found


def _other_hash(text: str) -> str:
    """The response `text` claiming another content hash of its questionnaire."""
    return re.sub(r"hash: sha256:[0-9a-f]{4}", "hash: sha256:0000", text, count=1)


def write(root: Path = HERE) -> list[Path]:
    """Write every case below `root` (replacing the files of earlier runs); their paths."""
    written = []
    for kind in (*KINDS, "accepted"):
        folder = root / kind
        folder.mkdir(parents=True, exist_ok=True)
        for old in folder.iterdir():
            old.unlink()
    for case in cases():
        path = root / case.path
        path.write_bytes(case.content)
        written.append(path)
    return written


if __name__ == "__main__":
    paths = write()
    size = sum(p.stat().st_size for p in paths)
    print(f"wrote {len(paths)} files, {size / 1024:.0f} KiB, below {HERE}")
