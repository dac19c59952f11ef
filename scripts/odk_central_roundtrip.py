"""Put s3engine's shipped questionnaires through a running ODK Central and back.

For each questionnaire: `s3engine convert --to xlsform`, the XLSForm turned into an XForm by
pyxform (as Central's pyxform-http service does with an uploaded XLSForm), the XForm
uploaded and published in a new project through Central's REST API, submissions made of
known answers posted as ODK Collect and Enketo send them (the form's instance, its id and
version, every field's element, a hidden or unanswered one empty, `meta/instanceID`), one
of them then edited (a new instance id, `deprecatedID`) and given a review state, one more
declining consent; a second version of the form published (Central's version string
changes, the form's own `form_version` does not) and one more submission sent to it; then
the submissions downloaded with every option of Central's *Download Submissions* dialog
(main table `.csv`, and `.csv.zip` imported as downloaded: *Split "select multiple"
choices into columns*, *Remove group names* (`groupPaths=false`), *Include fields not in
the published Form* (`deletedFields`), and a review-state filter as the submissions table
sets it); and the same answers encrypted in a project with managed encryption, downloaded
with its passphrase and without. Every download is imported with `s3engine import --from
odk` (into a folder and a `.jsonl`), each imported answer compared with the answer given,
the responses checked with `s3engine check` (the download without the passphrase must be
refused once per row, asking for it), and the stress test's scored with `s3engine score`
against the same answers given to `s3engine survey --answers`. Every disagreement is
printed; the exit code is 1 when there was any. Nothing is skipped: a step that cannot
run is a failure.

The respondents are those of the other round trips (tests/limesurvey/NAME-given.yaml, every
condition of the questionnaire met by one and not by another), each shown the form in
another language (ODK records none: the import takes --lang, by default the questionnaire's
default language), the third with a text of quotes, commas, a semicolon and a line break,
and one more of another region and group, made of an example response, with an
organisation and a text in other scripts.

Run it with s3engine's Python (pyxform is among its test tools); it sends traffic only to
the Central given:

    .venv/bin/python scripts/odk_central_roundtrip.py --url http://127.0.0.1:8383 \\
        --email admin@example.org --password PASSWORD [--save tests/odk]
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import html
import io
import json
import re
import secrets
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET
from xml.sax.saxutils import escape, quoteattr

import yaml
from given_answers import given_yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))

import kobo_formpack_exports as kobo  # the respondents of the other round trips
import limesurvey_roundtrip as lsr  # answers_of, compare_imported, problem, s3engine

REPO = lsr.REPO
QUESTIONNAIRES = ("s3-stress-test", "stakeholder-needs")
XFORMS = "{http://www.w3.org/2002/xforms}"
#: the fourth respondent: an example response of another region and group, with these
#: answers changed (an organisation and a text in other scripts, quotes and a comma)
FOURTH: dict[str, tuple[str, str, dict[str, Any]]] = {
    "s3-stress-test": (
        "ITC1",
        "civil_society",
        {"role_comment": "Čezmejni grozdi: „zelo dobro“, ma la rete è fragile — 50 %"},
    ),
    "stakeholder-needs": (
        "DE1",
        "academia",
        {"suggestions": 'Förderung "aus einer Hand", bitte; Ελλάδα, Україна\nzweite Zeile'},
    ),
}
#: the passphrase of the project with managed encryption
PASSPHRASE = "s3engine round trip passphrase"
ORGANISATION = 'Zadruga "Zeleni most", d.o.o. — Ljubljana'
#: each download: file name part -> (endpoint suffix, query), as the dialog builds its links
DOWNLOADS: dict[str, tuple[str, dict[str, str]]] = {
    "main": (".csv", {}),
    "main-split": (".csv", {"splitSelectMultiples": "true"}),
    "main-nogroups": (".csv", {"groupPaths": "false"}),
    "main-nogroups-split": (".csv", {"groupPaths": "false", "splitSelectMultiples": "true"}),
    "main-deleted": (".csv", {"deletedFields": "true"}),
    "main-not-rejected": (".csv", {"$filter": "__system/reviewState ne 'rejected'"}),
    "all-attachments": (".csv.zip", {}),
    "all-attachments-split-nogroups": (
        ".csv.zip",
        {"splitSelectMultiples": "true", "groupPaths": "false"},
    ),
}
#: when the respondents start: hours before the run (a start after the submission would be
#: taken as the submission's time, as a device's clock that runs ahead is)
AGO = timedelta(hours=6)


class Central:
    """Central's REST API, with a session's bearer token."""

    def __init__(self, url: str, email: str, password: str) -> None:
        self.url = url.rstrip("/")
        session = self.json("POST", "/v1/sessions", {"email": email, "password": password})
        self.token = session["token"]
        self.encrypted: dict[int, bool] = {}

    def call(
        self, method: str, path: str, body: bytes | None = None, kind: str | None = None
    ) -> bytes:
        request = urllib.request.Request(self.url + path, body, method=method)
        if kind:
            request.add_header("Content-Type", kind)
        if getattr(self, "token", None):
            request.add_header("Authorization", f"Bearer {self.token}")
        try:
            with urllib.request.urlopen(request, timeout=600) as response:
                data: bytes = response.read()
                return data
        except urllib.error.HTTPError as e:
            raise RuntimeError(f"{method} {path}: {e.code} {e.read().decode()}") from None

    def json(self, method: str, path: str, doc: Any = None) -> Any:
        body = None if doc is None else json.dumps(doc).encode()
        return json.loads(self.call(method, path, body, "application/json" if body else None))


def xform_of(xlsform: Path, out: Path) -> Path:
    """The XForm pyxform makes of the XLSForm (Central's pyxform-http runs the same)."""
    from pyxform.xls2xform import xls2xform_convert

    xls2xform_convert(xlsform_path=str(xlsform), xform_path=str(out))
    return out


def instance_of(xform: Path) -> ET.Element:
    """The form's primary instance: its root element (id, version) and fields."""
    root = ET.parse(xform).getroot()
    found = root.find(f".//{XFORMS}model/{XFORMS}instance")
    if found is None or len(found) != 1:
        raise SystemExit(f"{xform}: no primary instance")
    return found[0]


def publish(central: Central, project: int, name: str, stem: Path) -> ET.Element | None:
    """Convert questionnaire `name` to an XLSForm and an XForm (STEM.xlsx, STEM.xml) and
    publish the form in `project`; its instance's template, or None when convert failed."""
    xlsform = stem.parent / f"{stem.name}.xlsx"
    run = lsr.s3engine("convert", name, "--to", "xlsform", "--out", str(xlsform))
    if run.returncode != 0:
        lsr.problem(f"convert {name}: {run.stderr}")
        return None
    xform = xform_of(xlsform, stem.parent / f"{stem.name}.xml")
    path = f"/v1/projects/{project}/forms?publish=true"
    central.call("POST", path, xform.read_bytes(), "application/xml")
    return instance_of(xform)


def respondents(name: str) -> list[dict[str, Any]]:
    """The answers given: the other round trips' respondents (kobo_formpack_exports), the
    fourth of another region and group, one more declining consent; ids of their own."""
    people = kobo.respondents(name)
    consent, declined = people[:-1], people[-1]
    region, group, changes = FOURTH[name]
    example = next(
        p
        for p in sorted(lsr.EXAMPLES[name].glob(f"{region}/*.yaml"))
        if f"-{group}-" in p.name
        and yaml.safe_load(p.read_text(encoding="utf-8"))["status"] == "complete"
    )
    doc = lsr.answers_of(name, example, changes)
    doc["respondent"]["organisation"] = ORGANISATION
    consent.append({"language": "sl", "consent": True, **doc})
    out = [*consent, declined]
    for number, person in enumerate(out, 1):
        person["uuid"] = str(uuid.UUID(int=0x0D4C0000 + number, version=4))
    return out


def values_of(person: dict[str, Any], version: str, ranks: set[str]) -> dict[str, str]:
    """field name -> the text of its element in the submission."""
    values = {
        "form_version": version,
        "profile_consent": "yes" if person["consent"] else "no",
    }
    for key, value in person["respondent"].items():
        if value is not None:
            values[f"profile_{key}"] = kobo.text_of(value)
    for qid, value in person["answers"].items():
        if qid in ranks:
            for rank, option in enumerate(value, 1):
                values[f"{qid}_{rank}"] = option
        else:
            values[qid] = kobo.text_of(value)
    return values


def submission_xml(
    template: ET.Element, values: dict[str, str], instance: str, *, deprecated: str | None = None,
    version: str | None = None, started: datetime,
) -> bytes:  # fmt: skip
    """The instance as ODK Collect sends it: every element of the form, in its order, the
    unanswered and hidden ones empty; `meta/instanceID` (and `deprecatedID` of an edit)."""
    when = {
        "start": started,
        "end": started + timedelta(minutes=11, seconds=23),
    }
    vienna = timedelta(hours=1)

    def element(node: ET.Element, depth: int) -> str:
        tag = node.tag.removeprefix(XFORMS)
        if len(node):
            inner = "".join(element(child, depth + 1) for child in node)
            if tag == "meta" and deprecated:
                inner += f"<deprecatedID>{escape(deprecated)}</deprecatedID>"
            return f"<{tag}>{inner}</{tag}>"
        if tag == "instanceID":
            text = instance
        elif tag in when:
            text = (when[tag] + vienna).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "+01:00"
        else:
            text = values.get(tag, "")
        return f"<{tag}>{escape(text)}</{tag}>" if text else f"<{tag}/>"

    inner = "".join(element(child, 1) for child in template)
    attributes = {
        "xmlns:jr": "http://openrosa.org/javarosa",
        "xmlns:orx": "http://openrosa.org/xforms",
        "id": template.attrib["id"],
        "version": version or template.attrib["version"],
    }
    head = " ".join(f"{k}={quoteattr(v)}" for k, v in attributes.items())
    tag = template.tag.removeprefix(XFORMS)
    return f'<?xml version="1.0"?><{tag} {head}>{inner}</{tag}>'.encode()


def given_head(name: str, people: list[dict[str, Any]]) -> str:
    """The comment lines of NAME-given.yaml: what the submissions other than plain ones
    were."""
    first, *_, fourth, declined = (f"odk-{p['uuid']}" for p in people)
    return (
        f"# The answers given in every ODK Central download of {name} (respondent id ->\n"
        f"# answers; shown_in: the language the form was shown in, which ODK does not record).\n"
        f"# One more submission ({declined}) declined consent.\n"
        f"# {first} was sent with another answer first, then edited in\n"
        f"# Central to these (its meta-instanceID is the edit's own) and rejected;\n"
        f"# {fourth} answered the form's second version. The encrypted\n"
        f"# project's submissions hold the same answers.\n"
    )


def main_csv(data: bytes, xml_form_id: str) -> bytes:
    """The main table of a `.csv.zip` download (`FORMID.csv`)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read(f"{xml_form_id}.csv")


def score_as_given(name: str, imported: Path, people: list[dict[str, Any]], work: Path) -> None:
    """`score` of the imported responses against the same answers given to `survey`."""
    from s3engine.questionnaire.checks import load_questionnaire

    lang = load_questionnaire(name)[0].default_language
    twin = work / f"{name}-twin"
    for number, p in enumerate(x for x in people if x["consent"]):
        given = work / f"{name}-answers-{number}.yaml"
        profile = {k: v for k, v in p["respondent"].items() if v}
        doc = {"language": lang, "consent": True, "profile": profile, "answers": p["answers"]}
        given.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
        run = lsr.s3engine("survey", name, "--answers", str(given), "--out", str(twin))
        if run.returncode != 0:
            lsr.problem(f"survey --answers {given.name}: {run.stderr.strip()}")
    data = str(REPO / "examples" / "data" / "eurostat")
    ours = lsr.s3engine("score", str(imported), "--data", data, "--format", "json")
    theirs = lsr.s3engine("score", str(twin), "--data", data, "--format", "json")
    if ours.returncode or theirs.returncode:
        lsr.problem(f"score: {ours.stderr}{theirs.stderr}")
        return
    a, b = json.loads(ours.stdout), json.loads(theirs.stdout)
    if a.get("regions") != b.get("regions"):
        lsr.problem(f"{name}: the imported responses score otherwise than the answers given")
    else:
        print("  scored: the same result as the same answers given to `survey`", flush=True)


def wait_for_split(
    central: Central, subs: str, people: list[dict[str, Any]], ranks: set[str]
) -> None:
    """Wait until Central's worker has recorded the options ticked (a split download has a
    column only for an option some submission ticked, recorded a few seconds after it
    arrived)."""
    ticked = {
        f"{qid}/{option}"
        for p in people
        for qid, value in p["answers"].items()
        if isinstance(value, list) and qid not in ranks
        for option in value
    }
    for _ in range(120):
        header = central.call("GET", f"{subs}.csv?splitSelectMultiples=true").split(b"\n")[0]
        headings = {h.rpartition("-")[2] for h in header.decode("utf-8").strip().split(",")}
        if ticked <= headings:
            return
        time.sleep(0.5)
    lsr.problem(f"{subs}: the split columns of {sorted(ticked - headings)} never came")


def import_and_compare(
    export: Path, name: str, wanted: dict[str, Any], work: Path, *, declined: int = 1
) -> None:
    """`s3engine import` into a folder and a .jsonl, compared with the answers given; then
    `s3engine check`."""
    stem = export.name.removesuffix(".zip").removesuffix(".csv")
    for out in (work / stem, work / f"{stem}.jsonl"):
        imported = lsr.s3engine("import", str(export), "--from", "odk", "--questionnaire",
                                name, "--out", str(out))  # fmt: skip
        said = (imported.stdout + imported.stderr).strip()
        if imported.returncode != 0:
            lsr.problem(f"{export.name}: import failed: {said}")
            continue
        if declined and f"{declined} declined consent" not in said:
            lsr.problem(f"{export.name}: the declined consent not counted: {said}")
        if out.suffix == ".jsonl":
            folder = work / f"{stem}-from-jsonl"
            folder.mkdir(exist_ok=True)
            for number, line in enumerate(out.read_text(encoding="utf-8").splitlines()):
                (folder / f"{number}.yaml").write_text(
                    yaml.safe_dump(json.loads(line), allow_unicode=True), encoding="utf-8"
                )
            lsr.compare_imported(folder, wanted)
        else:
            print(f"  {export.name}: {said}", flush=True)
            lsr.compare_imported(out, wanted)
        checked = lsr.s3engine("check", str(out))
        if checked.returncode != 0:
            lsr.problem(f"{export.name}: check: {checked.stdout}{checked.stderr}")


def expected_of(people: list[dict[str, Any]]) -> dict[str, Any]:
    """respondent id -> (profile and answers, language): ODK records no language, the
    import takes the questionnaire's default"""
    return {
        f"odk-{p['uuid']}": ({"respondent": p["respondent"], "answers": p["answers"]}, "en")
        for p in people
        if p["consent"]
    }


