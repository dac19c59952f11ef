"""Put s3engine's shipped questionnaires through a running LimeSurvey and back.

For each questionnaire: `s3engine convert --to limesurvey`, import the structure through
RemoteControl 2 (JSON-RPC), compare what LimeSurvey stored with every row of the file (all
languages: groups, questions, subquestions, answer options, codes, mandatory flags,
relevance, attributes), read LimeSurvey's own syntax check of the equations (the survey
logic file, per language), activate the survey, take it as respondents in Chromium (answers
of example responses of two stakeholder groups, each in another language), add one more
response through `add_response` (with a text that a spreadsheet would take for a formula),
export the responses as docs/interop.md says (through RemoteControl and through LimeSurvey's
own export page), `s3engine import` both exports, and compare every imported answer with
the answer given; then `s3engine check` the responses and `s3engine score` the stress
test's, which must score as the example responses it answered score. Every disagreement is
printed; the exit code is 1 when there was any. Nothing is skipped: a step that cannot run
is a failure.

Needs: a LimeSurvey with RemoteControl 2 on JSON-RPC (global setting RPCInterface = json),
an administrator's login, Python playwright and a Chromium. The surveys it makes are left in
LimeSurvey (their ids are printed); `--save DIR` keeps the exports and structures.

    python scripts/limesurvey_roundtrip.py --url http://127.0.0.1:8081/index.php \\
        --user admin --password PASSWORD [--save DIR] [--browser /usr/bin/chromium]
"""

from __future__ import annotations

import argparse
import base64
import csv
import json
import shutil
import subprocess
import sys
import tempfile
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import yaml

from s3engine.interop.limesurvey import BASE_COLUMNS

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = {
    "s3-stress-test": REPO / "examples" / "responses",
    "stakeholder-needs": REPO / "examples" / "needs-responses",
}
#: who answers in the browser: the answers of the first complete example response of a
#: stakeholder group, in a language, with answers changed so that every condition of the
#: questionnaire is met by one respondent and not by the other (answers the change hides
#: are left out; the result must pass s3engine's own check)
RESPONDENTS: dict[str, list[tuple[str, str, dict[str, Any]]]] = {
    "s3-stress-test": [
        (
            "government",
            "en",
            {
                "s3_calls_exist": True,
                "s3_budget_share": 12.5,
                "cooperation_agreements_exist": False,
                "cluster_initiatives_count": 8,
                "clusters_in_s3_count": 5,
            },
        ),
        (
            "industry",
            "fr",
            {
                "s3_calls_exist": False,
                "cooperation_agreements_exist": True,
                "cooperation_agreements_effect": 3,
                "cluster_initiatives_count": 0,
                "priority_domains": ["agrifood", "health_life_sciences"],
            },
        ),
    ],
    "stakeholder-needs": [
        (
            "industry",
            "de",
            {
                "role": "innovation_manager",
                "org_size": "small",
                "cluster_member": True,
                "s3_familiarity": "not_aware",
                "top_needs": [
                    "access_to_finance",
                    "rd_partners",
                    "digitalisation",
                    "skills_and_talent",
                ],
                "unmet_needs": ["access_to_finance", "digitalisation"],
                "support_fit": 0,
                "finance_gap": "seed_venture_capital",
                "cluster_services": ["matchmaking", "training"],
                "cluster_performance": 4,
                "role_s3_design": 5,
                "role_s3_delivery": 1,
                "role_bridge": 3,
                "role_cross_border": 2,
                "policy_instruments": ["cluster_programmes", "innovation_vouchers"],
                "priority_concentration": 4,
                "priority_alignment": 3,
                "priority_involvement": 2,
                "support_horizon": "long_term",
                "procedures_rating": 2,
                "cross_border_interest": True,
                "coop_countries": ["AT", "SI"],
                "coop_sectors": ["ict"],
                "partner_atlas": 5,
                "biggest_obstacle": "Zu wenig Förderung für Prototypen – „Pilotlinien“ fehlen.",
                "suggestions": "Mehr grenzüberschreitende Calls, z. B. AT/IT/SI.",
                "wants_results": True,
                "contact_email": "innovation@example.org",
            },
        ),
        (
            "government",
            "sl",
            {
                "role": "policy_officer",
                "org_size": "large",
                "cluster_member": False,
                "s3_familiarity": "involved",
                "s3_years": 7,
                "top_needs": [
                    "skills_and_talent",
                    "internationalisation",
                    "cross_border_cooperation",
                ],
                "cluster_services": ["foresight"],
                "role_s3_design": 4,
                "policy_instruments": ["cross_border_calls"],
                "support_horizon": "medium_term",
                "cross_border_interest": False,
                "wants_results": False,
                "suggestions": "Več sodelovanja čez mejo; »pametna specializacija«.",
            },
        ),
    ],
}
#: the language of the respondent added through add_response: an example response of
#: another group, with a text answer
ADDED = "it"
#: a text answer given to the added respondent, as written (a formula to a spreadsheet)
FORMULA_TEXT = '=SUM(1;2) "quoted"; semicolon, comma'
#: the columns of a .txt structure that are no question attribute
NOT_ATTRIBUTES = frozenset(BASE_COLUMNS)

