"""The respondents counted so far, to refuse a response given twice, in little memory."""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Iterator, Sequence


class RespondentIds:
    """The respondents counted so far, to refuse a response given twice, in little memory.

    Each id is kept as its 64-bit hash in an open-addressing table of 64-bit integers that is
    at most half full: 16 to 32 bytes per respondent, whatever the length of the ids (a set of
    the ids themselves takes about 100). Two different ids have the same hash with a
    probability of about n² / 2^65 for n respondents (1 in 37 million for a million): the
    second of them would be refused as a duplicate.

    With `earlier`, the ids counted before (by the process this one was forked from) are
    known too, while only the ids added here are kept here (`hashes`), to be added to the
    earlier table afterwards. String hashes are the same in a forked process.
    """

    def __init__(self, earlier: RespondentIds | None = None) -> None:
        self._table = array("q", bytes(8 * 1024))
        self._mask = 1023
        self._count = 0
        self._earlier = earlier

    def __len__(self) -> int:
        return self._count

    def __contains__(self, respondent_id: str) -> bool:
        wanted = hash(respondent_id) or 1
        table, mask = self._table, self._mask  # has_hash, inline: once per response read
        index = wanted & mask
        while found := table[index]:
            if found == wanted:
                return True
            index = (index + 1) & mask
        return self._earlier is not None and self._earlier.has_hash(wanted)

    def add(self, respondent_id: str) -> None:
        self.add_hash(hash(respondent_id) or 1)

    def has_hash(self, wanted: int) -> bool:
        """Whether the hash of an id (never 0) was added here."""
        table, mask = self._table, self._mask
        index = wanted & mask
        while found := table[index]:
            if found == wanted:
                return True
            index = (index + 1) & mask
        return False

    def add_hash(self, wanted: int) -> None:
        """Add the hash of an id (never 0)."""
        table, mask = self._table, self._mask
        index = wanted & mask
        while found := table[index]:
            if found == wanted:
                return
            index = (index + 1) & mask
        if (self._count + 1) * 2 > mask:  # would be more than half full: grow, then insert
            self._insert(wanted)
            return
        table[index] = wanted
        self._count += 1

    def isdisjoint(self, hashes: Iterable[int]) -> bool:
        """Whether none of the hashes `hashes` was added here."""
        table, mask = self._table, self._mask
        for wanted in hashes:
            index = wanted & mask
            while found := table[index]:
                if found == wanted:
                    return False
                index = (index + 1) & mask
        return True

    def add_hashes(self, hashes: Sequence[int]) -> None:
        """Add hashes of ids (never 0), as add_hash does one by one."""
        while (self._count + len(hashes)) * 2 > self._mask:  # room for all of them first
            self._grow()
        table, mask = self._table, self._mask
        added = 0
        for wanted in hashes:
            index = wanted & mask
            while found := table[index]:
                if found == wanted:
                    break
                index = (index + 1) & mask
            else:
                table[index] = wanted
                added += 1
        self._count += added

    def hashes(self) -> Iterator[int]:
        """The hashes added here (not those of `earlier`), in no particular order."""
        return (value for value in self._table if value)

    @property
    def nbytes(self) -> int:
        return len(self._table) * self._table.itemsize

    def _insert(self, wanted: int) -> None:
        table, mask = self._table, self._mask
        index = wanted & mask
        while found := table[index]:
            if found == wanted:
                return
            index = (index + 1) & mask
        table[index] = wanted
        self._count += 1
        if self._count * 2 > mask:
            self._grow()

    def _grow(self) -> None:
        """Twice the room, every hash inserted again."""
        old = self._table
        self._table = array("q", bytes(16 * len(old)))
        self._mask = 2 * len(old) - 1
        self._count = 0
        for value in old:
            if value:
                self._insert(value)
