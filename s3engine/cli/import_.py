"""`s3engine import FILE --from kobo|odk|limesurvey --questionnaire Q --out DIR`: bring the
responses collected in a survey tool back as response files."""

from __future__ import annotations

import argparse
import os
import sys
from datetime import tzinfo
from pathlib import Path
from typing import Any

from s3engine.cli.waves import add_wave_arguments, wave_from_arguments

HELP = "import the responses of KoboToolbox, ODK Central or LimeSurvey as response files"
DESCRIPTION = """\
Read the export of a survey tool that fielded a form made by `s3engine convert`, check
every row with the rules of the survey (the same as `s3engine survey --answers`), and write
the good rows as response files into DIR (one per respondent) or into FILE.jsonl:

  kobo        KoboToolbox: Data > Downloads, CSV or XLS (an .xlsx file), 'Value and header
              format': 'XML values and headers' (a language gives labels as values, which
              are refused), 'Include groups in headers' on or off, select_multiple as one
              column, one column per option, or both
  odk         ODK Central: Submissions > Download, 'Main data table (no repeats)' (.csv)
              or the .zip as downloaded, with or without group names and split select
              multiples (group paths joined by '-')
  limesurvey  LimeSurvey: Responses > Export > Export responses, CSV, 'Export questions
              as': 'Question code', 'Export responses as': 'Answer codes', 'Convert Y to'
              and 'Convert N to' unticked

Every refused row gets one message per problem as file:row:column heading: message; a
problem of more than 20 rows in one column, whatever value each cell holds (another form
version on every row, a decimal comma in a number column), is listed for its first 20,
then one line counts the others. The imported responses pass `s3engine check` and are
read by `score` and `plan` unchanged.
--wave records the survey wave they belong to (docs/waves.md); without it, each response
belongs to the wave of the year it was started in.
Settings for each tool: docs/interop.md.

Each respondent id comes from the tool's own id of the response (KoboToolbox _uuid, ODK
Central KEY or meta-instanceID, LimeSurvey id): an export without that column, or a row
without an id, is refused. Importing a grown export again into the same DIR adds the new
responses; those imported before are counted as there already, unchanged. A response file
in DIR is never overwritten: one whose content differs from the export's row (edited in
the tool since, or another --wave or --lang) is named. FILE.jsonl must be a new file.

Exit status: 0 every row imported, declined consent, or in DIR already unchanged (an
export holding only its header row too), 1 some rows refused or some responses in DIR
already with other content (the others are imported), or the file cannot be read, 2 usage
error (an --out ending in a file's suffix such as .json or .csv: DIR is a folder).

examples:
  s3engine import kobo-export.csv --from kobo --questionnaire s3-stress-test --out responses/
  s3engine import kobo-2026.csv --from kobo --questionnaire s3-stress-test --wave 2026 \\
      --out responses-2026/
  s3engine import results-survey123456.csv --from limesurvey \\
      --questionnaire stakeholder-needs --out needs.jsonl
"""


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "import",
        help=HELP,
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "file",
        metavar="FILE",
        help="the export: CSV, XLSX, or ODK Central's .zip download (its CSV is read)",
    )
    parser.add_argument(
        "--from", dest="tool", required=True, choices=("kobo", "odk", "limesurvey"), help="tool"
    )
    parser.add_argument(
        "--questionnaire", required=True, metavar="Q", help="the questionnaire it answers"
    )
    parser.add_argument(
        "--out",
        required=True,
        metavar="DIR|FILE.jsonl",
        help="a folder (a name ending in / is always one), or a .jsonl file, for the responses",
    )
    parser.add_argument(
        "--lang",
        metavar="CODE",
        help="the language the respondents answered in, where the export does not record it: "
        "KoboToolbox and ODK (default: the questionnaire's default language), and a LimeSurvey "
        "export without startlanguage (refused without --lang); also the language of this "
        "command's messages",
    )
    parser.add_argument(
        "--timezone",
        metavar="ZONE",
        help="LimeSurvey only: the time zone of its server, in which its export writes the "
        "times without a zone, e.g. Europe/Vienna (default: UTC)",
    )
    add_wave_arguments(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from s3engine.cli.render import counts_line, print_error
    from s3engine.cli.render_score import progress_bar
    from s3engine.core import messages as M
    from s3engine.core.findings import Finding, S3Error, UsageError
    from s3engine.core.templates import Joined
    from s3engine.i18n import translator
    from s3engine.interop.files import import_export
    from s3engine.io.files import refuse_output
    from s3engine.questionnaire.answers import language_problem
    from s3engine.questionnaire.checks import load_questionnaire

    wave = wave_from_arguments(args)
    said_in = args.lang or "en"  # the messages' language, as main says a stopping error
    say = translator(said_in).message
    q, _ = load_questionnaire(args.questionnaire)
    if args.lang is not None and (wrong := language_problem(q, args.lang)) is not None:
        raise UsageError(Joined((f"--lang {args.lang}: ", wrong)))  # its code kept
    zone = _time_zone(args)
    refuse_output(Path(args.out), [args.file, args.questionnaire])
    with progress_bar() as bar:
        result = import_export(
            q,
            Path(args.file),
            args.tool,
            Path(args.out),
            lang=args.lang,
            progress=_Steps(bar),
            wave=wave,
            folder=args.out.endswith(("/", os.sep)),
            zone=zone,
        )
    if result.problems:
        print_error(S3Error(result.problems), said_in, result.unlisted)
    counted = result.imported + result.refused + result.declined
    if not (counted or result.unchanged or result.differing):  # nothing written
        print_error(S3Error(Finding(args.file, None, None, "", M.IMPORT_NO_ROWS)), said_in)
        return 0
    out = args.out  # as the user wrote it: a trailing slash says a folder named r.jsonl/
    # A re-import of an export that has not grown: its declined consents, never stored,
    # are declined again, and are no news.
    if result.unchanged and not (result.imported or result.refused or result.differing):
        print(say(M.IMPORT_ALL_THERE.format(out=out)), file=sys.stderr)
        return 0
    counts = {
        "import.imported": result.imported,
        "import.refused": result.refused,
        "import.unchanged": result.unchanged,
        "import.differing": result.differing,
        "import.declined": result.declined,
    }
    print(counts_line(said_in, counts, out=out), file=sys.stderr)
    if not result.imported and result.refused:
        print(say(M.IMPORT_NOTHING_WRITTEN), file=sys.stderr)
    return 1 if result.refused or result.differing else 0


def _time_zone(args: argparse.Namespace) -> tzinfo:
    """The zone --timezone names (UTC without it); UsageError for an unknown one, or for an
    export of a tool that writes its times with their zone."""
    from datetime import UTC

    from s3engine.core import messages as M
    from s3engine.core.findings import UsageError
    from s3engine.core.templates import Joined
    from s3engine.interop.imports import TOOL_NAMES, time_zone

    if args.timezone is None:
        return UTC
    said = f"--timezone {args.timezone}: "
    if args.tool != "limesurvey":
        message = M.IMPORT_ZONE_NOT_FOR_TOOL.format(tool=TOOL_NAMES[args.tool])
        raise UsageError(Joined((said, message)))
    zone = time_zone(args.timezone)
    if zone is None:
        raise UsageError(Joined((said, M.IMPORT_UNKNOWN_ZONE)))
    return zone


class _Steps:
    """Turns "so many bytes of so many read" into the steps of the progress bar."""

    def __init__(self, bar: Any):
        self.bar = bar
        self.done = 0
        self.started = False

    def __call__(self, done: int, total: int) -> None:
        if not self.started:
            self.bar.start(total)
            self.started = True
        self.bar.advance(done - self.done)
        self.done = done