problems: list[str] = []


def problem(text: str) -> None:
    problems.append(text)
    print("  DISAGREES:", text, flush=True)


class Rpc:
    def __init__(self, url: str, user: str, password: str) -> None:
        self.url = url + "?r=admin/remotecontrol"
        self.key = self.call("get_session_key", user, password, session=False)
        if not isinstance(self.key, str):
            raise SystemExit(f"get_session_key: {self.key}")

    def call(self, method: str, *params: Any, session: bool = True) -> Any:
        args = [self.key, *params] if session else list(params)
        body = json.dumps({"method": method, "params": args, "id": 1}).encode()
        request = urllib.request.Request(self.url, body, {"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=600) as response:
            answer = json.loads(response.read())
        if answer.get("error"):
            raise RuntimeError(f"{method}: {answer['error']}")
        return answer["result"]


def s3engine(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "s3engine", *args],
        capture_output=True,
        text=True,
        cwd=REPO,
        env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"},
    )


def example(name: str, group: str | None, texts: set[str] | None = None) -> Path:
    """The first complete example response of the group (None: of a group no browser
    respondent has) with an answer to one of `texts`, when given."""
    taken = {g for g, _, _ in RESPONDENTS[name]}
    for path in sorted(EXAMPLES[name].rglob("*.yaml")):
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        who = doc["respondent"]["group"]
        if doc["status"] != "complete" or (who != group if group else who in taken):
            continue
        if not texts or texts & set(doc["answers"]):
            return path
    raise SystemExit(f"no complete example response of {group or 'another group'} for {name}")


def answers_of(name: str, path: Path, changes: dict[str, Any]) -> dict[str, Any]:
    """An example response's profile and answers with `changes`, less the answers the
    questionnaire then hides; refused unless s3engine's check finds nothing wrong."""
    from s3engine.questionnaire.answers import check_answers, visible_questions
    from s3engine.questionnaire.checks import load_questionnaire

    q, _ = load_questionnaire(name)
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    group = doc["respondent"]["group"]
    answers = {**doc["answers"], **changes}
    while True:
        shown = {question.id for question in visible_questions(q, answers, group)}
        kept = {k: v for k, v in answers.items() if k in shown}
        if kept == answers:
            break
        answers = kept
    found = check_answers(q, answers, group=group, lang=q.default_language, complete=True)
    if found:
        raise SystemExit(f"the answers made of {path.name} do not pass the check: {found}")
    who = {k: doc["respondent"].get(k) for k in ("region", "group", "organisation", "sector")}
    return {"respondent": who, "answers": answers}


class Codes:
    """The codes file written beside the structure."""

    def __init__(self, path: Path) -> None:
        self.question: dict[str, str] = {}
        self.answer: dict[tuple[str, str], str] = {}
        self.sub: dict[tuple[str, str], str] = {}
        for m in csv.DictReader(path.open(encoding="utf-8")):
            if m["kind"] in ("question", "place", "option", "profile", "version", "survey"):
                self.question[m["id"]] = m["limesurvey_code"]
            elif m["kind"] == "answer":
                self.answer[(m["id"], m["option"])] = m["limesurvey_code"]
            elif m["kind"] == "subquestion":
                self.sub[(m["id"], m["option"])] = m["limesurvey_code"]

    def given(self, doc: dict[str, Any], types: dict[str, str]) -> dict[str, tuple[str, Any]]:
        """LimeSurvey code -> (question type, what to give) for an example response."""
        give: dict[str, tuple[str, Any]] = {self.question["consent"]: ("Y", "Y")}
        who = doc["respondent"]
        for field in ("region", "group", "sector", "organisation"):
            if who.get(field):
                code = self.answer.get((f"profile:{field}", who[field]))
                give[self.question[field]] = ("L", code) if code else ("S", who[field])
        for qid, value in doc["answers"].items():
            code = self.question[qid]
            kind = types[code]
            if kind == "M":
                give[code] = ("M", [self.sub[(qid, v)] for v in value])
            elif kind == "R":
                give[code] = ("R", [self.answer[(qid, v)] for v in value])
            elif kind == "Y":
                give[code] = ("Y", "Y" if value else "N")
            elif kind == "L":
                give[code] = ("L", self.answer[(qid, str(value))])
            else:
                give[code] = (kind, str(value))
        return give


def structure_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t"))


def same_relevance(ours: str, theirs: str | None) -> bool:
    return (ours or "1") == (theirs or "1")


def check_structure(rpc: Rpc, sid: int, rows: list[dict[str, str]]) -> None:
    languages = [
        r["language"] for r in rows if r["class"] == "SL" and r["name"] == "surveyls_title"
    ]
    props = rpc.call("get_survey_properties", sid, ["language", "additional_languages"])
    theirs = [props["language"], *props["additional_languages"].split()]
    if theirs != languages:
        problem(f"survey {sid}: languages {theirs}, the structure has {languages}")
    for lang in languages:
        ours = [r for r in rows if r["language"] == lang]
        groups = rpc.call("list_groups", sid, lang)
        our_groups = [r for r in ours if r["class"] == "G"]
        if len(groups) != len(our_groups):
            problem(f"{lang}: {len(groups)} groups, the structure has {len(our_groups)}")
        for g, r in zip(sorted(groups, key=lambda g: g["group_order"]), our_groups, strict=False):
            if g["group_name"] != r["name"] or not same_relevance(r["relevance"], g["grelevance"]):
                problem(
                    f"{lang}: group {r['name']!r} stored as {g['group_name']!r}, relevance "
                    f"{g['grelevance']!r} for {r['relevance']!r}"
                )
            if (g["description"] or "") != r["text"]:
                problem(f"{lang}: group {r['name']!r}: description differs")
        questions = rpc.call("list_questions", sid, None, lang)
        by_qid = {q["qid"]: q for q in questions}
        stored = {
            (by_qid[q["parent_qid"]]["title"] if q["parent_qid"] else "", q["title"]): q
            for q in questions
        }
        expected: set[tuple[str, str]] = set()
        parent = ""
        props_of: dict[str, Any] = {}
        for r in ours:
            if r["class"] == "Q":
                parent = r["name"]
                key = ("", parent)
                expected.add(key)
                q = stored.get(key)
                if q is None:
                    problem(f"{lang}: question {parent} lost")
                    props_of = {}
                    continue
                for field, value in (
                    ("type", r["type/scale"]),
                    ("question", r["text"]),
                    ("help", r["help"]),
                    ("mandatory", r["mandatory"] or "N"),
                ):
                    if (q[field] or "") != value:
                        problem(f"{lang}: {parent}.{field} is {q[field]!r}, not {value!r}")
                if not same_relevance(r["relevance"], q["relevance"]):
                    problem(
                        f"{lang}: {parent} relevance {q['relevance']!r}, not {r['relevance']!r}"
                    )
                props_of = rpc.call(
                    "get_question_properties",
                    q["qid"],
                    ["answeroptions", "attributes", "attributes_lang"],
                    lang,
                )
                attributes = {
                    **(props_of.get("attributes") or {}),
                    **(props_of.get("attributes_lang") or {}),
                }
                for column, value in r.items():
                    if column in NOT_ATTRIBUTES or not value:
                        continue
                    if str(attributes.get(column)) != value:
                        problem(
                            f"{lang}: {parent} attribute {column} is "
                            f"{attributes.get(column)!r}, not {value!r}"
                        )
            elif r["class"] == "SQ":
                key = (parent, r["name"])
                expected.add(key)
                sq = stored.get(key)
                if sq is None:
                    problem(f"{lang}: subquestion {parent}[{r['name']}] lost")
                elif sq["question"] != r["text"]:
                    problem(f"{lang}: subquestion {parent}[{r['name']}] text {sq['question']!r}")
            elif r["class"] == "A":
                options = props_of.get("answeroptions")
                if isinstance(options, list):  # PHP's array of codes 0, 1... is a JSON list
                    options = {str(n): o for n, o in enumerate(options)}
                option = options.get(r["name"]) if isinstance(options, dict) else None
                if option is None:
                    problem(f"{lang}: answer {r['name']} of {parent} lost")
                elif option["answer"] != r["text"]:
                    problem(f"{lang}: answer {r['name']} of {parent}: {option['answer']!r}")
        for extra in sorted(set(stored) - expected):
            problem(f"{lang}: LimeSurvey has {extra}, which the structure has not")
    print(f"  structure compared in {', '.join(languages)}", flush=True)


@contextmanager
def browser(path: str) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=path)
        try:
            yield b
        finally:
            b.close()


