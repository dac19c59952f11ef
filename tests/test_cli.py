"""The command line as a user meets it: help, version, schemas, errors, exit codes."""

from __future__ import annotations

import argparse
import errno
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from conftest import REPO, SHIPPED_QUESTIONNAIRES, Cli, Write

from s3engine import __version__
from s3engine.cli import check as check_command
from s3engine.cli import main as cli_module
from s3engine.cli import schema as schema_command
from s3engine.core import messages as M
from s3engine.core.findings import S3Error
from s3engine.io.files import load_yaml


def subcommands() -> list[str]:
    """The commands the parser knows, as `s3engine --help` lists them."""
    parser = cli_module.build_parser()
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return sorted(action.choices)
    raise AssertionError("no subcommands")


def test_help_lists_every_command_with_examples(cli: Cli) -> None:
    run = cli("--help")
    assert run.code == 0
    assert "usage: s3engine" in run.out
    assert "examples:" in run.out
    for name in subcommands():
        assert f"    {name} " in run.out


def test_no_command_prints_help_and_exits_2(cli: Cli) -> None:
    run = cli()
    assert run.code == 2
    assert "usage: s3engine" in run.out


def test_version(cli: Cli) -> None:
    run = cli("--version")
    assert run.code == 0
    assert run.out.strip() == f"s3engine {__version__}"


def test_python_dash_m_works() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "s3engine", "--version"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"s3engine {__version__}"


def test_the_core_commands_exist() -> None:
    assert {"check", "schema"} <= set(subcommands())


@pytest.mark.parametrize("name", subcommands())
def test_every_command_has_help_with_an_example(name: str, cli: Cli) -> None:
    run = cli(name, "--help")
    assert run.code == 0
    assert f"usage: s3engine {name}" in run.out
    assert "example" in run.out.lower()
    example_lines = [line for line in run.out.splitlines() if line.strip().startswith("s3engine ")]
    assert any(line.split()[1] == name for line in example_lines), run.out


