"""`check` of response files says the same whichever path a file takes.

`check` reads a response without the positions of its keys (they are found only when a
finding needs one), checks its answers with score's memoised answer checker, takes a named
or shipped questionnaire with the response's hash without reading the other files of the
run, and looks for numbers beyond the limits only where a quick look finds one may be.
Here every file, valid or not, is also checked the way `check` did before those shortcuts:
the positions of every key found as the file is read, every answer checked by
check_answers, the questionnaire chosen among all candidates (the files of the run
included). The findings (file:line:column, key, message, severity, code) and the summaries
must be the same. A property test shows that the quick look for numbers never misses one
the full walk finds.
"""

from __future__ import annotations

import math
import shutil
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from s3engine.cli.checking import check_file, find_files
from s3engine.core.checks import CheckContext
from s3engine.core.findings import Report, S3Error
from s3engine.io.files import read_text
from s3engine.io.resources import resolve
from s3engine.io.validation import _may_hold_such, _numbers_out_of_range
from s3engine.io.yamlio import Loaded, positions_of, read_yaml
from s3engine.responses.checks import (
    candidates,
    response_findings,
    summarise,
)
from s3engine.responses.files import parse_response

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((REPO / "examples" / "responses-2026").rglob("*.yaml"))[:24]
HASH = "sha256:58eebd2bb84fef12cf4f2e4b5934ab1ff7a6d91abfd246a88b0008b8e6f5d6c5"

#: A problem planted in a valid response: (name, edit of its text).
PROBLEMS = {
    "out of the scale": lambda t: t.replace("  clusters_in_edp: ", "  clusters_in_edp: 9", 1),
    "unknown question": lambda t: t.replace("\nanswers:\n", "\nanswers:\n  cluster_edp: 3\n", 1),
    "unknown group": lambda t: t.replace("  group: academia\n", "  group: academie\n", 1),
    "key twice": lambda t: t.replace("\nlanguage: ", "\nconsent: true\nlanguage: ", 1),
    "tab": lambda t: t.replace("\n  region: ", "\n\tregion: ", 1),
    "missing key": lambda t: t.replace("\nstatus: complete\n", "\n", 1),
    "updated before start": lambda t: t.replace("\nupdated: '2026-", "\nupdated: '2025-", 1),
    "huge number": lambda t: t.replace("\nanswers:\n", "\nanswers:\n  huge: 1.0e+400\n", 1),
    "numeric text": lambda t: t.replace("\nanswers:\n", "\nanswers:\n  huge: '1e999'\n", 1),
    "required left out": lambda t: t.replace("  clusters_in_edp: ", "  clusters_in_edp_x: ", 1),
    # the questionnaire edited since (another hash): the same version is found, or the
    # later one among the files checked
    "other hash": lambda t: t.replace(HASH, "sha256:" + "0" * 64, 1),
    "later version": lambda t: t.replace(HASH, "sha256:" + "0" * 64, 1).replace(
        "  version: 1.0.0\n", "  version: 2.0.0\n", 1
    ),
    # the response's version edited, not its hash: the shipped questionnaire, by its hash
    "version edited": lambda t: t.replace("  version: 1.0.0\n", "  version: 2.0.0\n", 1),
}
#: Problems that make a response invalid, whichever example they are planted in.
INVALID = {
    *("out of the scale", "unknown question", "unknown group", "key twice", "tab"),
    *("missing key", "updated before start", "huge number", "numeric text", "required left out"),
}