def admin_page(b: Any, url: str, user: str, password: str) -> Any:
    page = b.new_page(accept_downloads=True, viewport={"width": 1400, "height": 2000})
    page.goto(url + "?r=admin/authentication/sa/login")
    page.fill("#user", user)
    page.fill("#password", password)
    page.click("button[name=login_submit]")
    page.wait_for_load_state("networkidle")
    return page


def check_logic(page: Any, url: str, sid: int, languages: list[str]) -> None:
    """LimeSurvey's ExpressionManager on every equation of the survey (the survey logic file)."""
    for lang in languages:
        page.goto(
            f"{url}?r=admin/expressions&sa=survey_logic_file&sid={sid}&lang={lang}", timeout=300_000
        )
        page.wait_for_load_state("networkidle", timeout=300_000)
        text = page.inner_text("body")
        if "No syntax errors detected in this survey" not in text:
            problem(
                f"survey logic file ({lang}) reports errors: see {url}?r=admin/expressions"
                f"&sa=survey_logic_file&sid={sid}&lang={lang}"
            )
    print(f"  survey logic file: no syntax errors in {', '.join(languages)}", flush=True)


def take_survey(
    b: Any, url: str, sid: int, give: dict[str, tuple[str, Any]], meta: dict[str, Any], lang: str
) -> None:
    """Answer as a respondent would, page by page, the questions LimeSurvey shows."""
    page = b.new_page(viewport={"width": 1200, "height": 1400})
    page.goto(f"{url}?r=survey/index&sid={sid}&lang={lang}&newtest=Y")
    page.wait_for_load_state("networkidle")
    shown: set[str] = set()
    for _ in range(40):
        if not page.locator("#ls-button-submit").count():
            break
        for code, (kind, value) in give.items():
            box = page.locator(f"#question{meta[code]['qid']}")
            if code in shown or not box.count() or not box.is_visible():
                continue
            sgqa = f"{sid}X{meta[code]['gid']}X{meta[code]['qid']}"
            if kind in ("L", "Y", "M"):
                for v in value if kind == "M" else [value]:
                    label = page.locator(f"label[for='answer{sgqa}{v}']")
                    if label.count() and label.first.is_visible():
                        label.first.click()
                    else:
                        page.locator(f"#answer{sgqa}{v}").check(force=True)
                    if not page.locator(f"#answer{sgqa}{v}").is_checked():
                        problem(f"{code}: could not choose {v} in the browser")
            elif kind == "R":  # a double click moves an item to the ranked list
                for v in value:
                    page.locator(f"#javatbd{sgqa}{v}").dblclick()
            else:
                page.locator(f"#answer{sgqa}").fill(value)
                page.locator(f"#answer{sgqa}").blur()
            shown.add(code)
        page.click("#ls-button-submit")
        page.wait_for_load_state("networkidle")
    else:
        problem(f"survey {sid} ({lang}): still not submitted after 40 pages")
    for code in sorted(set(give) - shown):
        problem(f"survey {sid} ({lang}): {code} was answered in the example but never shown")
    page.close()


