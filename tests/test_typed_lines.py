"""A line of JSON Lines counted by the typed decoder is one the reader and the plain path
would have counted, in the same way.

`score` gives each line of a JSON Lines file to SurveyTally.add_line first (a msgspec
decoder typed after the questionnaire, scoring/typed_lines.py); what it does not count is
read by the JSON reader and checked by the plain and full paths. Property tests draw lines
(plausible responses, often with something wrong: types, times, hidden answers, keys given
twice, keys written with space before their colon) and compare.
"""

from __future__ import annotations

import json
import re
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import TypeAdapter
from test_scoring_plain import MODEL, REF, Q, documents

from s3engine.core.findings import Finding, S3Error
from s3engine.core.limits import MAX_ORGANISATION_LENGTH
from s3engine.core.models import OrganisationName, plainly_a_name
from s3engine.io.jsonio import read_json
from s3engine.questionnaire.answers import (
    choices_rule,
    file_words,
    text_problem,
    texts_rule,
    value_problem,
)
from s3engine.questionnaire.model import MultipleChoice, TextQuestion
from s3engine.responses import files as files_module
from s3engine.responses.files import json_lines
from s3engine.responses.model import QuestionnaireRef, Respondent, Response, Wave
from s3engine.scoring import typed_lines
from s3engine.scoring.inputs import count_documents
from s3engine.scoring.plain_response import RESPONDENT_ID_MATCH, UTC_SECOND_MATCH
from s3engine.scoring.tally import SurveyTally
from s3engine.scoring.typed_lines import Batch, LineRules, _plain_ids, _utc_seconds

ORGANISATION = TypeAdapter[str](OrganisationName).validate_python
SEPARATORS = [(", ", ": "), (",", ":"), (",", " : "), (", ", ":\t"), (",", " \t:")]


def _written(draw: st.DrawFn, document: dict[str, Any]) -> bytes:
    """`document` written on one line, in one of the ways JSON allows, maybe spoilt."""
    text = json.dumps(
        document,
        separators=draw(st.sampled_from(SEPARATORS)),
        ensure_ascii=draw(st.booleans()),
    )
    if draw(st.integers(0, 3)) == 0:  # a key given twice, as a careless editor would
        keys = [m.start() for m in re.finditer(r'"[^"\\]*"\s*:', text)]
        at = draw(st.sampled_from(keys))
        end = text.index(":", at) + 1
        value = draw(st.sampled_from(["1", '"x"', "true", "[]", '"2024-05-01T10:00:00Z"']))
        text = text[:at] + text[at:end] + value + "," + text[at:]
    return text.encode("utf-8")


@st.composite
def lines(draw: st.DrawFn) -> bytes:
    """A response written on one line, in one of the ways JSON allows, maybe spoilt."""
    return _written(draw, draw(documents()))


