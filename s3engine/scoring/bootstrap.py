"""Bootstrap replicates of a survey wave's answers, kept as sums, in constant memory.

Comparing two waves asks whether a change is more than the noise of who happened to answer.
The bootstrap answers it by resampling respondents within each region and stakeholder group
(so that the balance of the groups is kept) and scoring every resample. Keeping every
respondent to resample them later would make memory grow with the responses; instead each
respondent gets, in every run, a weight drawn from the Poisson distribution of mean 1: the
*Poisson bootstrap* (Hanley and MacGibbon 2006; Chamandy et al. 2012), the streaming form of
resampling with replacement. A run's group mean is then sum(weight x score) / sum(weight),
so only those two sums per region, group, run and question are kept.

A respondent's weights are a function of their id and the seed alone (a SplitMix64 hash,
16 bits per run mapped onto the Poisson quantiles): the same responses give the same runs
whatever the order they are read in and however many processes read them, and the sums of
two parts add up to those of the whole (SurveyTally.take_counts / merge_counts).
"""

from __future__ import annotations

import hashlib
import math
from typing import TYPE_CHECKING, Any

from s3engine.scoring.answer_scores import AnswerScores

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    Floats = npt.NDArray[np.float64]

#: Responses buffered per region and group before their weights are drawn and summed.
FLUSH_ROWS = 512
_GOLDEN = 0x9E3779B97F4A7C15
_MASK = (1 << 64) - 1


def respondent_key(respondent_id: str) -> int:
    """A respondent's 64-bit key: the same in every process and every run of Python."""
    return int.from_bytes(hashlib.blake2b(respondent_id.encode(), digest_size=8).digest(), "little")


def _poisson_table() -> Any:
    """16-bit uniform -> Poisson(1) draw, by the inverse of its distribution function."""
    import numpy as np

    cdf = np.cumsum([math.exp(-1) / math.factorial(k) for k in range(20)])
    thresholds = np.ceil(cdf * 65536)
    return np.searchsorted(thresholds, np.arange(65536), side="right").astype(np.float32)


def poisson_weights(keys: Any, runs: int, seed: int) -> Any:
    """The weights (runs x respondents) of the respondents with these keys (uint64)."""
    import numpy as np

    words = (runs + 3) // 4
    salt = np.uint64((seed * _GOLDEN + 1) & _MASK)
    steps = (np.arange(1, words + 1, dtype=np.uint64) * np.uint64(_GOLDEN))[:, None]
    with np.errstate(over="ignore"):
        z = (keys[None, :] ^ salt) + steps
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        z = z ^ (z >> np.uint64(31))
    n = keys.shape[0]
    quarters = np.ascontiguousarray(z).view(np.uint16).reshape(words, n, 4)
    draws = quarters.transpose(0, 2, 1).reshape(words * 4, n)[:runs]
    return _TABLE[draws]  # float32: exact for these small counts


_TABLE: Any = None


def _scores(scorer: AnswerScores, column: tuple[Any, ...]) -> Any:
    """The scores of a column of answers to one question (NaN: no answer, or no score)."""
    import numpy as np

    nan = math.nan
    if scorer.table is not None:
        get = scorer.table.get
        found = [nan if v is None else get(v) for v in column]
    else:
        score = scorer.score
        found = [nan if v is None else score(v) for v in column]
    return np.array([nan if s is None else s for s in found], dtype=np.float64)


class BootstrapSample:
    """Per region and stakeholder group, for each run: the weighted sums of the answer
    scores of each question the model scores, and of the weights of the answers."""

    def __init__(self, scorers: dict[str, AnswerScores], runs: int, seed: int):
        global _TABLE
        if _TABLE is None:
            _TABLE = _poisson_table()
        self.questions = list(scorers)
        self.scorers = [scorers[qid] for qid in self.questions]
        self.runs = runs
        self.seed = seed
        #: per region and group, the answers buffered (to the model's questions, in order)
        self._rows: dict[tuple[str, str], list[list[Any]]] = {}
        self._keys: dict[tuple[str, str], list[int]] = {}
        #: (region, group) -> (sums, weights), each runs x questions
        self.sums: dict[tuple[str, str], tuple[Floats, Floats]] = {}

    def add(self, respondent_id: str, region: str, group: str, answers: dict[str, Any]) -> None:
        """Take one counted response (its answers are scored when its rows are summed)."""
        get = answers.get
        row = [get(qid) for qid in self.questions]
        key = (region, group)
        rows = self._rows.get(key)
        if rows is None:
            rows = self._rows[key] = []
            self._keys[key] = []
        rows.append(row)
        self._keys[key].append(respondent_key(respondent_id))
        if len(rows) >= FLUSH_ROWS:
            self._flush(key)

    def _flush(self, key: tuple[str, str]) -> None:
        import numpy as np

        rows = self._rows.pop(key, None)
        keys = self._keys.pop(key, None)
        if not rows or keys is None:
            return
        n, k = len(rows), len(self.questions)
        # columns: the scores of each question (0 where missing), then 1 where answered
        table = np.zeros((n, 2 * k), dtype=np.float32)
        for j, (scorer, column) in enumerate(
            zip(self.scorers, zip(*rows, strict=True), strict=True)
        ):
            scores = _scores(scorer, column)
            answered = ~np.isnan(scores)
            table[:, j] = np.where(answered, scores, 0.0)
            table[:, k + j] = answered
        weights = poisson_weights(np.array(keys, dtype=np.uint64), self.runs, self.seed)
        both = (weights @ table).astype(np.float64)
        add_sums, add_weights = both[:, :k], both[:, k:]
        found = self.sums.get(key)
        if found is None:
            self.sums[key] = (add_sums, add_weights)
        else:
            found[0][...] += add_sums
            found[1][...] += add_weights

    def finish(self) -> BootstrapSample:
        """Draw and sum the weights of the responses still buffered."""
        for key in list(self._rows):
            self._flush(key)
        return self

    def take(self) -> BootstrapSample:
        """What this sample holds, leaving it empty (a part counted in another process)."""
        self.finish()
        taken = BootstrapSample.__new__(BootstrapSample)
        taken.__dict__.update(self.__dict__)
        taken._rows, taken._keys = {}, {}
        self.sums = {}
        return taken

    def merge(self, other: BootstrapSample) -> None:
        """Add the sums of another part of the same wave's responses."""
        other.finish()
        for key, (sums, weights) in other.sums.items():
            found = self.sums.get(key)
            if found is None:
                self.sums[key] = (sums.copy(), weights.copy())
            else:
                found[0][...] += sums
                found[1][...] += weights
