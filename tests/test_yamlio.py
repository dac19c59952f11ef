"""The safe YAML loader: what it refuses, how fast, with which message, and where."""

from __future__ import annotations

import math
import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import Write
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from s3engine.core import messages as M
from s3engine.core.findings import Finding, S3Error
from s3engine.io import yamlio
from s3engine.io.files import atomic_write, atomic_write_pieces, atomic_write_text, load_yaml
from s3engine.io.yamlio import Loaded, dump_yaml, format_path, load_yaml_text


def problems(text: str) -> list[Finding]:
    """The findings of a text the loader refuses."""
    with pytest.raises(S3Error) as info:
        load_yaml_text(text, "f.yaml")
    return info.value.findings


def only_problem(text: str) -> Finding:
    found = problems(text)
    assert len(found) == 1, found
    return found[0]


# -- plain loading and positions -----------------------------------------------------------


def test_positions_of_keys_and_list_items() -> None:
    loaded = load_yaml_text(
        "id: demo\n"
        "sections:\n"
        "  - id: s1\n"
        "    questions:\n"
        "      - id: q1\n"
        "        type: yes_no\n"
        "      -   id: q2\n"
        "  - {id: s2, questions: [a, b]}\n",
        "f.yaml",
    )
    assert loaded.data["sections"][1]["questions"] == ["a", "b"]
    assert loaded.positions[("id",)] == (1, 1)
    assert loaded.positions[("sections",)] == (2, 1)
    assert loaded.positions[("sections", 0)] == (3, 5)
    assert loaded.positions[("sections", 0, "questions", 0, "type")] == (6, 9)
    assert loaded.positions[("sections", 0, "questions", 1)] == (7, 11)
    assert loaded.positions[("sections", 1, "id")] == (8, 6)
    assert loaded.positions[("sections", 1, "questions", 1)] == (8, 29)


def test_where_falls_back_to_the_nearest_enclosing_entry() -> None:
    loaded = load_yaml_text("a:\n  b:\n    c: 1\n", "f.yaml")
    assert loaded.where(("a", "b", "missing", 3)) == (2, 3)
    assert loaded.where(("nowhere",)) == (1, 1)
    finding = loaded.finding(("a", "b", "c"), "bad")
    assert finding.render() == "f.yaml:3:5 a.b.c: bad"


def test_format_path() -> None:
    assert format_path(("sections", 1, "questions", 0, "type")) == "sections[1].questions[0].type"
    assert format_path(()) == ""
    assert format_path((0, "a")) == "[0].a"


def test_scalars_are_read_as_yaml_1_1_safe_types() -> None:
    loaded = load_yaml_text(
        "a: 1\nb: 1.5\nc: yes\nd: ~\ne: '1'\nf: 2024-05-01\ng: .inf\nh: 0x1F\n", "f.yaml"
    )
    data = loaded.data
    assert data["a"] == 1 and data["b"] == 1.5 and data["c"] is True and data["d"] is None
    assert data["e"] == "1" and str(data["f"]) == "2024-05-01" and math.isinf(data["g"])
    assert data["h"] == 31


def test_an_empty_file_loads_as_nothing(tmp_path: Path) -> None:
    path = tmp_path / "empty.yaml"
    path.write_text("# only a comment\n", encoding="utf-8")
    assert load_yaml(path).data is None


def test_a_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbfa: 1\n")
    assert load_yaml(path).data == {"a": 1}


# -- merge keys and anchors ----------------------------------------------------------------


def test_merge_keys_fill_in_what_the_mapping_does_not_set() -> None:
    loaded = load_yaml_text(
        "defaults: &d {min: 0, max: 5, unit: points}\n"
        "extra: &e {note: x, max: 9}\n"
        "one:\n"
        "  <<: *d\n"
        "  max: 10\n"
        "two:\n"
        "  <<: [*d, *e]\n",
        "f.yaml",
    )
    assert loaded.data["one"] == {"min": 0, "max": 10, "unit": "points"}
    # Of several merged mappings, the first one that sets a key wins.
    assert loaded.data["two"] == {"min": 0, "max": 5, "unit": "points", "note": "x"}
    # A merged key points at the merge key; a key the mapping sets points at itself.
    assert loaded.positions[("one", "min")] == (4, 3)
    assert loaded.positions[("one", "max")] == (5, 3)


def test_a_merge_key_needs_mappings() -> None:
    finding = only_problem("a: &a [1, 2]\nb:\n  <<: *a\n")
    assert finding.message == M.YAML_BAD_MERGE
    assert finding.line == 3


def test_aliases_share_values() -> None:
    loaded = load_yaml_text("scale: &s [0, 1, 2]\nother: *s\n", "f.yaml")
    assert loaded.data["other"] == [0, 1, 2]


