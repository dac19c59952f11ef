"""Survey waves: every way of making a response records the wave it belongs to, and a
response written before waves existed belongs to the wave of the year it was started in
(docs/waves.md)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
import yaml
from conftest import REPO, Cli, Write
from test_survey_cli import GOOD
from test_survey_support import write_small
from test_web_cli import init, links_of, token_of
from test_web_survey import answer_pages, start
from web_support import Visitor, sample_answers

from s3engine.core import messages as M
from s3engine.questionnaire.checks import load_questionnaire
from s3engine.responses.files import read_response, response_files
from s3engine.responses.model import Response, Wave, make_wave, plain_wave, wave_of
from s3engine.web.app import create_app
from s3engine.web.storage import Store
from s3engine.web.tokens import token_hash

EUROSTAT = REPO / "examples" / "data" / "eurostat"


@pytest.fixture(autouse=True)
def no_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(""))


def only_response(folder: Path) -> Response:
    (path,) = response_files([folder])
    return read_response(path).response


def test_an_answers_file_names_its_wave_and_the_command_line_takes_precedence(
    cli: Cli, write: Write, tmp_path: Path
) -> None:
    small = write_small(tmp_path)
    answers = write("answers.yaml", GOOD + "wave: 2026\n")  # a number in YAML: the wave 2026
    assert cli("survey", small, "--answers", answers, "--out", tmp_path / "a").code == 0
    response = only_response(tmp_path / "a")
    assert response.wave == Wave(id="2026", period="2026")

    run = cli("survey", small, "--answers", answers, "--out", tmp_path / "b",
              "--wave", "spring-2028", "--wave-period", "2028-03/2028-05")  # fmt: skip
    assert run.code == 0, run.err
    assert only_response(tmp_path / "b").wave == Wave(id="spring-2028", period="2028-03/2028-05")
    assert make_wave("spring-2028", "2028-03/2028-05").year == 2028


def test_a_bad_wave_is_a_usage_error_that_says_how_to_write_it(
    cli: Cli, write: Write, tmp_path: Path
) -> None:
    small = write_small(tmp_path)
    answers = write("answers.yaml", GOOD)
    out = tmp_path / "out"
    run = cli("survey", small, "--answers", answers, "--wave", "wave 2", "--out", out)
    assert run.code == 2
    assert "--wave wave 2: 'wave 2' cannot name a wave: use a year (2026)" in run.err
    run = cli("survey", small, "--answers", answers, "--wave", "w", "--wave-period", "26")
    assert run.code == 2 and "--wave-period 26: '26' is not a period" in run.err
    run = cli("survey", small, "--answers", answers, "--wave-period", "2026")
    assert run.code == 2 and "--wave-period needs --wave" in run.err
    assert not out.exists()


def test_a_response_without_a_wave_belongs_to_the_year_it_was_started_in(
    cli: Cli, write: Write, tmp_path: Path
) -> None:
    small = write_small(tmp_path)
    answers = write("answers.yaml", GOOD)
    assert cli("survey", small, "--answers", answers, "--out", tmp_path / "a").code == 0
    (path,) = response_files([tmp_path / "a"])
    text = path.read_text(encoding="utf-8")
    assert "wave" not in text  # written as before waves existed
    response = read_response(path).response
    assert response.wave is None
    year = str(response.started.year)
    assert wave_of(response) == Wave(id=year, period=year)
    data = yaml.safe_load(text)
    assert plain_wave(data) == (year, year)
    data["wave"] = {"id": "2024", "period": "2024"}
    assert plain_wave(data) == ("2024", "2024")
    assert plain_wave({**data, "wave": {"id": "2024 spring", "period": "2024"}}) is None
    assert Response.model_validate(data).to_data()["wave"] == {"id": "2024", "period": "2024"}


def test_a_time_in_a_year_no_wave_can_be_named_after_is_refused_by_every_reader(
    cli: Cli, tmp_path: Path
) -> None:
    """A response started in 3024 (a typing error for 2024) belongs to no wave: its default
    wave would be named after a year a wave's period cannot hold. check, score (a YAML file
    and a JSON Lines line, the plain path) and export refuse it with one message at the
    time, as import refuses such a time at its cell; export crashed on it."""
    (example,) = sorted((REPO / "examples" / "responses" / "AT31").glob("*.yaml"))[:1]
    data = yaml.safe_load(example.read_text(encoding="utf-8"))
    for key in ("started", "updated", "submitted"):
        data[key] = "3" + str(data[key])[1:]
    folder = tmp_path / "responses"
    folder.mkdir()
    (folder / "r.yaml").write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    lines = tmp_path / "r.jsonl"
    lines.write_text(json.dumps(data) + "\n", encoding="utf-8")
    said = M.RESPONSE_YEAR.format(year=int(str(data["started"])[:4]))
    runs = {
        "check": cli("check", folder),
        "score": cli("score", folder, "--model", "s3-stress-test", "--data", EUROSTAT),
        "score-jsonl": cli("score", lines, "--model", "s3-stress-test", "--data", EUROSTAT),
        "export": cli(
            "export",
            folder,
            "--questionnaire",
            "s3-stress-test",
            "--to",
            "csv",
            "--out",
            tmp_path / "out.csv",
        ),
    }
    for name, run in runs.items():
        assert run.code == 1, (name, run.output)
        assert f" started: {said}" in run.output, (name, run.output)
        assert "internal error" not in run.output
    assert not (tmp_path / "out.csv").exists()


def test_the_web_survey_keeps_the_wave_of_the_invitation(cli: Cli, tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'survey.db'}"
    init(cli, db)
    q, _ = load_questionnaire("s3-stress-test")
    contacts = tmp_path / "contacts.csv"
    contacts.write_text("region,group,language,email\nSI03,industry,en,x@example.eu\n")
    run = cli("serve", "invite", "--db", db, "--list", contacts, "--wave", "2026")
    assert run.code == 0, run.output
    token = token_of(links_of(run.out)[0]["link"])
    store = Store(db)
    visitor = Visitor(create_app(store))
    visitor.get(f"/s/{token}")
    start(visitor, organisation="Agency", sector=q.profile.sectors[0].value)
    answers, _ = sample_answers(q, "industry")
    answer_pages(visitor, q, answers, "en")
    visitor.post("/survey/submit")
    assert visitor.path() == "/survey/done", visitor.html
    stored = store.response(token_hash(token))
    store.close()
    assert stored is not None and stored.wave == Wave(id="2026", period="2026")
    out = tmp_path / "web.jsonl"
    assert cli("serve", "export", "--db", db, "--out", out).code == 0
    (line,) = out.read_text(encoding="utf-8").splitlines()
    assert json.loads(line)["wave"] == {"id": "2026", "period": "2026"}
    run = cli("serve", "invite", "--db", db, "--open", "--wave", "2026 spring")
    assert run.code == 2 and "cannot name a wave" in run.err


def test_the_second_example_wave_is_what_the_generator_writes(tmp_path: Path) -> None:
    """examples/responses-2026 is up to date with examples/make_examples.py --wave 2026."""
    import importlib.util
    import sys

    from conftest import REPO

    spec = importlib.util.spec_from_file_location(
        "make_examples", REPO / "examples" / "make_examples.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["make_examples"] = module  # its dataclasses look their module up
    try:
        spec.loader.exec_module(module)
        assert module.main(["--wave", "2026", "--out", str(tmp_path)]) == 0
    finally:
        del sys.modules["make_examples"]
    shipped_folder = REPO / "examples" / "responses-2026"
    written = {p.relative_to(tmp_path): p.read_text() for p in tmp_path.rglob("*.yaml")}
    shipped = {p.relative_to(shipped_folder): p.read_text() for p in shipped_folder.rglob("*.yaml")}
    assert written == shipped, "run: python examples/make_examples.py --wave 2026"
    assert all("wave:\n  id: '2026'\n  period: '2026'" in text for text in written.values())
