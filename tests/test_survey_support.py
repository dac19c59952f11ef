"""What the survey tests share: a small questionnaire, and the real prompts driven by keys.

The prompts are questionary's own, run in a prompt_toolkit app session whose input is a pipe
(the keys a respondent would press) and whose output is plain text we can read; the survey's
own printing goes to a rich console writing to a string.
"""

from __future__ import annotations

import io
import textwrap
from dataclasses import dataclass
from pathlib import Path

from prompt_toolkit.application import create_app_session
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output.plain_text import PlainTextOutput
from rich.console import Console

from s3engine.questionnaire.checks import load_questionnaire
from s3engine.questionnaire.model import Questionnaire
from s3engine.survey.terminal import SurveySettings, run_survey

ENTER = "\r"
DOWN = "\x1b[B"
UP = "\x1b[A"
SPACE = " "
BACKSPACE = "\x7f"
CTRL_B = "\x02"
CTRL_C = "\x03"

#: Every question type, a consent statement, a personal question, a condition, a constraint
#: and a question for one stakeholder group only; in English and German.
SMALL = """\
id: small
version: "1.0"
title: {en: "Cluster policy check", de: "Clusterpolitik-Check"}
languages: [en, de]
default_language: en
consent:
  en: "Your answers are used for the stress test of your region. Do you agree?"
  de: "Ihre Antworten fließen in den Stresstest Ihrer Region ein. Sind Sie einverstanden?"
profile:
  regions:
    - {code: AT31, name: Oberösterreich}
    - {code: SI04, name: Zahodna Slovenija}
  ask_sector: false
scales:
  wheel:
    min: 0
    max: 5
    missing: 0
    points:
      - {value: 0, label: {en: no information, de: keine Information}}
      - {value: 1, label: {en: poor, de: schwach}}
      - {value: 2, label: {en: to be improved, de: verbesserungsbedürftig}}
      - {value: 3, label: {en: fair, de: ausreichend}}
      - {value: 4, label: {en: strong, de: stark}}
      - {value: 5, label: {en: excellent, de: ausgezeichnet}}
sections:
  - id: basics
    title: {en: Basics, de: Grundlagen}
    questions:
      - id: has_policy
        type: yes_no
        required: true
        text:
          en: "Does your region have a cluster policy?"
          de: "Hat Ihre Region eine Clusterpolitik?"
      - id: clusters
        type: number
        integer: true
        min: 0
        max: 500
        show_if: {question: has_policy, equals: true}
        text:
          en: "How many cluster initiatives are there?"
          de: "Wie viele Clusterinitiativen gibt es?"
        help:
          en: "Count initiatives with a management team."
          de: "Zählen Sie Initiativen mit Management."
      - id: governance
        type: scale
        scale: wheel
        required: true
        text: {en: "How good is the S3 governance?", de: "Wie gut ist die S3-Governance?"}
  - id: priorities
    title: {en: Priorities, de: Prioritäten}
    questions:
      - id: domains
        type: multiple_choice
        min_selections: 1
        max_selections: 2
        options:
          - value: ict
            label: {en: ICT, de: IKT}
            help: {en: Software and networks, de: Software und Netze}
          - {value: energy, label: {en: Energy, de: Energie}}
          - {value: health, label: {en: Health, de: Gesundheit}}
        text: {en: "Which domains matter most?", de: "Welche Bereiche sind am wichtigsten?"}
      - id: needs
        type: ranking
        top: 3
        min_ranked: 2
        options:
          - {value: finance, label: {en: Finance, de: Finanzierung}}
          - {value: skills, label: {en: Skills, de: Fachkräfte}}
          - {value: export, label: {en: Export, de: Export}}
          - {value: digital, label: {en: Digitalisation, de: Digitalisierung}}
        text: {en: "Rank your needs", de: "Ordnen Sie Ihren Bedarf"}
      - id: rd_share
        type: number
        decimals: 1
        min: 0
        max: 100
        unit: "%"
        text: {en: "Share of R&D in turnover?", de: "Anteil der FuE am Umsatz?"}
        constraints:
          - rule: {le: 50}
            message: {en: "More than 50 % is implausible.", de: "Mehr als 50 % ist unplausibel."}
      - id: industry_plans
        type: single_choice
        groups: [industry]
        options:
          - {value: soon, label: {en: Within a year, de: Innerhalb eines Jahres}}
          - {value: later, label: {en: Later, de: Später}}
        text: {en: "When will you invest?", de: "Wann werden Sie investieren?"}
      - id: comment
        type: text
        max_length: 40
        text: {en: "Anything else?", de: "Sonst noch etwas?"}
      - id: email
        type: text
        personal: true
        max_length: 100
        text: {en: "Your e-mail address", de: "Ihre E-Mail-Adresse"}
"""


def write_small(folder: Path, text: str = SMALL, name: str = "small.yaml") -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def load(path: Path) -> Questionnaire:
    return load_questionnaire(path)[0]


@dataclass
class Driven:
    """What a survey driven by keys returned and showed."""

    code: int
    printed: str  # what the survey printed itself (rich)
    prompts: str  # what the prompts showed (plain text of every screen update)

    @property
    def screen(self) -> str:
        return self.printed + self.prompts


def drive(q: Questionnaire, settings: SurveySettings, keys: str) -> Driven:
    """Run the real survey with `keys` as the respondent's key presses.

    The input ends after the keys, as when a terminal closes: a survey still asking then
    stops the way it does on a closed terminal (answers saved, exit code 130).
    """
    printed = io.StringIO()
    prompts = io.StringIO()
    console = Console(file=printed, width=100, color_system=None, highlight=False)
    with create_pipe_input() as pipe:
        pipe.send_text(keys)
        pipe.close()
        with create_app_session(input=pipe, output=PlainTextOutput(prompts)):
            code = run_survey(q, settings, console)
    return Driven(code, printed.getvalue(), prompts.getvalue())


def only_file(folder: Path) -> Path:
    files = sorted(folder.glob("*.yaml"))
    assert len(files) == 1, files
    return files[0]