def test_an_alias_without_anchor_is_named() -> None:
    finding = only_problem("a: *nowhere\n")
    assert finding.message == M.YAML_UNDEFINED_ALIAS.format(name="nowhere")
    assert (finding.line, finding.column) == (1, 4)


# -- refusals ------------------------------------------------------------------------------


def test_duplicate_keys_name_both_lines() -> None:
    finding = only_problem("id: demo\ntitle: One\nsections: []\ntitle: Two\n")
    assert finding.message == M.YAML_DUPLICATE_KEY.format(key="title", first=2)
    assert (finding.line, finding.column, finding.path) == (4, 1, "title")


def test_every_duplicate_key_is_reported() -> None:
    found = problems("a:\n  x: 1\n  x: 2\nb: [{y: 1, y: 2}]\n")
    assert [(f.line, f.path) for f in found] == [(3, "a.x"), (4, "b[0].y")]


def test_a_duplicate_key_does_not_move_the_first_one() -> None:
    found = problems("a:\n  en: One\na:\n  en: Two\n")
    assert [f.line for f in found] == [3]


BILLION_LAUGHS = """\
a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]
e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]
f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]
g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]
h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]
i: &i [*h, *h, *h, *h, *h, *h, *h, *h, *h]
"""


@pytest.mark.timing
def test_an_alias_bomb_is_refused_within_a_second() -> None:
    started = time.perf_counter()
    finding = only_problem(BILLION_LAUGHS)
    assert time.perf_counter() - started < 1.0
    assert finding.message == M.YAML_ALIAS_BOMB.format(limit=yamlio.MAX_NODES)
    assert finding.code == M.YAML_ALIAS_BOMB.code
    assert finding.line is not None


@pytest.mark.timing
def test_a_wide_alias_bomb_of_mappings_is_refused_within_a_second() -> None:
    lines = ["a0: &a0 {k: v}"]
    for level in range(1, 30):
        refs = ", ".join(f"k{n}: *a{level - 1}" for n in range(10))
        lines.append(f"a{level}: &a{level} {{{refs}}}")
    started = time.perf_counter()
    finding = only_problem("\n".join(lines) + "\n")
    assert time.perf_counter() - started < 1.0
    assert finding.message == M.YAML_ALIAS_BOMB.format(limit=yamlio.MAX_NODES)


@pytest.mark.parametrize(
    "text",
    ["a: &a [1, *a]\n", "a: &a\n  b: *a\n", "a: &a {b: [{c: *a}]}\n"],
    ids=["list", "mapping", "nested"],
)
def test_a_self_recursive_alias_is_refused(text: str) -> None:
    finding = only_problem(text)
    assert finding.message == M.YAML_RECURSIVE_ALIAS
    assert finding.line is not None


def test_too_many_values_without_aliases_are_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(yamlio, "MAX_NODES", 100)
    finding = only_problem("".join(f"- {n}\n" for n in range(200)))
    assert finding.message == M.YAML_TOO_MANY_VALUES.format(limit=100)


#: PyYAML's C parser (libyaml) and its pure-Python one: each stops deep nesting its own way
#: (libyaml's scanner at 1,000 flow levels since PyYAML 6.0.4, this module's count at 64).
LOADERS = [
    pytest.param(getattr(yaml, "CSafeLoader", yaml.SafeLoader), id="C"),
    pytest.param(yaml.SafeLoader, id="python"),
]


@pytest.mark.parametrize("loader", LOADERS)
@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("a: " + "[" * 100_000 + "]" * 100_000 + "\n", (1, None)),
        ("a:\n  b: " + "{x: " * 100_000 + "}" * 100_000 + "\n", (2, None)),
        ("- " * 100_000 + "x\n", (1, None)),
        (
            "a: " + "[" * 64 + "]" * 64 + "\n",
            (1, 3 + 64),
        ),  # the mapping and 63 lists fill the levels
    ],
    ids=["flow-lists", "flow-mappings", "block-lists", "just-over"],
)
def test_deep_nesting_is_one_finding_whichever_parser_stops_it(
    monkeypatch: pytest.MonkeyPatch, loader: Any, text: str, where: tuple[int, int | None]
) -> None:
    monkeypatch.setattr(yamlio, "_Loader", loader)
    finding = only_problem(text)
    assert finding.code == yamlio.TOO_DEEP_CODE
    assert finding.line == where[0]
    if where[1] is not None:
        assert finding.column == where[1]
    assert finding.message == M.TOO_DEEP.format(limit=yamlio.MAX_DEPTH)


def test_block_nesting_within_the_limit_loads() -> None:
    text = "".join("  " * n + f"k{n}:\n" for n in range(40)) + "  " * 40 + "end\n"
    data = load_yaml_text(text, "f.yaml").data
    for n in range(39):
        data = data[f"k{n}"]
    assert data == {"k39": "end"}


