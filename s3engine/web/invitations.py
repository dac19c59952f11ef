"""Invitations: a list of contacts becomes personal links; a list of regions, open links.

The contact list is a CSV file (UTF-8, comma or semicolon, a header row) with the columns

    region, group, language, name, email, organisation

of which `region` and `group` are required on every row (`language`, `name`, `email`,
`organisation` may be empty or left out). Every row is checked against the questionnaire
(its groups and languages, its region list) and the region list given with --regions: every
problem of the file is reported at once, with its line, and no invitation is created unless
all rows are right.

The links come back as CSV (one row per invitation, with the link) for a mail merge: it
holds the contacts' e-mail addresses and their personal links; keep it where only the
people running the survey can read it. The database keeps only the tokens' hashes, so a
lost links file cannot be made again: invite again (and withdraw nothing; an unused
invitation simply stays unused).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from s3engine.core import messages as M
from s3engine.core.findings import Finding, S3Error, control_character
from s3engine.io.files import read_text
from s3engine.questionnaire.answers import profile_problems
from s3engine.questionnaire.model import Questionnaire, Region
from s3engine.web.storage import NewInvitation, Store
from s3engine.web.tokens import new_token

COLUMNS = ("region", "group", "language", "name", "email", "organisation")
REQUIRED = ("region", "group")
#: The most invitations one contact list may hold.
MAX_CONTACTS = 100_000


@dataclass(frozen=True)
class Link:
    invitation: NewInvitation
    link: str


def read_contacts(
    path: Path, q: Questionnaire, regions: Sequence[Region] | None
) -> list[NewInvitation]:
    """The invitations a contact list asks for; S3Error with every problem of the file."""
    text = read_text(path, too_large=M.CONTACT_LIST_TOO_LARGE)
    name = str(path)
    sample = text[:4096]
    delimiter = ";" if sample.count(";") > sample.count(",") else ","
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=delimiter)
    try:
        header = [cell.strip().lower() for cell in next(reader)]
    except StopIteration:
        raise S3Error(Finding(name, None, None, "", M.WEB_CONTACTS_EMPTY)) from None
    findings: list[Finding] = []
    unknown = [cell for cell in header if cell not in COLUMNS]
    missing = [column for column in REQUIRED if column not in header]
    if unknown or missing:
        raise S3Error(
            Finding(
                name,
                1,
                None,
                "",
                M.WEB_CONTACTS_COLUMNS.format(
                    unknown=", ".join(unknown) or "none",
                    missing=", ".join(missing) or "none",
                    columns=", ".join(COLUMNS),
                ),
            )
        )
    known = {r.code: r for r in (regions or q.profile.regions or [])}
    invitations: list[NewInvitation] = []
    for line, row in enumerate(reader, start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(invitations) >= MAX_CONTACTS:
            findings.append(
                Finding(name, line, None, "", M.WEB_CONTACTS_TOO_MANY.format(limit=MAX_CONTACTS))
            )
            break
        if len(row) != len(header):
            findings.append(
                Finding(
                    name,
                    line,
                    None,
                    "",
                    M.WEB_CONTACTS_CELLS.format(found=len(row), expected=len(header)),
                )
            )
            continue
        cells = {column: cell.strip() for column, cell in zip(header, row, strict=True)}
        problems = _row_problems(q, cells, known)
        findings.extend(Finding(name, line, None, key, message) for key, message in problems)
        if problems:
            continue
        region = cells["region"].upper()
        invitations.append(
            NewInvitation(
                kind="personal",
                region=region,
                region_name=known[region].name if region in known else None,
                group=cells["group"],
                language=cells.get("language") or _language_of(q, known.get(region)),
                name=cells.get("name") or None,
                email=cells.get("email") or None,
                organisation=cells.get("organisation") or None,
            )
        )
    if findings:
        raise S3Error(findings)
    if not invitations:
        raise S3Error(Finding(name, None, None, "", M.WEB_CONTACTS_EMPTY))
    return invitations


def _row_problems(
    q: Questionnaire, cells: dict[str, str], known: dict[str, Region]
) -> list[tuple[str, str]]:
    problems: list[tuple[str, str]] = []
    for column, value in cells.items():
        character = control_character(value)
        if character is not None:
            problems.append((column, M.CONTROL_CHARACTER.format(character=character)))
        elif len(value) > 300:
            problems.append((column, M.WEB_CONTACTS_LONG.format(length=len(value))))
    if problems:
        return problems
    region = cells["region"].upper()
    if not region:
        problems.append(("region", M.WEB_CONTACTS_MISSING.format(key="region")))
    elif known and region not in known:
        problems.append(
            (
                "region",
                M.WEB_CONTACTS_BAD_REGION.format(region=region, regions=", ".join(sorted(known))),
            )
        )
    else:
        problems += [
            p
            for p in profile_problems(
                q, region=region, group=None, sector=None, language=None, complete=False
            )
            if p[0] == "region"
        ]
    if not cells["group"]:
        problems.append(("group", M.WEB_CONTACTS_MISSING.format(key="group")))
    problems += [
        p
        for p in profile_problems(
            q,
            region=None,
            group=cells["group"] or None,
            sector=None,
            language=cells.get("language") or None,
            complete=False,
        )
        if p[0] != "region"
    ]
    return problems


def _language_of(q: Questionnaire, region: Region | None) -> str | None:
    """The first language of a region that the questionnaire speaks (None: let the
    respondent's browser choose)."""
    if region is None:
        return None
    return next((code for code in region.languages if code in q.languages), None)


def invite(
    store: Store, q: Questionnaire, invitations: Sequence[NewInvitation], base_url: str
) -> list[Link]:
    """Store the invitations (one transaction) and return each with its link."""
    tokens = [(new_token(), invitation) for invitation in invitations]
    store.add_invitations(q.id, tokens)
    base = base_url.rstrip("/")
    return [Link(invitation, f"{base}/s/{token}") for token, invitation in tokens]


def open_invitations(q: Questionnaire, regions: Sequence[Region]) -> list[NewInvitation]:
    """One open link per region: respondents choose their group and get their own link."""
    return [
        NewInvitation(kind="open", region=r.code, region_name=r.name, language=_language_of(q, r))
        for r in regions
    ]


def links_csv(links: Sequence[Link]) -> str:
    """The links as CSV for a mail merge (personal data: see the module's note)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([*COLUMNS, "link"])
    for item in links:
        i = item.invitation
        writer.writerow(
            [
                i.region,
                i.group or "",
                i.language or "",
                _cell(i.name),
                _cell(i.email),
                _cell(i.organisation),
                item.link,
            ]
        )
    return out.getvalue()


def _cell(text: str | None) -> str:
    """A cell a spreadsheet shows as text: a leading =, +, - or @ would start a formula."""
    if not text:
        return ""
    return "'" + text if text[0] in "=+-@\t\r" else text
