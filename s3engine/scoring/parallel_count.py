"""Counting a large JSON Lines file of responses in several processes at once.

Reading and checking a response takes about as long as a second processor core would need
for another, so a large JSON Lines file is cut into parts at line starts (as many parts as
there are cores, up to MAX_PARTS, and at least PART_MIN_BYTES each). This process counts the
first part; a process of the standard library's pool (concurrent.futures, forked so that it
starts with a copy of the tally: the questionnaire, the model, the respondents counted
before) counts each other part and sends back what it added: the counts
(SurveyTally.take_counts: integer counts and exact sums), the hashes of the respondent ids it
counted and of those it refused, the problems it found (at lines numbered from the start of
its part) and how many lines it could not read. The parts are added up in file order, so the
result, the problems and the refusals listed are those of reading the file in one process,
byte for byte. Every process reads the file opened once before the pool starts, so that a
file replaced meanwhile is not read in pieces of two files.

A respondent counted in one part and given again in a later part would have been refused as
a duplicate there; a child cannot know it. When a part's ids (counted or refused) meet ids
counted before it, that part is counted again here, after those before it, and its refusals
come out as they would in one process. So is a part whose child failed. When this process
stops early (Ctrl-C, an error) or ends, the children stop at their next step (every MiB they
read) and the pool collects them.

Only on Linux, where forking a process that has loaded the questionnaire and the model costs
a few milliseconds, and only in a process running no other thread (a child would inherit
the locks such a thread holds, never to be released) and not ignoring its children's end;
elsewhere, when S3ENGINE_JOBS=1, and when no process can be started, the file is read here.
"""

from __future__ import annotations

import dataclasses
import itertools
import mmap
import multiprocessing
import os
import signal
import struct
import sys
import threading
from array import array
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from s3engine.core import messages as M
from s3engine.core.findings import Finding, UsageError, utf16_text
from s3engine.io.files import note_input
from s3engine.responses.files import Document, Progress, json_lines, line_start, lines_before
from s3engine.scoring.respondent_ids import RespondentIds
from s3engine.scoring.tally import SurveyTally
from s3engine.scoring.tally_counts import Counts

#: The environment variable that sets how many processes may count at once (1: only this one).
JOBS_VARIABLE = "S3ENGINE_JOBS"
#: A file is cut into at most this many parts...
MAX_PARTS = 8
#: ...of at least this many bytes each: below, forking and adding up cost more than they save.
PART_MIN_BYTES = 16 * 2**20

#: count(tally, documents, problems) -> how many documents could not be read
CountDocuments = Callable[[SurveyTally, Iterable[Document], list[Finding]], int]


@dataclass
class _Part:
    """What a child counted in its part of the file."""

    counts: Counts
    #: the hashes of the respondent ids counted, and of those refused
    hashes: array[int]
    refused: array[int]
    problems: list[Finding]
    unreadable: int


def jobs() -> int:
    """How many processes may count at once: S3ENGINE_JOBS, or the processor cores usable.

    Raises UsageError when S3ENGINE_JOBS is not a whole number from 1.
    """
    given = os.environ.get(JOBS_VARIABLE, "").strip()
    if given:
        if not (given.isascii() and given.isdecimal()) or int(given) < 1:
            raise UsageError(M.JOBS_INVALID.format(variable=JOBS_VARIABLE, value=given))
        return int(given)
    return _cores()


