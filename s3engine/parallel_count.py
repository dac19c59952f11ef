"""Counting a large JSON Lines file of responses in several processes at once.

Reading and checking a response takes about as long as a second processor core would need
for another, so a large JSON Lines file is cut into parts at line starts (as many parts as
there are cores, up to MAX_PARTS, and at least PART_MIN_BYTES each). This process counts the
first part; a child forked for each other part counts its own with a copy of the tally (the
questionnaire, the model, the respondents counted before) and sends back what it added: the
counts (SurveyTally.take_counts: integer counts and exact sums), the hashes of the respondent
ids it counted, the problems it found (at lines numbered from the start of its part) and how
many lines it could not read. The parts are added up in file order, so the result, the
problems and the refusals listed are those of reading the file in one process, byte for byte.

A respondent counted in one part and given again in a later part would have been refused as
a duplicate there; a child cannot know it. When a part's ids meet ids counted before it, that
part and the ones after it are counted again here, in order, and the refusals come out as
they would in one process. So is a part whose child failed. Children are ended when this
process stops early (Ctrl-C, an error).

Only on Linux, where forking a process that has loaded the questionnaire and the model costs
a few milliseconds, and only in a process running no other thread (a child would inherit
the locks such a thread holds, never to be released); elsewhere, when S3ENGINE_JOBS=1, and
when no process can be forked, the file is read in this process.
"""

from __future__ import annotations

import contextlib
import dataclasses
import itertools
import mmap
import os
import pickle
import signal
import struct
import sys
import threading
from array import array
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from s3engine import messages as M
from s3engine.findings import Finding, UsageError
from s3engine.respondent_ids import RespondentIds
from s3engine.response_io import Document, Progress, json_lines, line_start, lines_before
from s3engine.tally import SurveyTally
from s3engine.tally_counts import Counts

#: The environment variable that sets how many processes may count at once (1: only this one).
JOBS_VARIABLE = "S3ENGINE_JOBS"
#: A file is cut into at most this many parts...
MAX_PARTS = 8
#: ...of at least this many bytes each: below, forking and adding up cost more than they save.
PART_MIN_BYTES = 16 * 2**20
#: The first part, counted here, is this much larger than the others: a child also packs
#: what it counted (pickle), so that both end at about the same time.
PARENT_SHARE = 1.05

#: count(tally, documents, problems) -> how many documents could not be read
CountDocuments = Callable[[SurveyTally, Iterable[Document], list[Finding]], int]


@dataclass
class _Part:
    """What a child counted in its part of the file."""

    counts: Counts
    hashes: array[int]
    problems: list[Finding]
    unreadable: int


def parts_for(path: Path) -> int:
    """Into how many parts to cut the JSON Lines file `path` (1: read it in one process)."""
    jobs = _jobs()
    if jobs < 2 or not sys.platform.startswith("linux") or not hasattr(os, "fork"):
        return 1
    if threading.active_count() > 1:  # a fork copies no thread but the locks they may hold
        return 1
    try:
        size = path.stat().st_size
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
) -> int:
    """Count the responses of the JSON Lines file `path` in `parts` processes.

    Returns how many lines could not be read, and adds the problems found to `problems`, as
    count(tally, json_lines(path), problems) would.
    """
    size = path.stat().st_size
    cuts = (size * (k - 1 + PARENT_SHARE) / (parts - 1 + PARENT_SHARE) for k in range(1, parts))
    bounds = sorted({0, size, *(line_start(path, int(cut)) for cut in cuts)})
    ranges = list(itertools.pairwise(bounds))
    shared = mmap.mmap(-1, 8 * len(ranges))  # bytes read by each child, for the progress bar
    joint = _JointProgress(progress, shared, len(ranges))
    children: list[_Child] = []
    try:
        for slot, (start, stop) in enumerate(ranges[1:], 1):
            try:
                children.append(_Child.fork(tally, path, start, stop, slot, shared, count))
            except OSError:  # no process to be had: the parts left are counted here
                break
        start, stop = ranges[0]
        unreadable = count(tally, json_lines(path, joint, start=start, stop=stop), problems)
        for index in range(1, len(ranges)):
            part = children[index - 1].result() if index <= len(children) else None
            if part is None or not tally.ids.isdisjoint(part.hashes):
                unreadable += _count_here(tally, path, ranges[index:], problems, count)
                break
            tally.ids.add_hashes(part.hashes)
            tally.merge_counts(part.counts)
            if part.problems:  # numbered from the part's first line: number them in the file
                offset = lines_before(path, ranges[index][0])
                problems.extend(_shifted(finding, offset) for finding in part.problems)
            unreadable += part.unreadable
    finally:
        for child in children:
            child.end()
        shared.close()
    joint.finish(size)
    return unreadable


