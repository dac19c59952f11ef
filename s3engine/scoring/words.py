"""How scoring writes numbers, flags and file names into its notes, reasons and warnings."""

from __future__ import annotations

from collections.abc import Sequence

from s3engine.core import messages as M


def number(value: float | None) -> str:
    """6 significant digits; thousands separated from a million on; 'none' for no value."""
    if value is None:
        return "none"
    return f"{value:.6g}" if abs(value) < 1e6 else f"{value:,.0f}"


def percent(share: float) -> str:
    return f"{share * 100:.0f} %"


def plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def file_name(path: str) -> str:
    """The last part of a path, whichever separator it uses."""
    return path.replace("\\", "/").rsplit("/", 1)[-1]


def describe_flags(flags: Sequence[str]) -> str:
    """('b', 'e') -> 'b (break in time series); e (estimated)'; a confidentiality status
    (CONF_STATUS, upper case) in words too: ('C',) -> 'C (confidential)'."""
    parts = []
    for flag in flags:
        status = M.EUROSTAT_CONF_STATUS.get(flag)
        if status is not None:
            parts.append(f"{flag} ({status})")
            continue
        meanings = [M.EUROSTAT_FLAGS.get(letter) for letter in flag]
        known = ", ".join(m for m in meanings if m)
        parts.append(f"{flag} ({known})" if known else flag)
    return "; ".join(parts)


def is_confidential(flags: Sequence[str]) -> bool:
    """A value withheld as confidential: the flag c, or a confidentiality status."""
    return any(flag in M.EUROSTAT_CONF_STATUS or "c" in flag for flag in flags)
