"""`s3engine export RESPONSES... --questionnaire Q --to sav|dta|csv|r --out FILE`: responses
for SPSS, Stata, R and spreadsheets, with value labels and missing-value codes."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

HELP = "write responses as SPSS (.sav), Stata (.dta), CSV or R with value labels"
DESCRIPTION = """\
Write the responses to one questionnaire as a table for statisticians: one row per
respondent; the respondent's profile (region: its code, then region_name: the name score
gives it, its NUTS name in the national language when no respondent named it); the
response's wave (one recording none: the year it was started in), status, and times started
and submitted in UTC; one column per question (a multiple choice: one 0/1 column per option;
a ranking: one column per place), value labels from the questionnaire in --lang, and
missing-value codes that say why an answer is missing ("no information"; skipped: in the
response's `skipped`, or shown and left unanswered in a complete response; not asked: hidden
by a condition or group, or not reached in a partial response). Variable names and labels
are cut to what the format allows (a cut name keeps its option's or place's number: _9);
FILE.codebook.csv beside the file (stress.sav -> stress.sav.codebook.csv: one for each
format) lists every variable with its full label, value labels and missing codes. Both files
are written, or neither. Each respondent is written once: a later response of the same
respondent is refused, as score refuses it. Personal data (questions marked personal, the
organisation) is left out.

--to r writes an R script in base R (no package needed) as FILE, the table it reads beside
it (stress.R -> stress.R.data.csv, the CSV export's table) and stress.R.codebook.csv, all
three or none. `Rscript stress.R`, or source("stress.R") in R, reads the table from the
script's folder (else from the working directory) into the data frame `data`: categories as
factors with their labels in --lang (a scale's "no information" point a level of its own),
answers skipped or not asked NA, each column's label in attr(, "label"). R reads .sav and
.dta too, with the haven package. Details: docs/interop.md.

Exit status: 0 written; 1 some responses refused (the others are written), none left to
write, or a file the system would not let be written (then neither file is); 2 usage error
(such as paths that hold no response file, or a FILE named as another kind of file: --to sav
writes FILE.sav, --to dta FILE.dta, --to csv FILE.csv or .txt, --to r FILE.R).

examples:
  s3engine export responses/ --questionnaire s3-stress-test --to sav --out stress-test.sav
  s3engine export needs.jsonl --questionnaire stakeholder-needs --to dta --lang de --out needs.dta
  s3engine export responses/ --questionnaire s3-stress-test --to r --lang sl --out stress.R
"""


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "export",
        help=HELP,
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "responses", nargs="+", metavar="RESPONSES", help="response files, JSON Lines, folders"
    )
    parser.add_argument(
        "--questionnaire", required=True, metavar="Q", help="the questionnaire they answer"
    )
    parser.add_argument("--to", required=True, choices=("sav", "dta", "csv", "r"), help="format")
    parser.add_argument("--out", required=True, metavar="FILE", help="the file to write")
    parser.add_argument(
        "--lang", metavar="CODE", help="language of the labels (default: the questionnaire's)"
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from s3engine.cli.render import counts_line, print_error
    from s3engine.core.findings import S3Error, UsageError
    from s3engine.core.templates import Joined
    from s3engine.interop.files import export_responses, export_suffix_problem
    from s3engine.io.files import refuse_output
    from s3engine.questionnaire.answers import language_problem
    from s3engine.questionnaire.checks import load_questionnaire

    q, _ = load_questionnaire(args.questionnaire)
    lang = args.lang or q.default_language
    if (wrong := language_problem(q, lang)) is not None:
        raise UsageError(Joined((f"--lang {lang}: ", wrong)))  # its code kept
    refuse_output(Path(args.out), [*args.responses, args.questionnaire])  # an input: first
    if (wrong_suffix := export_suffix_problem(args.to, Path(args.out))) is not None:
        raise UsageError(Joined((f"--out {args.out}: ", wrong_suffix)))
    written, count, refused, problems = export_responses(
        q, args.responses, args.to, Path(args.out), lang
    )
    if problems:
        print_error(S3Error(problems), lang)
    for path in written:
        print(path)
    print(counts_line(lang, {"export.written": count, "export.refused": refused}), file=sys.stderr)
    return 1 if problems else 0
