"""The respondents counted so far, to refuse a response given twice, in little memory."""

from __future__ import annotations

from array import array


class RespondentIds:
    """The respondents counted so far, to refuse a response given twice, in little memory.

    Each id is kept as its 64-bit hash in an open-addressing table of 64-bit integers that is
    at most half full: 16 to 32 bytes per respondent, whatever the length of the ids (a set of
    the ids themselves takes about 100). Two different ids have the same hash with a
    probability of about n² / 2^65 for n respondents (1 in 37 million for a million): the
    second of them would be refused as a duplicate.
    """

    def __init__(self) -> None:
        self._table = array("q", bytes(8 * 1024))
        self._mask = 1023
        self._count = 0

    def __len__(self) -> int:
        return self._count

    def __contains__(self, respondent_id: str) -> bool:
        wanted = hash(respondent_id) or 1
        table, mask = self._table, self._mask
        index = wanted & mask
        while found := table[index]:
            if found == wanted:
                return True
            index = (index + 1) & mask
        return False

    def add(self, respondent_id: str) -> None:
        wanted = hash(respondent_id) or 1
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
            old = self._table
            self._table = array("q", bytes(16 * len(old)))
            self._mask = 2 * len(old) - 1
            self._count = 0
            for value in old:
                if value:
                    self._insert(value)
