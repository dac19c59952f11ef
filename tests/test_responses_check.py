"""`s3engine check` of response files against the questionnaire they answer."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from conftest import Cli, Write
from test_survey_support import SMALL, load, write_small

from s3engine.cli.main import main
from s3engine.io.files import load_yaml
from s3engine.responses.files import create_response_file
from s3engine.responses.model import AnswerValue, Respondent, Response, now
from s3engine.survey.flow import SurveyState, make_response


@pytest.fixture
def small(tmp_path: Path) -> Path:
    return write_small(tmp_path)


def good(q_path: Path, **changes: object) -> dict[str, Any]:
    """A complete, valid response to the small questionnaire, as plain data."""
    q = load(q_path)
    state = SurveyState(q, "industry")
    answers: dict[str, AnswerValue] = {
        "has_policy": True,
        "clusters": 12,
        "governance": 4,
        "domains": ["ict"],
        "needs": ["finance", "skills"],
        "industry_plans": "soon",
    }
    for qid, value in answers.items():
        state.answer(qid, value)
    state.skip("comment")
    moment = now()
    response = make_response(
        q,
        respondent=Respondent(id="3f2a9c1b0d4e", region="AT31", group="industry"),
        language="de",
        state=state,
        consent=True,
        started=moment,
        updated=moment,
        submitted=moment,
    )
    data = response.to_data()
    data.update(changes)
    return data


def write_response(write: Write, data: dict[str, object], name: str = "r/response.yaml") -> Path:
    return write(name, json.dumps(data, indent=2, ensure_ascii=False))


def test_a_valid_response_is_accepted(cli: Cli, small: Path, write: Write) -> None:
    path = write_response(write, good(small))
    run = cli("check", small, path)
    assert run.code == 0, run.output
    assert "response: questionnaire small 1.0; status complete; region AT31; group industry" in (
        run.out
    )
    assert "anna" not in run.out


def test_answers_that_do_not_fit_are_reported_with_their_lines(
    cli: Cli, small: Path, write: Write
) -> None:
    data = good(small)
    answers = dict(data["answers"])
    answers.update({"governance": 9, "industri_plans": "soon", "rd_share": 75})
    del answers["has_policy"]
    path = write_response(write, {**data, "answers": answers})
    run = cli("check", small, path)
    assert run.code == 1
    assert "answers.governance: expected a whole number" in run.out
    assert (
        "answers.industri_plans: no question 'industri_plans' in small 1.0; did you mean "
        "'industry_plans'?" in run.out
    )
    assert "answers.rd_share: Mehr als 50 % ist unplausibel." in run.out  # the response's language
    assert "answers.has_policy: unanswered, but required" in run.out
    # clusters is answered, but without has_policy its condition hides it
    assert "answers.clusters: answered, but the question is hidden" in run.out
    assert f"{path}:" in run.out


def test_answers_to_questions_hidden_by_group_targeting(
    cli: Cli, small: Path, write: Write
) -> None:
    data = good(small)
    data["respondent"] = {**data["respondent"], "group": "academia"}
    run = cli("check", small, write_response(write, data))
    assert run.code == 1
    assert "answers.industry_plans: answered, but the question is hidden" in run.out


def test_a_partial_response_may_miss_required_answers(cli: Cli, small: Path, write: Write) -> None:
    data = good(small, status="partial", submitted=None, answers={"has_policy": True})
    assert cli("check", small, write_response(write, data)).code == 0


def test_profile_consent_and_times(cli: Cli, small: Path, write: Write) -> None:
    data = good(
        small,
        consent=None,
        language="en",
        submitted=None,
        started="2025-03-14T10:00:00Z",
        updated="2025-03-14T09:00:00Z",
    )
    data["respondent"] = {
        "id": "3f2a9c1b0d4e",
        "region": "AT34",
        "group": "industry",
        "sector": "banking",
    }
    run = cli("check", small, write_response(write, data))
    assert run.code == 1
    assert "respondent.region: 'AT34' is not one of the questionnaire's regions" in run.out
    assert "respondent.sector: 'banking' is not a sector" in run.out
    assert "consent: the questionnaire asks for consent" in run.out
    assert "submitted: a complete response needs the time it was submitted" in run.out
    assert "updated: 'updated' (2025-03-14T09:00:00+00:00) is before 'started'" in run.out


def test_times_with_and_without_a_zone_are_compared_as_utc(
    cli: Cli, small: Path, write: Write
) -> None:
    # A hand-edited file may drop the zone of one time: it is read as UTC, never a crash.
    data = good(small, started="2024-05-07T11:35:00Z", updated="2024-05-07T10:09:00")
    data["submitted"] = "2024-05-07T12:00:00+02:00"
    path = write_response(write, data)
    run = cli("check", small, path)
    assert run.code == 1, run.output
    assert "'updated' (2024-05-07T10:09:00) is before 'started'" in run.out
    assert "'submitted' (2024-05-07T12:00:00+02:00) is before 'started'" in run.out
    assert "Traceback" not in run.output


def test_format_problems_say_where(cli: Cli, small: Path, write: Write) -> None:
    data = good(small, status="done", colour="blue")
    run = cli("check", small, write_response(write, data))
    assert run.code == 1
    assert "status:" in run.out
    assert "unknown key 'colour'" in run.out


def test_a_response_to_another_version_says_which_and_what_changed(
    cli: Cli, small: Path, write: Write, tmp_path: Path
) -> None:
    path = write_response(write, good(small))
    newer = write_small(
        tmp_path / "v2",
        SMALL.replace('version: "1.0"', 'version: "2.0"')
        .replace("max: 500", "max: 10")
        .replace("      - id: industry_plans", "      - id: investment_plans"),
    )
    run = cli("check", "--questionnaire", newer, path)
    assert run.code == 1
    assert (
        f"questionnaire.version: answers version 1.0 of 'small', but the questionnaire found "
        f"({newer}) is version 2.0; 2 answers no longer fit it (listed here)"
    ) in run.out
    assert "answers.clusters: in version 2.0: expected at most 10" in run.out
    assert "answers.industry_plans: in version 2.0: no question 'industry_plans'" in run.out


def test_another_version_whose_answers_all_fit_is_a_warning(
    cli: Cli, small: Path, write: Write, tmp_path: Path
) -> None:
    path = write_response(write, good(small))
    newer = write_small(tmp_path / "v11", SMALL.replace('version: "1.0"', 'version: "1.1"'))
    run = cli("check", "--questionnaire", newer, path)
    assert run.code == 0, run.output
    assert "warning: answers version 1.0 of 'small'" in run.out
    assert "every answer still fits it" in run.out
    assert cli("check", "--strict", "--questionnaire", newer, path).code == 1


def test_changed_content_under_the_same_version(
    cli: Cli, small: Path, write: Write, tmp_path: Path
) -> None:
    path = write_response(write, good(small))
    edited = write_small(tmp_path / "edited", SMALL.replace("max: 500", "max: 400"))
    run = cli("check", edited, path)
    assert "changed since (same version, another hash" in run.out


def test_the_exact_version_is_preferred_when_several_are_checked(
    cli: Cli, small: Path, write: Write, tmp_path: Path
) -> None:
    path = write_response(write, good(small))
    newer = write_small(
        tmp_path / "v2",
        SMALL.replace('version: "1.0"', 'version: "2.0"').replace("max: 500", "max: 10"),
    )
    run = cli("check", newer, small, path)
    assert run.code == 0, run.output


def test_a_response_without_its_questionnaire(cli: Cli, small: Path, write: Write) -> None:
    run = cli("check", write_response(write, good(small)))
    assert run.code == 1
    assert (
        "answers the questionnaire 'small' 1.0, which is neither shipped nor among the "
        "files checked" in run.out
    )
    assert "--questionnaire FILE" in run.out


def test_responses_written_by_the_survey_pass_check(cli: Cli, small: Path, tmp_path: Path) -> None:
    q = load(small)
    state = SurveyState(q, "academia", {"has_policy": False, "governance": 0})
    moment = now()
    response = make_response(
        q,
        respondent=Respondent(id="aaaabbbbcccc", region="SI04", group="academia"),
        language="en",
        state=state,
        consent=True,
        started=moment,
        updated=moment,
        submitted=None,
    )
    assert isinstance(response, Response)
    create_response_file(tmp_path / "out", response)
    run = cli("check", "--questionnaire", small, tmp_path / "out")
    assert run.code == 0, run.output


def test_check_finds_json_lines_responses_in_a_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # `check FOLDER` reads the same files `score FOLDER` does, JSON Lines included.
    examples = sorted(
        (Path(__file__).resolve().parents[1] / "examples" / "responses" / "AT31").glob("*.yaml")
    )[:2]
    lines = [json.dumps(load_yaml(path).data) for path in examples]
    (tmp_path / "batch.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert main(["check", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "batch.jsonl: response: responses 2" in out
    # a count of lines groups its thousands, as the closing line does
    many = [
        json.dumps({**data, "respondent": {**data["respondent"], "id": f"resp{i:05d}"}})
        for i, data in enumerate(json.loads(line) for line in lines * 600)
    ]
    (tmp_path / "batch.jsonl").write_text("\n".join(many) + "\n", encoding="utf-8")
    assert main(["check", str(tmp_path)]) == 0
    assert "batch.jsonl: response: responses 1,200" in capsys.readouterr().out


def test_a_problem_of_many_lines_of_json_lines_is_listed_for_its_first_lines_and_counted(
    cli: Cli, small: Path, tmp_path: Path
) -> None:
    """A JSON Lines file whose every line names a region that is no NUTS code (another on
    each line, of another length, so that the keys after it stand at other columns) is
    listed for its first 20 lines, the 20th saying how many more there are, as 60,000
    unknown keys of one file are: 1,000 such lines make 21 lines of output, not 1,000. A
    problem of another key keeps its own count."""
    lines = []
    for i in range(1000):
        data = good(small)
        # ids and regions of another length on each line: each key's column moves
        respondent = {"id": f"resp{'x' * (i % 7)}{i}", "region": f"XX{i}"}
        data["respondent"] = {**data["respondent"], **respondent}
        if i % 10 == 0:
            data["language"] = "xx"
        lines.append(json.dumps(data))
    path = tmp_path / "batch.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    run = cli("check", "--questionnaire", small, path)
    assert run.code == 1
    found = [line for line in run.output.splitlines() if line.startswith(f"{path}:")]
    regions = [line for line in found if "respondent.region" in line]
    languages = [line for line in found if " language: " in line]
    assert len(regions) == len(languages) == 20, run.output
    assert len(found) == 40, run.output
    assert f"{path}:1:" in regions[0] and "'XX0'" in regions[0]
    assert regions[-1].endswith("(and 980 more of this kind in this file, not listed)")
    assert languages[-1].endswith("(and 80 more of this kind in this file, not listed)")
    # every problem is counted, those not listed too
    assert "1 file checked: 1 invalid; 1,100 errors, 0 warnings" in run.output
    as_json = json.loads(cli("check", "--questionnaire", small, path, "--format", "json").out)
    assert as_json["errors"] == as_json["files"][0]["errors"] == 1100
    assert len(as_json["files"][0]["findings"]) == 40
