"""Counting a large JSON Lines file of responses in several processes at once.

Reading and checking a response takes about as long as a second processor core would need
for another, so a large JSON Lines file is cut into parts at line starts (as many parts as
there are cores, up to MAX_PARTS, and at least PART_MIN_BYTES each). This process counts the
first part; a child forked for each other part counts its own with a copy of the tally (the
questionnaire, the model, the respondents counted before) and sends back what it added: the
counts (SurveyTally.take_counts: integer counts and exact sums), the hashes of the respondent
ids it counted and of those it refused, the problems it found (at lines numbered from the
start of its part) and how many lines it could not read. The parts are added up in file
order, so the result, the problems and the refusals listed are those of reading the file in
one process, byte for byte. Every process reads the file opened once before the first fork,
so that a file replaced meanwhile is not read in pieces of two files.

A respondent counted in one part and given again in a later part would have been refused as
a duplicate there; a child cannot know it. When a part's ids (counted or refused) meet ids
counted before it, that part is counted again here, after those before it, and its refusals
come out as they would in one process. So is a part whose child failed. Children are ended
when this process stops early (Ctrl-C, an error) and die with it (SIGTERM, SIGKILL).

Only on Linux, where forking a process that has loaded the questionnaire and the model costs
a few milliseconds, and only in a process running no other thread (a child would inherit
the locks such a thread holds, never to be released) and not ignoring its children's end;
elsewhere, when S3ENGINE_JOBS=1, and when no process can be forked, the file is read here.
"""

from __future__ import annotations

import contextlib
import ctypes
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

from s3engine.core import messages as M
from s3engine.core.findings import Finding, UsageError
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
#: The first part, counted here, is this much larger than the others: a child also packs
#: what it counted (pickle), so that both end at about the same time.
PARENT_SHARE = 1.05

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
    if _threads() > 1 or signal.getsignal(signal.SIGCHLD) == signal.SIG_IGN:
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
    with path.open("rb") as opened:
        # The file as opened now, opened anew by each reader (its own position in it).
        source = Path(f"/proc/self/fd/{opened.fileno()}")
        if not source.exists():
            source = path
        size = os.fstat(opened.fileno()).st_size
        cuts = (size * (k - 1 + PARENT_SHARE) / (parts - 1 + PARENT_SHARE) for k in range(1, parts))
        bounds = sorted({0, size, *(line_start(source, int(cut)) for cut in cuts)})
        ranges = list(itertools.pairwise(bounds))
        with mmap.mmap(-1, 8 * len(ranges)) as shared:  # bytes read by each part
            joint = _JointProgress(progress, shared, len(ranges))
            unreadable = _count_ranges(tally, path, source, ranges, problems, joint, count)
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
) -> int:
    children: list[_Child] = []
    try:
        for slot, (start, stop) in enumerate(ranges[1:], 1):
            task = _Task(tally, path, source, start, stop, slot, joint.shared, count)
            if not _Child.fork(task, children):  # no process to be had: counted here
                break
        start, stop = ranges[0]
        documents = json_lines(path, joint, start=start, stop=stop, source=source)
        unreadable = count(tally, documents, problems)
        for slot in range(1, len(ranges)):
            start, stop = ranges[slot]
            part = children[slot - 1].result() if slot <= len(children) else None
            if part is None or not tally.ids.isdisjoint(itertools.chain(part.hashes, part.refused)):
                first = lines_before(source, start) + 1
                documents = json_lines(
                    path,
                    joint.recount(slot),
                    start=start,
                    stop=stop,
                    first_line=first,
                    source=source,
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
        for child in children:
            child.end()
    return unreadable


@dataclass
class _Task:
    """What a child is to count."""

    tally: SurveyTally
    path: Path
    source: Path
    start: int
    stop: int
    slot: int
    shared: mmap.mmap
    count: CountDocuments


class _Child:
    """A forked process counting one part of the file, and the pipe it answers through."""

    def __init__(self, pid: int, reader: int):
        self.pid = pid
        self.reader = reader
        self.ended = False

    @classmethod
    def fork(cls, task: _Task, children: list[_Child]) -> bool:
        """Fork a child for `task`, added to `children`; False when none can be forked.

        Ctrl-C and SIGTERM wait while the child is made and listed, so that neither leaves a
        child unlisted nor runs this process's code in the child.
        """
        parent = os.getpid()
        blocked = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
        try:
            try:
                reader, writer = os.pipe()
            except OSError:
                return False
            try:
                pid = os.fork()
            except OSError:
                os.close(reader)
                os.close(writer)
                return False
            if pid == 0:  # the child: count, answer, and leave without running any cleanup
                status = 1
                try:
                    _die_with(parent)
                    os.close(reader)
                    for other in children:  # the pipes of its elder siblings are not its own
                        os.close(other.reader)
                    signal.pthread_sigmask(signal.SIG_SETMASK, blocked)
                    _count_part(task, _SharedProgress(task.shared, task.slot), writer)
                    status = 0
                finally:
                    os._exit(status)
            os.close(writer)
            children.append(cls(pid, reader))
            return True
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, blocked)

    def result(self) -> _Part | None:
        """What the child counted; None when it failed."""
        chunks: list[bytes] = []
        with os.fdopen(self.reader, "rb") as pipe:
            self.reader = -1
            while chunk := pipe.read(1 << 20):
                chunks.append(chunk)
        status = self._wait()
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
            self._wait()

    def _wait(self) -> int:
        """Collect the child; its exit status (-1 when it was collected elsewhere)."""
        self.ended = True
        try:
            return os.waitpid(self.pid, 0)[1]
        except ChildProcessError:
            return -1


def _count_part(task: _Task, progress: Progress, writer: int) -> None:
    """In a child: count the lines of its part, and write what it added."""
    tally = task.tally
    tally.take_counts()  # the counts made before the fork are the parent's
    tally.ids = RespondentIds(earlier=tally.ids)
    tally.refused_ids = array("q")
    problems: list[Finding] = []
    documents = json_lines(  # lines numbered from 1
        task.path, progress, start=task.start, stop=task.stop, source=task.source
    )
    unreadable = task.count(tally, documents, problems)
    hashes = array("q", tally.ids.hashes())
    part = _Part(tally.take_counts(), hashes, tally.refused_ids, problems, unreadable)
    with os.fdopen(writer, "wb") as pipe:
        pipe.write(pickle.dumps(part, protocol=pickle.HIGHEST_PROTOCOL))


def _die_with(parent: int) -> None:
    """Have the kernel end this child when its parent ends, however it ends (Linux)."""
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # the parent ended before that took effect
        os._exit(1)


#: prctl's option for the signal a child gets when its parent ends (linux/prctl.h).
_PR_SET_PDEATHSIG = 1


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


def _threads() -> int:
    """The threads of this process, those started by Python and any other (Linux)."""
    try:
        return len(os.listdir("/proc/self/task"))
    except OSError:
        return threading.active_count()
