"""A large JSON Lines file is counted in several processes, with the result of one.

parallel_count cuts a file into parts of at least PART_MIN_BYTES; here that is lowered to a
byte, so that the example responses (some 800 lines) are cut into three parts, and every
run is compared with a run in one process (S3ENGINE_JOBS=1): the same JSON, the same
messages at the same lines, the same refusals, whatever lies where the file is cut.
"""

from __future__ import annotations

import itertools
import json
import math
import multiprocessing
import os
import pickle
import random
from array import array
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from conftest import REPO, Cli, Run
from hypothesis import given
from hypothesis import strategies as st

from s3engine.core import exact_sum
from s3engine.core.findings import UsageError
from s3engine.responses.files import json_lines, line_start, lines_before, read_response
from s3engine.responses.files import response_files as find_response_files
from s3engine.scoring import parallel_count
from s3engine.scoring.respondent_ids import RespondentIds
from s3engine.scoring.tally_counts import SlotGrid

RESPONSES = REPO / "examples" / "responses"
DATA = REPO / "examples" / "data" / "eurostat"


def _records() -> list[dict[str, Any]]:
    """The example responses, each five times under other respondent ids."""
    records: list[dict[str, Any]] = []
    for path in find_response_files([RESPONSES]):
        record = json.loads(read_response(path).response.model_dump_json())
        for copy in range(5):
            who = dict(record["respondent"], id=f"{record['respondent']['id']}-{copy}")
            records.append(dict(record, respondent=who))
    return records


