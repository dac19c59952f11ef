"""The web survey's own texts in the respondent's language: the gettext domain "web".

The catalogues are s3engine/i18n/locale/<lang>/LC_MESSAGES/web.po, one per language, in the
layout Babel's tools expect (docs/web-survey.md: extract, update, translate, check), beside
s3engine's own catalogues (domain "s3engine"). They are read by s3engine.i18n's translator,
as s3engine's are: from the .po files, once per process, so an edited catalogue needs no
build step. Texts of a questionnaire (questions, options, help) come from its YAML file
instead, and the survey's shared texts (yes, no, number messages) from s3engine.i18n, as in
the terminal.
"""

from __future__ import annotations

from pathlib import Path

from s3engine.i18n import LANGUAGES, LOCALE_DIR, Translator, translator
from s3engine.i18n.catalogues import catalogue_path as _catalogue_path

DOMAIN = "web"
#: The folder of s3engine's gettext catalogues: <lang>/LC_MESSAGES/<domain>.po
LOCALE = LOCALE_DIR
#: The languages the web survey's own texts are written in: those of s3engine's own texts.
WEB_LANGUAGES = LANGUAGES


def catalogue_path(lang: str) -> Path:
    return _catalogue_path(lang, DOMAIN)


def translations(lang: str) -> Translator:
    """The web's texts in `lang`; English (the texts as written in the code) without one."""
    return translator(lang if lang in WEB_LANGUAGES else "en", DOMAIN)