def _count_here(
    tally: SurveyTally,
    path: Path,
    ranges: list[tuple[int, int]],
    problems: list[Finding],
    count: CountDocuments,
) -> int:
    """Count the parts `ranges` (consecutive) in this process."""
    start, stop = ranges[0][0], ranges[-1][1]
    first = lines_before(path, start) + 1
    documents = json_lines(path, None, start=start, stop=stop, first_line=first)
    return count(tally, documents, problems)


class _Child:
    """A forked process counting one part of the file, and the pipe it answers through."""

    def __init__(self, pid: int, reader: int):
        self.pid = pid
        self.reader = reader
        self.ended = False

    @classmethod
    def fork(
        cls,
        tally: SurveyTally,
        path: Path,
        start: int,
        stop: int,
        slot: int,
        shared: mmap.mmap,
        count: CountDocuments,
    ) -> _Child:
        reader, writer = os.pipe()
        try:
            pid = os.fork()
        except OSError:
            os.close(reader)
            os.close(writer)
            raise
        if pid == 0:  # the child: count, answer, and leave without running any cleanup
            os.close(reader)
            status = 1
            try:
                _count_part(tally, path, start, stop, _SharedProgress(shared, slot), count, writer)
                status = 0
            finally:
                os._exit(status)
        os.close(writer)
        return cls(pid, reader)

    def result(self) -> _Part | None:
        """What the child counted; None when it failed."""
        chunks: list[bytes] = []
        with os.fdopen(self.reader, "rb") as pipe:
            self.reader = -1
            while chunk := pipe.read(1 << 20):
                chunks.append(chunk)
        _, status = os.waitpid(self.pid, 0)
        self.ended = True
        if status != 0 or not chunks:
            return None
        part = pickle.loads(b"".join(chunks))  # written by our own child, just now
        return part if isinstance(part, _Part) else None

    def end(self) -> None:
        """Stop the child if it still runs, and collect it."""
        if self.reader >= 0:
            os.close(self.reader)
            self.reader = -1
        if not self.ended:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
            self.ended = True


def _count_part(
    tally: SurveyTally,
    path: Path,
    start: int,
    stop: int,
    progress: Progress,
    count: CountDocuments,
    writer: int,
) -> None:
    """In a child: count the lines from `start` to `stop`, and write what it added."""
    tally.take_counts()  # the counts made before the fork are the parent's
    tally.ids = RespondentIds(earlier=tally.ids)
    problems: list[Finding] = []
    documents = json_lines(path, progress, start=start, stop=stop)  # lines numbered from 1
    unreadable = count(tally, documents, problems)
    part = _Part(tally.take_counts(), array("q", tally.ids.hashes()), problems, unreadable)
    with os.fdopen(writer, "wb") as pipe:
        pipe.write(pickle.dumps(part, protocol=pickle.HIGHEST_PROTOCOL))


class _SharedProgress:
    """A child's progress: the bytes it has read, in its slot of memory shared with the parent."""

    def __init__(self, shared: mmap.mmap, slot: int):
        self.shared = shared
        self.offset = 8 * slot
        self.done = 0

    def start(self, total: int) -> None:
        pass

    def advance(self, amount: int) -> None:
        self.done += amount
        struct.pack_into("q", self.shared, self.offset, self.done)


class _JointProgress:
    """The parent's progress: its own bytes and those the children report, as they come."""

    def __init__(self, progress: Progress | None, shared: mmap.mmap, slots: int):
        self.progress = progress
        self.shared = shared
        self.slots = slots
        self.own = 0
        self.shown = 0

    def start(self, total: int) -> None:
        pass

    def advance(self, amount: int) -> None:
        if self.progress is None:
            return
        children = sum(struct.unpack_from(f"{self.slots - 1}q", self.shared, 8))
        self.own += amount
        self._show(self.own + children)

    def finish(self, size: int) -> None:
        if self.progress is not None:
            self._show(size)

    def _show(self, done: int) -> None:
        assert self.progress is not None
        if done > self.shown:
            self.progress.advance(done - self.shown)
            self.shown = done


def _shifted(finding: Finding, offset: int) -> Finding:
    if finding.line is None:
        return finding
    return dataclasses.replace(finding, line=finding.line + offset)


def _jobs() -> int:
    """How many processes may count at once: S3ENGINE_JOBS, or the processor cores usable."""
    given = os.environ.get(JOBS_VARIABLE, "").strip()
    if given:
        if not given.isdigit() or int(given) < 1:
            raise UsageError(M.JOBS_INVALID.format(variable=JOBS_VARIABLE, value=given))
        return int(given)
    return _cores()


def _cores() -> int:
    """The processor cores this process may use: its CPU affinity, within its cgroup's quota."""
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cores = os.cpu_count() or 1
    try:
        quota, period = Path("/sys/fs/cgroup/cpu.max").read_text().split()[:2]
        if quota != "max":
            cores = min(cores, max(1, int(quota) // int(period)))
    except (OSError, ValueError):
        pass
    return cores