def test_parsing_the_command_line_imports_nothing_heavy() -> None:
    """`s3engine --help` must stay instant: commands import their libraries when they run."""
    code = (
        "import sys\n"
        "from s3engine.cli.main import build_parser\n"
        "build_parser()\n"
        "heavy = ('pydantic', 'rich', 'yaml', 'questionary', 'prompt_toolkit', 'openpyxl',"
        " 'docx', 'jinja2')\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & set(heavy)))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


# -- schema --------------------------------------------------------------------------------


def schema_of(cli: Cli, kind: str) -> dict[str, Any]:
    run = cli("schema", kind)
    assert run.code == 0, run.output
    schema: dict[str, Any] = json.loads(run.out)
    jsonschema.Draft202012Validator.check_schema(schema)
    return schema


@pytest.mark.parametrize("path", SHIPPED_QUESTIONNAIRES, ids=lambda p: p.name)
def test_the_questionnaire_schema_accepts_the_shipped_questionnaires(path: Path, cli: Cli) -> None:
    validator = jsonschema.Draft202012Validator(schema_of(cli, "questionnaire"))
    errors = [
        f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(load_yaml(path).data)
    ]
    assert errors == []


def test_the_questionnaire_schema_catches_what_editors_should_flag(cli: Cli, write: Write) -> None:
    validator = jsonschema.Draft202012Validator(schema_of(cli, "questionnaire"))
    good = {
        "id": "demo",
        "version": "1",
        "title": {"en": "Demo", "de": "Demo"},
        "languages": ["en", "de"],
        "default_language": "en",
        "sections": [
            {
                "id": "s1",
                "title": "One",
                "questions": [
                    {"id": "q1", "type": "yes_no", "text": "Calls?"},
                    {
                        "id": "q2",
                        "type": "number",
                        "text": "How many?",
                        "show_if": {"all": [{"question": "q1", "equals": True}]},
                        "constraints": [{"rule": {"in": [1, 2]}, "message": "1 or 2"}],
                    },
                ],
            }
        ],
    }
    assert validator.is_valid(good)
    misspelt = json.loads(json.dumps(good))
    misspelt["sections"][0]["questions"][0]["requird"] = True
    assert not validator.is_valid(misspelt)
    unknown_type = json.loads(json.dumps(good))
    unknown_type["sections"][0]["questions"][0]["type"] = "yesno"
    assert not validator.is_valid(unknown_type)


def test_the_response_schema(cli: Cli) -> None:
    schema = schema_of(cli, "response")
    assert schema["title"] == "s3engine response"
    assert {"questionnaire", "respondent", "answers"} <= set(schema["properties"])


def test_an_unknown_schema_is_a_usage_error(cli: Cli) -> None:
    run = cli("schema", "questionaire")
    assert run.code == 2
    assert "invalid choice" in run.err


# -- errors and exit codes -----------------------------------------------------------------


def test_an_s3error_prints_its_findings_on_stderr(
    monkeypatch: pytest.MonkeyPatch, cli: Cli
) -> None:
    def fails(args: argparse.Namespace) -> int:
        raise S3Error("the thing went wrong; do this instead")

    monkeypatch.setattr(check_command, "run", fails)
    run = cli("check", "x.yaml")
    assert run.code == 1
    assert run.out == ""
    assert run.err == "s3engine: the thing went wrong; do this instead\n"


def test_an_internal_error_is_a_short_message_without_traceback(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def crashes(args: argparse.Namespace) -> int:
        raise RuntimeError("boom")

    monkeypatch.setattr(check_command, "run", crashes)
    assert cli_module.main(["check", "x.yaml"]) == 3
    err = capsys.readouterr().err
    assert "internal error (RuntimeError: boom)" in err
    assert "--debug" in err and "Traceback" not in err
    with pytest.raises(RuntimeError):
        cli_module.main(["--debug", "check", "x.yaml"])


def _process(*args: str | Path) -> subprocess.CompletedProcess[str]:
    """`s3engine ARGS` as its own process, which registers a line printed by an exit
    handler: the process ends as the installed command does (main.py, QUICK_END)."""
    ends = "import atexit; atexit.register(print, 'exit handlers ran'); "
    start = "from s3engine.cli.main import entry_point; entry_point()"
    return subprocess.run(
        [sys.executable, "-c", ends + start, *map(str, args)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


EXAMPLES = REPO / "examples"
SCORE = ["score", EXAMPLES / "responses", "--data", EXAMPLES / "data" / "eurostat"]


def test_a_score_that_ends_without_tearing_down_prints_all_and_runs_the_exit_handlers(
    cli: Cli,
) -> None:
    # `score` keeps its result until the process ends, and ends it at once: what it prints
    # to a pipe must still arrive whole, then the exit handlers run.
    done = _process(*SCORE, "--format", "json")
    assert done.returncode == 0, done.stderr
    document, handler = done.stdout.rsplit("\n", 2)[:2]
    assert handler == "exit handlers ran"
    same = cli(*SCORE, "--format", "json")
    printed, again = json.loads(document), json.loads(same.out)
    printed.pop("generated"), again.pop("generated")
    assert printed == again and len(printed["regions"]) > 1


def test_commands_that_end_at_once_keep_their_exit_code_and_all_they_print(
    write: Write,
) -> None:
    broken = write("bad/AT31-broken.yaml", "questionnaire: [unclosed\n")
    done = _process(*SCORE, broken.parent, "--format", "json")
    assert done.returncode == 1, done.stderr
    assert "AT31-broken.yaml" in done.stderr
    assert done.stdout.endswith("}\nexit handlers ran\n")
    folder = REPO / "questionnaires"
    checked = _process("check", folder, broken)
    assert checked.returncode == 1
    assert checked.stdout.endswith("0 warnings\nexit handlers ran\n"), checked.stdout
    assert f"{broken}:2:1: the file ends in the middle of a value" in checked.stdout
    assert all(f"{path}:" in checked.stdout for path in folder.glob("*.yaml"))


def test_ctrl_c_exits_130(monkeypatch: pytest.MonkeyPatch, cli: Cli) -> None:
    def interrupted(args: argparse.Namespace) -> int:
        raise KeyboardInterrupt

    monkeypatch.setattr(check_command, "run", interrupted)
    run = cli("check", "x.yaml")
    assert run.code == 130
    assert "interrupted" in run.err


def test_check_on_the_shipped_folder_runs_from_anywhere(
    cli: Cli, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(tmp_path)
    run = cli("check", REPO / "questionnaires")
    assert run.code == 0, run.output
    assert "all valid" in run.out


@pytest.mark.parametrize("name", ["check", "schema"])
def test_the_cli_reference_documents_the_command_and_its_options(name: str) -> None:
    text = (REPO / "docs" / "cli.md").read_text(encoding="utf-8")
    assert f"## s3engine {name}" in text
    parser = cli_module.build_parser()
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            command = action.choices[name]
    for option in command._actions:
        for flag in option.option_strings:
            if flag.startswith("--") and flag != "--help":
                assert f"`{flag}" in text, flag
    for code in ("0", "1", "2", "3", "130"):
        assert f"\n| {code} |" in text


@pytest.mark.parametrize("kind", sorted(schema_command.FORMATS))
def test_every_schema_format_prints_a_valid_json_schema(kind: str, cli: Cli) -> None:
    schema = schema_of(cli, kind)
    assert schema["title"] == f"s3engine {kind}"
    assert schema["type"] == "object"


def patterns(node: Any) -> set[str]:
    """Every regular expression a JSON Schema uses."""
    found: set[str] = set()
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "pattern" and isinstance(value, str):
                found.add(value)
            else:
                found |= patterns(value)
    elif isinstance(node, list):
        for item in node:
            found |= patterns(item)
    return found


@pytest.mark.parametrize("kind", ["questionnaire", "response"])
def test_every_pattern_has_a_hint_for_its_message(kind: str, cli: Cli) -> None:
    """A value that does not match gets a message in words, not a regular expression."""
    assert patterns(schema_of(cli, kind)) <= set(M.PATTERN_HINTS)


def test_check_counts_thousands_of_files_with_their_digits_grouped(
    cli: Cli, tmp_path: Path
) -> None:
    """As `score` writes "1,200 counted": a folder of 1,200 response files (an import into a
    folder of a grown export) is "1,200 files checked", never "1200"."""
    example = next((REPO / "examples" / "responses").rglob("*.yaml"))
    text = example.read_text(encoding="utf-8")
    who = text.split("\nrespondent:\n  id: ", 1)[1].split("\n", 1)[0]
    folder = tmp_path / "responses"
    folder.mkdir()
    for number in range(1200):
        (folder / f"r{number}.yaml").write_text(
            text.replace(f"\n  id: {who}\n", f"\n  id: r{number:04d}\n"), encoding="utf-8"
        )
    summary = cli("check", "--summary", folder)
    assert summary.code == 0, summary.output
    assert summary.out.splitlines() == [
        "1,200 response files: all valid",
        "1,200 files checked: all valid; 0 errors, 0 warnings",
    ]
    assert cli("check", folder).out.splitlines()[-1].startswith("1,200 files checked")


def test_check_lists_a_folder_as_score_reads_it_refusing_what_is_no_file(
    cli: Cli, tmp_path: Path
) -> None:
    """A link to nowhere, a link to itself and a pipe named like responses, beside a
    response: `score` refused the first and the last by name, and `check` said "all valid"
    of the folder, having left them out; a link to itself stopped both, said of the folder.
    Both now walk a folder the same way (io.files.files_below), so check says what score
    says, of each file; hidden files stay out of both, and a file named twice is checked
    once."""
    example = next((REPO / "examples" / "responses").rglob("*.yaml"))
    folder = tmp_path / "responses"
    folder.mkdir()
    response = folder / example.name
    response.write_bytes(example.read_bytes())
    (folder / ".draft.yaml").write_text("not: [a response", encoding="utf-8")
    (folder / "gone.yaml").symlink_to(tmp_path / "nowhere.yaml")
    (folder / "loop.yaml").symlink_to(folder / "loop.yaml")
    os.mkfifo(folder / "pipe.yaml")
    run = cli("check", folder, response, folder / ".." / "responses" / example.name)
    assert run.code == 1
    looped = M.FILE_UNREADABLE.format(reason=M.SYSTEM_REASONS[errno.ELOOP])
    assert run.out.splitlines()[1:] == [
        f"{folder / 'gone.yaml'}: {M.DANGLING_LINK}",
        f"{folder / 'loop.yaml'}: {looped}",
        f"{folder / 'pipe.yaml'}: {M.NOT_A_FILE}",
        "4 files checked: 3 invalid; 3 errors, 0 warnings",
    ]
    assert run.out.startswith(f"{response}: response: ")
    data = REPO / "examples" / "data" / "eurostat"
    scored = cli("score", folder, "--data", data, "--format", "json")
    assert [line.split(": ", 1)[0] for line in scored.err.splitlines()[:3]] == [
        str(folder / "gone.yaml"),
        str(folder / "loop.yaml"),
        str(folder / "pipe.yaml"),
    ]


def test_a_folder_that_cannot_be_read_is_said_to_be_a_folder(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A folder below the one named that the system will not list (its permissions; the
    tests run as root, whom permissions never stop, so the refusal is the system's answer
    given here): `check` and `score` name it as a folder, with the system's reason."""
    from s3engine.io import files

    locked = tmp_path / "responses" / "locked"
    locked.mkdir(parents=True)
    listing = os.scandir

    def scandir(path: Any) -> Any:
        if Path(path) == locked:
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return listing(path)

    monkeypatch.setattr(files.os, "scandir", scandir)
    said = M.FOLDER_UNREADABLE.format(reason=M.SYSTEM_REASONS[errno.EACCES])
    for run in (
        cli("check", tmp_path / "responses"),
        cli("score", tmp_path / "responses", "--data", REPO / "examples" / "data" / "eurostat"),
    ):
        assert run.code == 1
        assert f"{locked}: {said}" in run.output.splitlines()


def test_check_summary_counts_files_per_kind_and_still_shows_every_problem(
    cli: Cli, write: Write
) -> None:
    """`make demo` checks the 150-odd example responses: one line per kind, not per file."""
    examples = REPO / "examples" / "responses"
    responses = len([p for p in examples.rglob("*") if p.suffix in (".yaml", ".json", ".jsonl")])
    broken = write(
        "broken.yaml",
        """
        id: broken
        version: 1
        title: {en: Broken}
        sections:
          - id: s
            title: {en: S}
            questions:
              - {id: q, type: yes_no, text: {en: Q?}, requird: true}
        """,
    )
    run = cli("check", "--summary", examples, REPO / "questionnaires", broken)
    assert run.code == 1
    lines = run.out.splitlines()
    assert any(line.startswith(f"{broken}:") and "requird" in line for line in lines)
    assert f"{responses} response files: all valid" in lines
    shipped = len(list((REPO / "questionnaires").glob("*.yaml")))
    assert f"{shipped + 1} questionnaire files: 1 invalid" in lines
    assert not any(line.startswith(str(examples)) for line in lines)
    assert lines[-1].startswith(f"{responses + shipped + 1} files checked: 1 invalid")