def encrypt(instance: bytes, instance_id: str, public_key: str, work: Path) -> tuple[str, bytes]:
    """ODK's submission encryption (getodk.github.io/xforms-spec/encryption), as Collect
    does it: a random AES-256 key, RSA-OAEP (SHA-256, MGF1 SHA-256) encrypted with the
    form's public key; the instance PKCS#7-padded, AES-256-CFB with the first IV (the MD5
    of the instance id and the key, its first byte plus one). By openssl, which every
    Linux has: (the encrypted key in base64, the encrypted instance)."""
    key = secrets.token_bytes(32)
    pem = work / "form-public-key.pem"
    lines = [public_key[i : i + 64] for i in range(0, len(public_key), 64)]
    pem.write_text(
        "-----BEGIN PUBLIC KEY-----\n" + "\n".join(lines) + "\n-----END PUBLIC KEY-----\n"
    )
    rsa = ["openssl", "pkeyutl", "-encrypt", "-pubin", "-inkey", str(pem), "-pkeyopt",
           "rsa_padding_mode:oaep", "-pkeyopt", "rsa_oaep_md:sha256", "-pkeyopt",
           "rsa_mgf1_md:sha256"]  # fmt: skip
    encrypted_key = subprocess.run(rsa, input=key, capture_output=True, check=True).stdout
    iv = bytearray(hashlib.md5(instance_id.encode() + key).digest())
    iv[0] = (iv[0] + 1) % 256
    pad = 16 - len(instance) % 16
    aes = ["openssl", "enc", "-aes-256-cfb", "-K", key.hex(), "-iv", bytes(iv).hex()]
    data = subprocess.run(aes, input=instance + bytes([pad]) * pad, capture_output=True,
                          check=True).stdout  # fmt: skip
    return base64.b64encode(encrypted_key).decode(), data


