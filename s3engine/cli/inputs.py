"""The inputs `score` and `plan` share on the command line, defined once.

RESPONSES (files, JSON Lines, folders), --data, --model, --regions, --sensitivity and
--seed mean the same to both commands; `request_values` turns them into the fields of
score_inputs.InputRequest. Only argparse is imported here (registering a command is cheap).
"""

from __future__ import annotations

import argparse
from typing import Any

MAX_RUNS = 100_000


def add_input_arguments(
    parser: argparse.ArgumentParser, *, regions_help: str, regions_group: Any = None
) -> None:
    """RESPONSES, --data, --model and --regions; `regions_group` may hold --regions (a
    group of mutually exclusive options)."""
    parser.add_argument(
        "responses", nargs="*", metavar="RESPONSES", help="response files, JSON Lines, folders"
    )
    parser.add_argument(
        "--data",
        action="extend",
        nargs="+",
        default=[],
        metavar="FILE",
        help="regional statistics: CSV files, folders, or NAME=FILE for a source of the model",
    )
    parser.add_argument(
        "--model",
        default="s3-stress-test",
        help="scoring model: a file or a shipped name (default s3-stress-test)",
    )
    parser.add_argument(
        "--nuts-version",
        type=int,
        choices=(2013, 2016, 2021, 2024),
        help="recode the region codes of the data to this NUTS version, where a region maps "
        "one-to-one (default: the model's nuts_version, else no recoding)",
    )
    (regions_group or parser).add_argument(
        "--regions",
        "--region",
        dest="regions",
        action="append",
        default=[],
        metavar="CODES",
        help=f"{regions_help} (NUTS codes, comma-separated or repeated)",
    )


def add_sensitivity_arguments(parser: argparse.ArgumentParser, *, default: int, help: str) -> None:
    """--sensitivity N and --seed."""
    parser.add_argument("--sensitivity", type=runs, default=default, metavar="N", help=help)
    parser.add_argument(
        "--seed", type=int, default=1, help="seed of the sensitivity analysis (default 1)"
    )


def runs(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number of runs, got {text!r}") from None
    if not 0 <= value <= MAX_RUNS:
        raise argparse.ArgumentTypeError(f"the number of runs must be from 0 to {MAX_RUNS}")
    return value


def request_values(args: argparse.Namespace) -> dict[str, Any]:
    """The fields of score_inputs.InputRequest, from the arguments above."""
    from s3engine.scoring.inputs import generated_time, sort_inputs

    responses, data = sort_inputs(args.responses, args.data)
    regions = region_codes(args.regions)
    return {
        "responses": responses,
        "data": data,
        "model": args.model,
        "regions": regions or None,
        "sensitivity": args.sensitivity,
        "seed": args.seed,
        "generated": generated_time(),
        "nuts_version": args.nuts_version,
    }


def region_codes(specs: list[str]) -> list[str]:
    """The NUTS codes of --regions (comma-separated or repeated); a usage error for a code
    that is none (`../../x`) or for --regions without a code (`,,,`)."""
    from s3engine.core import messages as M
    from s3engine.core.findings import UsageError
    from s3engine.questionnaire.answers import REGION_CODE

    codes = [c.strip().upper() for spec in specs for c in spec.split(",") if c.strip()]
    if specs and not codes:
        raise UsageError(M.REGIONS_EMPTY)
    for code in codes:
        if not REGION_CODE.match(code):
            raise UsageError(M.REGIONS_BAD_CODE.format(code=code))
    return codes