def old_report(path: Path, context: CheckContext) -> Report:
    """A response file checked as before: positions kept while reading, check_answers for
    every answer, the questionnaire chosen among every candidate."""
    text = read_text(path)
    try:
        data = read_yaml(text, str(path))
    except S3Error as exc:
        return Report(str(path), "unknown", list(exc.findings))
    loaded = Loaded(str(path), data, positions_of(text, str(path)))
    report = Report(str(path), "response")
    try:
        response = parse_response(loaded)
    except S3Error as exc:
        report.findings.extend(exc.findings)
        return report
    report.summary = summarise(response)
    ref = response.questionnaire
    matching = [c for c in candidates(context) if c.questionnaire.id == ref.id]
    found = next(
        (c for c in matching if c.questionnaire.content_hash == ref.hash),
        next((c for c in matching if c.questionnaire.version == ref.version), None),
    )
    if found is None:
        found = matching[0] if matching else None
    assert found is not None
    report.findings.extend(response_findings(found.questionnaire, response, loaded, found.path))
    return report


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Valid example responses, each problem planted in two of them, and a later version
    of the shipped questionnaire among the files (the one `other version` answers)."""
    out = tmp_path_factory.mktemp("responses")
    for path in EXAMPLES:
        shutil.copy(path, out / path.name)
    texts = [path.read_text(encoding="utf-8") for path in EXAMPLES]
    academia = [t for t in texts if "  group: academia\n" in t and "\nstatus: complete\n" in t]
    for number, (name, edit) in enumerate(PROBLEMS.items()):
        for copy, text in enumerate((academia[number % len(academia)], texts[number])):
            changed = edit(text)
            assert changed != text, name
            (out / f"{name.replace(' ', '-')}-{copy}.yaml").write_text(changed, "utf-8")
    shipped = read_text(resolve("s3-stress-test", "questionnaires"))
    later = shipped.replace('\nversion: "1.0.0"\n', '\nversion: "2.0.0"\n', 1)
    assert later != shipped
    (out / "questionnaire-2.yaml").write_text(later, "utf-8")
    return out


def test_every_response_file_gets_the_findings_of_the_position_keeping_path(
    folder: Path,
) -> None:
    files = find_files([str(folder)])
    responses = [p for p in files if p.name != "questionnaire-2.yaml"]
    new_context = CheckContext(files=files)
    old_context = CheckContext(files=files)
    reports = {}
    for path in responses:
        new, old = check_file(path, new_context), old_report(path, old_context)
        assert (new.kind, new.findings, new.summary) == (old.kind, old.findings, old.summary)
        assert all(f.line is not None for f in new.findings), new.findings  # file:line
        reports[path.name] = new
    for path in EXAMPLES:  # valid, and said so
        assert reports[path.name].ok and not reports[path.name].findings
        assert reports[path.name].summary["questionnaire"] == "s3-stress-test 1.0.0"
    for name in PROBLEMS:
        for copy in (0, 1):
            report = reports[f"{name.replace(' ', '-')}-{copy}.yaml"]
            assert report.findings, name
            # the version problems are warnings where the answers still fit
            assert not report.ok or name not in INVALID, (name, report.findings)
            if name == "later version":  # found among the files checked
                assert "questionnaire-2.yaml" in report.findings[-1].message


@given(
    st.recursive(
        st.none()
        | st.booleans()
        | st.integers()
        | st.floats()
        | st.text(alphabet=" +-.0123456789eEx", max_size=24),
        lambda inner: (
            st.lists(inner, max_size=4)
            | st.dictionaries(st.text(max_size=3) | st.integers(), inner, max_size=4)
        ),
        max_leaves=20,
    )
)
def test_the_quick_look_for_numbers_misses_none(data: object) -> None:
    """Where the quick look sees no number beyond the limits, the walk finds none."""
    if not _may_hold_such(data):
        assert _numbers_out_of_range(data) == ([], False)


def test_the_quick_look_sees_each_kind_of_number_beyond_the_limits() -> None:
    for value in (10**16, -(10**16), math.inf, math.nan, "1e999", " 12345678901234567 "):
        assert _may_hold_such({"answers": {"x": [value]}})
        assert _numbers_out_of_range({"answers": {"x": [value]}}) != ([], False)
    assert not _may_hold_such({"a": [10**15, -(10**15), "999999999999999", "Region 1e"]})
