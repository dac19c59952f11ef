"""--wave and --wave-period: the survey wave the responses a command writes belong to
(`survey`, `import`, `serve invite`; docs/waves.md)."""

from __future__ import annotations

import argparse
from typing import Any


def add_wave_arguments(parser: argparse.ArgumentParser) -> None:
    """--wave and --wave-period: the wave the responses written belong to."""
    parser.add_argument(
        "--wave", metavar="ID", help="the survey wave the responses belong to, e.g. 2026"
    )
    parser.add_argument(
        "--wave-period",
        metavar="PERIOD",
        help="when the wave is in the field: 2026, 2026-04 or 2026-03/2026-05 (default: "
        "the wave's id when it is a year, else the current year)",
    )


def wave_from_arguments(args: argparse.Namespace) -> Any:
    """The Wave --wave and --wave-period name (None without --wave); UsageError when bad."""
    from s3engine.core import messages as M
    from s3engine.core.findings import UsageError
    from s3engine.responses.model import make_wave, wave_problem

    if args.wave is None:
        if args.wave_period is not None:
            raise UsageError(M.WAVE_PERIOD_WITHOUT_WAVE)
        return None
    problem = wave_problem(args.wave, args.wave_period)
    if problem is not None:
        option, message = problem
        value = args.wave if option == "wave" else args.wave_period
        raise UsageError(M.WAVE_OPTION.format(option=option, value=value, problem=message))
    return make_wave(args.wave, args.wave_period)
