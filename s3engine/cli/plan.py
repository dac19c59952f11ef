"""`s3engine plan RESPONSES... --out DIR`: action plans per region and a joint plan."""

from __future__ import annotations

import argparse
from typing import Any

from s3engine.cli.inputs import (
    add_input_arguments,
    add_sensitivity_arguments,
    request_values,
    runs,
)

HELP = "write action plans (per region and transnational) as documents"
DESCRIPTION = """\
Score the regions as `score` does, then write an action plan for each region and a joint
transnational plan: class and stability, dimensions against the mean of all regions, the
stakeholders' top needs, the recommendations of the catalogue that apply (ordered by
priority, each with its evidence), joint actions, peer-learning pairs, meta-cluster
suggestions and synchronised joint calls.

RESPONSES are the responses to the model's questionnaire (scored) and to the catalogue's
needs questionnaire (stakeholder-needs), in any mix of files, JSON Lines and folders.
--data gives the regional statistics, as for `score`.

Formats (--format, comma-separated; default all): md (plan.md), html (plan.html, one
self-contained file with charts), json (plan.json; `s3engine schema plan`), csv
(plan-scores.csv, plan-recommendations.csv), xlsx (plan.xlsx), docx (plan.docx).

Exit status: 0 when every response was used, 1 when some were refused (the plan is written
from the others), 2 on a usage error.

--wave plans from the responses of one survey wave; with --baseline, each regional plan
opens with what changed since that wave (docs/waves.md).

examples:
  s3engine plan examples/responses examples/needs-responses --data examples/data/eurostat \\
      --out plans
  s3engine plan examples/responses examples/responses-2026 examples/needs-responses \\
      --data examples/data/eurostat --wave 2026 --baseline 2024 --out plans-2026
  s3engine plan examples/responses examples/needs-responses --data examples/data/eurostat \\
      --out plans-de --lang de --format html,docx --region AT31 --region ITH2
"""

ALL_FORMATS = ("md", "html", "json", "csv", "xlsx", "docx")


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "plan",
        help=HELP,
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_input_arguments(
        parser, regions_help="plan only these regions; all regions are still scored"
    )
    parser.add_argument(
        "--catalogue",
        default="recommendations",
        help="recommendation catalogue: a file or a shipped name (default recommendations)",
    )
    parser.add_argument("--out", required=True, metavar="DIR", help="folder to write the plan to")
    parser.add_argument(
        "--format",
        default=",".join(ALL_FORMATS),
        metavar="LIST",
        help=f"formats, comma-separated: {','.join(ALL_FORMATS)} (default all)",
    )
    parser.add_argument("--lang", help="language of the plan (default: the catalogue's)")
    add_sensitivity_arguments(
        parser,
        default=200,
        help="sensitivity runs behind the class stability (default 200; 0 to skip)",
    )
    parser.add_argument(
        "--wave", metavar="ID", help="plan from the responses of this survey wave only"
    )
    parser.add_argument(
        "--baseline",
        metavar="ID",
        help="with --wave: open each plan with what changed since this earlier wave, show both "
        "waves in the charts and list the regions that moved class (docs/waves.md)",
    )
    parser.add_argument(
        "--bootstrap",
        type=runs,
        default=1000,
        metavar="N",
        help="bootstrap runs of the comparison with --baseline (default 1000)",
    )
    parser.set_defaults(run=run)


def parse_formats(text: str) -> list[str]:
    from s3engine.core import messages as M
    from s3engine.core.findings import UsageError

    formats: list[str] = []
    for name in (part.strip().lower() for part in text.split(",")):
        if not name:
            continue
        if name not in ALL_FORMATS:
            raise UsageError(M.PLAN_UNKNOWN_FORMAT.format(name=name, formats=",".join(ALL_FORMATS)))
        if name not in formats:
            formats.append(name)
    if not formats:
        raise UsageError(M.PLAN_UNKNOWN_FORMAT.format(name=text, formats=",".join(ALL_FORMATS)))
    return formats


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from s3engine.cli.render import print_error
    from s3engine.cli.render_plan import print_plan_summary, write_files
    from s3engine.core import messages as M
    from s3engine.core.findings import Finding, S3Error, UsageError
    from s3engine.export import render_all
    from s3engine.io.files import system_reason
    from s3engine.plan.files import PlanRequest, plan_files

    formats = parse_formats(args.format)
    out = Path(args.out)
    if out.exists() and not out.is_dir():
        raise UsageError(M.PLAN_OUT_NOT_A_FOLDER.format(path=args.out))
    if args.baseline is not None and args.wave is None:
        raise UsageError(M.WAVES_BASELINE_NEEDS_WAVE)
    outcome = plan_files(
        PlanRequest(
            **request_values(args),
            catalogue=args.catalogue,
            lang=args.lang,
            wave=args.wave,
            baseline=args.baseline,
            bootstrap=args.bootstrap,
        )
    )
    if outcome.problems:
        print_error(S3Error(outcome.problems), args.lang or "en")  # as main says its errors
    files = render_all(outcome.plan, formats)
    try:
        written = write_files(out, files)
    except OSError as exc:
        raise S3Error(
            Finding(
                str(out),
                None,
                None,
                "",
                M.PLAN_CANNOT_WRITE.format(file=exc.filename or out, reason=system_reason(exc)),
            )
        ) from None
    print_plan_summary(outcome.plan, written)
    return 1 if outcome.problems else 0