def envelope(form_id: str, version: str, instance_id: str, encrypted_key: str) -> bytes:
    """The submission Collect sends of an encrypted form: the key, the instance id, the
    name of the encrypted instance (sent as its attachment)."""
    return (
        '<?xml version="1.0"?>'
        f'<data xmlns="http://opendatakit.org/submissions" id={quoteattr(form_id)} '
        f'encrypted="yes" version={quoteattr(version)}>'
        f"<base64EncryptedKey>{encrypted_key}</base64EncryptedKey>"
        "<encryptedXmlFile>submission.xml.enc</encryptedXmlFile>"
        "<base64EncryptedElementSignature>no</base64EncryptedElementSignature>"
        f'<meta xmlns="http://openrosa.org/xforms"><instanceID>{escape(instance_id)}'
        "</instanceID></meta></data>"
    ).encode()


def encrypted_roundtrip(
    central: Central, project: int, name: str, work: Path, save: Path | None
) -> None:
    """The form in a project with managed encryption (Central adds `[encrypted:...]` to its
    version), the submissions encrypted as Collect encrypts them; downloaded with the
    passphrase (decrypted, imported as given) and without (each row refused in one
    message that asks for the passphrase)."""
    print(f"{name}, encrypted:", flush=True)
    template = publish(central, project, name, work / f"{name}-encrypted")
    if template is None:
        return
    form_id, ours = template.attrib["id"], template.attrib["version"]
    base = f"/v1/projects/{project}/forms"
    if not central.encrypted.get(project):  # every form of the project, this one too
        central.json("POST", f"/v1/projects/{project}/key", {"passphrase": PASSPHRASE})
        central.encrypted[project] = True
    managed = central.call("GET", f"{base}/{form_id}.xml").decode("utf-8")
    public_key = re.search(r'base64RsaPublicKey="([^"]+)"', managed)
    version = re.search(r'<data [^>]*version="([^"]+)"', managed)
    if public_key is None or version is None:
        lsr.problem(f"{form_id}: no public key or version in the encrypted form")
        return
    version_text = html.unescape(version.group(1))
    print(f"  managed encryption: the form's version is now {version_text}", flush=True)
    names = [e.tag.removeprefix(XFORMS) for e in template.iter()]
    ranks = {n[:-2] for n in names if n.endswith("_1") and n[:-2] + "_2" in names}
    people = respondents(name)
    subs = f"{base}/{form_id}/submissions"
    day = datetime.now(UTC).replace(microsecond=0) - AGO
    for number, person in enumerate(people, 1):
        instance_id = f"uuid:{person['uuid']}"
        started = day + timedelta(hours=number)
        body = submission_xml(template, values_of(person, ours, ranks), instance_id,
                              version=version_text, started=started)  # fmt: skip
        key, data = encrypt(body, instance_id, public_key.group(1), work)
        central.call("POST", subs, envelope(form_id, version_text, instance_id, key),
                     "text/xml")  # fmt: skip
        central.call("POST", f"{subs}/{instance_id}/attachments/submission.xml.enc", data,
                     "application/octet-stream")  # fmt: skip
    keys = central.json("GET", f"{subs}/keys")
    form = urllib.parse.urlencode({str(k["id"]): PASSPHRASE for k in keys}).encode()
    target = save or work
    target.mkdir(parents=True, exist_ok=True)
    decrypted = target / f"{name}-encrypted-passphrase.csv"
    decrypted.write_bytes(
        central.call("POST", f"{subs}.csv", form, "application/x-www-form-urlencoded")
    )
    import_and_compare(decrypted, name, expected_of(people), work)
    locked = target / f"{name}-encrypted-no-passphrase.csv"
    locked.write_bytes(central.call("GET", f"{subs}.csv"))
    imported = lsr.s3engine("import", str(locked), "--from", "odk", "--questionnaire", name,
                            "--out", str(work / locked.stem))  # fmt: skip
    lines = imported.stderr.strip().splitlines()
    said = [line for line in lines if "not decrypted" in line and "passphrase" in line]
    if imported.returncode != 1 or len(said) != len(people):
        lsr.problem(f"{locked.name}: not refused once per row: {imported.stderr.strip()}")
    else:
        print(f"  {locked.name}: every row refused once, asking for the passphrase", flush=True)


