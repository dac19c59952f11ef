"""The whole path, as its users walk it, every command in a real pseudo-terminal.

A stakeholder from Oberösterreich answers the shipped needs survey in the terminal (free text
with markup in it, an organisation and an e-mail address); a cluster manager of the same
region sends the stress test as a file of answers. The analyst scores those responses
together with the example responses and the Eurostat extracts, and writes the action plan
as HTML and JSON. Then the HTML is read as a browser would: the region is there with its
class and its chart, the respondent's words are shown as text (never as markup), and the
personal data (the e-mail address, a `personal: true` answer, and the organisation) is in
no file the tool wrote.
"""

from __future__ import annotations

import html
import json
import os
import sys
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pexpect
import pytest
from conftest import REPO

from s3engine.responses.files import read_response

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX"),
]

EXAMPLES = REPO / "examples"
DOWN = "\x1b[B"
EMAIL = "jana.novak@example.org"
ORGANISATION = "Holzcluster <Nord> & Partner"
OBSTACLE = "Funding <script>alert('x')</script> & \"red tape\" </blockquote><b>bold</b>"
#: Text that would only be in a file if personal data had leaked into it, in any escaping.
PERSONAL_MARKS = ("jana.novak", "example.org", "Holzcluster")


def run(cwd: Path, *args: str, timeout: float = 60) -> Any:
    env = {**os.environ, "TERM": "xterm-256color", "LANG": "C.UTF-8", "COLUMNS": "120"}
    env["PROMPT_TOOLKIT_NO_CPR"] = "1"  # pexpect never answers cursor position requests
    env.pop("NO_COLOR", None)
    child = pexpect.spawn(
        sys.executable,
        ["-m", "s3engine", *args],
        cwd=str(cwd),
        env=env,
        encoding="utf-8",
        dimensions=(40, 120),
        timeout=timeout,
    )
    child.delaybeforesend = None
    return child


def finish(child: Any) -> int:
    child.expect(pexpect.EOF)
    child.close()
    assert "Traceback" not in (child.before or "")
    return int(child.exitstatus)


#: The needs survey, question by question: (text on the screen, keys pressed).
NEEDS_SURVEY = [
    ("Your decision", "\r"),  # consent: I agree
    ("Your organisation", ORGANISATION + "\r"),
    ("In which sector", "\r"),
    # A single choice starts on no option: ↓ goes to the first.
    ("What is your role", DOWN + "\r"),
    ("How many people", DOWN + "\r"),
    ("member of a cluster", "\r"),
    ("How familiar", DOWN + DOWN + "\r"),
    ("For how many years", "6\r"),
    *[("Which needs matter most", "\r")] * 6,  # five places, then "done"
    ("not addressed by any regional", " \r"),
    ("how well does the current", "2\r"),
    ("hardest for your company", DOWN + "\r"),
    ("Which services should", " \r"),
    ("currently receive", "4\r"),
    ("take part in", "5\r"),
    ("help bring", "4\r"),
    ("as a bridge", "4\r"),
    ("build partnerships", "5\r"),
    *[("Which policy instruments", "\r")] * 4,  # three places, then "done"
    ("concentrates its funding", "4\r"),
    ("aligns its S3", "5\r"),
    ("involved", "4\r"),
    ("Which time horizon", DOWN + "\r"),
    ("simplicity and speed", "2\r"),
    ("cross-border", "\r"),
    ("With partners from which", " \r"),
    ("meta-cluster sectors", " \r"),
    ("online atlas", "3\r"),
    ("biggest obstacle", OBSTACLE + "\x04"),  # a multiline text ends with Ctrl-D
    ("tackle first", "\r"),  # skipped
    ("receive the action plan", "\r"),
    ("e-mail address", EMAIL + "\r"),
    ("What would you like to do", "\r"),  # submit
    ("Submit your answers now?", "\r"),  # yes
]


class RegionSection(HTMLParser):
    """The text, blockquotes and SVG charts of one region's section of the plan."""

    def __init__(self, anchor: str):
        super().__init__()
        self.anchor = anchor
        self.depth = 0  # > 0 inside the section
        self.text: list[str] = []
        self.quotes: list[str] = []
        self.svgs = 0
        self.quoting = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.depth:
            self.depth += tag == "section"
            self.svgs += tag == "svg"
            if tag == "blockquote":
                self.quoting = True
                self.quotes.append("")
        elif tag == "section" and ("id", self.anchor) in attrs:
            self.depth = 1

    def handle_endtag(self, tag: str) -> None:
        if self.depth:
            self.depth -= tag == "section"
            if tag == "blockquote":
                self.quoting = False

    def handle_data(self, data: str) -> None:
        if self.depth:
            self.text.append(data)
            if self.quoting:
                self.quotes[-1] += data


