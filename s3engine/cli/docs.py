"""The pages of docs/ that are generated from the tool itself (`make docs`).

* docs/cli.md: each command's section holds, between two markers, its usage, its
  description and a table of its arguments, all taken from the argparse parser that
  `s3engine COMMAND --help` prints. The prose around the markers is written by hand.
* docs/glossary.md: from the glossary the checks use (s3engine/questionnaire/glossary.yaml).

`python -m s3engine.cli.docs` rewrites them; tests fail when a page differs from what it
would write, so the documentation cannot drift from the tool.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from s3engine.cli.main import COMMANDS, build_parser
from s3engine.questionnaire.glossary import load_glossary, render_markdown

#: The pages this module keeps up to date (in a checkout).
DOCS = Path(__file__).resolve().parents[2] / "docs"
CLI_DOC = DOCS / "cli.md"
GLOSSARY_DOC = DOCS / "glossary.md"
_BEGIN = "<!-- generated from `s3engine {name} --help` by s3engine.cli.docs: do not edit -->"
_END = "<!-- end of the generated reference of `s3engine {name}` -->"
#: The width usage lines are wrapped at, whatever the terminal.
_WIDTH = 92


def subparsers(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    """The parser of each command, by name."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def command_reference(name: str, parser: argparse.ArgumentParser) -> str:
    """The generated part of a command's section: usage, description, arguments."""
    parser.formatter_class = _fixed_width
    formatter = parser._get_formatter()
    usage = parser.format_usage().rstrip()
    prefix = "usage: "  # argparse indents the lines that follow by its length
    usage = "\n".join(
        line.removeprefix(prefix if n == 0 else " " * len(prefix))
        for n, line in enumerate(usage.splitlines())
    )
    lines = ["```text", usage, "```", ""]
    if parser.description:
        lines += ["```text", parser.description.rstrip(), "```", ""]
    lines += ["| argument | meaning |", "| --- | --- |"]
    for action in parser._actions:
        if isinstance(action, argparse._HelpAction) or action.help == argparse.SUPPRESS:
            continue
        lines.append(f"| {_cell(_names(action))} | {_cell(_meaning(formatter, action))} |")
    return "\n".join(lines)


def _fixed_width(prog: str) -> argparse.HelpFormatter:
    return argparse.RawDescriptionHelpFormatter(prog, width=_WIDTH)


def _names(action: argparse.Action) -> str:
    if not action.option_strings:
        return f"`{action.metavar or action.dest}`"
    metavar = ""
    if action.nargs != 0:
        metavar = " " + (
            str(action.metavar)
            if action.metavar is not None
            else action.dest.upper()
            if action.choices is None
            else "{" + ",".join(map(str, action.choices)) + "}"
        )
    return ", ".join(f"`{flag}{metavar}`" for flag in action.option_strings)


def _meaning(formatter: argparse.HelpFormatter, action: argparse.Action) -> str:
    text = formatter._expand_help(action) if action.help else ""
    if action.choices is not None and action.option_strings and action.metavar is not None:
        text += " (one of: " + ", ".join(map(str, action.choices)) + ")"
    return text


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def render(document: str) -> str:
    """`document` (docs/cli.md) with every command's generated part written anew.

    A command without its two markers gets a section appended at the end, so that a new
    command is never missing from the reference.
    """
    parsers = subparsers(build_parser())
    for name in COMMANDS:
        begin, end = _BEGIN.format(name=name), _END.format(name=name)
        block = f"{begin}\n{command_reference(name, parsers[name])}\n{end}"
        pattern = re.compile(re.escape(begin) + r".*?" + re.escape(end), re.S)
        found = pattern.search(document)
        if found:
            document = document[: found.start()] + block + document[found.end() :]
        else:
            document = document.rstrip("\n") + f"\n\n## s3engine {name}\n\n{block}\n"
    return document


def pages() -> dict[Path, str]:
    """Each generated page and what it should hold."""
    return {
        CLI_DOC: render(CLI_DOC.read_text(encoding="utf-8")),
        GLOSSARY_DOC: render_markdown(load_glossary()),
    }


def main() -> int:
    for path, text in pages().items():
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            print(f"{path}: brought up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main())
