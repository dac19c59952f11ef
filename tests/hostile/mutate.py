"""Mutations of valid input files, for the fuzz tests and the hostile corpus.

Every mutation is a pure function `(data, rng) -> data` over the bytes of a file, so that
the same seed always gives the same file: the fuzz tests draw the mutations and their
random generators from hypothesis (derandomised), and tests/hostile/make_corpus.py uses
fixed seeds. They are written to break what readers assume: YAML structure (lines deleted,
duplicated, swapped or re-indented, keys renamed, values replaced by other types, anchors
and aliases), text (truncation at any byte, tabs, flipped bytes, NUL, other encodings, BOM,
CRLF), and the shape of CSV tables (delimiters, ragged rows, hostile cells).
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Sequence

Mutation = Callable[[bytes, random.Random], bytes]

#: YAML values of every type a field may not expect, written as YAML flow text.
YAML_VALUES: tuple[bytes, ...] = (
    b"null",
    b"~",
    b"[]",
    b"{}",
    b"[1, [2, [3]]]",
    b"{a: 1, b: [x]}",
    b"[null]",
    b"1e999",
    b"-1e999",
    b"123456789012345678901234567890123456789",
    b"-99999999999999999999",
    b".nan",
    b".NaN",
    b".inf",
    b"-.inf",
    b"0",
    b"-1",
    b"-0.0",
    b"3.5",
    b"0x1F",
    b"0o17",
    b"1_000",
    b"true",
    b"no",
    b"''",
    b'""',
    b"2024-13-45",
    b"2024-02-30T25:61:00Z",
    b"12:30:45",
    b'"' + b"x" * 20000 + b'"',
    "Ünïcødé ✓ 漢字 🙂 עברית".encode(),
    b'"\\x00\\x07\\e[31mred\\e[0m"',
    b'"\\u202eevil\\u202c"',
    b"!!python/object/apply:os.system ['echo pwned']",
    b"!!python/name:os.system",
    b"!!binary aGVsbG8=",
    b"!!set {a, b}",
    b"!!omap [a: 1]",
    b"!custom x",
    b"!!str",
    b"!!int abc",
    b"!!float x",
    b"<script>alert(1)</script>",
    b"'<img src=x onerror=alert(1)>'",
    b"\"=cmd|' /C calc'!A0\"",
    b"'+1+1'",
    b"'@SUM(A1)'",
    b"../../etc/passwd",
    b"AT31/../../x",
    b"/etc/passwd",
    b"'C:\\Windows\\win.ini'",
    b"*undefined_alias",
    b"&anchor_only value",
    b"? complex key",
    b"|\n  literal\n  block",
    b">-",
    b"{",
    b"[",
    b"'unterminated",
    b"@reserved",
    b"`backtick",
    b"%YAML 1.1",
    b"---",
    b"...",
)

#: Keys that replace a key: misspellings are made from the key itself.
KEY_NAMES: tuple[bytes, ...] = (
    b"",
    b"''",
    b"0",
    b"null",
    b"true",
    b"1.5",
    b"\xc3\xbcml\xc3\xa4ut",
    b"__class__",
    b"<<",
    b"sections",
    b"dimensions",
    b"recommendations",
    b"s3engine_response",
    b"answers",
    b"id",
    b"../../etc/passwd",
    b"[a, b]",
    b"{a: 1}",
)

#: Cells that break what a CSV reader assumes.
CSV_CELLS: tuple[bytes, ...] = (
    b"",
    b":",
    b": c",
    b"NaN",
    b"nan",
    b"inf",
    b"-inf",
    b"1e999",
    b"1e-999",
    b"123456789012345678901234567890",
    b"-5",
    b"1_000",
    b"1,5",
    b"2.3 e",
    b"2.3 xyz",
    b"\"=cmd|' /C calc'!A0\"",
    b"=1+1",
    b"+SUM(A1)",
    b"@x",
    b"<script>alert(1)</script>",
    b"../../etc/passwd",
    b"AT31/../../x",
    "Ünïcødé 漢字 🙂".encode(),
    b'"quoted, with comma"',
    b'"unterminated',
    b'a"b',
    b'"a""b"',
    b"\x00",
    b"\t",
    b"\r",
    b"EU27_2020",
    b"2021",
    b"20211",
    b"-2021",
    b"0000",
    b"x" * 5000,
)

#: Texts that break what renderers and file writers assume (for random documents).
HOSTILE_TEXTS: tuple[str, ...] = (
    "",
    " ",
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "=cmd|' /C calc'!A0",
    "+1+1",
    "@SUM(A1)",
    "../../etc/passwd",
    "AT31/../../x",
    "/dev/zero",
    "[/]",
    "[bold red]x",
    ":x:",
    "\x1b[31mred\x1b[0m",
    "\x00",
    "\u202eevil",
    "x" * 5000,
    "1e308",
    "nan",
    "-inf",
    "AT31",
    "EU27_2020",
    "s3-stress-test",
    "stakeholder-needs",
    "government",
    "latest",
    "en",
    "Ünïcødé ✓ 漢字 🙂",
)

_KEY_LINE = re.compile(rb"^(?P<lead>[ \t]*(?:- )?)(?P<key>[^\s:#'\"\-][^:#]*?):(?P<rest>[ \t].*|)$")
_ITEM_LINE = re.compile(rb"^(?P<lead>[ \t]*- )(?P<rest>.+)$")
_JSON_VALUE = re.compile(rb'(?P<key>"[^"\\]*"\s*:\s*)(?P<value>"(?:[^"\\]|\\.)*"|[^,{}\[\]\s]+)')


def _lines(data: bytes) -> list[bytes]:
    return data.split(b"\n")


def _join(lines: Sequence[bytes]) -> bytes:
    return b"\n".join(lines)


def _pick_line(lines: list[bytes], rng: random.Random, pattern: re.Pattern[bytes]) -> int | None:
    matching = [i for i, line in enumerate(lines) if pattern.match(line)]
    return rng.choice(matching) if matching else None


# -- line structure ------------------------------------------------------------------------


def delete_line(data: bytes, rng: random.Random) -> bytes:
    lines = _lines(data)
    if len(lines) > 1:
        del lines[rng.randrange(len(lines))]
    return _join(lines)


def delete_lines(data: bytes, rng: random.Random) -> bytes:
    """A whole block of lines goes (a section, a list of options)."""
    lines = _lines(data)
    start = rng.randrange(len(lines))
    del lines[start : start + rng.randint(2, 40)]
    return _join(lines)


def duplicate_line(data: bytes, rng: random.Random) -> bytes:
    lines = _lines(data)
    index = rng.randrange(len(lines))
    lines.insert(index, lines[index])
    return _join(lines)


def duplicate_block(data: bytes, rng: random.Random) -> bytes:
    """Lines copied next to themselves: duplicate keys, ids and list items."""
    lines = _lines(data)
    start = rng.randrange(len(lines))
    block = lines[start : start + rng.randint(2, 30)]
    lines[start:start] = block
    return _join(lines)


def swap_lines(data: bytes, rng: random.Random) -> bytes:
    lines = _lines(data)
    if len(lines) > 1:
        i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
        lines[i], lines[j] = lines[j], lines[i]
    return _join(lines)


def reindent(data: bytes, rng: random.Random) -> bytes:
    lines = _lines(data)
    index = rng.randrange(len(lines))
    line = lines[index]
    body = line.lstrip(b" ")
    indent = len(line) - len(body)
    indent = max(0, indent + rng.choice((-4, -2, -1, 1, 2, 3, 8)))
    lines[index] = b" " * indent + body
    return _join(lines)


def insert_tab(data: bytes, rng: random.Random) -> bytes:
    lines = _lines(data)
    index = rng.randrange(len(lines))
    line = lines[index]
    where = rng.choice((0, len(line) - len(line.lstrip(b" ")), rng.randint(0, len(line))))
    lines[index] = line[:where] + b"\t" + line[where:]
    return _join(lines)


# -- keys and values -----------------------------------------------------------------------


def replace_value(data: bytes, rng: random.Random) -> bytes:
    """The value of a `key: value` line (or a list item) becomes a value of another type."""
    lines = _lines(data)
    value = rng.choice(YAML_VALUES)
    index = _pick_line(lines, rng, _KEY_LINE)
    if index is not None and rng.random() < 0.75:
        match = _KEY_LINE.match(lines[index])
        assert match is not None
        lines[index] = match["lead"] + match["key"] + b": " + value
        return _join(lines)
    index = _pick_line(lines, rng, _ITEM_LINE)
    if index is None:
        return data
    match = _ITEM_LINE.match(lines[index])
    assert match is not None
    lines[index] = match["lead"] + value
    return _join(lines)


def rename_key(data: bytes, rng: random.Random) -> bytes:
    lines = _lines(data)
    index = _pick_line(lines, rng, _KEY_LINE)
    if index is None:
        return data
    match = _KEY_LINE.match(lines[index])
    assert match is not None
    key = match["key"]
    choice = rng.random()
    if choice < 0.4 and len(key) > 1:  # a misspelling: one letter dropped or doubled
        at = rng.randrange(len(key))
        key = key[:at] + key[at + 1 :] if rng.random() < 0.5 else key[:at] + key[at:] + key[at:]
    elif choice < 0.6:
        key = key.upper()
    else:
        key = rng.choice(KEY_NAMES)
    lines[index] = match["lead"] + key + b":" + match["rest"]
    return _join(lines)


def insert_alias(data: bytes, rng: random.Random) -> bytes:
    """An anchor on one value and aliases to it elsewhere (maybe before it, maybe to itself)."""
    lines = _lines(data)
    index = _pick_line(lines, rng, _KEY_LINE)
    if index is None:
        return data
    match = _KEY_LINE.match(lines[index])
    assert match is not None
    rest = match["rest"].strip()
    lines[index] = match["lead"] + match["key"] + b": &a " + rest
    target = _pick_line(lines, rng, _KEY_LINE)
    if target is not None:
        found = _KEY_LINE.match(lines[target])
        assert found is not None
        alias = rng.choice((b"*a", b"*b", b"{<<: *a}", b"[*a, *a, *a]"))
        lines[target] = found["lead"] + found["key"] + b": " + alias
    return _join(lines)


def insert_alias_bomb(data: bytes, rng: random.Random) -> bytes:
    """A billion-laughs block under a top-level key."""
    depth = rng.randint(3, 12)
    bomb = [b"bomb_0: &b0 [x, x, x, x, x, x, x, x, x, x]"]
    for level in range(1, depth):
        refs = b", ".join(b"*b%d" % (level - 1) for _ in range(10))
        bomb.append(b"bomb_%d: &b%d [%s]" % (level, level, refs))
    lines = _lines(data)
    at = rng.choice((0, len(lines)))
    lines[at:at] = bomb
    return _join(lines)


def deep_nesting(data: bytes, rng: random.Random) -> bytes:
    depth = rng.choice((50, 200, 5000))
    opener, closer = (b"[", b"]") if rng.random() < 0.5 else (b"{a: ", b"}")
    value = opener * depth + b"1" + closer * depth
    lines = _lines(data)
    index = _pick_line(lines, rng, _KEY_LINE)
    if index is None:
        return data + b"\n" + value
    match = _KEY_LINE.match(lines[index])
    assert match is not None
    lines[index] = match["lead"] + match["key"] + b": " + value
    return _join(lines)


def replace_json_value(data: bytes, rng: random.Random) -> bytes:
    """In JSON text: the value of a `"key": value` pair becomes JSON of another type."""
    found = list(_JSON_VALUE.finditer(data))
    if not found:
        return data
    match = rng.choice(found)
    value = rng.choice(
        (
            b"null",
            b"[]",
            b"{}",
            b"1e999",
            b"NaN",
            b"Infinity",
            b"-Infinity",
            b"123456789012345678901234567890",
            b"true",
            b'""',
            b'"\\u0000"',
            b'"\\ud800"',
            b'"' + b"y" * 20000 + b'"',
            b'"<script>alert(1)</script>"',
            b"\"=cmd|' /C calc'!A0\"",
            b'"../../etc/passwd"',
            b"[[[[[[[[[[1]]]]]]]]]]",
            b'{"a": {"a": {"a": 1}}}',
            b"01",
            b"-",
            b"'single'",
        )
    )
    return data[: match.start("value")] + value + data[match.end("value") :]


def duplicate_json_key(data: bytes, rng: random.Random) -> bytes:
    found = list(_JSON_VALUE.finditer(data))
    if not found:
        return data
    match = rng.choice(found)
    pair = match.group(0)
    return data[: match.start()] + pair + b", " + pair + data[match.end() :]


# -- bytes and encodings -------------------------------------------------------------------


def truncate(data: bytes, rng: random.Random) -> bytes:
    return data[: rng.randrange(len(data) + 1)]


def flip_bytes(data: bytes, rng: random.Random) -> bytes:
    if not data:
        return data
    out = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        index = rng.randrange(len(out))
        out[index] ^= 1 << rng.randrange(8)
    return bytes(out)


def insert_bytes(data: bytes, rng: random.Random) -> bytes:
    junk = rng.choice(
        (b"\x00", b"\xff\xfe", b"\xc3", b"\xe2\x80", b"\x1b[2J", b"\x07", b"\x7f", b"\r", b"\x85")
    )
    at = rng.randrange(len(data) + 1)
    return data[:at] + junk + data[at:]


def reencode(data: bytes, rng: random.Random) -> bytes:
    """The same text in another encoding, with another byte order mark or line ending."""
    text = data.decode("utf-8", "replace")
    choice = rng.randrange(6)
    if choice == 0:
        return text.encode("utf-16")
    if choice == 1:
        return text.encode("latin-1", "replace")
    if choice == 2:
        return b"\xef\xbb\xbf" + data
    if choice == 3:
        return data.replace(b"\n", b"\r\n")
    if choice == 4:
        return data.replace(b"\n", b"\r")
    return text.encode("utf-16-be")


# -- CSV -----------------------------------------------------------------------------------


def _cells(line: bytes) -> list[bytes]:
    return line.split(b",")


def csv_replace_cell(data: bytes, rng: random.Random) -> bytes:
    lines = _lines(data)
    index = rng.randrange(len(lines))
    cells = _cells(lines[index])
    cells[rng.randrange(len(cells))] = rng.choice(CSV_CELLS)
    lines[index] = b",".join(cells)
    return _join(lines)


def csv_ragged(data: bytes, rng: random.Random) -> bytes:
    """A row with a cell too many or too few."""
    lines = _lines(data)
    index = rng.randrange(len(lines))
    cells = _cells(lines[index])
    if rng.random() < 0.5 and len(cells) > 1:
        del cells[rng.randrange(len(cells))]
    else:
        cells.insert(rng.randrange(len(cells) + 1), rng.choice(CSV_CELLS))
    lines[index] = b",".join(cells)
    return _join(lines)


def csv_delimiter(data: bytes, rng: random.Random) -> bytes:
    """Some line (or all of them) with another delimiter."""
    other = rng.choice((b";", b"\t", b"|", b", "))
    lines = _lines(data)
    if rng.random() < 0.3:
        return _join([line.replace(b",", other) for line in lines])
    index = rng.randrange(len(lines))
    lines[index] = lines[index].replace(b",", other)
    return _join(lines)


def csv_header(data: bytes, rng: random.Random) -> bytes:
    """A header cell renamed, emptied, or copied over another."""
    lines = _lines(data)
    cells = _cells(lines[0])
    at = rng.randrange(len(cells))
    choice = rng.random()
    if choice < 0.4:
        cells[at] = cells[rng.randrange(len(cells))]
    elif choice < 0.6:
        cells[at] = b""
    elif choice < 0.8:
        cells[at] = cells[at].upper() if rng.random() < 0.5 else cells[at].lower()
    else:
        cells[at] = rng.choice(CSV_CELLS)
    lines[0] = b",".join(cells)
    return _join(lines)


def csv_many_commas(data: bytes, rng: random.Random) -> bytes:
    lines = _lines(data)
    lines.insert(rng.randrange(len(lines) + 1), b"," * rng.choice((50, 5000, 200000)))
    return _join(lines)


def csv_huge_cell(data: bytes, rng: random.Random) -> bytes:
    lines = _lines(data)
    index = rng.randrange(len(lines))
    cells = _cells(lines[index])
    cells[rng.randrange(len(cells))] = b"9" * rng.choice((400, 200000))
    lines[index] = b",".join(cells)
    return _join(lines)


def csv_quote(data: bytes, rng: random.Random) -> bytes:
    at = rng.randrange(len(data) + 1)
    return data[:at] + rng.choice((b'"', b'""', b'"\n"')) + data[at:]


#: Mutations of any text file.
TEXT_MUTATIONS: tuple[Mutation, ...] = (
    delete_line,
    delete_lines,
    duplicate_line,
    duplicate_block,
    swap_lines,
    truncate,
    flip_bytes,
    insert_bytes,
    reencode,
)

#: Mutations of YAML files (questionnaires, models, catalogues, responses, answers).
YAML_MUTATIONS: tuple[Mutation, ...] = (
    *TEXT_MUTATIONS,
    reindent,
    insert_tab,
    replace_value,
    replace_value,
    replace_value,
    rename_key,
    rename_key,
    insert_alias,
    insert_alias_bomb,
    deep_nesting,
)

#: Mutations of JSON documents (responses, answers; one per line in JSON Lines).
JSON_MUTATIONS: tuple[Mutation, ...] = (
    truncate,
    flip_bytes,
    insert_bytes,
    replace_json_value,
    replace_json_value,
    replace_json_value,
    duplicate_json_key,
)

#: Mutations of CSV tables.
CSV_MUTATIONS: tuple[Mutation, ...] = (
    *TEXT_MUTATIONS,
    csv_replace_cell,
    csv_replace_cell,
    csv_replace_cell,
    csv_ragged,
    csv_delimiter,
    csv_header,
    csv_many_commas,
    csv_huge_cell,
    csv_quote,
)


def apply(data: bytes, mutations: Sequence[Mutation], rng: random.Random) -> bytes:
    for mutation in mutations:
        data = mutation(data, rng)
    return data
