"""Build s3engine/nuts/data/nuts-2021.csv, the NUTS 2021 regions with their names.

The source is Eurostat's classification file NUTS2021-NUTS2024.xlsx (the "NUTS - History"
page of Eurostat: https://ec.europa.eu/eurostat/web/nuts/history), sheets "NUTS2021-
NUTS2024" (the regions of the EU Member States) and "SR2021- SR2024" (the statistical
regions of the EFTA and candidate countries: CH, LI, NO, IS, ME, MK, AL, RS, TR), which name
every region in its national language(s). Of each sheet the rows with a 2021 code are kept;
extra-regio codes (..Z, ..ZZ, ..ZZZ) are left out. Names in Greek or Cyrillic script get the
sheet "Cyrillic & Greek to Latin"'s transliteration as `latin`, so that they can be typed.
The countries (level 0) are named below, in their national language(s), as the EU's
Interinstitutional Style Guide names them.

Names in the respondent's language where they differ (Wien / Vienna / Vienne / Dunaj) are
not in Eurostat's file: they are kept by hand in nuts-2021-names.csv beside it.

    python scripts/make_nuts_names.py NUTS2021-NUTS2024.xlsx > s3engine/nuts/data/nuts-2021.csv
"""

from __future__ import annotations

import csv
import re
import sys

import openpyxl

EXTRA_REGIO = re.compile(r"^[A-Z]{2}Z{1,3}$")

#: The countries in their national language(s) (EU Interinstitutional Style Guide, 7.1).
COUNTRIES = {
    "AL": "Shqipëria",
    "AT": "Österreich",
    "BE": "Belgique/België/Belgien",
    "BG": "България",
    "CH": "Schweiz/Suisse/Svizzera",
    "CY": "Κύπρος",
    "CZ": "Česko",
    "DE": "Deutschland",
    "DK": "Danmark",
    "EE": "Eesti",
    "EL": "Ελλάδα",
    "ES": "España",
    "FI": "Suomi/Finland",
    "FR": "France",
    "HR": "Hrvatska",
    "HU": "Magyarország",
    "IE": "Éire/Ireland",
    "IS": "Ísland",
    "IT": "Italia",
    "LI": "Liechtenstein",
    "LT": "Lietuva",
    "LU": "Luxembourg",
    "LV": "Latvija",
    "ME": "Crna Gora",
    "MK": "Северна Македонија",
    "MT": "Malta",
    "NL": "Nederland",
    "NO": "Norge",
    "PL": "Polska",
    "PT": "Portugal",
    "RO": "România",
    "RS": "Србија",
    "SE": "Sverige",
    "SI": "Slovenija",
    "SK": "Slovensko",
    "TR": "Türkiye",
}
#: Latin spellings of the country names above that are not in Latin script.
COUNTRIES_LATIN = {
    "BG": "Balgariya",
    "CY": "Kypros",
    "EL": "Elláda",
    "MK": "Severna Makedonija",
    "RS": "Srbija",
}


def main(path: str) -> None:
    book = openpyxl.load_workbook(path, read_only=True)
    latin = {
        str(row[0]): str(row[2])
        for row in book["Cyrillic & Greek to Latin"].iter_rows(min_row=2, values_only=True)
        if row[0] and row[2]
    }
    latin.update(COUNTRIES_LATIN)
    rows: list[tuple[str, int, str]] = []
    for sheet in ("NUTS2021- NUTS2024", "SR2021- SR2024"):
        countries_seen: set[str] = set()
        for row in book[sheet].iter_rows(min_row=2, values_only=True):
            # The level is the code's length (the sheet says 1 for BE, a country).
            country, code = row[1], row[2]
            level = len(str(code)) - 2 if code else 0
            if not code or not country or EXTRA_REGIO.match(str(code)):
                continue
            if str(country) not in countries_seen and str(country) != str(code):
                rows.append((str(country), 0, COUNTRIES[str(country)]))
            countries_seen.add(str(country))
            name = next((str(cell).strip() for cell in row[4:7] if cell and str(cell).strip()), "")
            if level == 0:
                name = COUNTRIES[str(code)]
            rows.append((str(code), level, " ".join(name.split())))
    out = csv.writer(sys.stdout, lineterminator="\n")
    out.writerow(["code", "level", "name", "latin"])
    seen: set[str] = set()
    for code, level, name in rows:
        if code in seen:
            continue
        seen.add(code)
        out.writerow([code, level, name, latin.get(code, "").strip()])


if __name__ == "__main__":
    main(sys.argv[1])
