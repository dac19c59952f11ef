"""s3engine's own texts in the languages it ships, and texts given in several languages.

The one API every stage uses for what a reader sees in their language:

- `translator(lang, domain="s3engine")` -> `Translator` with gettext, ngettext, pgettext and
  npgettext over the catalogues in `locale/<lang>/LC_MESSAGES/<domain>.po`; its `message`
  shows a message of `core.messages` (with its values) in that language;
- `format_number`, `format_percent`, `format_list`, `format_date`: CLDR's way of writing them;
- `LANGUAGES`: the languages s3engine ships all its texts in (the only list of them);
- `Text`, `pick`: the texts of questionnaires, models and catalogues, which their YAML
  files give in several languages themselves.
"""

from s3engine.i18n.catalogues import (
    DOMAIN,
    LANGUAGES,
    LOCALE_DIR,
    NNP_,
    NP_,
    SOURCE_LANGUAGE,
    Translator,
    translator,
)
from s3engine.i18n.formats import (
    decimal_symbol,
    format_date,
    format_list,
    format_number,
    format_percent,
)
from s3engine.i18n.texts import LanguageCode, Text, languages_of, pick

__all__ = [
    "DOMAIN",
    "LANGUAGES",
    "LOCALE_DIR",
    "NNP_",
    "NP_",
    "SOURCE_LANGUAGE",
    "LanguageCode",
    "Text",
    "Translator",
    "decimal_symbol",
    "format_date",
    "format_list",
    "format_number",
    "format_percent",
    "languages_of",
    "pick",
    "translator",
]
