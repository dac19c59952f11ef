"""`s3engine audit RESPONSES... [--data FILE...]`: the statistical audit of a scoring model."""

from __future__ import annotations

import argparse
from typing import Any

from s3engine.cli.inputs import add_input_arguments, add_sensitivity_arguments, request_values

HELP = "audit a scoring model on its data: coherence, uncertainty and sensitivity"
DESCRIPTION = """\
Score the regions as `s3engine score` does (same inputs), then audit the model as the JRC's
ten-step guide to composite indicators asks: per dimension, Cronbach's alpha and the share
of variance on the first principal component; the correlations (Pearson and Spearman) of
the indicators and of the dimensions, each indicator's correlation with its dimension
(negative ones flagged) and with the composite; data availability per indicator and the
regions below --min-data-share; nominal against effective weights of the dimensions; and,
with --sensitivity N runs (default 1000; 0 to skip), the uncertainty and sensitivity
analysis over every method choice: Sobol' indices of each choice for ranks and classes, and
each region's rank interval. docs/method-audit.md explains the figures.

Exit status: 0 when every response was counted, 1 when some were refused or could not be
read, 2 on a usage error.

examples:
  s3engine audit examples/responses --data examples/data/eurostat
  s3engine audit examples/responses --data examples/data/eurostat --format html --out audit.html
  s3engine audit --model capacity.yaml --data eurostat/ --nuts-level 2 --format json
"""


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "audit",
        help=HELP,
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    which = parser.add_mutually_exclusive_group()
    add_input_arguments(parser, regions_help="audit only these regions", regions_group=which)
    which.add_argument(
        "--nuts-level", type=int, choices=(0, 1, 2, 3), help="audit only regions of this level"
    )
    add_sensitivity_arguments(
        parser,
        default=1000,
        help="runs of the uncertainty and sensitivity analysis (default 1000; 0 to skip)",
    )
    parser.add_argument(
        "--min-data-share",
        type=share,
        default=0.66,
        metavar="SHARE",
        help="list the regions with a smaller share of indicators with a value (default 0.66)",
    )
    parser.add_argument(
        "--format",
        choices=("table", "json", "html"),
        default="table",
        help="output format (default table)",
    )
    parser.add_argument("--out", metavar="FILE", help="write the output to FILE instead")
    parser.add_argument("--lang", help="language of labels (default: the model's)")
    parser.set_defaults(run=run)


def share(text: str) -> float:
    from s3engine.core import messages as M

    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(M.AUDIT_MIN_SHARE.format(value=text)) from None
    if not 0 <= value <= 1:
        raise argparse.ArgumentTypeError(M.AUDIT_MIN_SHARE.format(value=text))
    return value


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from s3engine.cli.render import print_error
    from s3engine.cli.render_audit import audit_text, print_audit
    from s3engine.cli.render_score import progress_bar
    from s3engine.io.files import atomic_write_text
    from s3engine.scoring.audit import audit
    from s3engine.scoring.inputs import ScoreRequest, score_files

    request = ScoreRequest(**request_values(args), level=args.nuts_level)
    with progress_bar() as bar:
        outcome = score_files(request, progress=bar)
    if outcome.problems:
        from s3engine.core.findings import S3Error

        print_error(S3Error(outcome.problems), args.lang or "en")  # as main says its errors
    result = outcome.result
    lang = args.lang or result.default_language
    report = audit(outcome.model, result, min_data_share=args.min_data_share, lang=lang)
    text: str | None = None
    if args.format == "json":
        text = report.model_dump_json(indent=2) + "\n"
    elif args.format == "html":
        from s3engine.export.audit_html import render

        text = render(report, result, lang)
    elif args.out:
        text = audit_text(report, result, lang)
    if args.out:
        assert text is not None
        atomic_write_text(Path(args.out), text)
        print(f"wrote {args.out} (audit of {report.regions} regions, {args.format})")
    elif text is not None:
        print(text, end="")
    else:
        print_audit(report, result, lang)
    return 1 if outcome.problems else 0
