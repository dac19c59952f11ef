"""`s3engine serve ...` as an analyst uses it, and the proof that the web survey and the
terminal survey make the same response from the same answers, which `check`, `score` and
`plan` then read unchanged.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from conftest import REPO, Cli
from test_survey_support import write_small
from test_web_survey import answer_pages, start
from web_support import Visitor, sample_answers

from s3engine.io.yamlio import dump_yaml
from s3engine.questionnaire.checks import load_questionnaire
from s3engine.responses.files import read_response, response_files
from s3engine.responses.model import Response, without_personal
from s3engine.web.app import create_app
from s3engine.web.storage import Store
from s3engine.web.tokens import token_hash

EXAMPLES = REPO / "examples"


def links_of(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def token_of(link: str) -> str:
    return link.rsplit("/s/", 1)[1]


def init(cli: Cli, db: str, questionnaire: str | Path = "s3-stress-test") -> str:
    run = cli("serve", "init", "--db", db, "--questionnaire", questionnaire)
    assert run.code == 0, run.output
    return run.out.split("keep it secret): ")[1].split()[0] if "keep it secret" in run.out else ""


@pytest.mark.parametrize(
    ("questionnaire", "lang", "region", "group", "sector"),
    [
        ("s3-stress-test", "de", "AT31", "industry", "mechatronics_engineering"),
        ("stakeholder-needs", "fr", "FRC2", "academia", "health_life_sciences"),
    ],
)
def test_the_web_and_the_terminal_make_the_same_response_from_the_same_answers(
    cli: Cli,
    tmp_path: Path,
    db_url: str,
    questionnaire: str,
    lang: str,
    region: str,
    group: str,
    sector: str,
) -> None:
    q, _ = load_questionnaire(questionnaire)
    answers, skipped = sample_answers(q, group)
    assert len(answers) > 10 and skipped
    answers_file = tmp_path / "answers.yaml"
    document = {
        "language": lang,
        "consent": True,
        "profile": {"region": region, "group": group, "organisation": "Agence", "sector": sector},
        "answers": answers,
        "skipped": skipped,
    }
    answers_file.write_text(dump_yaml(document), encoding="utf-8")
    run = cli("survey", questionnaire, "--answers", answers_file, "--out", tmp_path / "terminal")
    assert run.code == 0, run.output
    terminal = read_response(response_files([tmp_path / "terminal"])[0]).response

    init(cli, db_url, questionnaire)
    contacts = tmp_path / "contacts.csv"
    contacts.write_text(f"region,group,language,email\n{region},{group},{lang},x@example.eu\n")
    run = cli("serve", "invite", "--db", db_url, "--list", contacts)
    assert run.code == 0, run.output
    token = token_of(links_of(run.out)[0]["link"])
    store = Store(db_url)
    visitor = Visitor(create_app(store))
    visitor.get(f"/s/{token}")
    start(visitor, organisation="Agence", sector=sector)
    answer_pages(visitor, q, answers, lang)
    visitor.post("/survey/submit")
    assert visitor.path() == "/survey/done", visitor.html
    stored = store.response(token_hash(token))
    assert stored is not None
    web = stored.response(q, personal=True)
    store.close()

    def shape(response: Response) -> dict[str, Any]:
        data = response.to_data()
        for key in ("started", "updated", "submitted"):
            assert data.pop(key)
        data["respondent"].pop("id")
        return data

    assert shape(web) == shape(terminal)  # answers, skips, questionnaire id/version/hash...

    # The export is that response without personal data, in both formats.
    out = tmp_path / "web.jsonl"
    assert cli("serve", "export", "--db", db_url, "--out", out).code == 0
    lines = out.read_text(encoding="utf-8").splitlines()
    exported = Response.model_validate(json.loads(lines[0]))
    assert len(lines) == 1
    assert shape(exported) == shape(without_personal(terminal, q))
    folder = tmp_path / "web-files"
    assert cli("serve", "export", "--db", db_url, "--out", folder).code == 0
    (only,) = response_files([folder])
    assert shape(read_response(only).response) == shape(exported)

    # check, score and plan read the export as they read the terminal's files.
    assert cli("check", out, folder).code == 0
    if questionnaire == "s3-stress-test":
        run = cli(
            "score",
            out,
            EXAMPLES / "responses",
            "--data",
            EXAMPLES / "data" / "eurostat",
            "--format",
            "json",
        )
        assert run.code == 0, run.err
        result = json.loads(run.out)
        assert result["responses_read"] == 1 + len(response_files([EXAMPLES / "responses"]))
    else:
        run = cli(
            "plan",
            EXAMPLES / "responses",
            EXAMPLES / "needs-responses",
            out,
            "--data",
            EXAMPLES / "data" / "eurostat",
            "--format",
            "json",
            "--out",
            tmp_path / "plan",
        )
        assert run.code == 0, run.err
        plan = json.loads((tmp_path / "plan" / "plan.json").read_text(encoding="utf-8"))
        assert "FRC2" in json.dumps(plan)


def test_init_publishes_once_and_refuses_a_changed_version_that_people_answered(
    cli: Cli, tmp_path: Path
) -> None:
    db = f"sqlite:///{tmp_path / 'survey.db'}"
    path = write_small(tmp_path)
    assert init(cli, db, path)  # the first init prints the monitor's token
    run = cli("serve", "init", "--db", db, "--questionnaire", path)
    assert "already published, unchanged" in run.out and "keep it secret" not in run.out
    store = Store(db)
    from s3engine.web.server import check_sources

    assert check_sources(store) == []
    path.write_text(path.read_text().replace("Cluster policy check", "Cluster check"))
    with pytest.raises(Exception, match="publish it with s3engine serve init"):
        check_sources(store)  # `serve run` refuses to serve it
    assert "replaced" in cli("serve", "init", "--db", db, "--questionnaire", path).out
    contacts = tmp_path / "c.csv"
    contacts.write_text("region,group\nAT31,industry\n")
    link = links_of(cli("serve", "invite", "--db", db, "--list", contacts).out)[0]["link"]
    visitor = Visitor(create_app(store))
    visitor.get(f"/s/{token_of(link)}")
    start(visitor)
    path.write_text(path.read_text().replace("Cluster check", "Cluster check 2"))
    run = cli("serve", "init", "--db", db, "--questionnaire", path)
    assert run.code == 1 and "raise its `version`" in run.err
    path.write_text(path.read_text().replace('version: "1.0"', 'version: "1.1"'))
    assert "published" in cli("serve", "init", "--db", db, "--questionnaire", path).out
    assert store.latest().version == "1.1"
    # The respondent who started on 1.0 goes on answering 1.0.
    started = store.response(token_hash(token_of(link)))
    assert started is not None and started.questionnaire == 1
    store.close()


def test_invite_reports_every_problem_of_a_contact_list_with_its_line(
    cli: Cli, tmp_path: Path
) -> None:
    db = f"sqlite:///{tmp_path / 'survey.db'}"
    init(cli, db)
    contacts = tmp_path / "contacts.csv"
    contacts.write_text(
        "region;group;language;name;email\n"
        "AT31;industry;de;Anna;anna@example.at\n"
        "XX99;industri;es;Bob;bob@example.eu\n"
        "ITH2;;it;;\n",
        encoding="utf-8",
    )
    run = cli(
        "serve", "invite", "--db", db, "--list", contacts, "--regions", EXAMPLES / "regions.yaml"
    )
    assert run.code == 1
    assert f"{contacts}:3 region: 'XX99' is not one of the regions" in run.err
    assert "did you mean 'industry'?" in run.err and f"{contacts}:3 language" in run.err
    assert f"{contacts}:4 group: no group given" in run.err
    assert Store(db).tallies("s3-stress-test") == []  # nothing was created
    bad = tmp_path / "bad.csv"
    bad.write_text("region,group,phone\nAT31,industry,123\n")
    run = cli("serve", "invite", "--db", db, "--list", bad)
    assert run.code == 1 and "unknown columns (phone)" in run.err


def test_links_are_csv_for_a_mail_merge_and_formulas_stay_text(cli: Cli, tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'survey.db'}"
    init(cli, db)
    contacts = tmp_path / "contacts.csv"
    contacts.write_text(
        "region,group,name,email,organisation\n"
        'ITH2,academia,Marco,marco@example.it,"=HYPERLINK(""http://x"")"\n',
        encoding="utf-8",
    )
    run = cli(
        "serve",
        "invite",
        "--db",
        db,
        "--list",
        contacts,
        "--regions",
        EXAMPLES / "regions.yaml",
        "--base-url",
        "https://survey.example.org/",
    )
    (row,) = links_of(run.out)
    assert row["language"] == "it"  # the region's language
    assert row["organisation"].startswith("'=")
    assert row["link"].startswith("https://survey.example.org/s/")
    assert len(token_of(row["link"])) == 24
    run = cli("serve", "invite", "--db", db, "--open", "--regions", EXAMPLES / "regions.yaml")
    rows = links_of(run.out)
    assert len(rows) == 12 and all(r["group"] == "" for r in rows)


def test_status_counts_invitations_and_responses_and_tells_what_scoring_lacks(
    cli: Cli, tmp_path: Path
) -> None:
    db = f"sqlite:///{tmp_path / 'survey.db'}"
    init(cli, db)
    contacts = tmp_path / "contacts.csv"
    contacts.write_text("region,group\nAT31,industry\nAT31,industry\nAT31,academia\n")
    cli("serve", "invite", "--db", db, "--list", contacts)
    run = cli("serve", "status", "--db", db, "--format", "json")
    (report,) = json.loads(run.out)
    (region,) = report["regions"]
    assert (region["invited"], region["started"], region["submitted"]) == (3, 0, 0)
    assert region["evidence"]["ready"] is False
    assert region["evidence"]["with_evidence"] == 0 and region["evidence"]["lacking"]
    assert region["evidence"]["chase"][0] == "Industry and business"
    assert "@" not in run.out  # no personal data
    table = cli("serve", "status", "--db", db)
    assert "can be scored" in table.out and "industry" in table.out


def test_export_pseudonymises_ids_and_times_on_request(cli: Cli, tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'survey.db'}"
    small = write_small(tmp_path)
    init(cli, db, small)
    contacts = tmp_path / "c.csv"
    contacts.write_text("region,group\nAT31,academia\n")
    link = links_of(cli("serve", "invite", "--db", db, "--list", contacts).out)[0]["link"]
    store = Store(db)
    visitor = Visitor(create_app(store))
    visitor.get(f"/s/{token_of(link)}")
    start(visitor, organisation="Secret Org")
    answers = {"has_policy": False, "governance": 3, "comment": "ok", "email": "a@b.eu"}
    answer_pages(visitor, store.latest().questionnaire, answers, "en")
    visitor.post("/survey/submit")
    plain, pseudo = tmp_path / "plain.jsonl", tmp_path / "pseudo.jsonl"
    assert cli("serve", "export", "--db", db, "--out", plain).code == 0
    assert cli("serve", "export", "--db", db, "--out", pseudo, "--pseudonymise").code == 0
    one = json.loads(plain.read_text())
    two = json.loads(pseudo.read_text())
    assert "Secret Org" not in plain.read_text() and "a@b.eu" not in plain.read_text()
    assert two["respondent"]["id"] != one["respondent"]["id"]
    assert two["started"].endswith("T00:00:00Z") and two["answers"] == one["answers"]
    again = tmp_path / "again.jsonl"
    cli("serve", "export", "--db", db, "--out", again, "--pseudonymise")
    assert json.loads(again.read_text())["respondent"]["id"] == two["respondent"]["id"]
    assert cli("check", pseudo, "--questionnaire", small).code == 0
    store.close()


def test_delete_by_token_and_a_new_admin_token(cli: Cli, tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'survey.db'}"
    first = init(cli, db)
    contacts = tmp_path / "c.csv"
    contacts.write_text("region,group,email\nAT31,industry,anna@example.at\n")
    link = links_of(cli("serve", "invite", "--db", db, "--list", contacts).out)[0]["link"]
    run = cli("serve", "delete", "--db", db, "--token", link)  # a whole link works too
    assert run.code == 0 and "deleted" in run.out
    again = cli("serve", "delete", "--db", db, "--token", token_of(link))
    assert again.code == 1 and "nothing was deleted" in again.err
    assert cli("serve", "delete", "--db", db, "--token", "x").code == 2
    second = cli("serve", "admin-token", "--db", db).out.strip()
    store = Store(db)
    assert store.admin_token_ok(second) and not store.admin_token_ok(first)
    store.close()


def test_a_database_without_a_survey_and_a_bad_url_get_one_clear_message(
    cli: Cli, tmp_path: Path
) -> None:
    empty = f"sqlite:///{tmp_path / 'empty.db'}"
    run = cli("serve", "status", "--db", empty)
    assert run.code == 2 and "serve init" in run.err
    run = cli("serve", "run", "--db", "mysql://u@h/d")
    assert run.code == 2 and "sqlite:///" in run.err
    run = cli(
        "serve",
        "init",
        "--db",
        f"sqlite:///{tmp_path / 'no' / 'such' / 'x.db'}",
        "--questionnaire",
        "s3-stress-test",
    )
    assert run.code == 2 and "does not exist" in run.err
    assert cli("serve", "upgrade", "--db", empty).code == 0