@pytest.mark.timing
def test_a_100_mb_file_is_refused_within_a_second(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    with open(path, "wb") as handle:  # sparse: nothing is written to the disk
        handle.truncate(100 * 1024 * 1024)
    started = time.perf_counter()
    with pytest.raises(S3Error) as info:
        load_yaml(path)
    assert time.perf_counter() - started < 1.0
    (finding,) = info.value.findings
    assert finding.file == str(path)
    assert finding.message == M.FILE_TOO_LARGE.format(size="100.0 MiB", limit="20.0 MiB")


def test_bad_utf8_is_reported_at_its_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes("id: demo\ntitle: Zürich – ".encode() + "Région\n".encode("latin-1"))
    with pytest.raises(S3Error) as info:
        load_yaml(path)
    (finding,) = info.value.findings
    assert (finding.line, finding.column) == (2, 18)
    assert finding.message == M.NOT_UTF8.format(byte=0xE9)


def test_a_control_character_is_reported_at_its_place() -> None:
    finding = only_problem('a: 1\nb: "Zürich\x07"\n')
    assert (finding.line, finding.column) == (2, 11)
    assert finding.message == M.YAML_BAD_CHARACTER.format(character="U+0007")


@pytest.mark.parametrize(
    ("text", "line"),
    [("a:\n\tb: 1\n", 2), ("a:\n  b:\n\t- 1\n", 3), ("a:\n  - 1\n\t- 2\n", 3)],
    ids=["mapping", "nested", "list"],
)
def test_a_tab_used_for_indentation(text: str, line: int) -> None:
    finding = only_problem(text)
    assert finding.message == M.YAML_TAB
    assert finding.line == line


def test_a_tab_after_a_colon_is_allowed() -> None:
    assert load_yaml_text("a:\tb\n", "f.yaml").data == {"a": "b"}


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ('a: 1\nb: "unclosed\n', 3),
        ("a: 1\nb: 'unclosed", 2),
        ("a: [1, 2\n", 2),
        ("a: {x: 1\n\n", 3),
        ("a:\n  b: 1\n  c", 4),
        ("a:\n  b: [", 3),
    ],
    ids=["double quote", "single quote", "bracket", "brace", "key without colon", "mid-list"],
)
def test_a_truncated_file(text: str, line: int) -> None:
    finding = only_problem(text)
    assert finding.message.startswith("the file ends in the middle of a value (")
    assert finding.message.endswith("); is it complete?")
    assert finding.line == line
    assert finding.code == M.YAML_TRUNCATED.code


@pytest.mark.parametrize(
    "text", ["a: b: c\n", "a:\n  b: 1\n c: 2\n"], ids=["colon in value", "bad indent"]
)
def test_other_syntax_errors_are_not_called_truncation(text: str) -> None:
    finding = only_problem(text)
    assert finding.message.startswith("invalid YAML: ")
    assert finding.line is not None and finding.column is not None


@pytest.mark.parametrize(
    ("text", "line"),
    [("a: 1\n---\nb: 2\n", 2), ("---\na: 1\n...\n---\nb: 2\n", 4)],
)
def test_multiple_documents_are_refused(text: str, line: int) -> None:
    finding = only_problem(text)
    assert finding.message == M.YAML_MULTIPLE_DOCUMENTS
    assert finding.line == line


def test_one_explicit_document_is_fine() -> None:
    assert load_yaml_text("---\na: 1\n...\n", "f.yaml").data == {"a": 1}


@pytest.mark.parametrize(
    ("text", "tag"),
    [
        ('a: !!python/object/apply:os.system ["echo pwned"]\n', "!!python/object/apply:os.system"),
        ("a: !!python/name:os.system ''\n", "!!python/name:os.system"),
        ("a: !!python/object/new:builtins.dict {}\n", "!!python/object/new:builtins.dict"),
        ("a: !!set {x, y}\n", "!!set"),
        ("a: !custom text\n", "!custom"),
    ],
)
def test_unsafe_and_unknown_tags_are_refused(text: str, tag: str) -> None:
    finding = only_problem(text)
    assert finding.message == M.YAML_UNSUPPORTED_TAG.format(tag=tag)
    assert (finding.line, finding.path) == (1, "a")


