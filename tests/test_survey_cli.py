"""`s3engine survey` on the command line: without a terminal, and its scripted twin."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from conftest import REPO, Cli, Write
from test_survey_support import SMALL, load, only_file, write_small

from s3engine.core import messages as M
from s3engine.core.findings import S3Error
from s3engine.responses.files import read_response
from s3engine.survey.flow import SurveyState

GOOD = """\
language: de
consent: true
profile:
  region: AT31
  group: industry
  organisation: Cluster Holz & Bau
answers:
  has_policy: true
  clusters: 12
  governance: 4
  domains: [ict, energy]
  needs: [finance, skills]
  rd_share: 12.5
  industry_plans: soon
  email: anna@example.org
"""


@pytest.fixture
def small(tmp_path: Path) -> Path:
    return write_small(tmp_path)


@pytest.fixture(autouse=True)
def no_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """As in CI: standard input is not a terminal."""
    monkeypatch.setattr("sys.stdin", io.StringIO(""))


def test_without_a_terminal_the_survey_names_its_scripted_twin(cli: Cli, small: Path) -> None:
    run = cli("survey", small)
    assert run.code == 2
    assert run.out == ""
    assert len(run.err.strip().splitlines()) == 1
    assert "not a terminal" in run.err
    assert f"s3engine survey {small} --answers FILE" in run.err


def test_answers_from_a_file_write_the_response(
    cli: Cli, small: Path, write: Write, tmp_path: Path
) -> None:
    answers = write("answers.yaml", GOOD)
    out = tmp_path / "responses"
    run = cli("survey", small, "--answers", answers, "--out", out)
    assert run.code == 0, run.err
    path = only_file(out)
    assert run.out.strip() == str(path)
    response = read_response(path).response
    assert response.status == "complete"
    assert response.language == "de"
    assert response.consent is True
    assert response.respondent.region_name == "Oberösterreich"
    assert response.answers["rd_share"] == 12.5
    assert response.skipped == ["comment"]  # optional, applies, left out: skipped
    assert response.submitted is not None
    assert path.name.startswith("AT31-industry-")
    # The file is one `check` accepts, found together with its questionnaire.
    checked = cli("check", small, out)
    assert checked.code == 0, checked.output


def test_answers_in_json(cli: Cli, small: Path, write: Write, tmp_path: Path) -> None:
    import yaml

    answers = write("answers.json", json.dumps(yaml.safe_load(GOOD), indent=2))
    run = cli("survey", small, "--answers", answers, "--out", tmp_path / "out")
    assert run.code == 0, run.err
    assert read_response(only_file(tmp_path / "out")).response.answers["needs"] == [
        "finance",
        "skills",
    ]


def test_five_mistakes_are_all_reported_with_question_ids_and_nothing_is_written(
    cli: Cli, small: Path, write: Write, tmp_path: Path
) -> None:
    answers = write(
        "answers.yaml",
        """\
        consent: true
        profile: {region: AT31, group: industry}
        answers:
          has_policy: false
          clusters: 12
          governance: 7
          domains: [ict, energy, health]
          needs: [finance, banking]
          rd_share: 60
          industry_plan: soon
        """,
    )
    out = tmp_path / "responses"
    run = cli("survey", small, "--answers", answers, "--out", out)

    assert run.code == 1
    assert not out.exists()
    lines = run.err.splitlines()
    expected = {
        "answers.clusters": "hidden for this respondent",  # has_policy is false
        "answers.governance": "expected a whole number",
        "answers.domains": "choose at most 2",
        "answers.needs": "not an option: banking",
        "answers.rd_share": "More than 50 % is implausible.",
        "answers.industry_plan": "did you mean 'industry_plans'?",
    }
    for path, message in expected.items():
        hits = [line for line in lines if f" {path}: " in line and message in line]
        assert hits, f"{path}: {message} not in\n{run.err}"
        assert hits[0].startswith(f"{answers}:"), hits[0]  # with the line in the file
    assert "6 problems" in run.err
    assert M.SURVEY_NOTHING_WRITTEN in run.err


def test_profile_consent_and_required_answers_are_checked(
    cli: Cli, small: Path, write: Write, tmp_path: Path
) -> None:
    answers = write(
        "answers.yaml",
        """\
        language: it
        profile: {region: AT32, group: industri, sector: banking}
        answers:
          has_policy:
          governance: 3
        skipped: [governance]
        """,
    )
    run = cli("survey", small, "--answers", answers, "--out", tmp_path / "out")
    assert run.code == 1
    assert "language: 'it' is not a language of the questionnaire small" in run.err
    assert "profile.region: 'AT32' is not one of the questionnaire's regions" in run.err
    assert "did you mean 'industry'?" in run.err
    assert "profile.sector: 'banking' is not a sector" in run.err
    assert "consent: the questionnaire asks for consent" in run.err
    # An empty answer is no answer: the required question is missing.
    assert "answers.has_policy: unanswered, but required" in run.err
    assert "skipped[0]: 'governance' is listed under skipped but also answered" in run.err
    assert not (tmp_path / "out").exists()


def test_a_declined_consent_stores_nothing(
    cli: Cli, small: Path, write: Write, tmp_path: Path
) -> None:
    answers = write("answers.yaml", GOOD.replace("consent: true", "consent: false"))
    run = cli("survey", small, "--answers", answers, "--out", tmp_path / "out")
    assert run.code == 1
    assert M.SURVEY_CONSENT_DECLINED in run.err
    assert not (tmp_path / "out").exists()


def test_a_misspelt_key_in_the_answers_file(
    cli: Cli, small: Path, write: Write, tmp_path: Path
) -> None:
    answers = write("answers.yaml", GOOD.replace("answers:", "answer:"))
    run = cli("survey", small, "--answers", answers, "--out", tmp_path / "out")
    assert run.code == 1
    assert "unknown key 'answer'; did you mean 'answers'?" in run.err


def test_flags_fill_in_and_override_the_profile(
    cli: Cli, small: Path, write: Write, tmp_path: Path
) -> None:
    text = GOOD.replace("  region: AT31\n", "").replace("language: de\n", "")
    answers = write("answers.yaml", text)
    run = cli(
        "survey",
        small,
        "--answers",
        answers,
        "--out",
        tmp_path / "out",
        "--region",
        "SI04",
        "--lang",
        "en",
    )
    assert run.code == 0, run.err
    response = read_response(only_file(tmp_path / "out")).response
    assert response.respondent.region == "SI04"
    assert response.language == "en"


@pytest.mark.parametrize(
    ("flags", "message"),
    [
        (["--lang", "hu"], "--lang hu: 'hu' is not a language of the questionnaire small"),
        (["--region", "AT34"], "--region AT34: 'AT34' is not one of the questionnaire's regions"),
        (["--group", "farmers"], "--group farmers: 'farmers' is not a stakeholder group"),
        (["--resume", "x.yaml", "--answers", "y.yaml"], M.SURVEY_ANSWERS_AND_RESUME),
    ],
)
def test_bad_flags_are_usage_errors(
    cli: Cli, small: Path, write: Write, flags: list[str], message: str
) -> None:
    answers = write("answers.yaml", GOOD)
    args = flags if "--answers" in flags else [*flags, "--answers", str(answers)]
    run = cli("survey", small, *args)
    assert run.code == 2
    assert message in run.err


def test_an_unknown_questionnaire_name(cli: Cli, write: Write) -> None:
    answers = write("answers.yaml", GOOD)
    run = cli("survey", "no-such-survey", "--answers", answers)
    assert run.code == 2
    assert "no-such-survey: no such file" in run.err
    assert "no shipped file of that name" in run.err


def test_two_respondents_into_the_same_folder_get_two_files(
    cli: Cli, small: Path, write: Write, tmp_path: Path
) -> None:
    answers = write("answers.yaml", GOOD)
    out = tmp_path / "out"
    assert cli("survey", small, "--answers", answers, "--out", out).code == 0
    assert cli("survey", small, "--answers", answers, "--out", out).code == 0
    files = sorted(out.glob("*.yaml"))
    assert len(files) == 2
    ids = {read_response(f).response.respondent.id for f in files}
    assert len(ids) == 2


def test_the_shipped_stress_test_answered_from_a_file(
    cli: Cli, write: Write, tmp_path: Path
) -> None:
    path = REPO / "questionnaires" / "s3-stress-test.yaml"
    q = load(path)
    # Every scale question the respondent sees gets a 3 (conditions may show more of them).
    state = SurveyState(q, "academia")
    while open_scales := [x for x in state.visible() if x.type == "scale" and state.is_open(x)]:
        for question in open_scales:
            state.answer(question.id, 3)
    scale_answers = state.answers
    answers = write(
        "answers.json",
        json.dumps(
            {
                "language": "sl",
                "consent": True,
                "profile": {"region": "SI04", "group": "academia"},
                "answers": scale_answers,
            }
        ),
    )
    out = tmp_path / "out"
    run = cli("survey", "s3-stress-test", "--answers", answers, "--out", out)
    assert run.code == 0, run.err
    response = read_response(only_file(out)).response
    assert response.questionnaire.id == "s3-stress-test"
    assert response.language == "sl"
    assert cli("check", out).code == 0  # found among the shipped questionnaires


def test_resume_refuses_a_response_to_another_questionnaire(
    cli: Cli, small: Path, write: Write, tmp_path: Path
) -> None:
    from s3engine.cli.survey import _load_for_resume

    answers = write("answers.yaml", GOOD)
    cli("survey", small, "--answers", answers, "--out", tmp_path / "out")
    response = only_file(tmp_path / "out")
    other = write_small(tmp_path, SMALL.replace("id: small", "id: other"), "other.yaml")
    with pytest.raises(S3Error) as caught:
        _load_for_resume(load(other), response, str(other))
    assert "answers the questionnaire 'small', not 'other'" in str(caught.value)


def test_resume_with_a_changed_questionnaire(
    cli: Cli,
    small: Path,
    write: Write,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from s3engine.cli.survey import _load_for_resume

    answers = write("answers.yaml", GOOD)
    cli("survey", small, "--answers", answers, "--out", tmp_path / "out")
    response = only_file(tmp_path / "out")

    # Version 1.1 only adds a question: the answers still fit, the survey goes on.
    newer = write_small(tmp_path, SMALL.replace('version: "1.0"', 'version: "1.1"'), "v11.yaml")
    _load_for_resume(load(newer), response, str(newer))
    assert "started with version 1.0 of 'small'; its answers fit version 1.1" in (
        capsys.readouterr().err
    )

    # Version 2 allows at most 5 clusters: the answer 12 no longer fits.
    stricter = write_small(
        tmp_path,
        SMALL.replace('version: "1.0"', 'version: "2"').replace("max: 500", "max: 5"),
        "v2.yaml",
    )
    with pytest.raises(S3Error) as caught:
        _load_for_resume(load(stricter), response, str(stricter))
    message = str(caught.value)
    assert "started with version 1.0 of 'small'" in message
    assert "clusters: expected at most 5" in message
