"""Texts in several languages, and the texts s3engine itself shows in all of them.

A text in a questionnaire, model or catalogue is either one string (written in the file's
default language) or a mapping from language code to string. Readers ask for a language and
fall back to the default language, then to any language the text has.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated

from pydantic import StringConstraints

LanguageCode = Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}(-[A-Z]{2})?$")]
Text = str | dict[LanguageCode, str]

#: The languages of the Alpine Space regions, in which s3engine ships all its own texts.
SHIPPED_LANGUAGES = ("en", "de", "fr", "it", "sl")


def pick(text: Text | None, lang: str, default: str) -> str:
    """The text in `lang`, else in `default`, else in any language it has, else ''."""
    if text is None:
        return ""
    if isinstance(text, str):
        return text
    for code in (lang, default):
        value = text.get(code)
        if value:
            return value
    return next((value for value in text.values() if value), "")


def languages_of(text: Text | None, default: str) -> set[str]:
    """The languages a text is written in (a plain string counts as the default language)."""
    if text is None:
        return set()
    if isinstance(text, str):
        return {default} if text.strip() else set()
    return {code for code, value in text.items() if value and value.strip()}


def builtin(key: str, lang: str) -> str:
    """One of s3engine's own texts in `lang` (English when it has no translation)."""
    entry = BUILTIN_TEXTS[key]
    return entry.get(lang) or entry["en"]


def builtin_text(key: str) -> dict[str, str]:
    return dict(BUILTIN_TEXTS[key])


BUILTIN_TEXTS: Mapping[str, Mapping[str, str]] = {
    # The quadruple helix: the default stakeholder groups.
    "group.government": {
        "en": "Government and public administration",
        "de": "Politik und öffentliche Verwaltung",
        "fr": "Pouvoirs publics et administration",
        "it": "Governo e pubblica amministrazione",
        "sl": "Javna uprava in politika",
    },
    "group.industry": {
        "en": "Industry and business",
        "de": "Wirtschaft und Unternehmen",
        "fr": "Industrie et entreprises",
        "it": "Industria e imprese",
        "sl": "Gospodarstvo in podjetja",
    },
    "group.academia": {
        "en": "Academia and research",
        "de": "Hochschulen und Forschung",
        "fr": "Enseignement supérieur et recherche",
        "it": "Università e ricerca",
        "sl": "Akademska sfera in raziskovanje",
    },
    "group.civil_society": {
        "en": "Civil society",
        "de": "Zivilgesellschaft",
        "fr": "Société civile",
        "it": "Società civile",
        "sl": "Civilna družba",
    },
    # Sectors: the four Alps4EU meta-cluster sectors first, then other frequent S3 domains.
    "sector.energy_green_tech": {
        "en": "Energy and green technologies",
        "de": "Energie und Umwelttechnologien",
        "fr": "Énergie et technologies vertes",
        "it": "Energia e tecnologie verdi",
        "sl": "Energija in zelene tehnologije",
    },
    "sector.mechatronics_engineering": {
        "en": "Mechatronics and engineering",
        "de": "Mechatronik und Maschinenbau",
        "fr": "Mécatronique et ingénierie",
        "it": "Meccatronica e ingegneria",
        "sl": "Mehatronika in strojništvo",
    },
    "sector.chemistry_materials": {
        "en": "Chemistry and new materials",
        "de": "Chemie und neue Werkstoffe",
        "fr": "Chimie et nouveaux matériaux",
        "it": "Chimica e nuovi materiali",
        "sl": "Kemija in novi materiali",
    },
    "sector.ict": {
        "en": "Information and communication technologies",
        "de": "Informations- und Kommunikationstechnologien",
        "fr": "Technologies de l'information et de la communication",
        "it": "Tecnologie dell'informazione e della comunicazione",
        "sl": "Informacijske in komunikacijske tehnologije",
    },
    "sector.health_life_sciences": {
        "en": "Health and life sciences",
        "de": "Gesundheit und Life Sciences",
        "fr": "Santé et sciences de la vie",
        "it": "Salute e scienze della vita",
        "sl": "Zdravje in znanosti o življenju",
    },
    "sector.agrifood": {
        "en": "Agri-food",
        "de": "Land- und Lebensmittelwirtschaft",
        "fr": "Agroalimentaire",
        "it": "Agroalimentare",
        "sl": "Kmetijstvo in živilstvo",
    },
    "sector.wood_construction": {
        "en": "Wood, forestry and sustainable construction",
        "de": "Holz, Forst und nachhaltiges Bauen",
        "fr": "Bois, forêt et construction durable",
        "it": "Legno, foreste ed edilizia sostenibile",
        "sl": "Les, gozdarstvo in trajnostna gradnja",
    },
    "sector.mobility_logistics": {
        "en": "Mobility and logistics",
        "de": "Mobilität und Logistik",
        "fr": "Mobilité et logistique",
        "it": "Mobilità e logistica",
        "sl": "Mobilnost in logistika",
    },
    "sector.tourism_creative": {
        "en": "Tourism, culture and creative industries",
        "de": "Tourismus, Kultur- und Kreativwirtschaft",
        "fr": "Tourisme, culture et industries créatives",
        "it": "Turismo, cultura e industrie creative",
        "sl": "Turizem, kultura in kreativne industrije",
    },
    "sector.other": {
        "en": "Other",
        "de": "Sonstiges",
        "fr": "Autre",
        "it": "Altro",
        "sl": "Drugo",
    },
    # Messages shown to respondents when a questionnaire does not define its own.
    "answer.required": {
        "en": "An answer is required.",
        "de": "Bitte beantworten Sie diese Frage.",
        "fr": "Une réponse est requise.",
        "it": "È richiesta una risposta.",
        "sl": "Odgovor je obvezen.",
    },
    "answer.constraint": {
        "en": "This answer does not meet the question's conditions.",
        "de": "Diese Antwort erfüllt die Bedingungen der Frage nicht.",
        "fr": "Cette réponse ne respecte pas les conditions de la question.",
        "it": "Questa risposta non rispetta le condizioni della domanda.",
        "sl": "Odgovor ne izpolnjuje pogojev vprašanja.",
    },
}

DEFAULT_GROUPS = ("government", "industry", "academia", "civil_society")
DEFAULT_SECTORS = (
    "energy_green_tech",
    "mechatronics_engineering",
    "chemistry_materials",
    "ict",
    "health_life_sciences",
    "agrifood",
    "wood_construction",
    "mobility_logistics",
    "tourism_creative",
    "other",
)
