"""`s3engine convert QUESTIONNAIRE --to xlsform|limesurvey --out FILE`: field a questionnaire
in KoboToolbox, ODK Central or LimeSurvey."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

HELP = "write a questionnaire as an XLSForm (KoboToolbox, ODK) or a LimeSurvey survey"
DESCRIPTION = """\
Write a questionnaire in the format of a survey tool, in all its languages:

  xlsform     an XLSForm workbook (.xlsx) for KoboToolbox, ODK Central and Enketo
  limesurvey  LimeSurvey's tab-separated survey structure (.txt), with FILE.codes.csv beside
              it: the LimeSurvey code of every question, option and answer

The form asks the respondent profile (region, stakeholder group, organisation, sector and
consent) and records the questionnaire version, so that `s3engine import` can bring its
responses back. What cannot be expressed in the tool is listed as a warning with the
question id. What maps to what: docs/interop.md.

Exit status: 0 written (warnings allowed), 1 invalid questionnaire, 2 usage error.

examples:
  s3engine convert s3-stress-test --to xlsform --out s3-stress-test.xlsx
  s3engine convert stakeholder-needs --to limesurvey --out needs.txt
"""


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "convert",
        help=HELP,
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("questionnaire", metavar="QUESTIONNAIRE", help="a file or a shipped name")
    parser.add_argument("--to", required=True, choices=("xlsform", "limesurvey"), help="format")
    parser.add_argument("--out", required=True, metavar="FILE", help="the file to write")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from s3engine.interop.files import convert_questionnaire
    from s3engine.io.files import refuse_input
    from s3engine.questionnaire.checks import load_questionnaire

    q, _ = load_questionnaire(args.questionnaire)
    refuse_input(Path(args.out))  # the questionnaire just read
    written, warnings = convert_questionnaire(q, args.to, Path(args.out))
    for warning in warnings:
        print(warning.finding(str(args.questionnaire)).render(), file=sys.stderr)
    for path in written:
        print(path)
    return 0
