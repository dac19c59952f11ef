"""The web survey's own texts in the respondent's language: the gettext domain "web".

The catalogues are s3engine/i18n/locale/<lang>/LC_MESSAGES/web.po, one per language, in the
layout Babel's tools expect (docs/web-survey.md: extract, update, translate, check). They are
read once per process from the .po files (Babel compiles them in memory), so an edited
catalogue needs no build step. Texts of a questionnaire (questions, options, help) come from
its YAML file instead, and the survey's shared texts (yes, no, number messages) from
s3engine.i18n.texts, as in the terminal.
"""

from __future__ import annotations

import io
from functools import lru_cache
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

import s3engine.i18n

DOMAIN = "web"
#: The folder of s3engine's gettext catalogues: <lang>/LC_MESSAGES/<domain>.po
LOCALE = Path(s3engine.i18n.__file__).resolve().parent / "locale"
#: The languages the web survey's own texts are written in.
WEB_LANGUAGES = ("en", "de", "fr", "it", "sl")


def catalogue_path(lang: str) -> Path:
    return LOCALE / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


@lru_cache(maxsize=16)
def translations(lang: str) -> NullTranslations:
    """The web's texts in `lang`; English (the texts as written in the code) without one."""
    path = catalogue_path(lang)
    if lang not in WEB_LANGUAGES or not path.is_file():
        return NullTranslations()
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=lang, domain=DOMAIN)
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return Translations(compiled, domain=DOMAIN)
