"""The result is built without validating again what the engine computed (results.made).

Validation would only copy the values, so the result must be exactly what validating it
again makes: the same objects, the same JSON, and no value of another type than its field's
(pydantic warns when it writes one out).
"""

from __future__ import annotations

import copy
import pickle
import shutil
import warnings
from pathlib import Path

import pytest
from conftest import REPO

from s3engine.scoring.inputs import ScoreRequest, score_files
from s3engine.scoring.results import GateCheck, ScoreResult

RESPONSES = REPO / "examples" / "responses"
DATA = REPO / "examples" / "data" / "eurostat"


def _same_once_validated(result: ScoreResult) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a value of another type than its field's
        written = result.model_dump_json(indent=2)
    again = ScoreResult.model_validate(result.model_dump())
    assert again == result
    assert again.model_dump_json(indent=2) == written
    assert ScoreResult.model_validate_json(written) == result


@pytest.mark.parametrize("sensitivity", [0, 20])
def test_the_result_of_the_examples_is_what_validation_makes(sensitivity: int) -> None:
    result = score_files(
        ScoreRequest(responses=[str(RESPONSES)], data=[str(DATA)], sensitivity=sensitivity)
    ).result
    assert any(gate.changed_class for region in result.regions for gate in region.gates)
    assert any(i.year for r in result.regions for d in r.dimensions for i in d.indicators)
    _same_once_validated(result)


def test_a_result_with_missing_values_and_few_answers_is_what_validation_makes(
    tmp_path: Path,
) -> None:
    """A region the data lack, and stakeholder groups below the minimum of answers."""
    few = tmp_path / "responses"
    for region in ("AT31", "SI03"):
        (few / region).mkdir(parents=True)
        for source in sorted((RESPONSES / region).iterdir())[:3]:
            (few / region / source.name).write_bytes(source.read_bytes())
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    tertiary = data / "tgs00109_tertiary_education.csv"
    lines = tertiary.read_text(encoding="utf-8").splitlines(keepends=True)
    tertiary.write_text("".join(line for line in lines if ",AT31," not in line), "utf-8")
    result = score_files(ScoreRequest(responses=[str(few)], data=[str(data)])).result
    assert {r.class_id for r in result.regions} == {"insufficient_evidence"}
    notes = [i.note for r in result.regions for d in r.dimensions for i in d.indicators]
    assert any("not in" in (note or "") for note in notes), notes
    _same_once_validated(result)


def test_made_takes_the_defaults_and_the_order_of_the_fields() -> None:
    values = {
        "note": None,
        "class_id": "convergence",
        "fired": True,
        "value": 70.5,
        "condition": "gdp < 75",
        "label": {"en": "GDP", "de": "BIP"},
        "id": "gdp",
    }
    made = GateCheck.made(dict(values))
    validated = GateCheck(**values)
    assert made == validated
    assert made.model_dump_json() == validated.model_dump_json()
    assert made.model_fields_set == validated.model_fields_set == set(values)
    assert made.changed_class is False
    del values["class_id"]
    with pytest.raises(TypeError, match="class_id is required"):
        GateCheck.made(values)


def test_objects_made_with_every_field_share_a_fields_set_no_one_can_change() -> None:
    """The tens of thousands of objects of a result share one fields set (results.made):
    changing it in place is refused, so no object can change another's; pydantic's copies
    (model_copy with or without changes, deep copies, pickling) each get a set of their
    own, and the fields set still tells what was given, as for an object validated."""
    result = score_files(ScoreRequest(responses=[str(RESPONSES)], data=[str(DATA)])).result
    indicators = [i for r in result.regions for d in r.dimensions for i in d.indicators]
    first, second = indicators[0], indicators[1]
    assert first.model_fields_set is second.model_fields_set
    validated = type(first).model_validate(first.model_dump())
    assert first.model_fields_set == validated.model_fields_set == set(type(first).model_fields)
    assert first.model_dump(exclude_unset=True) == validated.model_dump(exclude_unset=True)
    shared = first.model_fields_set
    for change in (
        lambda: shared.add("x"),
        lambda: shared.update({"x"}),
        lambda: shared.discard("id"),
        lambda: shared.clear(),
        lambda: shared.__ior__({"x"}),
    ):
        with pytest.raises(TypeError, match="shared"):
            change()
    assert second.model_fields_set == set(type(first).model_fields)
    changed = first.model_copy(update={"note": "checked again"})
    assert changed.note == "checked again" and first.note != "checked again"
    for copied in (
        changed,
        first.model_copy(),
        copy.deepcopy(first),
        pickle.loads(pickle.dumps(first)),
    ):
        assert copied.model_fields_set is not shared
        copied.model_fields_set.add("x")  # a set of its own
    assert "x" not in shared
