"""Fuzz the readers of responses (YAML, JSON, JSON Lines) and of `survey --answers` files.

The example responses are mutated as text and as data (as in test_fuzz_definitions.py), and
each result is read the three ways the commands read responses: `check` (check_file),
`plan` (load_responses), and `score`, whose fast path hands plain data to the tally before
anything is validated (read_documents, count_documents, then build_result, together with a
region's valid responses, so that the mutated answers reach the arithmetic). Answers files
go through the scripted survey, which writes the response file when they are valid. The only
exception allowed is S3Error; every error names the file and, where it has one, the line.
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml
from hostile.fuzzing import changed, dump, fuzz_settings, key_paths, values
from hostile.harness import REPO, assert_located, outcome
from hostile.mutate import JSON_MUTATIONS, TEXT_MUTATIONS, YAML_MUTATIONS, Mutation, apply
from hypothesis import given
from hypothesis import strategies as st

from s3engine.cli.checking import check_file
from s3engine.core.checks import CheckContext
from s3engine.core.findings import Finding, S3Error
from s3engine.questionnaire.checks import load_questionnaire
from s3engine.questionnaire.model import Questionnaire
from s3engine.responses.files import load_responses, read_documents
from s3engine.scoring.engine import SurveyTally, build_result
from s3engine.scoring.inputs import Inputs, ScoreRequest, count_documents, open_inputs
from s3engine.survey.script import answer_from_file

EXAMPLES = REPO / "examples" / "responses"
#: A region's valid responses, scored together with each mutated one.
REGION = sorted((EXAMPLES / "AT31").glob("*.yaml"))
SOURCES = sorted(EXAMPLES.glob("*/*.yaml"))[::9]
#: Complete responses: their answers make a valid answers file.
COMPLETE = [p for p in SOURCES if b"\nstatus: complete\n" in p.read_bytes()]
ID = re.compile(rb"(?m)^  id: [0-9a-f]{12}$")


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz-responses")


@pytest.fixture(scope="module")
def inputs() -> Inputs:
    data = str(REPO / "examples" / "data" / "eurostat")
    return open_inputs(ScoreRequest(responses=[str(REGION[0])], data=[data]))


@pytest.fixture(scope="module")
def stress_test() -> Questionnaire:
    return load_questionnaire("s3-stress-test")[0]


@cache
def example(path: Path) -> bytes:
    """An example response under a respondent id of its own (not refused as a repeat)."""
    return ID.sub(b"  id: fuzzed000001", path.read_bytes(), count=1)


@cache
def example_data(path: Path) -> Any:
    return yaml.load(example(path), Loader=yaml.CSafeLoader)


def read_all_ways(path: Path, inputs: Inputs, name: str) -> None:
    """check, plan's reader and score's reader and scoring, on `path`."""

    def call() -> list[Finding]:
        findings = list(check_file(path, CheckContext([path])).findings)
        findings.extend(load_responses([path])[1])
        tally = SurveyTally(inputs.model, inputs.questionnaire)
        problems: list[Finding] = []
        count_documents(tally, read_documents([*REGION, path]), problems)
        build_result(
            inputs.model,
            questionnaire=inputs.questionnaire,
            tally=tally,
            statistics=inputs.statistics,
        )
        return [*findings, *problems]

    assert_located(outcome(name, call), path)


mutations = st.lists(st.sampled_from(YAML_MUTATIONS), min_size=1, max_size=3)
json_mutations = st.lists(st.sampled_from(JSON_MUTATIONS + TEXT_MUTATIONS), min_size=1, max_size=3)
rngs = st.randoms(use_true_random=False)


# -- YAML ------------------------------------------------------------------------------------


@fuzz_settings(200)
@given(source=st.sampled_from(SOURCES), chosen=mutations, rng=rngs)
def test_mutated_yaml_responses(
    workdir: Path,
    inputs: Inputs,
    source: Path,
    chosen: list[Mutation],
    rng: random.Random,
) -> None:
    path = workdir / "response.yaml"
    path.write_bytes(apply(example(source), chosen, rng))
    read_all_ways(path, inputs, "response yaml")


@fuzz_settings(150)
@given(source=st.sampled_from(SOURCES), data=st.data())
def test_random_values_in_yaml_responses(
    workdir: Path, inputs: Inputs, source: Path, data: st.DataObject
) -> None:
    document = example_data(source)
    path = workdir / "response-data.yaml"
    path.write_text(dump(changed(document, key_paths(document), data)), "utf-8")
    read_all_ways(path, inputs, "response yaml")


# -- JSON and JSON Lines ------------------------------------------------------------------------


def as_json(document: Any, *, indent: int | None) -> bytes:
    return json.dumps(document, indent=indent, default=str, ensure_ascii=False).encode()


@fuzz_settings(150)
@given(
    source=st.sampled_from(SOURCES),
    indent=st.sampled_from([None, 2]),
    chosen=json_mutations,
    rng=rngs,
)
def test_mutated_json_responses(
    workdir: Path,
    inputs: Inputs,
    source: Path,
    indent: int | None,
    chosen: list[Mutation],
    rng: random.Random,
) -> None:
    path = workdir / "response.json"
    path.write_bytes(apply(as_json(example_data(source), indent=indent), chosen, rng))
    read_all_ways(path, inputs, "response json")


def json_lines(sources: list[Path]) -> Iterator[bytes]:
    for number, source in enumerate(sources):
        document = example_data(source)
        document["respondent"]["id"] = f"fuzzedline{number:02d}"
        yield as_json(document, indent=None)


@fuzz_settings(150)
@given(
    sources=st.lists(st.sampled_from(SOURCES), min_size=1, max_size=4),
    line=st.integers(0, 3),
    data=st.data(),
    chosen=json_mutations,
    rng=rngs,
)
def test_mutated_json_lines(
    workdir: Path,
    inputs: Inputs,
    sources: list[Path],
    line: int,
    data: st.DataObject,
    chosen: list[Mutation],
    rng: random.Random,
) -> None:
    """One line mutated as text or as data, or the whole file as text."""
    lines = list(json_lines(sources))
    at = line % len(lines)
    how = data.draw(st.sampled_from(["line", "data", "file"]))
    if how == "line":
        lines[at] = apply(lines[at], chosen, rng)
    elif how == "data":
        document = json.loads(lines[at])
        lines[at] = as_json(changed(document, key_paths(document), data), indent=None)
    text = b"\n".join(lines) + b"\n"
    if how == "file":
        text = apply(text, chosen, rng)
    path = workdir / "responses.jsonl"
    path.write_bytes(text)
    read_all_ways(path, inputs, "response jsonl")


# -- answers files of `survey --answers` --------------------------------------------------------


def answers_file(source: Path) -> Any:
    """The answers file that gives the answers of an example response."""
    response = example_data(source)
    who = response["respondent"]
    return {
        "language": response["language"],
        "consent": response["consent"],
        "profile": {"region": who["region"], "group": who["group"], "sector": who["sector"]},
        "answers": response["answers"],
        "skipped": response["skipped"],
    }


def run_survey(path: Path, q: Questionnaire, out: Path) -> None:
    def call() -> list[Finding]:
        written = answer_from_file(q, path, out)  # S3Error when anything is wrong
        assert written.is_file()
        return []

    assert_located(outcome("answers", call), path)


@fuzz_settings(150)
@given(
    source=st.sampled_from(COMPLETE),
    suffix=st.sampled_from([".yaml", ".json"]),
    chosen=mutations,
    rng=rngs,
)
def test_mutated_answers_files(
    workdir: Path,
    stress_test: Questionnaire,
    source: Path,
    suffix: str,
    chosen: list[Mutation],
    rng: random.Random,
) -> None:
    document = answers_file(source)
    text = dump(document).encode() if suffix == ".yaml" else as_json(document, indent=2)
    path = workdir / f"answers{suffix}"
    path.write_bytes(apply(text, chosen, rng))
    run_survey(path, stress_test, workdir / "written")


@fuzz_settings(150)
@given(source=st.sampled_from(COMPLETE), data=st.data(), extra=values)
def test_random_values_in_answers_files(
    workdir: Path, stress_test: Questionnaire, source: Path, data: st.DataObject, extra: Any
) -> None:
    document = answers_file(source)
    document = changed(document, key_paths(document), data)
    if isinstance(document.get("answers"), dict) and data.draw(st.booleans()):
        # an answer to a question that may be hidden, of another type, or not exist
        qid = data.draw(st.sampled_from([*stress_test.question_index, "no_such_question"]))
        document["answers"][qid] = extra
    path = workdir / "answers-data.yaml"
    path.write_text(dump(document), "utf-8")
    run_survey(path, stress_test, workdir / "written")


def test_the_unmutated_examples_are_read_without_findings(
    workdir: Path, inputs: Inputs, stress_test: Questionnaire
) -> None:
    """The fuzz cases start from valid files: otherwise they would test nothing."""
    assert len(COMPLETE) >= 5
    for source in SOURCES:
        path = workdir / "valid.yaml"
        path.write_bytes(example(source))
        assert check_file(path, CheckContext([path])).ok
    for source in COMPLETE:
        answers = workdir / "valid-answers.yaml"
        answers.write_text(dump(answers_file(source)), "utf-8")
        try:
            answer_from_file(stress_test, answers, workdir / "written")
        except S3Error as exc:  # pragma: no cover - shown when it fails
            pytest.fail(str(exc))