def stress_test_answers(tmp_path: Path) -> Path:
    """A cluster manager's answers to the stress test, taken from an example response."""
    example = sorted((EXAMPLES / "responses" / "AT31").glob("*industry*.yaml"))[0]
    response = read_response(example).response
    answers = {
        "language": "en",
        "consent": True,
        "profile": {
            "region": "AT31",
            "group": "industry",
            "organisation": ORGANISATION,
            "sector": response.respondent.sector,
        },
        "answers": response.answers,
        "skipped": response.skipped,
    }
    path = tmp_path / "stress-test-answers.json"
    path.write_text(json.dumps(answers, ensure_ascii=False), encoding="utf-8")
    return path


def test_survey_score_plan_and_read_the_html(tmp_path: Path) -> None:
    # 1. A stakeholder answers the needs survey in the terminal.
    survey = run(
        tmp_path,
        "survey",
        "stakeholder-needs",
        "--lang",
        "en",
        "--region",
        "AT31",
        "--group",
        "industry",
        "--out",
        "needs",
    )
    for text, keys in NEEDS_SURVEY:
        survey.expect_exact(text)
        survey.send(keys)
    survey.expect("Thank you!")
    assert finish(survey) == 0
    (needs_file,) = sorted((tmp_path / "needs").glob("*.yaml"))
    needs = read_response(needs_file).response
    assert needs.status == "complete"
    assert (needs.answers["biggest_obstacle"], needs.answers["contact_email"]) == (OBSTACLE, EMAIL)
    assert needs.respondent.organisation == ORGANISATION  # kept in the response file only

    # 2. A cluster manager sends the stress test as a file of answers.
    scripted = run(
        tmp_path,
        "survey",
        "s3-stress-test",
        "--answers",
        str(stress_test_answers(tmp_path)),
        "--out",
        "stress",
    )
    assert finish(scripted) == 0
    assert len(list((tmp_path / "stress").glob("*.yaml"))) == 1

    # 3. The analyst scores them with the example responses and the Eurostat extracts.
    responses, data = str(EXAMPLES / "responses"), str(EXAMPLES / "data" / "eurostat")
    score = run(
        tmp_path,
        "score",
        responses,
        "stress",
        "--data",
        data,
        "--format",
        "json",
        "--out",
        "scores.json",
    )
    score.expect("wrote scores.json")
    assert finish(score) == 0
    scores = json.loads((tmp_path / "scores.json").read_text(encoding="utf-8"))
    at31 = next(r for r in scores["regions"] if r["code"] == "AT31")
    examples_at31 = len(list((EXAMPLES / "responses" / "AT31").glob("*.yaml")))
    assert at31["respondents"] == examples_at31 + 1

    # 4. ... and writes the action plan.
    plan = run(
        tmp_path,
        "plan",
        responses,
        str(EXAMPLES / "needs-responses"),
        "stress",
        "needs",
        "--data",
        data,
        "--out",
        "plan",
        "--format",
        "html,json",
    )
    plan.expect("Oberösterreich")
    plan.expect("wrote plan/plan.html")
    assert finish(plan) == 0

    # 5. The HTML, read as a browser reads it.
    page = (tmp_path / "plan" / "plan.html").read_text(encoding="utf-8")
    document = json.loads((tmp_path / "plan" / "plan.json").read_text(encoding="utf-8"))
    region = next(r for r in document["regions"] if r["code"] == "AT31")
    assert region["class_id"] == at31["class_id"]  # the plan's class is the score's
    section = RegionSection("region-at31")
    section.feed(page)
    text = " ".join(" ".join(section.text).split())
    assert "Oberösterreich (AT31)" in text
    assert region["class_label"] in text and region["class_label"] in region["summary"]
    assert section.svgs >= 1  # the spider chart of its dimensions
    # The respondent's words are shown as they were typed, and as text only.
    assert OBSTACLE in section.quotes
    assert html.escape(OBSTACLE, quote=True) in page
    assert "<script" not in page and "<b>bold" not in page
    needs_examples = len(list((EXAMPLES / "needs-responses" / "AT31").glob("*.yaml")))
    assert region["needs_respondents"] == needs_examples + 1

    # 6. No personal data in anything the tool wrote from the responses.
    written = [tmp_path / "scores.json", *sorted((tmp_path / "plan").iterdir())]
    assert [p.name for p in written] == ["scores.json", "plan.html", "plan.json"]
    for path in written:
        content = path.read_text(encoding="utf-8")
        for mark in PERSONAL_MARKS:
            assert mark not in content, (path.name, mark)
