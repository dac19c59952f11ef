"""Counting valid responses, one at a time, by region, stakeholder group and answer.

Each response is checked against the questionnaire with the rules shared by the survey and
`check` (the questionnaire it answers, the respondent profile, consent, times, and every
answer: answers.check_answers through AnswerChecker), and only counts are kept: per region
and group, how often each scored answer was given. Memory does not grow with the number of
responses apart from the respondent ids kept to refuse a response given twice (RespondentIds:
at most 32 bytes per respondent).

`add` takes a validated Response and says why it is refused. `add_plain` takes the plain
values a document was parsed to (response_io.Document.data) and counts it only when it can
vouch, without building a Response, that the Response model and `add` would accept it; it
changes nothing otherwise, and the caller then validates the document and calls `add`, which
says what is wrong.
"""

from __future__ import annotations

import math
from array import array
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from functools import partial
from typing import TYPE_CHECKING, Any

import numpy as np

from s3engine.core import exact_sum
from s3engine.core import messages as M
from s3engine.questionnaire.answers import (
    consent_missing,
    profile_problems,
    skipped_and_answered,
)
from s3engine.questionnaire.model import Questionnaire
from s3engine.responses.answer_check import MAX_MEMO, AnswerChecker
from s3engine.responses.model import Response, response_time_problems, same_questionnaire
from s3engine.scoring.answer_scores import AnswerScores
from s3engine.scoring.bootstrap import BootstrapSample
from s3engine.scoring.model import ScoringModel
from s3engine.scoring.plain_response import PlainRules
from s3engine.scoring.region_names import most_given
from s3engine.scoring.respondent_ids import RespondentIds
from s3engine.scoring.tally_counts import Cell, Counts, GroupTotals, SlotGrid, Totals

if TYPE_CHECKING:
    from s3engine.scoring.typed_lines import LineRules

#: At most this many refused responses are described in the result's warnings.
MAX_REFUSALS_LISTED = 20


