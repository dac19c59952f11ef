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
        return self.free_slot(respondent_id) < 0

    def add(self, respondent_id: str) -> None:
        self.add_hash(hash(respondent_id) or 1)

    def free_slot(self, respondent_id: str) -> int:
        """Where the id would be added (for `fill`), or -1 when it is known already.

        The one look at the table that reading a response needs (once per response read).
        """
        wanted = hash(respondent_id) or 1
        table, mask = self._table, self._mask  # _slot, inline
        index = wanted & mask
        while found := table[index]:
            if found == wanted:
                return -1
            index = (index + 1) & mask
        if self._earlier is not None and self._earlier.has_hash(wanted):
            return -1
        return index

    def fill(self, slot: int, respondent_id: str) -> None:
        """Add an id where free_slot said, the table unchanged since."""
        self._table[slot] = hash(respondent_id) or 1
        self._count += 1
        if self._count * 2 > self._mask:  # more than half full: twice the room
            self._make_room(self._count)

    def add_new(self, respondent_ids: Sequence[str]) -> list[int]:
        """Add the ids in order (free_slot and fill for each); return the places of those
        known already, here or earlier (given before, or twice among them), not added."""
        hashes = [hash(respondent_id) or 1 for respondent_id in respondent_ids]
        self._make_room(self._count + len(hashes))
        known = _place(self._table, self._mask, hashes, self._earlier)
        self._count += len(hashes) - len(known)
        return known

    def has_hash(self, wanted: int) -> bool:
        """Whether the hash of an id (never 0) was added here."""
        return self._table[self._slot(wanted)] != 0

    def add_hash(self, wanted: int) -> None:
        """Add the hash of an id (never 0)."""
        self.add_hashes((wanted,))

    def isdisjoint(self, hashes: Iterable[int]) -> bool:
        """Whether none of the hashes `hashes` was added here."""
        return not any(map(self.has_hash, hashes))

    def add_hashes(self, hashes: Sequence[int]) -> None:
        """Add hashes of ids (never 0)."""
        self._make_room(self._count + len(hashes))
        self._count += len(hashes) - len(_place(self._table, self._mask, hashes))

    def hashes(self) -> Iterator[int]:
        """The hashes added here (not those of `earlier`), in no particular order."""
        return (value for value in self._table if value)

    @property
    def nbytes(self) -> int:
        return len(self._table) * self._table.itemsize

    def _slot(self, wanted: int) -> int:
        """Where `wanted` is in the table, or the free place where it would go."""
        table, mask = self._table, self._mask
        index = wanted & mask
        while (found := table[index]) and found != wanted:
            index = (index + 1) & mask
        return index

    def _make_room(self, count: int) -> None:
        """A table large enough to hold `count` hashes at most half full."""
        size = len(self._table)
        while count * 2 > size - 1:
            size *= 2
        if size > len(self._table):
            old = self._table
            self._table = array("q", bytes(8 * size))
            self._mask = size - 1
            kept = [value for value in old if value]
            self._count = len(kept) - len(_place(self._table, self._mask, kept))


def _place(
    table: array[int], mask: int, hashes: Sequence[int], earlier: RespondentIds | None = None
) -> list[int]:
    """Put `hashes` into the open-addressing `table`, in order; return the places in
    `hashes` of those not put there: there already (or earlier in `hashes`), or in
    `earlier`."""
    known: list[int] = []
    for place, wanted in enumerate(hashes):
        index = wanted & mask
        while found := table[index]:
            if found == wanted:
                known.append(place)
                break
            index = (index + 1) & mask
        else:
            if earlier is not None and earlier.has_hash(wanted):
                known.append(place)
            else:
                table[index] = wanted
    return known
