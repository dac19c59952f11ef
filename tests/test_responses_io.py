"""Response files on disk: names, safe writing, reading YAML, JSON and JSON Lines."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from conftest import Write
from hypothesis import given
from hypothesis import strategies as st
from test_survey_support import load, write_small

from s3engine.core.findings import S3Error
from s3engine.core.limits import MAX_RESPONSE_BYTES
from s3engine.io.files import load_document
from s3engine.io.jsonio import load_json_text
from s3engine.questionnaire.model import Questionnaire
from s3engine.responses.files import (
    create_response_file,
    iter_response_files,
    load_responses,
    read_documents,
    read_response,
    respondent_of_key,
    response_file_name,
    response_key,
    response_keys_of_file_name,
    save_response,
)
from s3engine.responses.model import AnswerValue, Respondent, Response, without_personal
from s3engine.survey.flow import SurveyState, make_response

STARTED = datetime(2025, 3, 14, 9, 15, tzinfo=UTC)


@pytest.fixture
def q(tmp_path: Path) -> Questionnaire:
    return load(write_small(tmp_path))


def response(
    q: Questionnaire, respondent_id: str = "3f2a9c1b0d4e", **answers: AnswerValue
) -> Response:
    state = SurveyState(q, "industry", dict(answers))
    who = Respondent(id=respondent_id, region="AT31", group="industry", organisation="ACME")
    return make_response(
        q,
        respondent=who,
        language="de",
        state=state,
        consent=True,
        started=STARTED,
        updated=STARTED,
        submitted=None,
    )


def test_file_names_say_region_group_time_and_respondent(q: Questionnaire) -> None:
    r = response(q)
    assert response_file_name(r.respondent, r.started) == (
        "AT31-industry-20250314T091500Z-3f2a9c1b0d4e.yaml"
    )


@given(
    region=st.from_regex(r"[A-Z]{2}[A-Z0-9]{0,3}", fullmatch=True),
    group=st.from_regex(r"[A-Za-z][A-Za-z0-9_\-]{0,20}", fullmatch=True),
    respondent=st.from_regex(r"[A-Za-z0-9_\-]{4,64}", fullmatch=True),
    started=st.datetimes(
        min_value=datetime(2000, 1, 1), max_value=datetime(2099, 12, 31), timezones=st.just(UTC)
    ),
)
def test_the_key_of_a_response_is_read_back_from_its_files_name(
    region: str, group: str, respondent: str, started: datetime
) -> None:
    """An import finds the response file of a respondent whose group or region was edited in
    the tool by the time started and the id in its name, whatever hyphens the group and the
    id hold."""
    who = Respondent(id=respondent, region=region, group=group)
    name = response_file_name(who, started)
    key = response_key(who, started)
    assert respondent_of_key(key) == respondent
    assert key in response_keys_of_file_name(name)
    assert key in response_keys_of_file_name(name.replace(".yaml", ".yml"))  # renamed
    assert response_keys_of_file_name(name.replace(".yaml", ".json")) == []
    assert response_keys_of_file_name("notes-" + name) == []


def test_a_new_file_never_replaces_an_existing_one(q: Questionnaire, tmp_path: Path) -> None:
    first = create_response_file(tmp_path, response(q, has_policy=True))
    before = first.read_bytes()
    with pytest.raises(S3Error, match="exists already; nothing was overwritten"):
        create_response_file(tmp_path, response(q, has_policy=False))
    assert first.read_bytes() == before
    other = create_response_file(tmp_path, response(q, "aaaabbbbcccc", has_policy=False))
    assert other != first
    assert sorted(
        p.name for p in tmp_path.iterdir() if p.suffix == ".yaml" and p.name.startswith("AT31")
    ) == sorted([first.name, other.name])


def test_saving_replaces_the_file_and_leaves_no_temporary_files(
    q: Questionnaire, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    path = create_response_file(out, response(q, has_policy=True))
    save_response(path, response(q, has_policy=True, governance=4))
    assert read_response(path).response.answers == {"has_policy": True, "governance": 4}
    assert [p.name for p in out.iterdir()] == [path.name]


def test_answers_are_written_in_questionnaire_order(q: Questionnaire, tmp_path: Path) -> None:
    path = create_response_file(tmp_path / "out", response(q, governance=4, has_policy=False))
    text = path.read_text(encoding="utf-8")
    assert text.index("has_policy") < text.index("governance")


def test_a_response_in_json_is_read_with_line_numbers(q: Questionnaire, write: Write) -> None:
    data = response(q, has_policy=True).to_data()
    path = write("r.json", json.dumps(data, indent=2))
    loaded = read_response(path)
    assert loaded.response.answers == {"has_policy": True}
    assert loaded.loaded.where(("answers", "has_policy"))[0] == data_line(path, '"has_policy"')


def data_line(path: Path, needle: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if needle in line)


def test_invalid_json_says_where(write: Write) -> None:
    path = write("r.json", '{"s3engine_response": 1,\n "answers": {"a": 1 "b": 2}}')
    with pytest.raises(S3Error) as caught:
        load_document(path)
    finding = caught.value.findings[0]
    assert finding.line == 2
    assert "invalid" in finding.message


def test_duplicate_keys_in_json_are_refused(write: Write) -> None:
    path = write("r.json", '{"a": 1,\t"a": 2}')  # a tab: not YAML, so read as JSON
    with pytest.raises(S3Error, match="the key 'a' is given twice"):
        load_document(path)


def test_folders_and_json_lines_are_read_with_their_problems(
    q: Questionnaire, write: Write, tmp_path: Path
) -> None:
    one = response(q, has_policy=True).to_data()
    two = response(q, "aaaabbbbcccc", has_policy=False).to_data()
    broken = {**one, "status": "done"}
    write("in/a.yaml", "")  # an empty file
    create_response_file(tmp_path / "in", response(q, "ddddeeeeffff", governance=2))
    lines = [json.dumps(one), "", json.dumps(two), "{not json", json.dumps(broken)]
    write("in/more.jsonl", "\n".join(lines) + "\n")
    write("in/.hidden/skip.yaml", "s3engine_response: 1")
    write("in/notes.txt", "not a response")

    responses, findings = load_responses([tmp_path / "in"])

    assert sorted(r.response.respondent.id for r in responses) == [
        "3f2a9c1b0d4e",
        "aaaabbbbcccc",
        "ddddeeeeffff",
    ]
    where = sorted((Path(f.file).name, f.line) for f in findings)
    assert ("more.jsonl", 4) in where  # the line that is no JSON
    assert ("more.jsonl", 5) in where  # the response whose status is not partial or complete
    assert any(name == "a.yaml" for name, _ in where)
    assert all(".hidden" not in f.file for f in findings)


def test_a_missing_path_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(S3Error, match="no such file or folder"):
        load_responses([tmp_path / "nowhere"])


# -- the streaming reader ----------------------------------------------------------------


def test_folders_are_walked_in_name_order_leaving_out_hidden_files_and_links(
    write: Write, tmp_path: Path
) -> None:
    for name in ["b.yaml", "a/z.json", "a-b.yml", "a/.hidden.yaml", ".git/x.yaml", "c.txt"]:
        write(f"in/{name}", "x: 1")
    write("in/a/deeper/r.jsonl", "")
    write("elsewhere/linked.yaml", "x: 1")
    (tmp_path / "in" / "link").symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    found = [
        p.relative_to(tmp_path / "in").as_posix() for p in iter_response_files([tmp_path / "in"])
    ]
    assert found == ["a/deeper/r.jsonl", "a/z.json", "a-b.yml", "b.yaml"]  # as sorted paths


def test_json_lines_are_read_line_by_line_with_their_positions(
    q: Questionnaire, write: Write
) -> None:
    good = json.dumps(response(q, has_policy=True).to_data())
    other = json.dumps(response(q, "aaaabbbbcccc", has_policy=False).to_data())
    wrong = good.replace('"status": "partial"', '"status": "done"')
    lines = ["\ufeff" + good, "   ", wrong, other + "\r", '{"a": 1, "a": 2}']
    path = write("r.jsonl", "\n".join(lines) + "\n")
    documents = list(read_documents([path]))
    assert [d.line for d in documents] == [1, 3, 4, 5]  # the blank line is no document
    assert documents[0].response().respondent.id == "3f2a9c1b0d4e"  # after a byte order mark
    assert documents[2].response().respondent.id == "aaaabbbbcccc"  # \r\n line ends
    with pytest.raises(S3Error) as caught:
        documents[1].response()
    finding = caught.value.findings[0]
    # file:line:column of the key, as in a file of its own
    assert (finding.file, finding.line, finding.path) == (str(path), 3, "status")
    assert finding.column == wrong.index('"status"') + 1
    with pytest.raises(S3Error, match="the key 'a' is given twice"):
        documents[3].response()


def test_a_json_lines_line_longer_than_one_response_is_refused_unread(write: Write) -> None:
    path = write("r.jsonl", '{"a": "' + "x" * MAX_RESPONSE_BYTES + '"}\n{"b": 1}\n')
    first, second = read_documents([path])
    with pytest.raises(S3Error, match=r"longer than the limit of 1\.0 MiB"):
        first.load()
    assert second.line == 2 and second.load().data == {"b": 1}


def test_json_is_read_by_json_rules_with_positions_from_its_text() -> None:
    text = '{"answers": {\n  "count": 1e5,\n  "when": "2024-05-01"}}'
    loaded = load_json_text(text, "r.jsonl", 7)
    assert loaded.data == {"answers": {"count": 100000.0, "when": "2024-05-01"}}  # not YAML's
    assert loaded.where(("answers", "count")) == (8, 3)


def test_the_progress_of_reading_adds_up_to_the_size_of_the_files(
    q: Questionnaire, write: Write, tmp_path: Path
) -> None:
    class Recorder:
        def __init__(self) -> None:
            self.total = 0
            self.done = 0

        def start(self, total: int) -> None:
            self.total = total

        def advance(self, amount: int) -> None:
            self.done += amount

    line = json.dumps(response(q, has_policy=True).to_data()) + "\n"
    write("in/many.jsonl", line * 3000)  # several MiB: advanced along the way
    create_response_file(tmp_path / "in", response(q, "aaaabbbbcccc", governance=2))
    progress = Recorder()
    documents = read_documents([tmp_path / "in"], progress)
    assert sum(1 for _ in documents) == 3001
    sizes = sum(p.stat().st_size for p in (tmp_path / "in").iterdir())
    assert progress.total == progress.done == sizes


def test_personal_data_stay_out_of_what_results_see(q: Questionnaire) -> None:
    r = response(q, has_policy=False, governance=4, email="anna@example.org")
    public = without_personal(r, q)
    assert "email" not in public.answers
    assert public.answers["governance"] == 4
    assert public.respondent.organisation is None
    assert public.respondent.region == "AT31"
    assert r.answers["email"] == "anna@example.org"  # the response itself keeps them