class SurveyTally:
    """Counts the answers of valid responses by region, group and question, one at a time."""

    def __init__(self, model: ScoringModel, questionnaire: Questionnaire):
        self.model = model
        self.q = questionnaire
        self.ref = (questionnaire.id, questionnaire.version, questionnaire.content_hash)
        self.scorers: dict[str, AnswerScores] = {}
        for _, indicator in model.indicators():
            if indicator.question is not None:
                question = questionnaire.question_index[indicator.question]
                self.scorers[indicator.question] = AnswerScores.of(
                    questionnaire, question, rescale=indicator.rescale
                )
        tables = [s for s in self.scorers.values() if s.table is not None]
        #: Every scored (question, answer) pair, numbered from 1: the tallies count answers
        #: under these numbers (small integers are the cheapest keys to count under), and
        #: every other valid answer under UNSCORED (0).
        self.slots: dict[tuple[str, Any], int] = {}
        for s in tables:
            for value in s.table or {}:
                self.slots[(s.qid, value)] = len(self.slots) + 1
        self.checker = AnswerChecker(questionnaire, self.slots)
        #: per scored question, its answers that have a score: (slot, score)
        self._scored_slots: tuple[tuple[str, tuple[tuple[int, float], ...]], ...] = tuple(
            (
                s.qid,
                tuple(
                    (self.slots[(s.qid, value)], score)
                    for value, score in (s.table or {}).items()
                    if score is not None
                ),
            )
            for s in tables
        )
        self.looped = tuple(s for s in self.scorers.values() if s.function is not None)
        self.cells: dict[tuple[str, str], Cell] = {}
        #: the scored answers and respondents counted in batches of lines (typed_lines.py),
        #: per cell: added to those of `cells`
        self.grid = SlotGrid(len(self.slots) + 1)
        #: region -> how many responses gave each name for it
        self.name_votes: dict[str, Counter[str]] = {}
        self.ids = RespondentIds()
        #: when kept (in a process counting a part of a file: parallel_count.py), the hashes
        #: of the respondents refused here for another reason than being given twice; had
        #: they been counted before this part, they would have been refused as given twice
        self.refused_ids: array[int] | None = None
        self.read = 0
        self.refused = 0
        self.refusals: list[str] = []
        self._profiles: dict[tuple[str, str, str | None, str], tuple[str, ...]] = {}
        self.plain_rules = PlainRules(self)
        self._lines: LineRules | None = None
        #: when comparing waves: the bootstrap sums of the responses counted (bootstrap.py)
        self.sample: BootstrapSample | None = None

    def start_bootstrap(self, runs: int, seed: int) -> BootstrapSample:
        """Keep bootstrap sums of the responses counted from now on (waves compared)."""
        self.sample = BootstrapSample(self.scorers, runs, seed)
        return self.sample

    @property
    def names(self) -> dict[str, str]:
        """The name most responses give each region (region_names.most_given)."""
        return most_given(self.name_votes)

    # -- a validated response ------------------------------------------------------------

    def add(self, response: Response) -> list[str]:
        """Count a response; return why it is refused ([] when it is counted)."""
        who = response.respondent
        complete = response.status == "complete"
        cell = self.cell(who.region, who.group)
        problems = self._problems(response)
        checker = self.checker
        if not problems and not checker.fast_ok(
            response.answers, who.group, complete, response.skipped, cell.pairs
        ):
            problems = [
                M.AT.format(where=qid, problem=message)
                for qid, message in checker.problems(response)
            ]
            if not problems:  # valid, though not by the fast path (its memos are full)
                checker.count(response.answers, cell.pairs)
        if problems:
            self.refused += 1
            ref = response.questionnaire
            if (
                self.refused_ids is not None
                and (ref.id, ref.version, ref.hash) == self.ref
                and who.id not in self.ids  # else refused as given twice already
            ):
                self.refused_ids.append(hash(who.id) or 1)
            if len(self.refusals) < MAX_REFUSALS_LISTED:
                self.refusals.append(
                    M.SCORE_REFUSED.format(id=who.id, region=who.region, problem=problems[0])
                    + (f" (and {len(problems) - 1} more)" if len(problems) > 1 else "")
                )
            return problems
        self.counted(who.id, who.region, who.group, who.region_name, response.answers, cell)
        return []

    def cell(self, region: str, group: str) -> Cell:
        """The cell of a region and group, a new one (not kept yet) if there is none."""
        return self.cells.get((region, group)) or Cell()

    def counted(
        self,
        respondent_id: str,
        region: str,
        group: str,
        region_name: str | None,
        answers: dict[str, Any],
        cell: Cell,
        slot: int | None = None,
    ) -> None:
        """Book a response whose answers were just counted in `cell` (see `cell`); `slot`:
        where the respondent id goes (RespondentIds.free_slot), if known."""
        key = (region, group)
        if key not in self.cells:
            self.cells[key] = cell
        if region_name:
            votes = self.name_votes.get(region)
            if votes is None:
                votes = self.name_votes[region] = Counter()
            votes[region_name] += 1
        if slot is None:
            self.ids.add(respondent_id)
        else:
            self.ids.fill(slot, respondent_id)
        self.read += 1
        cell.respondents += 1
        if self.sample is not None:
            self.sample.add(respondent_id, region, group, answers)
        self.add_looped(cell, answers)

    def add_looped(self, cell: Cell, answers: dict[str, Any]) -> None:
        """Add the scores of the answers scored by a function (`looped`) to `cell`."""
        for scorer in self.looped:
            value = answers.get(scorer.qid)
            if value is None:
                continue
            score = scorer.score(value)
            if score is not None:
                partials = cell.sums.get(scorer.qid)
                if partials is None:
                    partials = cell.sums[scorer.qid] = []
                exact_sum.add(partials, score)
                cell.counts[scorer.qid] = cell.counts.get(scorer.qid, 0) + 1

    # -- counts made elsewhere (another process) -------------------------------------------

    def take_counts(self) -> Counts:
        """The counts so far, leaving the tally with none (the respondent ids stay)."""
        counts = Counts(self.cells, self.name_votes, self.read, self.refused, self.refusals)
        counts.sample = None if self.sample is None else self.sample.take()
        counts.grid = self.grid
        self.cells, self.name_votes, self.refusals = {}, {}, []
        self.grid = SlotGrid(self.grid.width)
        self.read = self.refused = 0
        return counts

    def merge_counts(self, counts: Counts) -> None:
        """Add counts taken from a tally that read the responses following these."""
        for key, cell in counts.cells.items():
            mine = self.cells.get(key)
            if mine is None:
                self.cells[key] = cell
            else:
                mine.merge(cell)
        for region, votes in counts.name_votes.items():
            self.name_votes.setdefault(region, Counter()).update(votes)
        if self.sample is not None and counts.sample is not None:
            self.sample.merge(counts.sample)
        if counts.grid is not None:
            self.grid.merge(counts.grid)
        self.read += counts.read
        self.refused += counts.refused
        room = MAX_REFUSALS_LISTED - len(self.refusals)
        self.refusals.extend(counts.refusals[: max(room, 0)])

    def _problems(self, response: Response) -> list[str]:
        """Everything wrong with a response apart from its answers (response_problems)."""
        return response_problems(self.q, response, self.ids, self.profile)

    def profile(
        self, region: str, group: str, sector: str | None, language: str
    ) -> tuple[str, ...]:
        """profile_messages, once per combination."""
        key = (region, group, sector, language)
        found = self._profiles.get(key)
        if found is None:
            found = profile_messages(self.q, region, group, sector, language)
            if len(self._profiles) < MAX_MEMO:
                self._profiles[key] = found
        return found

    # -- plain values ----------------------------------------------------------------------

    def add_plain(self, data: Any) -> bool:
        """Count a response given as plain values, if it can vouch that `add` would.

        True: counted. False: nothing changed; validate the document (response_io's
        Document.response) and pass the Response to `add`, which says what is wrong.
        """
        try:
            return self.plain_rules.add(data)
        except (TypeError, KeyError):  # unhashable or missing values: the full path says what
            return False

    def add_lines(self, lines: Sequence[bytes]) -> Iterable[int]:
        """Count the responses on lines of JSON Lines that it can vouch reading each line
        (io.jsonio) and `add_plain` would count; yield, in order, the place of each other
        line, to be read as a document and counted (or refused) before the next is asked
        for. See typed_lines.py."""
        rules = self._lines
        if rules is None:
            from s3engine.scoring.typed_lines import LineRules  # msgspec: for JSON Lines

            rules = self._lines = LineRules(self)
        if not rules.usable or self.sample is not None:
            return range(len(lines))
        return rules.add_lines(lines)

    def add_line(self, line: bytes) -> bool:
        """`add_lines` for one line: whether it was counted."""
        return not any(True for _ in self.add_lines([line]))

    # -- what scoring reads --------------------------------------------------------------

    @property
    def regions(self) -> list[str]:
        return sorted({region for region, _ in self.cells} | {r for r, _ in self.grid.rows})

    def table(self) -> Totals:
        """The answers per region and stakeholder group, as sums and counts of scores.

        Scores are added in one fixed order (the model's questions, each in its order of
        answers), and sums of numbers are exact: the totals do not depend on the order of the
        responses. The counts of `cells` and of `grid` are added first; then the scores of a
        question are summed for every cell at once, answer after answer, each product and
        sum rounded as one float (as a loop over the cells would round them).
        """
        grid = self.grid
        keys = sorted(self.cells.keys() | grid.rows.keys())
        where = {key: i for i, key in enumerate(keys)}
        pairs = np.zeros((len(keys), grid.width), np.int64)
        respondents = np.zeros(len(keys), np.int64)
        if grid.rows:
            mine = np.fromiter(map(where.__getitem__, grid.rows), np.intp, len(grid.rows))
            theirs = np.fromiter(grid.rows.values(), np.intp, len(grid.rows))
            pairs[mine] = grid.pairs[theirs]
            respondents[mine] = grid.respondents[theirs]
        for key, cell in self.cells.items():
            i = where[key]
            respondents[i] += cell.respondents
            for slot, n in cell.pairs.items():
                if slot:  # UNSCORED: no score
                    pairs[i, slot] += n
        columns = {qid: j for j, (qid, _) in enumerate(self._scored_slots)}
        for qid in sorted({qid for cell in self.cells.values() for qid in cell.sums}):
            columns.setdefault(qid, len(columns))  # numbers, multiple choices: exact sums
        # [question, cell], each slot's counts side by side (a row of the transposed grid)
        by_slot = np.ascontiguousarray(pairs.T)
        sums = np.zeros((len(columns), len(keys)))
        counts = np.zeros((len(columns), len(keys)), np.int64)
        for j, (_, slots) in enumerate(self._scored_slots):
            total, count = sums[j], counts[j]
            for slot, score in slots:
                column = by_slot[slot]
                total += score * column
                count += column
        for key, cell in self.cells.items():
            i = where[key]
            for qid, partials in cell.sums.items():
                j = columns[qid]
                if not counts[j, i]:  # a question scored by a table as well: the table's
                    sums[j, i] = math.fsum(partials)
                    counts[j, i] = cell.counts[qid]
        return Totals(keys, respondents.tolist(), columns, sums.T, counts.T)

    def totals(self) -> dict[str, dict[str, GroupTotals]]:
        """`table` as region -> stakeholder group -> its respondents and, for each question
        answered, the sum and the number of the scores of its answers."""
        table = self.table()
        qids = list(table.columns)
        out: dict[str, dict[str, GroupTotals]] = {}
        for (region, group), people, sums, counts in zip(
            table.cells, table.respondents, table.sums.tolist(), table.counts.tolist(), strict=True
        ):
            answers = {qid: (s, n) for qid, s, n in zip(qids, sums, counts, strict=True) if n}
            out.setdefault(region, {})[group] = GroupTotals(people, answers)
        return out


