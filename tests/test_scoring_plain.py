"""The fast reading path of `score` never accepts or counts what the full path would not.

`score` reads most response documents without building a Response: a fast parser reads the
text (io.jsonio, io.yamlio), and SurveyTally.add_plain checks the plain values with the
Response model's rules and the answer rules. Property tests draw documents, valid and invalid (wrong
types, other questionnaires, bad times, control characters, repeated keys, hidden answers...)
and compare with the full path: the strict reader, the Response model and SurveyTally.add.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError
from test_scoring_checker import IDS, QUESTIONNAIRE, VALUES

from s3engine.core.findings import S3Error
from s3engine.io.jsonio import load_json_text
from s3engine.questionnaire.model import Questionnaire
from s3engine.responses.model import Response
from s3engine.scoring.model import ScoringModel
from s3engine.scoring.respondent_ids import RespondentIds
from s3engine.scoring.tally import SurveyTally

Q = Questionnaire.model_validate({**QUESTIONNAIRE, "consent": None})
MODEL = ScoringModel.model_validate(
    {
        "id": "props-model",
        "version": "1",
        "title": "Properties",
        "languages": ["en"],
        "default_language": "en",
        "dimensions": [
            {
                "id": "d",
                "label": "D",
                "indicators": [
                    {"id": i, "label": i, "question": i}
                    for i in ("rate", "has", "follow", "pick", "count")
                ],
            }
        ],
        "classes": {
            "on_threshold": "above",
            "levels": [{"id": "high", "label": "High", "min": 50}, {"id": "low", "label": "Low"}],
        },
    }
)
REF = {"id": Q.id, "version": Q.version, "hash": Q.content_hash}
STAMPS = [
    "2024-05-01T10:00:00Z",
    "2024-05-01T10:20:00Z",
    "2024-05-01T09:00:00Z",
    "2024-02-30T10:00:00Z",
    "2024-05-01T10:00:00+02:00",
    "2024-05-01T10:00:00.5Z",
    "2024-05-01 10:00:00Z",
    "2024-05-01T10:00:00",
    "2024-05-01",
    "2024-05-31T23:59:59Z",
    "2024-13-01T10:00:00Z",
    1714557600,
    None,
]


def _field(values: list[Any]) -> st.SearchStrategy[Any]:
    return st.sampled_from([_ABSENT, *values])


_ABSENT = object()

RESPONDENT = {
    "id": _field(["abcd1234", "ab", "abcd 1234", "abcd\n", "x" * 65, 1234, "efgh5678"]),
    "region": _field(["AT31", "at31", "ZZ", "EU27_2020", "AT3", 31, None]),
    "group": _field(["industry", "government", "friends", "", None]),
    "region_name": _field(["Oberösterreich", "Ober\x1b[2Jösterreich", 5, None]),
    "organisation": _field(["ACME", "A" * 301, "A\x07CME", None, ["ACME"]]),
    "sector": _field(["ict", "other", "nonsense", None, 3]),
    "extra": _field(["x"]),
}
ENVELOPE = {
    "s3engine_response": _field([1, 2, "1", True, 1.0]),
    "language": _field(["en", "de", "EN", None]),
    "status": _field(["complete", "partial", "done", None]),
    "consent": _field([True, False, None, 1, "yes"]),
    "started": _field(STAMPS),
    "updated": _field(STAMPS),
    "submitted": _field(STAMPS),
    "skipped": _field([[], ["note"], ["rate"], ["unknown"], "note", None, [["note"]]]),
    "wave": _field(
        [
            {"id": "2026", "period": "2026-03/2026-05"},
            {"id": "spring-2026", "period": "2026"},
            {"id": "2026", "period": "March"},
            {"id": 2026, "period": "2026"},
            {"id": "2026"},
            None,
        ]
    ),
    "extra": _field([{}]),
}
ANSWER_VALUES = [*VALUES, None, {}, [{}], [["a"]], "a\x1bb", 1e400, 10**30, 2.0, True]


@st.composite
def plausible_answers(draw: st.DrawFn, group: str) -> dict[str, Any]:
    """Answers a respondent could give (each question may be left out), sometimes spoilt."""
    point = st.integers(0, 5)
    answers: dict[str, Any] = {
        "rate": draw(point),
        "has": draw(st.booleans()),
        "pick": draw(st.sampled_from(["a", "b", ""])),
        "many": draw(st.lists(st.sampled_from("abc"), max_size=2, unique=True)),
        "count": draw(st.integers(0, 10)),
        "note": draw(st.sampled_from(["ok", "", "fine", "five!", "too long"])),
    }
    if group == "industry":
        answers["only"] = draw(point)
    if answers["has"]:
        answers["follow"] = draw(point)
    if answers["count"] > 0:
        answers["part"] = draw(st.integers(0, answers["count"] + 1))  # at most count: a rule
    for qid in draw(st.sampled_from([[], [], []]) | st.lists(st.sampled_from(sorted(answers)))):
        answers.pop(qid, None)
    for _ in range(draw(st.sampled_from([0, 0, 0, 1, 2]))):
        answers[draw(st.sampled_from(IDS))] = draw(st.sampled_from(ANSWER_VALUES))
    return answers


@st.composite
def documents(draw: st.DrawFn) -> dict[str, Any]:
    """A response document: mostly plausible, often with one thing or more wrong."""
    group = draw(st.sampled_from(["industry", "government"]))
    respondent = {"id": "abcd1234", "region": "AT31", "group": group}
    document: dict[str, Any] = {
        "s3engine_response": 1,
        "questionnaire": dict(REF),
        "respondent": respondent,
        "language": "en",
        "status": "complete",
        "started": STAMPS[0],
        "updated": STAMPS[1],
        "submitted": STAMPS[1],
        "answers": draw(plausible_answers(group)),
    }
    if draw(st.booleans()):
        document["status"], document["submitted"] = "partial", None
    for fields, target in ((RESPONDENT, respondent), (ENVELOPE, document)):
        changed = st.lists(st.sampled_from(sorted(fields)), max_size=2, unique=True)
        for key in draw(st.sampled_from([[], []]) | changed):
            value = draw(fields[key])
            if value is _ABSENT:
                target.pop(key, None)
            else:
                target[key] = value
    if draw(st.integers(0, 9)) == 0:
        document["questionnaire"] = {**REF, "version": "2"}
    return document


def _totals(tally: SurveyTally) -> Any:
    return (tally.read, tally.names, tally.totals())


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(document=documents())
def test_the_plain_path_counts_only_what_the_full_path_counts(document: dict[str, Any]) -> None:
    fast = SurveyTally(MODEL, Q)
    counted = fast.add_plain(document)
    if not counted:
        assert fast.read == 0 and fast.cells == {} and len(fast.ids) == 0
        return
    response = Response.model_validate(document)  # the Response model takes it ...
    full = SurveyTally(MODEL, Q)
    assert full.add(response) == []  # ... and the full path counts it,
    assert _totals(fast) == _totals(full)  # in the same way
    # A second response with the same id is left to the full path, which refuses it.
    assert not fast.add_plain(document)
    assert fast.add(response) == full.add(response) != []


def test_common_responses_take_the_plain_path() -> None:
    tally = SurveyTally(MODEL, Q)
    document = {
        "questionnaire": REF,
        "respondent": {"id": "abcd1234", "region": "AT31", "group": "industry", "sector": "ict"},
        "language": "en",
        "status": "complete",
        "started": "2024-05-01T10:00:00Z",
        "updated": "2024-05-01T10:20:00Z",
        "submitted": "2024-05-01T10:20:00Z",
        "answers": {"rate": 3, "has": True, "follow": 4, "pick": "b", "count": 2, "only": 1},
        "skipped": ["note"],
    }
    assert tally.add_plain(document)
    partial = {**document, "status": "partial", "submitted": None, "answers": {"rate": 0}}
    partial["respondent"] = {**document["respondent"], "id": "efgh5678"}
    assert tally.add_plain(partial)
    assert tally.read == 2 and tally.totals()["AT31"]["industry"].respondents == 2


def test_respondent_ids_are_kept_in_16_to_32_bytes_each() -> None:
    ids = RespondentIds()
    names = [f"respondent-{n:06d}" for n in range(50_000)]
    for name in names[::2]:
        ids.add(name)
    assert len(ids) == 25_000
    assert all(name in ids for name in names[::2])
    assert not any(name in ids for name in names[1::2])
    assert 16 * len(ids) <= ids.nbytes <= 32 * len(ids)


# -- the JSON reader ----------------------------------------------------------------------------

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False)
    | st.text(max_size=8)
    | st.sampled_from(['say "yes": no', "a\\b", "10:00", "sha256:ab"]),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner, max_size=3)
    ),
    max_leaves=8,
)


@st.composite
def json_texts(draw: st.DrawFn) -> bytes:
    """The text of a response-like JSON object, written in one of many ways."""
    document: dict[str, Any] = {
        "questionnaire": dict(REF),
        "respondent": {"id": "abcd1234", "region": "AT31"},
        "started": draw(st.sampled_from(["2024-05-01T10:00:00Z", "10:00", 5])),
        "answers": draw(st.dictionaries(st.text(max_size=3), json_values, max_size=4)),
    }
    document.update(draw(st.dictionaries(st.text(max_size=3), json_values, max_size=2)))
    separators = draw(st.sampled_from([(", ", ": "), (",", ":"), (",", " : "), (",\n", ":\t")]))
    text = json.dumps(document, separators=separators, ensure_ascii=draw(st.booleans()))
    if draw(st.booleans()):  # repeat a key somewhere, as a careless editor would
        keys = [m.start() for m in re.finditer(r'"[^"\\]*"\s*:', text)]
        if keys:
            at = draw(st.sampled_from(keys))
            end = text.index(":", at) + 1
            repeated = (
                text[:at]
                + text[at:end]
                + draw(st.sampled_from(["1", '"x"', "{}"]))
                + ","
                + text[at:]
            )
            # the pattern can also start at an escaped quote inside a key (`"\\"id": …`);
            # such an edit breaks the text instead of repeating a key, and is not kept
            if _is_json(repeated):
                text = repeated
    return text.encode("utf-8")


def _is_json(text: str) -> bool:
    try:
        json.loads(text)
    except ValueError:
        return False
    return True


def _json_module(raw: bytes) -> tuple[Any, bool]:
    """What the json module reads, and whether a key is repeated."""
    repeated = False

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        nonlocal repeated
        repeated = repeated or len({k for k, _ in items}) != len(items)
        return dict(items)

    return json.loads(raw, object_pairs_hook=pairs), repeated


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(raw=json_texts())
def test_the_json_reader_reads_what_the_json_module_reads_and_refuses_repeated_keys(
    raw: bytes,
) -> None:
    """io.jsonio is the one JSON reader: the json module's values, and a repeated key is
    refused at its line and column, both in a JSON file and on a line of JSON Lines."""
    expected, repeated = _json_module(raw)
    for line in (None, 7):
        try:
            loaded = load_json_text(raw, "r.json", line)
        except S3Error as exc:
            (finding,) = exc.findings
            assert repeated and finding.code == "duplicate-key", exc.findings
            assert finding.line is not None and finding.line >= (line or 1)
            continue
        assert not repeated and loaded.data == expected
        # the positions, found when asked for, name every key of the text
        assert set(_paths(expected)) <= set(loaded.positions)


def _paths(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    if isinstance(value, dict):
        return [p for k, v in value.items() for p in [(*path, k), *_paths(v, (*path, k))]]
    if isinstance(value, list):
        return [p for i, v in enumerate(value) for p in [(*path, i), *_paths(v, (*path, i))]]
    return []


def test_the_response_model_still_has_the_fields_the_plain_path_reads() -> None:
    """The plain path mirrors the Response model: a new field must be added to it too."""
    assert set(Response.model_fields) == {
        "s3engine_response",
        "questionnaire",
        "wave",
        "respondent",
        "language",
        "status",
        "consent",
        "started",
        "updated",
        "submitted",
        "answers",
        "skipped",
    }
    with pytest.raises(ValidationError):
        Response.model_validate({"questionnaire": REF, "unknown": 1})
