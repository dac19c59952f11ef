"""What a tally keeps of the responses it counted: counts per region and stakeholder group.

Counts are integers and the sums of numbers are exact (exact_sum), so the counts of two runs
over two parts of the responses add up to those of one run over all of them
(parallel_count.py).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from s3engine.core import exact_sum


@dataclass
class Cell:
    """The answers of one stakeholder group in one region."""

    respondents: int = 0
    #: scored answer (its slot: SurveyTally.slots) -> number of respondents who gave it;
    #: UNSCORED -> number of other valid answers
    pairs: Counter[int] = field(default_factory=Counter)
    #: question id -> the exact sum (exact_sum.add) and the number of the scores of answers
    #: without a table (numbers, multiple choices)
    sums: dict[str, list[float]] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)

    def merge(self, other: Cell) -> None:
        """Add the counts of `other` (the same region and group, other responses)."""
        self.respondents += other.respondents
        self.pairs.update(other.pairs)
        for qid, partials in other.sums.items():
            mine = self.sums.setdefault(qid, [])
            for value in partials:
                exact_sum.add(mine, value)
            self.counts[qid] = self.counts.get(qid, 0) + other.counts[qid]


@dataclass
class Counts:
    """What counting some responses adds to a tally (SurveyTally.take_counts)."""

    cells: dict[tuple[str, str], Cell] = field(default_factory=dict)
    #: region -> how many responses gave each name for it
    name_votes: dict[str, Counter[str]] = field(default_factory=dict)
    read: int = 0
    refused: int = 0
    #: the first refusals (tally.MAX_REFUSALS_LISTED), described
    refusals: list[str] = field(default_factory=list)
    #: the bootstrap sums of the responses counted, when waves are compared
    #: (bootstrap.BootstrapSample)
    sample: Any = None


@dataclass(frozen=True)
class GroupTotals:
    respondents: int
    #: question id -> (sum of scores, number of scored answers)
    answers: dict[str, tuple[float, int]]