@st.composite
def files(draw: st.DrawFn) -> list[bytes]:
    """The lines of a JSON Lines file: responses of a few respondents (some given twice) in
    a few regions, many of them valid, some spoilt, some not JSON at all."""
    found: list[bytes] = []
    for _ in range(draw(st.integers(1, 25))):
        document = draw(documents())
        who = document.get("respondent")
        if isinstance(who, dict) and who.get("region") == "AT31":
            who["id"] = draw(st.sampled_from(["abcd1234", "efgh5678", "ijkl9012", "mnop3456"]))
            who["region"] = draw(st.sampled_from(["AT31", "AT32", "AT33", "AT34"]))
        line = _written(draw, document)
        if draw(st.integers(0, 19)) == 0:
            line = line[: len(line) // 2]  # cut short
        found.append(line)
    return found


def _full(line: bytes) -> SurveyTally | None:
    """The tally of the line as read and checked without the typed decoder; None when the
    line is not counted (not JSON, a key given twice, not a valid response)."""
    tally = SurveyTally(MODEL, Q)
    try:
        data = read_json(line, "r.jsonl", 1)
    except S3Error:
        return None
    if tally.add_plain(data):
        return tally
    try:
        response = Response.model_validate(data)
    except ValueError:
        return None
    return tally if tally.add(response) == [] else None


def _totals(tally: SurveyTally) -> Any:
    return (tally.read, tally.names, tally.totals())


def _both_ways(lines: list[bytes]) -> tuple[tuple[Any, ...], tuple[Any, ...]]:
    """What counting a file of `lines` gives, with the typed decoder and without it."""
    found = []
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "r.jsonl"
        path.write_bytes(b"\n".join(lines) + b"\n")
        for quick in (True, False):
            tally = SurveyTally(MODEL, Q)
            problems: list[Finding] = []
            documents = json_lines(path, quick=tally.add_lines if quick else None)
            unreadable = count_documents(tally, documents, problems)
            found.append(
                (
                    *_totals(tally),
                    tally.refused,
                    tally.refusals,
                    problems,
                    unreadable,
                    len(tally.ids),
                )
            )
    return found[0], found[1]


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(line=lines())
def test_a_line_counted_by_the_typed_decoder_is_counted_alike_without_it(line: bytes) -> None:
    typed = SurveyTally(MODEL, Q)
    if not typed.add_line(line):
        assert typed.read == 0 and typed.cells == {} and len(typed.ids) == 0
        return
    full = _full(line)
    assert full is not None, line
    assert _totals(typed) == _totals(full)
    assert not typed.add_line(line)  # given twice: left to the full path, which refuses it


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(lines=files())
def test_a_file_is_counted_alike_with_the_typed_decoder_and_without_it(
    lines: list[bytes],
) -> None:
    """Lines are given to the typed decoder in batches and checked column by column; what
    it does not count is read in order: the same counts, refusals and messages."""
    with_decoder, without = _both_ways(lines)
    assert with_decoder == without


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(lines=files())
def test_the_texts_of_responses_read_are_counted_as_msgspec_writes_them(
    lines: list[bytes],
) -> None:
    """A key given twice is found by its quotes: the lines hold two per text (key or value)
    written, the responses read are written with two per text that Batch counts over the
    columns (Batch.texts), without writing them. Counted too many, a key given twice would
    go unseen; so the count is exactly that of the responses written again."""
    _assert_texts_counted(lines)


def test_every_field_given_null_or_left_out_is_counted_as_msgspec_writes_it() -> None:
    """Each field that may be left out, given, null and left out, in a batch alone and in
    batches together."""
    who = {"id": "abcd1234", "region": "AT31", "group": "industry"}
    lines = [
        _line(),
        _line(wave={"id": "2026", "period": "2026-03/2026-05"}),
        _line(wave=None, consent=None, submitted=None, status="partial"),
        _line(consent=True, skipped=[], answers={}),
        _line(respondent={**who, "region_name": None, "organisation": "ACME", "sector": None}),
        _line(respondent=who, answers={"rate": 1, "many": ["a", "c"], "note": "fine"}),
    ]
    for line in lines:
        _assert_texts_counted([line])
    _assert_texts_counted(lines)
    document = json.loads(_line())
    del document["s3engine_response"], document["submitted"], document["skipped"]
    _assert_texts_counted([json.dumps(document).encode(), *lines])


def _assert_texts_counted(lines: list[bytes]) -> None:
    """Batch.texts of the lines the typed decoder reads is the number of texts msgspec
    writes them with."""
    rules = LineRules(SurveyTally(MODEL, Q))
    read, kept, _ = rules._read(lines)
    if not read:
        return
    taken = [lines[i] for i in kept]
    batch = Batch(rules, read, taken, b"".join(taken))
    assert 2 * batch.texts == rules.encode(read).count(b'"')


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(lines=files())
def test_a_file_is_counted_alike_when_what_is_shown_is_remembered_anew(
    lines: list[bytes],
) -> None:
    """What each set of questions shown asks of the answers (hidden, required) is kept for
    MAX_MEMO responses at most, then found anew: with a bound of 2, the same counts."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(typed_lines, "MAX_MEMO", 2)
        with_decoder, without = _both_ways(lines)
    assert with_decoder == without


def test_batches_of_many_regions_are_counted_alike(monkeypatch: pytest.MonkeyPatch) -> None:
    """Batches that hold many cells (the counts' array grows), a respondent given twice
    in one batch and across two, and lines the decoder leaves to the reader between them."""
    monkeypatch.setattr(files_module, "QUICK_BATCH", 7)
    lines = []
    for i in range(60):
        region = f"AT3{1 + i % 4}"
        respondent = {"id": f"id{i % 45:06d}", "region": region, "group": "industry"}
        lines.append(_line(respondent=respondent))
        if i % 9 == 0:
            lines.append(_line(answers={"rate": 9}))
    with_decoder, without = _both_ways(lines)
    assert with_decoder == without
    assert with_decoder[0] == 45 and with_decoder[3] == 15 + 7


def _line(**changes: Any) -> bytes:
    document: dict[str, Any] = {
        "s3engine_response": 1,
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
    document.update(changes)
    return json.dumps(document).encode()


def test_common_lines_are_counted_by_the_typed_decoder() -> None:
    tally = SurveyTally(MODEL, Q)
    assert tally.add_line(_line())
    partial = _line(
        status="partial",
        submitted=None,
        answers={"rate": 0, "many": ["a", "b"], "note": "fine"},
        skipped=[],
        respondent={"id": "efgh5678", "region": "AT31", "group": "industry"},
    )
    assert tally.add_line(partial)
    assert tally.read == 2 and tally.totals()["AT31"]["industry"].respondents == 2


def test_what_the_typed_decoder_cannot_vouch_for_is_left_to_the_reader() -> None:
    tally = SurveyTally(MODEL, Q)
    repeated = _line().replace(b'"language": "en"', b'"language": "en", "language": "de"')
    spaced = _line().replace(b'"language": "en"', b'"language" : "de", "language":"en"')
    escaped = _line().replace(b'"ict"', b'"ict", "organisation": "ACME \\"Alps\\""')
    for line in (
        repeated,  # the reader refuses a key given twice,
        spaced,  # however it is written
        escaped,  # an escaped character: the reader reads it
        _line(answers={"rate": 3.0}),  # the answer rules take 3.0 for 3: the plain path does
        _line(answers={"rate": 9}),
        _line(questionnaire={**REF, "version": "2"}),
        _line(started="2024-05-01T12:00:00+02:00"),
    ):
        assert not tally.add_line(line), line
    assert tally.read == 0
    assert _full(repeated) is None and _full(spaced) is None and _full(escaped) is not None
    # space before a colon is JSON too
    assert tally.add_line(_line().replace(b'"language":', b'"language" \t:'))


_ID_TEXTS = st.text(alphabet="ab9_-\n\r $é٣", min_size=0, max_size=70)


@settings(max_examples=600, deadline=None)
@given(ids=st.lists(st.sampled_from(["abcd1234", "x" * 64, "x" * 65, "abc"]) | _ID_TEXTS))
def test_a_column_of_ids_is_taken_at_once_as_each_id_is_alone(ids: list[str]) -> None:
    """The respondent ids of a batch are checked joined, each followed by a line break: the
    same verdict as the id's pattern gives each, an id holding a line break included."""
    assert _plain_ids(ids) is all(RESPONDENT_ID_MATCH(i) is not None for i in ids)


@st.composite
def times(draw: st.DrawFn) -> str:
    """A time as s3engine writes it, or one a character away from it, or any text."""
    written = draw(st.datetimes()).isoformat(timespec="seconds") + "Z"
    kind = draw(st.integers(0, 4))
    if kind == 0:
        return written
    if kind == 4:  # a digit of it replaced (minutes or seconds 50 to 99, a year, a day...)
        at = draw(st.sampled_from([14, 17, 14, 17, 0, 3, 5, 6, 8, 9, 12, 15, 18]))
        digit = draw(st.sampled_from("5669" if at in (14, 17) else "0123456789"))
        return written[:at] + digit + written[at + 1 :]
    if kind == 1:  # one character replaced, added or dropped
        at = draw(st.integers(0, len(written)))
        other = draw(st.sampled_from(["", "0", "2", "4", "6", "9", ":", "-", "T", "Z", "\n"]))
        other += draw(st.sampled_from(["", "\u0663", "é", " "]))
        return written[:at] + other + written[at + draw(st.integers(0, 1)) :]
    if kind == 2:  # an hour of the day's range's edges
        hour = draw(st.sampled_from(["00", "09", "19", "20", "23", "24", "29", "30", "99"]))
        return written[:11] + hour + written[13:]
    return draw(st.text(max_size=22))


@settings(max_examples=600, deadline=None)
@given(column=st.lists(times(), max_size=6))
def test_a_column_of_times_is_taken_at_once_as_each_time_is_alone(column: list[str]) -> None:
    """The check of a column of times over its bytes takes it exactly when the form of a
    time (UTC_SECOND) takes each of them, and gives each time's bytes."""
    rows = _utc_seconds(column)
    every = bool(column) and all(UTC_SECOND_MATCH(time) for time in column)
    assert (rows is not None) is every
    if rows is not None:
        assert [bytes(row[:-1]).decode() for row in rows] == column


def test_every_character_of_a_time_is_checked_as_the_form_of_a_time_checks_it() -> None:
    """Each character of a time replaced by every ASCII character and a few others, alone
    and beside a time as written: the column is taken exactly when UTC_SECOND_MATCH takes
    the time."""
    for written in ("2026-05-01T19:59:59Z", "1999-12-31T23:00:00Z"):
        for at in range(len(written)):
            for other in [chr(code) for code in range(128)] + ["\u0663", "é", "\u2028"]:
                time = written[:at] + other + written[at + 1 :]
                expected = UTC_SECOND_MATCH(time) is not None
                assert (_utc_seconds([time]) is not None) is expected, time
                assert (_utc_seconds([written, time, written]) is not None) is expected, time


@settings(max_examples=300, deadline=None)
@given(
    text=st.text(max_size=12) | st.sampled_from(["ACME", " ", "A" * 301, "A\u202eB", "A\u2028B"])
)
def test_a_text_plainly_a_name_is_a_name(text: str) -> None:
    """The quick test of the plain path takes only names the name rule takes."""
    if plainly_a_name(text, MAX_ORGANISATION_LENGTH):
        ORGANISATION(text)


@settings(max_examples=300, deadline=None)
@given(value=st.lists(st.sampled_from(["a", "b", "c", "z", ""]), max_size=4))
def test_the_rule_of_a_list_of_options_is_that_of_the_answer_rules(value: list[str]) -> None:
    many = Q.question_index["many"]
    assert isinstance(many, MultipleChoice)
    if value:  # an empty list is left to the answer rules
        expected = value_problem(Q, many, value, file_words) is None
        assert choices_rule(Q, many)(value) is expected


NOTE = TextQuestion.model_validate(
    {"id": "note", "type": "text", "text": {"en": "Note"}, "max_length": 6}
)
#: Answers to a text question: texts (some too long, some holding a control character,
#: of those text_problem refuses and those it takes) and values of other types.
TEXT_ANSWERS = (
    st.none()
    | st.text(max_size=8)
    | st.sampled_from(
        ["", "ok", "\x1b[2J", "a\tb", "a\nb", "tab\x7f", "\x85", "\xa0é", "x" * 7, 3, ["a"], True]
    )
)


@settings(max_examples=400, deadline=None)
@given(column=st.lists(TEXT_ANSWERS, max_size=6))
def test_a_column_of_texts_is_taken_when_each_text_is(column: list[Any]) -> None:
    """The test of a column of texts at once takes it exactly when text_problem takes each
    answer given in it."""
    expected = all(text_problem(NOTE, v, file_words) is None for v in column if v is not None)
    assert texts_rule(NOTE)(column) is expected


def test_the_typed_decoder_takes_the_keys_of_the_response_model() -> None:
    """A field added to the Response model (or its parts) is a field of the decoder."""
    types = LineRules(SurveyTally(MODEL, Q)).types
    for name, model in (
        ("response", Response),
        ("questionnaire", QuestionnaireRef),
        ("respondent", Respondent),
        ("wave", Wave),
    ):
        assert set(types[name].__struct_fields__) == set(model.model_fields), name


def test_a_null_where_a_list_is_due_is_left_to_the_response_model() -> None:
    """`skipped: null` is no list: neither fast path counts it (the model refuses it)."""
    tally = SurveyTally(MODEL, Q)
    line = _line(skipped=None)
    assert not tally.add_line(line)
    assert not tally.add_plain(json.loads(line))
    assert _full(line) is None and tally.read == 0
