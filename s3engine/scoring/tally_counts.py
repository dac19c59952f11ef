"""What a tally keeps of the responses it counted: counts per region and stakeholder group.

Counts are integers and the sums of numbers are exact (exact_sum), so the counts of two runs
over two parts of the responses add up to those of one run over all of them
(parallel_count.py).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray

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


class SlotGrid:
    """The scored answers of many responses, counted as one array (typed_lines.py counts
    a batch of lines at once): row r is a cell (region, stakeholder group: `rows`), column
    s a slot (SurveyTally.slots; column 0 unused); and the respondents of each cell. What a
    Cell's `pairs` and `respondents` count, in another form: SurveyTally adds both."""

    def __init__(self, width: int):
        self.width = width
        #: (region, group) -> its row
        self.rows: dict[tuple[str, str], int] = {}
        self.pairs: NDArray[np.int64] = np.zeros((16, width), np.int64)
        self.respondents: NDArray[np.int64] = np.zeros(16, np.int64)

    def rows_of(self, cells: list[tuple[str, str]]) -> NDArray[np.intp]:
        """The rows of these cells, new rows for new cells."""
        rows = self.rows
        if not rows.keys() >= set(cells):
            for key in cells:
                if key not in rows:
                    rows[key] = len(rows)
            if len(rows) > len(self.respondents):
                size = max(len(rows), 2 * len(self.respondents))
                pairs = np.zeros((size, self.width), np.int64)
                pairs[: len(self.pairs)] = self.pairs
                respondents = np.zeros(size, np.int64)
                respondents[: len(self.respondents)] = self.respondents
                self.pairs, self.respondents = pairs, respondents
        return np.fromiter(map(rows.__getitem__, cells), np.intp, len(cells))

    def add(self, rows: NDArray[np.intp], slots: list[NDArray[np.intp]]) -> None:
        """Count one respondent in each of `rows`, and slots[j][i] (a slot, or 0: none) for
        the respondent of rows[i], for every j."""
        np.add.at(self.respondents, rows, 1)
        if slots:
            codes = np.concatenate([rows * self.width + s for s in slots])
            np.add.at(self.pairs.reshape(-1), codes, 1)

    def __getstate__(self) -> dict[str, Any]:
        """What a process counting a part of a file sends back (parallel_count.py): the rows
        of its cells only, each array in the smallest unsigned integers that hold its
        largest count (a byte each, mostly, where int64 takes eight: 4,000 cells of the
        shipped questionnaire are 12 MB in int64), the same numbers."""
        used = len(self.rows)
        return {
            "width": self.width,
            "rows": self.rows,
            "pairs": _narrowed(self.pairs[:used]),
            "respondents": _narrowed(self.respondents[:used]),
        }

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.width = state["width"]
        self.rows = state["rows"]
        self.pairs = state["pairs"].astype(np.int64)
        self.respondents = state["respondents"].astype(np.int64)

    def merge(self, other: SlotGrid) -> None:
        """Add the counts of `other` (of other responses)."""
        cells = list(other.rows)
        if not cells:
            return
        mine = self.rows_of(cells)
        theirs = np.fromiter(other.rows.values(), np.intp, len(cells))
        self.respondents[mine] += other.respondents[theirs]
        self.pairs[mine] += other.pairs[theirs]


def _narrowed(counts: NDArray[np.int64]) -> NDArray[Any]:
    """`counts` (none negative) in the smallest unsigned integers that hold every one."""
    return counts.astype(np.min_scalar_type(int(counts.max(initial=0))))


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
    #: the counts of the lines counted in batches (typed_lines.py)
    grid: SlotGrid | None = None


@dataclass(frozen=True)
class Totals:
    """The answers of every region and stakeholder group (a cell), as arrays over the cells:
    what scoring reads (SurveyTally.table)."""

    #: the cells, sorted: (region, stakeholder group)
    cells: list[tuple[str, str]]
    #: the respondents of each cell
    respondents: list[int]
    #: question id -> its column in `sums` and `counts`
    columns: dict[str, int]
    #: [cell, column]: the sum of the scores of the cell's answers to the question, and how
    #: many they are (0: no answer, and a sum of 0.0)
    sums: NDArray[np.float64]
    counts: NDArray[np.int64]


@dataclass(frozen=True)
class GroupTotals:
    respondents: int
    #: question id -> (sum of scores, number of scored answers)
    answers: dict[str, tuple[float, int]]