def decline(b: Any, url: str, sid: int, consent: dict[str, Any], lang: str) -> None:
    """A respondent who declines consent: LimeSurvey hides every other question."""
    page = b.new_page()
    page.goto(f"{url}?r=survey/index&sid={sid}&lang={lang}&newtest=Y")
    page.wait_for_load_state("networkidle")
    no = page.locator(f"label[for='answer{sid}X{consent['gid']}X{consent['qid']}N']")
    for _ in range(10):
        if not page.locator("#ls-button-submit").count():
            break
        if no.count() and no.is_visible():
            no.click()
        page.click("#ls-button-submit")
        page.wait_for_load_state("networkidle")
    else:
        problem(f"survey {sid}: a declined consent could not be submitted")
    page.close()


def add_response(
    rpc: Rpc,
    sid: int,
    give: dict[str, tuple[str, Any]],
    meta: dict[str, Any],
    lang: str,
    equations: dict[str, str],
) -> int:
    """One response through add_response: the fields as LimeSurvey names them (SGQA)."""
    data: dict[str, str] = {
        "startlanguage": lang,
        "submitdate": "2026-01-15 10:00:00",
        "startdate": "2026-01-15 09:30:00",
        "lastpage": "7",
    }
    for code, value in equations.items():
        data[f"{sid}X{meta[code]['gid']}X{meta[code]['qid']}"] = value
    for code, (kind, value) in give.items():
        sgqa = f"{sid}X{meta[code]['gid']}X{meta[code]['qid']}"
        if kind == "M":
            data.update({f"{sgqa}{v}": "Y" for v in value})
        elif kind == "R":
            data.update({f"{sgqa}{rank}": v for rank, v in enumerate(value, 1)})
        else:
            data[sgqa] = value
    number = rpc.call("add_response", sid, data)
    if not str(number).isdigit():
        problem(f"add_response: {number}")
        return 0
    return int(number)


