"""`s3engine check PATH...`: validate questionnaires (and other s3engine files)."""

from __future__ import annotations

import argparse
from typing import Any

HELP = "validate questionnaires, scoring models, catalogues and responses"
DESCRIPTION = """\
Validate s3engine files and folders (recursively), or shipped files by name. Every problem
of every file is reported as `file:line:column key.path: message`, followed by a summary.

Exit status: 0 when every file is valid (warnings allowed), 1 when a file is invalid (or,
with --strict, has warnings), 2 on a usage error.

examples:
  s3engine check questionnaires/
  s3engine check --strict questionnaires/s3-stress-test.yaml
  s3engine check --format json my-survey.yaml
  s3engine check --summary responses/        (problems, and a count per kind of file)
  s3engine check s3-stress-test              (a shipped questionnaire, by name)
"""


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "check",
        help=HELP,
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("paths", nargs="+", metavar="PATH", help="files or folders to check")
    parser.add_argument("--strict", action="store_true", help="treat warnings as errors")
    parser.add_argument(
        "--summary",
        action="store_true",
        help="print the problems and a count of files per kind, not a line per valid file",
    )
    parser.add_argument(
        "--questionnaire",
        action="append",
        default=[],
        metavar="FILE",
        help="the questionnaire response files answer (a file or a shipped name; repeatable); "
        "by default it is looked up among the files checked and the shipped questionnaires",
    )
    parser.add_argument(
        "--format", choices=("text", "json"), default="text", help="output format (default text)"
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from s3engine.cli.checking import check_paths
    from s3engine.cli.render import print_check_json, print_check_text

    reports = check_paths(args.paths, strict=args.strict, questionnaires=args.questionnaire)
    if args.format == "json":
        print_check_json(reports)
    else:
        print_check_text(reports, summary=args.summary)
    return int(not all(report.ok for report in reports))
