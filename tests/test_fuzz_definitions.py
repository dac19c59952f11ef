"""Fuzz the loaders of definition files: questionnaires, scoring models, catalogues.

The shipped files are mutated as text (lines deleted, duplicated, swapped, re-indented; keys
renamed; values replaced by other YAML types; anchors, aliases and alias bombs; tabs,
truncation, flipped bytes, other encodings) and as data (any value replaced by a random
one, entries deleted or copied), and random documents are made from nothing. Each result
goes through `check` (check_file) and the loader the other commands use (load_*): the only
exception allowed is S3Error, and every error names the file and, wherever the problem
sits at one place, its line. Cases are drawn by hypothesis, derandomised (the same cases
on every run); their number is printed at the end of the run ("fuzz questionnaire: ...").
"""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hostile.fuzzing import changed, dump, fuzz_settings, shipped_data, shipped_paths, values
from hostile.harness import REPO, assert_located, outcome
from hostile.mutate import HOSTILE_TEXTS, YAML_MUTATIONS, Mutation, apply
from hypothesis import given
from hypothesis import strategies as st

from s3engine.cli.checking import check_file
from s3engine.core.checks import CheckContext
from s3engine.core.findings import Finding, S3Error
from s3engine.plan.catalogue_checks import load_catalogue
from s3engine.questionnaire.checks import load_questionnaire
from s3engine.scoring.checks import load_model

SHIPPED: dict[str, list[Path]] = {
    "questionnaire": [
        REPO / "questionnaires" / "s3-stress-test.yaml",
        REPO / "questionnaires" / "stakeholder-needs.yaml",
    ],
    "model": [REPO / "scoring" / "s3-stress-test.yaml"],
    "catalogue": [REPO / "scoring" / "recommendations.yaml"],
}
LOADERS: dict[str, Callable[[Path], object]] = {
    "questionnaire": load_questionnaire,
    "model": load_model,
    "catalogue": load_catalogue,
}
#: The top-level key that tells `check` the kind of a file.
MARKERS = {"questionnaire": "sections", "model": "dimensions", "catalogue": "recommendations"}


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


def run_loaders(kind: str, path: Path) -> None:
    """`check` and the loader of `kind` on `path`: S3Error at most, findings with places."""

    def call() -> list[Finding]:
        findings = list(check_file(path, CheckContext([path])).findings)
        try:
            LOADERS[kind](path)
        except S3Error as exc:
            findings.extend(exc.findings)
        return findings

    assert_located(outcome(kind, call), path)


# -- text mutations ----------------------------------------------------------------------------

mutations = st.lists(st.sampled_from(YAML_MUTATIONS), min_size=1, max_size=3)
rngs = st.randoms(use_true_random=False)


def mutate_and_load(
    kind: str, workdir: Path, source: Path, chosen: list[Mutation], rng: random.Random
) -> None:
    path = workdir / f"{kind}.yaml"
    path.write_bytes(apply(source.read_bytes(), chosen, rng))
    run_loaders(kind, path)


@fuzz_settings(220)
@given(source=st.sampled_from(SHIPPED["questionnaire"]), chosen=mutations, rng=rngs)
def test_mutated_questionnaires(
    workdir: Path, source: Path, chosen: list[Mutation], rng: random.Random
) -> None:
    mutate_and_load("questionnaire", workdir, source, chosen, rng)


@fuzz_settings(220)
@given(chosen=mutations, rng=rngs)
def test_mutated_models(workdir: Path, chosen: list[Mutation], rng: random.Random) -> None:
    mutate_and_load("model", workdir, SHIPPED["model"][0], chosen, rng)


@fuzz_settings(120)
@given(chosen=mutations, rng=rngs)
def test_mutated_catalogues(workdir: Path, chosen: list[Mutation], rng: random.Random) -> None:
    mutate_and_load("catalogue", workdir, SHIPPED["catalogue"][0], chosen, rng)


# -- data mutations ----------------------------------------------------------------------------


def change_and_load(kind: str, workdir: Path, source: Path, data: st.DataObject) -> None:
    document = changed(shipped_data(source), shipped_paths(source), data)
    path = workdir / f"{kind}-data.yaml"
    path.write_text(dump(document), "utf-8")
    run_loaders(kind, path)


@fuzz_settings(130)
@given(data=st.data())
def test_random_values_in_questionnaires(workdir: Path, data: st.DataObject) -> None:
    source = data.draw(st.sampled_from(SHIPPED["questionnaire"]))
    change_and_load("questionnaire", workdir, source, data)


@fuzz_settings(130)
@given(data=st.data())
def test_random_values_in_models(workdir: Path, data: st.DataObject) -> None:
    change_and_load("model", workdir, SHIPPED["model"][0], data)


@fuzz_settings(80)
@given(data=st.data())
def test_random_values_in_catalogues(workdir: Path, data: st.DataObject) -> None:
    change_and_load("catalogue", workdir, SHIPPED["catalogue"][0], data)


# -- random documents --------------------------------------------------------------------------


@fuzz_settings(60)
@given(
    kind=st.sampled_from(sorted(MARKERS)),
    body=st.dictionaries(st.text(max_size=12) | st.sampled_from(HOSTILE_TEXTS), values),
    marker=values,
)
def test_random_documents(workdir: Path, kind: str, body: dict[Any, Any], marker: Any) -> None:
    path = workdir / f"{kind}-random.yaml"
    body[MARKERS[kind]] = marker
    path.write_text(dump(body), "utf-8")
    run_loaders(kind, path)
