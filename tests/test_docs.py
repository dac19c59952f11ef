"""The documentation a user reads agrees with the tool."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from s3engine.cli import docs as reference
from s3engine.cli.main import COMMANDS


def test_the_command_reference_is_the_real_help() -> None:
    """docs/cli.md holds each command's usage, description and arguments as `--help`
    prints them; `make docs` rewrites it."""
    document = reference.CLI_DOC.read_text(encoding="utf-8")
    assert reference.render(document) == document, "run `make docs` and commit docs/cli.md"


def test_every_command_and_every_option_is_in_the_reference() -> None:
    document = reference.CLI_DOC.read_text(encoding="utf-8")
    parsers = reference.subparsers(reference.build_parser())
    for name in COMMANDS:
        assert f"## s3engine {name}\n" in document, name
        for action in parsers[name]._actions:
            for flag in action.option_strings:
                if flag not in ("-h", "--help"):
                    assert f"`{flag}" in document, (name, flag)


def test_every_option_of_every_serve_subcommand_is_in_its_synopsis() -> None:
    """The generated reference covers `serve --help` only; the hand-written synopsis of
    its subcommands (`s3engine serve invite ...`, continued on indented lines) must name
    every option their own --help has."""
    document = reference.CLI_DOC.read_text(encoding="utf-8")
    section = document.split("## s3engine serve\n", 1)[1].split("\n## ", 1)[0]
    synopsis: dict[str, str] = {}
    name = ""
    for line in section.splitlines():
        if found := re.match(r"s3engine serve ([a-z-]+) ", line):
            name = found[1]
            synopsis[name] = line
        elif name and line.startswith(" " * 20):
            synopsis[name] += line
        else:
            name = ""
    serve = reference.subparsers(reference.build_parser())["serve"]
    for sub, parser in reference.subparsers(serve).items():
        assert sub in synopsis, sub
        for action in parser._actions:
            for flag in action.option_strings:
                if flag.startswith("--") and flag != "--help":
                    assert re.search(rf"{flag}\b(?!-)", synopsis[sub]), (sub, flag)


def test_the_glossary_page_is_the_glossary_the_checks_use() -> None:
    expected = reference.pages()[reference.GLOSSARY_DOC]
    assert reference.GLOSSARY_DOC.read_text(encoding="utf-8") == expected, "run `make docs`"


def test_every_answers_file_in_the_docs_is_accepted(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A reader copies an answers file from the docs: `survey --answers` takes it as it is."""
    from s3engine.cli.main import main

    examples = [
        (page.name, block)
        for page in sorted(reference.DOCS.glob("*.md"))
        for block in re.findall(r"```yaml\n(.*?)```", page.read_text(encoding="utf-8"), re.S)
        if re.search(r"^profile:", block, re.M) and re.search(r"^answers:", block, re.M)
    ]
    assert len(examples) >= 2
    for index, (page, block) in enumerate(examples):
        path = tmp_path / f"answers-{index}.yaml"
        path.write_text(block, encoding="utf-8")
        out = tmp_path / f"out-{index}"
        code = main(["survey", "s3-stress-test", "--answers", str(path), "--out", str(out)])
        assert code == 0, (page, capsys.readouterr().err)