#: the page exports made: name -> (CSV field separator, "Use ExpressionScript code")
PAGE_EXPORTS = {"page": (",", False), "page-semicolon-em": (";", True), "page-tab": ("\t", False)}


def export_ui(page: Any, url: str, sid: int, out: Path, separator: str, em: bool) -> None:
    """Responses > Export > Export responses, with the settings docs/interop.md names: CSV,
    completed responses only, questions as question code, responses as answer codes, all
    columns (the default); the separator and ExpressionScript headings as given."""
    page.goto(f"{url}?r=admin/export&sa=exportresults&surveyid={sid}")
    page.wait_for_load_state("networkidle")
    page.check("#csv", force=True)
    page.select_option("#completionstate", "complete")
    page.click("label[for=headstyle-code]")
    page.click("label[for=answers-short]")
    page.select_option("#csvfieldseparator", separator)
    if em:
        on = page.get_attribute("input[name=emcode][value='1']", "id")
        page.click(f"label[for={on}]")
    with page.expect_download() as download:
        page.click("#export-button, button[name=export-button], .btn:has-text('Export')")
    download.value.save_as(out)


def compare_imported(folder: Path, expected: dict[str, tuple[dict[str, Any], str]]) -> None:
    """Each imported response (by respondent id) against the example it answered."""
    got = {}
    for path in folder.rglob("*.yaml"):
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        got[doc["respondent"]["id"]] = doc
    if set(got) != set(expected):
        problem(f"{folder.name}: imported {sorted(got)}, expected {sorted(expected)}")
    for rid, (doc, lang) in expected.items():
        mine = got.get(rid)
        if mine is None:
            continue
        if mine["language"] != lang:
            problem(f"{folder.name} {rid}: language {mine['language']}, answered in {lang}")
        for field in ("region", "group", "sector", "organisation"):
            if mine["respondent"].get(field) != doc["respondent"].get(field):
                problem(
                    f"{folder.name} {rid}: {field} {mine['respondent'].get(field)!r}, "
                    f"given {doc['respondent'].get(field)!r}"
                )
        for qid in sorted(set(mine["answers"]) | set(doc["answers"])):
            a, b = mine["answers"].get(qid), doc["answers"].get(qid)
            if isinstance(a, list) and isinstance(b, list) and sorted(a) == sorted(b):
                a = b  # a multiple choice is a set: LimeSurvey keeps no order of ticking
            if a != b:
                problem(f"{folder.name} {rid}: {qid} came back as {a!r}, given {b!r}")