@pytest.fixture
def fixed_time(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")


#: While a test counts them (the `forks` fixture): a 1 for each process forked.
_FORKED: list[int] | None = None


def _forked() -> None:
    if _FORKED is not None:
        _FORKED.append(1)


os.register_at_fork(after_in_parent=_forked)


@pytest.fixture
def forks(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    """Parts of one byte at least, and the processes forked, counted."""
    global _FORKED
    monkeypatch.setattr(parallel_count, "PART_MIN_BYTES", 1)
    _FORKED = []
    try:
        yield _FORKED
    finally:
        _FORKED = None


@pytest.fixture
def recounted(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The parts counted again in the parent."""
    slots: list[int] = []
    real = parallel_count._JointProgress.recount

    def spy(joint: Any, slot: int) -> Any:
        slots.append(slot)
        return real(joint, slot)

    monkeypatch.setattr(parallel_count._JointProgress, "recount", spy)
    return slots


@dataclass
class Split:
    """Scores a JSON Lines file in one process, then in parts, and compares."""

    cli: Cli
    monkeypatch: pytest.MonkeyPatch
    folder: Path
    #: the children forked, and the parts counted again in the parent
    forks: list[int]
    recounted: list[int]

    def score(self, lines: list[str], jobs: str = "3") -> Run:
        """What `score` says of `lines` in parts (S3ENGINE_JOBS=jobs): what it says in one."""
        path = self.folder / "responses.jsonl"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        runs = []
        for processes in ("1", jobs):
            self.monkeypatch.setenv("S3ENGINE_JOBS", processes)
            runs.append(self.cli("score", path, "--data", DATA, "--format", "json"))
        alone, parts = runs
        assert (parts.code, parts.out, parts.err) == (alone.code, alone.out, alone.err)
        return parts


@pytest.fixture
def split(
    cli: Cli,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    forks: list[int],
    recounted: list[int],
    fixed_time: None,
) -> Split:
    return Split(cli, monkeypatch, tmp_path, forks, recounted)


def _lines() -> list[str]:
    return [json.dumps(r) for r in _records()]


def test_three_processes_score_like_one(split: Split) -> None:
    parts = split.score(_lines())
    assert len(split.forks) == 2  # three parts: this process and two children
    assert parts.code == 0
    assert json.loads(parts.out)["responses_read"] == len(_records())


def test_problems_are_reported_at_their_lines_whatever_part_they_are_in(split: Split) -> None:
    lines = _lines()
    wrong = json.loads(lines[10])
    wrong["answers"] = dict(wrong["answers"], clusters_in_edp=9)
    wrong["respondent"] = dict(wrong["respondent"], id="wrong-answer")
    n = len(lines)
    for at in (n - 5, (2 * n) // 3, n // 2, n // 3 + 7, 3):  # spread over the three parts
        lines.insert(at, lines[at][: len(lines[at]) // 2])  # cut short
    lines.insert(n // 2 + 40, json.dumps(wrong))
    lines.insert(n // 3 + 20, lines[n // 3 + 21])  # the same respondent twice, in one part
    parts = split.score(lines)
    assert parts.code == 1
    assert parts.err.count("invalid JSON") == 5
    assert "respondent wrong-answer: clusters_in_edp:" in parts.err
    assert "has been read already" in parts.err


def test_a_respondent_given_again_in_a_later_part_is_refused_as_in_one_process(
    split: Split,
) -> None:
    lines = _lines()
    lines.append(lines[5])  # the last part repeats a respondent of the first
    result = json.loads(split.score(lines).out)
    assert len(split.forks) == 2
    assert result["responses_read"] == len(lines) - 1
    assert result["responses_refused"] == 1
    assert split.recounted == [2]  # the last part, counted again here


def test_a_part_whose_child_fails_is_counted_here(split: Split) -> None:
    parent = os.getpid()

    def fails(*args: Any) -> None:
        assert os.getpid() != parent
        raise MemoryError  # whatever stops a child: its part is counted again by the parent

    split.monkeypatch.setattr(parallel_count, "_count_part", fails)
    split.score(_lines())
    assert len(split.forks) == 2
    assert split.recounted == [1, 2]  # the parts of the failed children


def test_children_are_ended_when_the_parent_stops(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, forks: list[int]
) -> None:
    from s3engine.scoring.inputs import ScoreRequest, score_files

    path = tmp_path / "all.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in _records()), encoding="utf-8")
    parent = os.getpid()
    real_count = parallel_count.count_in_parts

    def interrupted(
        tally: Any, path: Path, parts: int, problems: Any, progress: Any, count: Any, quick: Any
    ) -> int:

        def stop(*inner: Any) -> int:
            if os.getpid() == parent:
                raise KeyboardInterrupt  # Ctrl-C while the children count
            result: int = count(*inner)
            return result

        return real_count(tally, path, parts, problems, progress, stop, quick)

    monkeypatch.setattr(parallel_count, "count_in_parts", interrupted)
    monkeypatch.setenv("S3ENGINE_JOBS", "3")
    with pytest.raises(KeyboardInterrupt):
        score_files(ScoreRequest(responses=[str(path)], data=[str(DATA)]))
    assert len(forks) == 2
    assert multiprocessing.active_children() == []  # none is left running or unreaped


def test_the_progress_bar_counts_every_byte_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, forks: list[int]
) -> None:
    from s3engine.scoring.inputs import ScoreRequest, score_files

    path = tmp_path / "all.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in _records()), encoding="utf-8")

    class Bar:
        total = done = 0

        def start(self, total: int) -> None:
            self.total = total

        def advance(self, amount: int) -> None:
            assert amount > 0
            self.done += amount

    bar = Bar()
    monkeypatch.setenv("S3ENGINE_JOBS", "3")
    score_files(ScoreRequest(responses=[str(path)], data=[str(DATA)]), progress=bar)
    assert len(forks) == 2
    assert bar.done == bar.total == path.stat().st_size


def test_a_bad_number_of_jobs_is_one_clear_message(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "all.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in _records()[:20]), encoding="utf-8")
    monkeypatch.setenv("S3ENGINE_JOBS", "many")
    run = cli("score", path, "--data", DATA)
    assert run.code == 2
    assert "S3ENGINE_JOBS=many: give the number of processes" in run.err


def test_one_job_or_a_small_file_is_read_in_one_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "all.jsonl"
    path.write_text("{}\n" * 1000, encoding="utf-8")
    assert parallel_count.parts_for(path, 4) == 1  # far below PART_MIN_BYTES
    monkeypatch.setattr(parallel_count, "PART_MIN_BYTES", 1000)
    assert parallel_count.parts_for(path, 4) == 3
    assert parallel_count.parts_for(path, 1) == 1
    monkeypatch.setenv("S3ENGINE_JOBS", "3")
    assert parallel_count.jobs() == 3
    for wrong in ("0", "-2", "two", "²", "٢", "1.5"):
        monkeypatch.setenv("S3ENGINE_JOBS", wrong)
        with pytest.raises(UsageError, match="a whole number from 1"):
            parallel_count.jobs()


def test_a_utf16_file_is_refused_once_however_many_processes_could_read_it(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """UTF-16 text is not JSON Lines: said once for the file, by the part that starts it,
    which is then the only part (a later part would refuse each of its lines again)."""
    monkeypatch.setattr(parallel_count, "PART_MIN_BYTES", 1000)
    monkeypatch.setenv("S3ENGINE_JOBS", "4")
    path = tmp_path / "all.jsonl"
    text = "".join(json.dumps(r) + "\n" for r in _records()[:40])
    path.write_bytes(text.encode("utf-16"))
    assert parallel_count.parts_for(path, 4) == 1
    run = cli("score", path, "--data", DATA)
    assert run.output.count("the file is UTF-16 text") == 1, run.output
    assert "invalid JSON" not in run.output and "0xFF" not in run.output
    assert "1 response documents could not be read" in run.output


def test_when_no_process_can_be_forked_the_parts_are_counted_here(split: Split) -> None:
    real_fork = os.fork
    calls: list[int] = []

    def fork_once() -> int:  # the first child is forked, then the system says no
        calls.append(1)
        if len(calls) > 1:
            raise BlockingIOError(11, "Resource temporarily unavailable")
        return real_fork()

    split.monkeypatch.setattr(os, "fork", fork_once)
    split.score(_lines())
    assert len(split.forks) == 1 and len(calls) == 2
    # the pool cannot start all its processes: the one started is ended, all is counted here
    assert split.recounted == [1, 2]
    assert multiprocessing.active_children() == []


def test_no_process_is_forked_beside_another_thread(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, forks: list[int]
) -> None:
    import threading

    path = tmp_path / "all.jsonl"
    path.write_text("{}\n" * 1000, encoding="utf-8")
    assert parallel_count.parts_for(path, 2) == 2
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert parallel_count.parts_for(path, 2) == 1
    finally:
        stop.set()
        thread.join()
    import signal

    monkeypatch.setattr(signal, "getsignal", lambda number: signal.SIG_IGN)
    assert parallel_count.parts_for(path, 2) == 1  # children would be collected unseen


def test_a_repeated_respondent_with_another_problem_is_refused_as_given_twice(
    split: Split,
) -> None:
    # In one process the copy is refused as given twice; its child, not knowing the first,
    # would refuse it for its wrong answer: that part is counted again here.
    lines = _lines()
    copy = json.loads(lines[5])
    copy["answers"] = dict(copy["answers"], clusters_in_edp=9)
    lines.append(json.dumps(copy))
    assert "has been read already" in split.score(lines).err
    assert split.recounted == [2]


def test_only_the_part_with_a_repeated_respondent_is_counted_again(split: Split) -> None:
    lines = _lines()
    lines.insert(len(lines) * 2 // 5, lines[3])  # in the second of four parts
    split.score(lines, jobs="4")
    assert len(split.forks) == 3
    assert split.recounted == [1]


# -- cutting a file at line starts -----------------------------------------------------------


@given(
    st.lists(st.binary(max_size=30).map(lambda b: b.replace(b"\n", b"")), max_size=12),
    st.booleans(),
    st.lists(st.integers(min_value=0, max_value=400), max_size=4),
)
def test_parts_cut_at_line_starts_give_every_line_once_with_its_number(
    lines: list[bytes], last_newline: bool, cuts: list[int]
) -> None:
    import tempfile

    text = b"\n".join(lines) + (b"\n" if last_newline else b"")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "lines.jsonl"
        path.write_bytes(text)
        whole = [_read(d) for d in json_lines(path)]
        bounds = sorted({0, len(text), *(line_start(path, min(c, len(text))) for c in cuts)})
        pieces = []
        for start, stop in itertools.pairwise(bounds):
            assert start == 0 or text[start - 1 : start] == b"\n"
            first = lines_before(path, start) + 1
            pieces += [_read(d) for d in json_lines(path, start=start, stop=stop, first_line=first)]
        assert pieces == whole


def _read(document: Any) -> tuple[int | None, str, list[str]]:
    """What a line was read as: its number, its values, its problems."""
    problems = [f.render() for f in document.error.findings] if document.error else []
    return document.line, repr(document.data), problems


# -- exact sums --------------------------------------------------------------------------------

_FLOATS = st.floats(allow_nan=False, allow_infinity=False, min_value=-1e12, max_value=1e12)


@given(st.lists(_FLOATS, max_size=40), st.integers(min_value=0, max_value=40), st.randoms())
def test_exact_sums_do_not_depend_on_order_or_on_how_they_are_split(
    values: list[float], cut: int, rng: random.Random
) -> None:
    shuffled = list(values)
    rng.shuffle(shuffled)
    first: list[float] = []
    second: list[float] = []
    for value in shuffled[:cut]:
        exact_sum.add(first, value)
    for value in shuffled[cut:]:
        exact_sum.add(second, value)
    for partial in second:  # what adding up the counts of two processes does
        exact_sum.add(first, partial)
    assert math.fsum(first) == math.fsum(values)


def test_sums_beyond_the_range_of_floats_stay_infinite() -> None:
    partials: list[float] = []
    for value in (1e308, 1e308, 5.0):
        exact_sum.add(partials, value)
    assert math.fsum(partials) == math.inf


# -- respondent ids across processes -----------------------------------------------------------


@given(
    st.lists(st.text(max_size=6), max_size=60),
    st.lists(st.text(max_size=6), max_size=3000),
)
def test_ids_counted_in_a_child_are_known_as_they_would_be_in_one_table(
    before: list[str], after: list[str]
) -> None:
    parent = RespondentIds()
    for respondent in before:
        parent.add(respondent)
    child = RespondentIds(earlier=parent)
    seen = set(before)
    for respondent in after:  # what SurveyTally does: count a respondent not seen yet
        assert (respondent in child) == (respondent in seen)
        if respondent not in seen:
            child.add(respondent)
            seen.add(respondent)
    hashes = list(child.hashes())
    assert len(hashes) == len(set(after) - set(before))
    assert parent.isdisjoint(hashes)
    parent.add_hashes(array("q", hashes))
    assert len(parent) == len(set(before) | set(after))
    assert all(respondent in parent for respondent in [*before, *after])
    assert not parent.isdisjoint(hashes[:1]) or not hashes


def _booked_one_by_one(ids: RespondentIds, batch: list[str]) -> list[int]:
    """Book the ids of `batch` one at a time (free_slot and fill, as a line is counted);
    the places of those known already."""
    known = []
    for place, respondent in enumerate(batch):
        slot = ids.free_slot(respondent)
        if slot < 0:
            known.append(place)
        else:
            ids.fill(slot, respondent)
    return known


@given(
    st.lists(st.text(max_size=3), max_size=60),
    st.lists(st.lists(st.text(max_size=3), max_size=400), max_size=8),
    st.booleans(),
)
def test_ids_booked_a_batch_at_once_are_those_booked_one_at_a_time(
    before: list[str], batches: list[list[str]], in_child: bool
) -> None:
    """RespondentIds.add_new (a batch of lines, typed_lines.py) books each id as free_slot
    and fill do, and says which were known, in a table that grows as it goes."""
    earlier = RespondentIds()
    for respondent in before:
        earlier.add(respondent)
    at_once = RespondentIds(earlier=earlier) if in_child else RespondentIds()
    one_by_one = RespondentIds(earlier=earlier) if in_child else RespondentIds()
    if not in_child:
        for respondent in before:
            at_once.add(respondent)
            one_by_one.add(respondent)
    for batch in batches:
        expected = _booked_one_by_one(one_by_one, batch)
        assert at_once.add_new(batch) == expected
        assert len(at_once) == len(one_by_one)
    assert sorted(at_once.hashes()) == sorted(one_by_one.hashes())


@pytest.mark.parametrize("in_child", [False, True])
def test_large_batches_with_many_repeated_ids_are_booked_as_one_at_a_time(in_child: bool) -> None:
    """Batches large enough to be booked a probe at a time for all ids at once (add_new), most
    ids repeated: the first of equal ids is booked, the others said to be known."""
    draw = random.Random(7)
    pool = [f"R{n:05d}" for n in range(600)]
    earlier = RespondentIds()
    for respondent in pool[:100]:
        earlier.add(respondent)
    at_once = RespondentIds(earlier=earlier if in_child else None)
    one_by_one = RespondentIds(earlier=earlier if in_child else None)
    for size in (1500, 3000, 700):
        batch = [draw.choice(pool) for _ in range(size)]
        expected = _booked_one_by_one(one_by_one, batch)
        assert at_once.add_new(batch) == expected
    assert sorted(at_once.hashes()) == sorted(one_by_one.hashes())


#: Hashes that share their first slots in a table: long chains of probes, and wrapping round
#: the end of the table.
_CROWDED = st.builds(
    lambda home, lap, sign: sign * (home + 1024 * lap) or 1,
    st.sampled_from([0, 1, 2, 1021, 1022, 1023]),
    st.integers(0, 3),
    st.sampled_from([1, -1]),
)


@given(st.lists(st.lists(_CROWDED, max_size=400), max_size=4), st.lists(_CROWDED, max_size=400))
def test_hashes_that_crowd_the_same_slots_are_each_kept_once(
    batches: list[list[int]], asked: list[int]
) -> None:
    """The table is filled a batch at a time (add_hashes, add_new); the hashes that want the
    same slots are kept once each and found again, however long their chain of probes."""
    ids = RespondentIds()
    kept: set[int] = set()
    for batch in batches:
        ids.add_hashes(array("q", batch))
        kept.update(batch)
        assert len(ids) == len(kept)
    assert sorted(ids.hashes()) == sorted(kept)
    assert all(ids.has_hash(value) for value in kept)
    assert ids.isdisjoint(array("q", asked)) == kept.isdisjoint(asked)
    child = RespondentIds(earlier=ids)
    child.add_hashes(array("q", asked))
    assert sorted(child.hashes()) == sorted(set(asked))  # a child's own table


# -- the order of the responses ----------------------------------------------------------------

ORDER_QUESTIONNAIRE = """
id: order
version: "1"
title: Order
languages: [en]
default_language: en
sections:
  - id: s
    title: S
    questions:
      - {id: amount, type: number, text: Amount, min: 0}
      - id: tools
        type: multiple_choice
        text: Tools
        options:
          - {value: a, label: A, score: 0.1}
          - {value: b, label: B, score: 0.2}
          - {value: c, label: C, score: 0.7}
      - id: pick
        type: single_choice
        text: Pick
        options:
          - {value: x, label: X, score: 0}
          - {value: y, label: Y, score: 1}
          - {value: z, label: Z, score: 3}
"""

ORDER_MODEL = """
id: order-model
version: "1"
title: Order
languages: [en]
default_language: en
questionnaire: questionnaire.yaml
respondents: {aggregation: pooled, min_respondents: 1, min_groups: 1}
dimensions:
  - id: d
    label: D
    indicators:
      - {id: amount, label: Amount, question: amount, normalise: {method: minmax}}
      - {id: tools, label: Tools, question: tools}
      - {id: pick, label: Pick, question: pick}
classes:
  on_threshold: above
  levels:
    - {id: advanced, label: Advanced, min: 65}
    - {id: less_advanced, label: Less advanced}
"""


def test_the_scores_do_not_depend_on_the_order_of_the_responses(write: Any) -> None:
    from datetime import UTC, datetime

    from s3engine.responses.model import QuestionnaireRef, Respondent, Response
    from s3engine.scoring.checks import load_model
    from s3engine.scoring.engine import score
    from s3engine.scoring.tally import SurveyTally

    write("questionnaire.yaml", ORDER_QUESTIONNAIRE)
    model, _, q = load_model(write("model.yaml", ORDER_MODEL))
    assert q is not None
    rng = random.Random(7)
    when = datetime(2024, 5, 1, 9, 0, tzinfo=UTC)
    responses = [
        Response(
            questionnaire=QuestionnaireRef(id=q.id, version=q.version, hash=q.content_hash),
            respondent=Respondent(id=f"r{n:04d}", region=f"AT3{n % 3 + 1}", group="industry"),
            language="en",
            status="complete",
            started=when,
            updated=when,
            submitted=when,
            answers={
                "amount": rng.choice([0.1, 0.2, 0.3, 1e-9, 12345.678, 1 / 3]) * rng.randint(1, 9),
                "tools": rng.sample(["a", "b", "c"], rng.randint(1, 3)),
                "pick": rng.choice("xyz"),
            },
        )
        for n in range(300)
    ]
    results, totals = set(), []
    for _ in range(4):
        rng.shuffle(responses)
        scored = score(model, questionnaire=q, responses=responses, generated=when)
        results.add(scored.model_dump_json())
        tally = SurveyTally(model, q)
        for response in responses:
            assert tally.add(response) == []
        totals.append(tally.totals())  # the sums themselves, before any rounding
    assert len(results) == 1
    assert all(found == totals[0] for found in totals)


def test_numbers_beyond_the_limit_are_refused_in_scoring(write: Any) -> None:
    from datetime import UTC, datetime

    from s3engine.responses.model import QuestionnaireRef, Respondent, Response
    from s3engine.scoring.checks import load_model
    from s3engine.scoring.engine import score

    write("questionnaire.yaml", ORDER_QUESTIONNAIRE)
    model, _, q = load_model(write("model.yaml", ORDER_MODEL))
    assert q is not None
    when = datetime(2024, 5, 1, 9, 0, tzinfo=UTC)
    responses = [
        Response(
            questionnaire=QuestionnaireRef(id=q.id, version=q.version, hash=q.content_hash),
            respondent=Respondent(id=f"resp{n}", region="AT31", group="industry"),
            language="en",
            status="complete",
            started=when,
            updated=when,
            submitted=when,
            answers={"amount": amount, "tools": ["a"], "pick": "x"},
        )
        for n, amount in enumerate([1e308, 1e308, -1e308, 10**16, 5])
    ]
    result = score(model, questionnaire=q, responses=responses, generated=when)
    assert (result.responses_read, result.responses_refused) == (1, 4)
    assert "amount: expected a number from -10^15 to 10^15" in result.warnings[1]


def test_a_second_file_repeating_the_first_is_not_counted_again_part_by_part(
    split: Split,
) -> None:
    # The children know the respondents of the first file (read before they were forked):
    # they refuse the repeats as given twice themselves, and nothing is counted again.
    first = split.folder / "first.jsonl"
    lines = _lines()
    first.write_text("\n".join(lines[:50]) + "\n", encoding="utf-8")
    second = split.folder / "second.jsonl"
    second.write_text("\n".join(lines) + "\n", encoding="utf-8")
    outputs = []
    for processes in ("1", "3"):
        split.monkeypatch.setenv("S3ENGINE_JOBS", processes)
        outputs.append(split.cli("score", first, second, "--data", DATA, "--format", "json"))
    alone, parts = outputs
    assert (parts.code, parts.out, parts.err) == (alone.code, alone.out, alone.err)
    assert parts.err.count("has been read already") == 50
    assert len(split.forks) == 2 + 2 and split.recounted == []


def test_the_counts_a_part_sends_back_are_the_same_numbers_in_fewer_bytes() -> None:
    """A child sends its (region, group) cells' counts as the smallest integers that hold
    them: a thousand regions' cells in a fraction of their int64 bytes, every count exact,
    a count beyond two bytes included, and added up as the parent's own."""
    width = 378  # the shipped questionnaire's slots
    grid = SlotGrid(width)
    cells = [(f"R{r:03d}", group) for r in range(1_000) for group in ("industry", "academia")]
    rows = grid.rows_of(cells)
    grid.add(rows, [np.arange(len(cells)) % (width - 1) + 1 for _ in range(25)])
    assert len(pickle.dumps(grid)) < grid.pairs[: len(cells)].nbytes / 4  # a byte a count
    grid.pairs[rows[7], 3] += 70_000  # one count beyond two bytes: four bytes each
    sent = pickle.dumps(grid)
    got = pickle.loads(sent)
    assert got.rows == grid.rows and got.width == width
    assert got.pairs.dtype == np.int64 and (got.pairs == grid.pairs[: len(cells)]).all()
    assert (got.respondents == grid.respondents[: len(cells)]).all()
    mine = SlotGrid(width)
    mine.merge(got)
    mine.merge(pickle.loads(sent))
    assert (mine.pairs[: len(cells)] == 2 * grid.pairs[: len(cells)]).all()
    more = mine.rows_of([("R999", "government")])  # a cell of its own after: room is made
    assert more.tolist() == [len(cells)] and mine.pairs[len(cells)].sum() == 0
    empty = pickle.loads(pickle.dumps(SlotGrid(width)))
    assert empty.rows == {} and empty.rows_of([("R001", "industry")]).tolist() == [0]
