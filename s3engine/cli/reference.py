"""The command reference of docs/cli.md, generated from the parsers behind `--help`.

Each command's section in docs/cli.md holds, between two markers, its usage, its
description and a table of its arguments, all taken from the argparse parser that
`s3engine COMMAND --help` prints. The prose around the markers (the method, examples of
output) is written by hand. `python -m s3engine.cli.reference` rewrites the generated
parts in place; a test fails when the file differs from what it would write, so the
reference cannot drift from the real help.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from s3engine.cli.main import COMMANDS, build_parser

#: The file this module keeps up to date (in a checkout).
CLI_DOC = Path(__file__).resolve().parents[2] / "docs" / "cli.md"
_BEGIN = "<!-- generated from `s3engine {name} --help` by s3engine.cli.reference: do not edit -->"
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


def main() -> int:
    text = CLI_DOC.read_text(encoding="utf-8")
    new = render(text)
    if new != text:
        CLI_DOC.write_text(new, encoding="utf-8")
        print(f"{CLI_DOC}: the command reference was brought up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main())