def roundtrip(
    args: argparse.Namespace, rpc: Rpc, b: Any, admin: Any, name: str, work: Path
) -> None:
    print(f"{name}:", flush=True)
    txt = work / f"{name}.txt"
    run = s3engine("convert", name, "--to", "limesurvey", "--out", str(txt))
    if run.returncode != 0:
        problem(f"convert {name}: {run.stderr}")
        return
    rows = structure_rows(txt)
    sid = rpc.call("import_survey", base64.b64encode(txt.read_bytes()).decode(), "txt")
    if not isinstance(sid, int):
        problem(f"import_survey {name}: {sid}")
        return
    print(f"  imported as survey {sid}", flush=True)
    check_structure(rpc, sid, rows)
    languages = [
        r["language"] for r in rows if r["class"] == "SL" and r["name"] == "surveyls_title"
    ]
    check_logic(admin, args.url, sid, languages)
    result = rpc.call("activate_survey", sid)
    if not isinstance(result, dict) or result.get("status") != "OK":
        problem(f"activate_survey {sid}: {result}")
        return
    codes = Codes(txt.with_name(txt.stem + ".codes.csv"))
    meta = {
        q["title"]: q
        for q in rpc.call("list_questions", sid, None, languages[0])
        if not q["parent_qid"]
    }
    types = {code: q["type"] for code, q in meta.items()}
    expected: dict[str, tuple[dict[str, Any], str]] = {}
    for number, (group, lang, changes) in enumerate(RESPONDENTS[name], 1):
        doc = answers_of(name, example(name, group), changes)
        take_survey(b, args.url, sid, codes.given(doc, types), meta, lang)
        expected[f"ls-{sid}-{number}"] = (doc, lang)
    print(f"  answered in the browser: {', '.join(x[1] for x in RESPONDENTS[name])}", flush=True)
    texts = {q for q, c in codes.question.items() if types.get(c) in ("S", "T")}
    added_example = example(name, None, texts)
    doc = answers_of(name, added_example, {})
    doc["answers"][next(q for q in doc["answers"] if q in texts)] = FORMULA_TEXT
    equations = {
        codes.question["version"]: next(
            r["equation"] for r in rows if r["name"] == codes.question["version"]
        ),
        codes.question["survey"]: str(sid),
    }
    added = add_response(rpc, sid, codes.given(doc, types), meta, ADDED, equations)
    expected[f"ls-{sid}-{added}"] = (doc, ADDED)
    decline(b, args.url, sid, meta[codes.question["consent"]], ADDED)
    exports = {how: work / f"{name}-{how}.csv" for how in ("rpc", *PAGE_EXPORTS)}
    exported = rpc.call("export_responses", sid, "csv", languages[0], "complete", "code", "short")
    if not isinstance(exported, str):
        problem(f"export_responses {sid}: {exported}")
        return
    exports["rpc"].write_bytes(base64.b64decode(exported))
    for how, (separator, em) in PAGE_EXPORTS.items():
        export_ui(admin, args.url, sid, exports[how], separator, em)
    for how, path in exports.items():
        out = work / f"{name}-{how}"
        run = s3engine(
            "import", str(path), "--from", "limesurvey", "--questionnaire", name, "--out", str(out)
        )
        if run.returncode != 0:
            problem(f"import of the {how} export of {name}: {run.stderr.strip()}")
        if "1 declined consent" not in run.stdout + run.stderr:
            problem(f"import of the {how} export of {name} did not count the declined consent")
        compare_imported(out, expected)
        run = s3engine("check", str(out))
        if run.returncode != 0:
            problem(f"check {out}: {run.stdout}{run.stderr}")
        print(f"  {how} export imported, answers compared, checked: {path.name}", flush=True)
    if name == "s3-stress-test":
        data = str(REPO / "examples" / "data" / "eurostat")
        twin = work / "twin"
        for number, (doc, lang) in enumerate(expected.values()):
            given = work / f"answers-{number}.yaml"
            profile = {k: v for k, v in doc["respondent"].items() if v}
            given.write_text(
                yaml.safe_dump(
                    {
                        "language": lang,
                        "consent": True,
                        "profile": profile,
                        "answers": doc["answers"],
                    },
                    allow_unicode=True,
                ),
                encoding="utf-8",
            )
            run = s3engine("survey", name, "--answers", str(given), "--out", str(twin))
            if run.returncode != 0:
                problem(f"survey --answers {given.name}: {run.stderr.strip()}")
        ours = s3engine("score", str(work / f"{name}-rpc"), "--data", data, "--format", "json")
        theirs = s3engine("score", str(twin), "--data", data, "--format", "json")
        if ours.returncode or theirs.returncode:
            problem(f"score: {ours.stderr}{theirs.stderr}")
        else:
            a, b2 = json.loads(ours.stdout), json.loads(theirs.stdout)
            for doc_ in (a, b2):
                doc_.pop("generated", None)
            if a.get("regions") != b2.get("regions"):
                problem("score of the round-tripped responses differs from the same answers'")
            else:
                print("  scored: the same result as the same answers given to `survey`", flush=True)
    if args.save:
        target = Path(args.save)
        target.mkdir(parents=True, exist_ok=True)
        for path in [txt, *exports.values()]:
            shutil.copy(path, target / path.name)
        answered = {rid: {"language": lang, **doc} for rid, (doc, lang) in expected.items()}
        (target / f"{name}-given.yaml").write_text(
            yaml.safe_dump(answered, allow_unicode=True, sort_keys=False), encoding="utf-8"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", required=True, help="LimeSurvey's index.php")
    parser.add_argument("--user", required=True)
    parser.add_argument("--password", required=True)
    parser.add_argument("--browser", default="/usr/bin/chromium")
    parser.add_argument("--save", help="a folder to keep the structures and exports in")
    parser.add_argument("questionnaires", nargs="*", default=list(EXAMPLES))
    args = parser.parse_args()
    rpc = Rpc(args.url, args.user, args.password)
    with tempfile.TemporaryDirectory() as tmp, browser(args.browser) as b:
        admin = admin_page(b, args.url, args.user, args.password)
        for name in args.questionnaires:
            roundtrip(args, rpc, b, admin, name, Path(tmp))
    rpc.call("release_session_key")
    print(f"{len(problems)} disagreements" if problems else "LimeSurvey and s3engine agree")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