def parts_for(path: Path, jobs: int) -> int:
    """Into how many parts to cut the JSON Lines file `path` for `jobs` processes (1: read it
    in this process)."""
    if jobs < 2 or not sys.platform.startswith("linux") or not hasattr(os, "fork"):
        return 1
    if threading.active_count() > 1 or signal.getsignal(signal.SIGCHLD) == signal.SIG_IGN:
        return 1  # a child could inherit another thread's locks; or be collected unseen
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            if utf16_text(handle.read(4)):  # not JSON Lines: said once, from the file's start
                return 1
    except OSError:
        return 1
    return max(1, min(jobs, MAX_PARTS, size // PART_MIN_BYTES))


def count_in_parts(
    tally: SurveyTally,
    path: Path,
    parts: int,
    problems: list[Finding],
    progress: Progress | None,
    count: CountDocuments,
    quick: Callable[[list[bytes]], Iterable[int]] | None = None,
) -> int:
    """Count the responses of the JSON Lines file `path` in `parts` processes.

    Returns how many lines could not be read, and adds the problems found to `problems`, as
    count(tally, json_lines(path, quick=quick), problems) would.
    """
    note_input(path)  # no writer of this command may replace it
    with path.open("rb") as opened:
        # The file as opened now, opened anew by each reader (its own position in it).
        source = Path(f"/proc/self/fd/{opened.fileno()}")
        if not source.exists():
            source = path
        size = os.fstat(opened.fileno()).st_size
        # parts of equal size: what a child packs for the parent (its counts, its respondents'
        # hashes) takes a few hundredths of a second, and a larger first part, counted here,
        # ended after the others (1.05x: 2% more time to count a million responses)
        cuts = (size * k / parts for k in range(1, parts))
        bounds = sorted({0, size, *(line_start(source, int(cut)) for cut in cuts)})
        ranges = list(itertools.pairwise(bounds))
        # the bytes read in each part, and a last byte: 1 when the children are to stop
        with mmap.mmap(-1, 8 * len(ranges) + 1) as shared:
            joint = _JointProgress(progress, shared, len(ranges))
            unreadable = _count_ranges(tally, path, source, ranges, problems, joint, count, quick)
    joint.finish(size)
    return unreadable


def _count_ranges(
    tally: SurveyTally,
    path: Path,
    source: Path,
    ranges: list[tuple[int, int]],
    problems: list[Finding],
    joint: _JointProgress,
    count: CountDocuments,
    quick: Callable[[list[bytes]], Iterable[int]] | None,
) -> int:
    global _task
    # What each child starts with: the pool forks them at the first submit, with a copy.
    _task = _Task(tally, path, source, joint.shared, count, quick, os.getpid())
    pool = ProcessPoolExecutor(len(ranges) - 1, mp_context=multiprocessing.get_context("fork"))
    futures: list[Future[_Part]] = []
    before = set(multiprocessing.active_children())
    try:
        try:
            for slot, (start, stop) in enumerate(ranges[1:], 1):
                futures.append(pool.submit(_count_part, slot, start, stop))
        except (OSError, RuntimeError):  # no process to be had: the parts are counted here
            futures = []
            for child in set(multiprocessing.active_children()) - before:  # those it made
                child.kill()
                child.join()
        start, stop = ranges[0]
        documents = json_lines(path, joint, start=start, stop=stop, source=source, quick=quick)
        unreadable = count(tally, documents, problems)
        for slot in range(1, len(ranges)):
            start, stop = ranges[slot]
            part = _result(futures[slot - 1]) if futures else None
            ids = tally.ids
            if part is None or not (ids.isdisjoint(part.hashes) and ids.isdisjoint(part.refused)):
                first = lines_before(source, start) + 1
                documents = json_lines(
                    path,
                    joint.recount(slot),
                    start=start,
                    stop=stop,
                    first_line=first,
                    source=source,
                    quick=quick,
                )
                unreadable += count(tally, documents, problems)
                continue
            tally.ids.add_hashes(part.hashes)
            tally.merge_counts(part.counts)
            if part.problems:  # numbered from the part's first line: number them in the file
                offset = lines_before(source, start)
                problems.extend(_shifted(finding, offset) for finding in part.problems)
            unreadable += part.unreadable
    finally:
        _task = None
        joint.stop()  # children still counting stop at their next step
        pool.shutdown(wait=True, cancel_futures=True)
    return unreadable


def _result(future: Future[_Part]) -> _Part | None:
    """What a child counted; None when it failed (an error, a process that died)."""
    try:
        return future.result()
    except Exception:  # whatever stopped the child: its part is counted again here
        return None


@dataclass
class _Task:
    """What every child is to count from (the parts differ: see _count_part)."""

    tally: SurveyTally
    path: Path
    source: Path
    shared: mmap.mmap
    count: CountDocuments
    #: counts the lines it can vouch for (json_lines' `quick`): the parent's tally's, which
    #: is the child's tally in a forked child
    quick: Callable[[list[bytes]], Iterable[int]] | None
    parent: int


#: The task of the children, set while a pool of them counts (they inherit it when forked).
_task: _Task | None = None


def _count_part(slot: int, start: int, stop: int) -> _Part:
    """In a child: count the lines of its part; what it added."""
    task = _task
    if task is None:  # pragma: no cover - only ever called in a child forked with a task
        raise RuntimeError("no task")
    tally = task.tally
    tally.take_counts()  # the counts made before the fork are the parent's
    tally.ids = RespondentIds(earlier=tally.ids)
    tally.refused_ids = array("q")
    problems: list[Finding] = []
    progress = _SharedProgress(task.shared, slot, task.parent)
    documents = json_lines(  # lines numbered from 1
        task.path, progress, start=start, stop=stop, source=task.source, quick=task.quick
    )
    unreadable = task.count(tally, documents, problems)
    hashes = tally.ids.hashes()
    return _Part(tally.take_counts(), hashes, tally.refused_ids, problems, unreadable)


class _Stopped(Exception):
    """A child stops: the parent stopped early, or ended."""


class _SharedProgress:
    """A child's progress: the bytes it has read, in its slot of memory shared with the parent.

    Each step also looks whether the parent asked the children to stop, or has ended.
    """

    def __init__(self, shared: mmap.mmap, slot: int, parent: int):
        self.shared = shared
        self.offset = 8 * slot
        self.parent = parent
        self.done = 0

    def start(self, total: int) -> None:
        pass

    def advance(self, amount: int) -> None:
        self.done += amount
        struct.pack_into("q", self.shared, self.offset, self.done)
        if self.shared[-1] or os.getppid() != self.parent:
            raise _Stopped


class _JointProgress:
    """The parent's progress: its own bytes and those the children report, as they come.

    Slot 0 is this process's part; a part counted again here (`recount`) shows the larger of
    what its child had read and what has been read again.
    """

    def __init__(self, progress: Progress | None, shared: mmap.mmap, slots: int):
        self.progress = progress
        self.shared = shared
        self.slots = slots
        self.shown = 0

    def start(self, total: int) -> None:
        pass

    def advance(self, amount: int) -> None:
        self._add(0, amount)

    def recount(self, slot: int) -> Progress:
        """The progress of part `slot`, counted again here."""
        struct.pack_into("q", self.shared, 8 * slot, 0)  # a failed child's figure no more
        return _SlotProgress(self, slot)

    def finish(self, size: int) -> None:
        if self.progress is not None:
            self._show(size)

    def stop(self) -> None:
        """Ask the children to stop at their next step."""
        self.shared[-1] = 1

    def _add(self, slot: int, amount: int) -> None:
        (done,) = struct.unpack_from("q", self.shared, 8 * slot)
        struct.pack_into("q", self.shared, 8 * slot, done + amount)
        if self.progress is not None:
            self._show(sum(struct.unpack_from(f"{self.slots}q", self.shared)))

    def _show(self, done: int) -> None:
        assert self.progress is not None
        if done > self.shown:
            self.progress.advance(done - self.shown)
            self.shown = done


class _SlotProgress:
    """The progress of one part, counted again in the parent."""

    def __init__(self, joint: _JointProgress, slot: int):
        self.joint = joint
        self.slot = slot

    def start(self, total: int) -> None:
        pass

    def advance(self, amount: int) -> None:
        self.joint._add(self.slot, amount)


def _shifted(finding: Finding, offset: int) -> Finding:
    if finding.line is None:
        return finding
    return dataclasses.replace(finding, line=finding.line + offset)


def _cores() -> int:
    """The processor cores this process may use (its CPU affinity)."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1
