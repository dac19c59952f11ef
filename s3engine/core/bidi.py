"""Direction controls: the invisible characters that set the direction of the text around
them, and how text holding them is kept from reordering its neighbours.

In a name, U+202E (right-to-left override) makes "exe.txt (ITC4)" read "(4CTI) txt.exe".
Names refuse these characters (core.models.Name); free text keeps them, and every document
lays such text out on its own with `isolate`.
"""

from __future__ import annotations

import re

#: Unicode's bidirectional formatting characters (embeddings, overrides, isolates and their
#: closers) and the directional marks. The pattern's text: re compiles it where it is first
#: used, and keeps it (compiling it took 0.6 ms of every start, `check` of a file without a
#: name among them).
BIDI_CONTROL = "[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]"

#: Embeddings and overrides (closed by PDF) and isolates (closed by PDI).
_EMBEDDINGS = frozenset("\u202a\u202b\u202d\u202e")
_ISOLATES = frozenset("\u2066\u2067\u2068")
_PDF, _PDI, _FSI = "\u202c", "\u2069", "\u2068"


def isolate(value: str) -> str:
    """`value` unable to change the direction of the text around it.

    Text holding a direction control (U+202E, the right-to-left override, reverses what
    follows it, so that "(ITC4)" next to it would read "(4CTI)") is balanced, every override
    and isolate it opens closed, a closer without its opener dropped, and wrapped in a
    first-strong isolate (U+2068 ... U+2069), the Unicode way of saying: this text is
    laid out on its own. Text without direction controls is returned as it is.
    """
    if re.search(BIDI_CONTROL, value) is None:
        return value
    out: list[str] = []
    open_: list[str] = []  # "e" for an embedding or override, "i" for an isolate
    for ch in value:
        if ch in _EMBEDDINGS:
            open_.append("e")
        elif ch in _ISOLATES:
            open_.append("i")
        elif ch == _PDF:
            if not open_ or open_[-1] != "e":
                continue  # closes nothing of its own: dropped
            open_.pop()
        elif ch == _PDI:
            if "i" not in open_:
                continue
            while open_.pop() != "i":  # a PDI also closes the embeddings inside the isolate
                pass
        out.append(ch)
    out += [_PDF if kind == "e" else _PDI for kind in reversed(open_)]
    return _FSI + "".join(out) + _PDI