def profile_messages(
    q: Questionnaire, region: str, group: str, sector: str | None, language: str
) -> tuple[str, ...]:
    """The shared profile rules (answers.profile_problems), each named by its key in the
    response file (`respondent.group`, `language`), which is never translated."""
    return tuple(
        M.AT.format(where="language" if name == "language" else f"respondent.{name}", problem=said)
        for name, said in profile_problems(
            q, region=region, group=group, sector=sector, language=language
        )
    )


def response_problems(
    q: Questionnaire,
    response: Response,
    ids: RespondentIds,
    profile: Callable[[str, str, str | None, str], tuple[str, ...]] | None = None,
) -> list[str]:
    """Everything wrong with a response to `q` apart from its answers, when the respondents
    of `ids` were counted before it: the rule of `score`, and of `export`, which writes
    what `score` counts. `profile`: profile_messages of `q` (memoised by a tally)."""
    ref = response.questionnaire
    if not same_questionnaire(ref, q):
        if ref.id != q.id:
            return [M.SCORE_OTHER_QUESTIONNAIRE.format(id=ref.id, expected=q.id)]
        if ref.version != q.version:
            return [M.SCORE_OTHER_VERSION.format(id=q.id, version=ref.version, expected=q.version)]
        return [M.SCORE_OTHER_CONTENT.format(id=q.id, version=q.version)]
    who = response.respondent
    twice = ids.given_twice(who.id)
    if twice is not None:
        return [twice]
    of_profile = profile if profile is not None else partial(profile_messages, q)
    problems = list(of_profile(who.region, who.group, who.sector, response.language))
    if consent_missing(q, response.consent):
        problems.append(M.RESPONSE_CONSENT_MISSING)
    problems.extend(message for _, message in response_time_problems(response))
    problems.extend(
        M.SURVEY_SKIPPED_AND_ANSWERED.format(qid=qid)
        for _, qid in skipped_and_answered(response.answers, response.skipped)
    )
    return problems