def roundtrip(central: Central, project: int, name: str, work: Path, save: Path | None) -> None:
    print(f"{name}:", flush=True)
    template = publish(central, project, name, work / name)
    if template is None:
        return
    form_id, version = template.attrib["id"], template.attrib["version"]
    base = f"/v1/projects/{project}/forms"
    print(f"  form {form_id} version {version} published in project {project}", flush=True)
    names = [e.tag.removeprefix(XFORMS) for e in template.iter()]
    ranks = {n[:-2] for n in names if n.endswith("_1") and n[:-2] + "_2" in names}
    people = respondents(name)
    subs = f"{base}/{form_id}/submissions"
    *first_version, fourth, declined = people
    first = first_version[0]
    day = datetime.now(UTC).replace(microsecond=0) - AGO
    starts = {p["uuid"]: day + timedelta(hours=n, minutes=3 * n, seconds=7 * n)
              for n, p in enumerate(people, 1)}  # fmt: skip
    for person in [*first_version, declined]:
        values = values_of(person, version, ranks)
        if person is first:  # as first sent: one answer that the edit below corrects
            qid = next(k for k, v in person["answers"].items() if type(v) is int and v < 5)
            values[qid] = str(person["answers"][qid] + 1)
        body = submission_xml(template, values, f"uuid:{person['uuid']}",
                              started=starts[person["uuid"]])  # fmt: skip
        central.call("POST", subs, body, "application/xml")
    # the first respondent's submission edited in Central (to the answer given): a new
    # instance id, the old one its deprecatedID; then rejected (review state)
    edited = f"uuid:{uuid.UUID(int=0x0D4CED00 + 1, version=4)}"
    body = submission_xml(template, values_of(first, version, ranks), edited,
                          deprecated=f"uuid:{first['uuid']}",
                          started=starts[first["uuid"]])  # fmt: skip
    central.call("PUT", f"{subs}/uuid:{first['uuid']}", body, "application/xml")
    central.json("PATCH", f"{subs}/uuid:{first['uuid']}", {"reviewState": "rejected"})
    # a second version of the form (Central's version changes, form_version stays), which
    # the fourth respondent answers
    second = version + "-odk2"
    text = (
        (work / f"{name}.xml")
        .read_text(encoding="utf-8")
        .replace(f'version="{version}"', f'version="{second}"', 1)
    )
    central.call("POST", f"{base}/{form_id}/draft", text.encode(), "application/xml")
    central.call("POST", f"{base}/{form_id}/draft/publish")
    body = submission_xml(template, values_of(fourth, version, ranks), f"uuid:{fourth['uuid']}",
                          version=second, started=starts[fourth["uuid"]])  # fmt: skip
    central.call("POST", subs, body, "application/xml")
    print(f"  {len(people)} submissions, one edited and rejected, one to {second}", flush=True)
    wait_for_split(central, subs, people, ranks)
    expected = expected_of(people)
    target = save or work
    target.mkdir(parents=True, exist_ok=True)
    given = given_yaml(given_head(name, people), "odk", people)
    (target / f"{name}-given.yaml").write_text(given, encoding="utf-8")
    for how, (suffix, query) in DOWNLOADS.items():
        path = f"{subs}{suffix}" + ("?" + urllib.parse.urlencode(query) if query else "")
        data = central.call("GET", path)
        # a .zip imported as it is downloaded (its main table read from it)
        export = target / f"{name}-{how}{suffix}"
        export.write_bytes(data)
        if suffix == ".csv.zip" and not main_csv(data, form_id):
            lsr.problem(f"{export.name}: no main table {form_id}.csv in the zip")
        wanted = {
            rid: x
            for rid, x in expected.items()
            if not ("$filter" in query and rid == f"odk-{first['uuid']}")
        }
        import_and_compare(export, name, wanted, work)
    if name == "s3-stress-test":
        score_as_given(name, work / f"{name}-main", people, work)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", required=True, help="Central's address (http://127.0.0.1:8383)")
    parser.add_argument("--email", required=True, help="an administrator's email")
    parser.add_argument("--password", required=True)
    parser.add_argument("--save", help="a folder to keep the downloads in (tests/odk)")
    parser.add_argument("questionnaires", nargs="*", default=list(QUESTIONNAIRES))
    args = parser.parse_args()
    central = Central(args.url, args.email, args.password)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    project = central.json("POST", "/v1/projects", {"name": f"s3engine round trip {stamp}"})
    print(f"project {project['id']}: {project['name']}", flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        save = Path(args.save) if args.save else None
        for name in args.questionnaires:
            roundtrip(central, project["id"], name, Path(tmp), save)
        encrypted = central.json("POST", "/v1/projects", {"name": f"s3engine encrypted {stamp}"})
        print(f"project {encrypted['id']}: {encrypted['name']}", flush=True)
        for name in args.questionnaires:
            encrypted_roundtrip(central, encrypted["id"], name, Path(tmp), save)
    print(
        f"{len(lsr.problems)} disagreements" if lsr.problems else "ODK Central and s3engine agree"
    )
    return 1 if lsr.problems else 0


if __name__ == "__main__":
    sys.exit(main())