def test_no_object_is_ever_constructed(tmp_path: Path) -> None:
    marker = tmp_path / "constructed"
    inner = f'!!python/object/apply:pathlib.Path ["{marker}"]'
    text = f"a: !!python/object/apply:pathlib.Path.touch [{inner}]\n"
    with pytest.raises(S3Error):
        load_yaml_text(text, "f.yaml")
    assert not marker.exists()


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("a: 2024-13-45\n", "a date"),
        ("a: !!int twelve\n", "a whole number"),
        ("a: !!float many\n", "a number"),
        ("a: !!timestamp 2023-02-30\n", "a date"),
    ],
)
def test_values_that_cannot_be_read_say_so(text: str, kind: str) -> None:
    finding = only_problem(text)
    value = text.split()[-1]
    assert finding.message == M.YAML_BAD_SCALAR.format(value=value, kind=kind)
    assert finding.path == "a"


def test_keys_must_be_plain_values() -> None:
    finding = only_problem("? [a, b]\n: 1\n")
    assert finding.message == M.YAML_COMPLEX_KEY


def test_several_problems_of_one_file_are_reported_together() -> None:
    found = problems("a: 1\na: 2\nb: !!python/name:os.system ''\nc: 2024-02-31\n")
    assert [f.line for f in found] == [2, 3, 4]


# -- property tests ------------------------------------------------------------------------

YAML_ALPHABET = st.sampled_from([*"ab:-[]{}&*!|>'\"#%@`,? \t\n\r0.1~<=", "é", "\x00"])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=YAML_ALPHABET, max_size=80) | st.text(max_size=80))
def test_any_text_gives_data_or_an_s3error(text: str) -> None:
    try:
        loaded = load_yaml_text(text, "f.yaml")
    except S3Error as exc:
        assert exc.findings
        for finding in exc.findings:
            assert finding.file == "f.yaml" and finding.message
    else:
        assert isinstance(loaded, Loaded)


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=200))
def test_any_bytes_give_data_or_an_s3error(tmp_path_factory: Any, raw: bytes) -> None:
    path = tmp_path_factory.mktemp("bytes") / "f.yaml"
    path.write_bytes(raw)
    try:
        load_yaml(path)
    except S3Error as exc:
        assert exc.findings


KEYS = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=12)
SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**12), max_value=10**12)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=20)
)
DOCUMENTS = st.dictionaries(
    KEYS,
    st.recursive(
        SCALARS,
        lambda inner: st.lists(inner, max_size=4) | st.dictionaries(KEYS, inner, max_size=4),
        max_leaves=12,
    ),
    max_size=6,
)


@settings(max_examples=200, deadline=None)
@given(DOCUMENTS)
def test_dumped_data_loads_back_equal(data: dict[str, Any]) -> None:
    text = dump_yaml(data)
    assert load_yaml_text(text, "f.yaml").data == data
    assert yaml.safe_load(text) == data


# -- writing -------------------------------------------------------------------------------


def test_atomic_write_replaces_the_file_and_leaves_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "sub" / "response.yaml"
    atomic_write_text(target, "a: 1\n")
    atomic_write_text(target, dump_yaml({"a": 2, "text": "Ljubljana – Žalec"}))
    assert load_yaml(target).data == {"a": 2, "text": "Ljubljana – Žalec"}
    assert os.listdir(target.parent) == ["response.yaml"]


def test_a_file_written_in_pieces_is_put_in_place_whole_or_not_at_all(tmp_path: Path) -> None:
    """`score --format json --out` writes its 50 MB a piece at a time (atomic_write_pieces):
    the old file stays whole until the last piece is on disk, and an error while the pieces
    are made leaves it, and no temporary file."""
    target = tmp_path / "scores.json"
    atomic_write_pieces(target, iter([b"old", b"\n"]))

    def failing() -> Iterator[bytes]:
        yield b"new, half"
        raise RuntimeError("the pieces could not all be made")

    with pytest.raises(RuntimeError):
        atomic_write_pieces(target, failing())
    assert target.read_bytes() == b"old\n"
    atomic_write_pieces(target, (b"new %d\n" % n for n in range(3)))
    assert target.read_bytes() == b"new 0\nnew 1\nnew 2\n"
    assert os.listdir(tmp_path) == ["scores.json"]


def test_an_exclusive_write_never_replaces_a_file(tmp_path: Path) -> None:
    """New response files are written this way: two respondents can never overwrite each other."""
    target = tmp_path / "response.yaml"
    assert atomic_write(target, b"first\n", exclusive=True)
    assert not atomic_write(target, b"second\n", exclusive=True)
    assert target.read_bytes() == b"first\n"
    assert os.listdir(tmp_path) == ["response.yaml"]


def test_a_folder_or_a_missing_file_is_a_finding(tmp_path: Path, write: Write) -> None:
    with pytest.raises(S3Error) as info:
        load_yaml(tmp_path)
    assert info.value.findings[0].message == M.IS_A_DIRECTORY
    with pytest.raises(S3Error) as info:
        load_yaml(tmp_path / "nope.yaml")
    assert info.value.findings[0].message == M.FILE_NOT_FOUND
