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
    # The terminal survey (s3engine survey): everything a respondent reads besides the
    # questionnaire itself. Placeholders in braces are filled in by the survey.
    "survey.language": {
        "en": "Language",
        "de": "Sprache",
        "fr": "Langue",
        "it": "Lingua",
        "sl": "Jezik",
    },
    "survey.intro": {
        "en": "Your answers are saved after every question. You can stop at any time with "
        "Ctrl-C and continue later.",
        "de": "Ihre Antworten werden nach jeder Frage gespeichert. Sie können jederzeit mit "
        "Strg-C unterbrechen und später weitermachen.",
        "fr": "Vos réponses sont enregistrées après chaque question. Vous pouvez vous arrêter "
        "à tout moment avec Ctrl-C et reprendre plus tard.",
        "it": "Le risposte vengono salvate dopo ogni domanda. Può interrompere in qualsiasi "
        "momento con Ctrl-C e riprendere più tardi.",
        "sl": "Odgovori se shranijo po vsakem vprašanju. Kadar koli lahko prekinete s Ctrl-C "
        "in nadaljujete pozneje.",
    },
    "survey.consent.title": {
        "en": "Consent",
        "de": "Einwilligung",
        "fr": "Consentement",
        "it": "Consenso",
        "sl": "Privolitev",
    },
    "survey.consent.prompt": {
        "en": "Your decision",
        "de": "Ihre Entscheidung",
        "fr": "Votre décision",
        "it": "La Sua decisione",
        "sl": "Vaša odločitev",
    },
    "survey.consent.accept": {
        "en": "I agree",
        "de": "Ich bin einverstanden",
        "fr": "J'accepte",
        "it": "Acconsento",
        "sl": "Strinjam se",
    },
    "survey.consent.decline": {
        "en": "I do not agree (end the survey)",
        "de": "Ich bin nicht einverstanden (Umfrage beenden)",
        "fr": "Je refuse (fin de l'enquête)",
        "it": "Non acconsento (termina il questionario)",
        "sl": "Ne strinjam se (konec ankete)",
    },
    "survey.consent.declined": {
        "en": "You did not give your consent. The survey has ended and nothing has been stored.",
        "de": "Sie haben nicht eingewilligt. Die Umfrage ist beendet, es wurde nichts gespeichert.",
        "fr": "Vous n'avez pas donné votre consentement. L'enquête est terminée et aucune "
        "donnée n'a été enregistrée.",
        "it": "Non ha dato il Suo consenso. Il questionario è terminato e non è stato "
        "salvato nulla.",
        "sl": "Privolitve niste dali. Anketa je končana, nič ni bilo shranjeno.",
    },
    "survey.profile.title": {
        "en": "About you",
        "de": "Angaben zu Ihrer Person",
        "fr": "Vous concernant",
        "it": "Informazioni su di Lei",
        "sl": "O vas",
    },
    "survey.profile.region": {
        "en": "Which region do you answer for?",
        "de": "Für welche Region antworten Sie?",
        "fr": "Pour quelle région répondez-vous ?",
        "it": "Per quale regione risponde?",
        "sl": "Za katero regijo odgovarjate?",
    },
    "survey.profile.region_code": {
        "en": "The NUTS code of your region (for example AT31)",
        "de": "Der NUTS-Code Ihrer Region (z. B. AT31)",
        "fr": "Le code NUTS de votre région (par exemple AT31)",
        "it": "Il codice NUTS della Sua regione (ad esempio AT31)",
        "sl": "Koda NUTS vaše regije (na primer AT31)",
    },
    "survey.profile.region_invalid": {
        "en": "A NUTS code is two capital letters followed by up to three letters or digits, "
        "for example AT31.",
        "de": "Ein NUTS-Code besteht aus zwei Großbuchstaben und bis zu drei weiteren "
        "Buchstaben oder Ziffern, z. B. AT31.",
        "fr": "Un code NUTS se compose de deux lettres majuscules suivies d'au plus trois "
        "lettres ou chiffres, par exemple AT31.",
        "it": "Un codice NUTS è formato da due lettere maiuscole seguite da un massimo di tre "
        "lettere o cifre, ad esempio AT31.",
        "sl": "Koda NUTS je sestavljena iz dveh velikih črk in največ treh črk ali števk, "
        "na primer AT31.",
    },
    "survey.profile.region_search": {
        "en": "Type the name or the NUTS code of your region, or a part of it (for example "
        "Tirol or AT33)",
        "de": "Geben Sie den Namen oder den NUTS-Code Ihrer Region ein, auch nur einen Teil "
        "davon (z. B. Tirol oder AT33)",
        "fr": "Saisissez le nom ou le code NUTS de votre région, ou une partie de celui-ci (par "
        "exemple Tyrol ou AT33)",
        "it": "Scriva il nome o il codice NUTS della Sua regione, anche solo in parte (ad "
        "esempio Tirolo o AT33)",
        "sl": "Vpišite ime ali kodo NUTS svoje regije ali le njun del (na primer Tirolska ali "
        "AT33)",
    },
    "survey.profile.region_none": {
        "en": "No region is called or coded “{text}”. Try a part of its name or its NUTS code.",
        "de": "Keine Region heißt „{text}“ oder hat diesen Code. Versuchen Sie es mit einem "
        "Teil des Namens oder mit dem NUTS-Code.",
        "fr": "Aucune région ne porte le nom ou le code « {text} ». Essayez une partie de son "
        "nom ou son code NUTS.",
        "it": "Nessuna regione ha il nome o il codice «{text}». Provi con una parte del nome o "
        "con il codice NUTS.",
        "sl": "Nobena regija nima imena ali kode »{text}«. Poskusite z delom imena ali s kodo "
        "NUTS.",
    },
    "survey.profile.region_other": {
        "en": "Another region (search by name or code)",
        "de": "Eine andere Region (nach Name oder Code suchen)",
        "fr": "Une autre région (recherche par nom ou par code)",
        "it": "Un'altra regione (ricerca per nome o codice)",
        "sl": "Druga regija (iskanje po imenu ali kodi)",
    },
    "survey.profile.region_again": {
        "en": "↻ Search again",
        "de": "↻ Erneut suchen",
        "fr": "↻ Nouvelle recherche",
        "it": "↻ Nuova ricerca",
        "sl": "↻ Išči znova",
    },
    "survey.profile.group": {
        "en": "Which stakeholder group do you belong to?",
        "de": "Welcher Akteursgruppe gehören Sie an?",
        "fr": "À quel groupe d'acteurs appartenez-vous ?",
        "it": "A quale gruppo di portatori di interesse appartiene?",
        "sl": "Kateri skupini deležnikov pripadate?",
    },
    "survey.profile.organisation": {
        "en": "Your organisation (optional)",
        "de": "Ihre Organisation (freiwillig)",
        "fr": "Votre organisation (facultatif)",
        "it": "La Sua organizzazione (facoltativo)",
        "sl": "Vaša organizacija (neobvezno)",
    },
    "survey.profile.sector": {
        "en": "In which sector is your organisation mainly active?",
        "de": "In welcher Branche ist Ihre Organisation hauptsächlich tätig?",
        "fr": "Dans quel secteur votre organisation est-elle principalement active ?",
        "it": "In quale settore opera principalmente la Sua organizzazione?",
        "sl": "Na katerem področju večinoma deluje vaša organizacija?",
    },
    "survey.profile.label_region": {
        "en": "Region",
        "de": "Region",
        "fr": "Région",
        "it": "Regione",
        "sl": "Regija",
    },
    "survey.profile.label_group": {
        "en": "Stakeholder group",
        "de": "Akteursgruppe",
        "fr": "Groupe d'acteurs",
        "it": "Gruppo di portatori di interesse",
        "sl": "Skupina deležnikov",
    },
    "survey.profile.label_organisation": {
        "en": "Organisation",
        "de": "Organisation",
        "fr": "Organisation",
        "it": "Organizzazione",
        "sl": "Organizacija",
    },
    "survey.profile.label_sector": {
        "en": "Sector",
        "de": "Branche",
        "fr": "Secteur",
        "it": "Settore",
        "sl": "Področje",
    },
    "survey.section": {
        "en": "Section {k} of {n}",
        "de": "Abschnitt {k} von {n}",
        "fr": "Partie {k} sur {n}",
        "it": "Sezione {k} di {n}",
        "sl": "Sklop {k} od {n}",
    },
    "survey.question": {
        "en": "Question {i} of {m}",
        "de": "Frage {i} von {m}",
        "fr": "Question {i} sur {m}",
        "it": "Domanda {i} di {m}",
        "sl": "Vprašanje {i} od {m}",
    },
    "survey.required": {
        "en": "required",
        "de": "Pflichtfrage",
        "fr": "obligatoire",
        "it": "obbligatoria",
        "sl": "obvezno",
    },
    "survey.optional": {
        "en": "optional",
        "de": "freiwillig",
        "fr": "facultative",
        "it": "facoltativa",
        "sl": "neobvezno",
    },
    "survey.personal": {
        "en": "Personal data: kept only in your response file, never in any results.",
        "de": "Personenbezogene Angabe: Sie bleibt in Ihrer Antwortdatei und erscheint nie "
        "in Auswertungen.",
        "fr": "Donnée personnelle : elle reste dans votre fichier de réponses et n'apparaît "
        "jamais dans les résultats.",
        "it": "Dato personale: resta nel file delle Sue risposte e non compare mai nei risultati.",
        "sl": "Osebni podatek: ostane v datoteki z vašimi odgovori in se nikoli ne pojavi v "
        "rezultatih.",
    },
    "survey.back": {
        "en": "← Back to the previous question",
        "de": "← Zurück zur vorigen Frage",
        "fr": "← Revenir à la question précédente",
        "it": "← Torna alla domanda precedente",
        "sl": "← Nazaj na prejšnje vprašanje",
    },
    "survey.skip": {
        "en": "Skip this question",
        "de": "Frage überspringen",
        "fr": "Passer cette question",
        "it": "Salta questa domanda",
        "sl": "Preskoči vprašanje",
    },
    "survey.yes": {"en": "Yes", "de": "Ja", "fr": "Oui", "it": "Sì", "sl": "Da"},
    "survey.no": {"en": "No", "de": "Nein", "fr": "Non", "it": "No", "sl": "Ne"},
    "survey.keys.choose": {
        "en": "↑↓ choose",
        "de": "↑↓ auswählen",
        "fr": "↑↓ choisir",
        "it": "↑↓ per scegliere",
        "sl": "↑↓ izbira",
    },
    "survey.keys.digits": {
        "en": "{low}–{high} pick directly",
        "de": "{low}–{high} direkt wählen",
        "fr": "{low} à {high} pour choisir directement",
        "it": "{low}–{high} per scegliere direttamente",
        "sl": "{low}–{high} neposredna izbira",
    },
    "survey.keys.tick": {
        "en": "Space tick or untick",
        "de": "Leertaste an- oder abwählen",
        "fr": "Espace cocher ou décocher",
        "it": "Spazio per selezionare o deselezionare",
        "sl": "preslednica označi ali odznači",
    },
    "survey.keys.confirm": {
        "en": "Enter confirm",
        "de": "Enter bestätigen",
        "fr": "Entrée valider",
        "it": "Invio per confermare",
        "sl": "Enter potrdi",
    },
    "survey.keys.submit_multiline": {
        "en": "Enter new line · Ctrl-D or Alt-Enter to confirm",
        "de": "Enter neue Zeile · Strg-D oder Alt-Enter zum Bestätigen",
        "fr": "Entrée pour aller à la ligne · Ctrl-D ou Alt-Entrée pour valider",
        "it": "Invio per andare a capo · Ctrl-D o Alt-Invio per confermare",
        "sl": "Enter za novo vrstico · Ctrl-D ali Alt-Enter za potrditev",
    },
    "survey.keys.empty_skips": {
        "en": "leave empty to skip",
        "de": "leer lassen zum Überspringen",
        "fr": "laisser vide pour passer",
        "it": "lasciare vuoto per saltare",
        "sl": "pustite prazno za preskok",
    },
    "survey.keys.back": {
        "en": "Ctrl-B back",
        "de": "Strg-B zurück",
        "fr": "Ctrl-B retour",
        "it": "Ctrl-B per tornare indietro",
        "sl": "Ctrl-B nazaj",
    },
    "survey.keys.stop": {
        "en": "Ctrl-C save and stop",
        "de": "Strg-C speichern und beenden",
        "fr": "Ctrl-C enregistrer et arrêter",
        "it": "Ctrl-C per salvare e uscire",
        "sl": "Ctrl-C shrani in prekini",
    },
    "survey.number.invalid": {
        "en": "Please enter a number, for example {example}.",
        "de": "Bitte geben Sie eine Zahl ein, z. B. {example}.",
        "fr": "Veuillez saisir un nombre, par exemple {example}.",
        "it": "Inserisca un numero, ad esempio {example}.",
        "sl": "Vnesite število, na primer {example}.",
    },
    "survey.number.whole": {
        "en": "Please enter a whole number.",
        "de": "Bitte geben Sie eine ganze Zahl ein.",
        "fr": "Veuillez saisir un nombre entier.",
        "it": "Inserisca un numero intero.",
        "sl": "Vnesite celo število.",
    },
    "survey.number.min": {
        "en": "The number must be at least {min}.",
        "de": "Die Zahl muss mindestens {min} betragen.",
        "fr": "Le nombre doit être supérieur ou égal à {min}.",
        "it": "Il numero deve essere almeno {min}.",
        "sl": "Število mora biti vsaj {min}.",
    },
    "survey.number.max": {
        "en": "The number must be at most {max}.",
        "de": "Die Zahl darf höchstens {max} betragen.",
        "fr": "Le nombre doit être inférieur ou égal à {max}.",
        "it": "Il numero deve essere al massimo {max}.",
        "sl": "Število je lahko največ {max}.",
    },
    "survey.number.decimals": {
        "en": "The number of decimal places cannot exceed {decimals}.",
        "de": "Die Zahl der Nachkommastellen darf höchstens {decimals} betragen.",
        "fr": "Le nombre de décimales ne peut pas dépasser {decimals}.",
        "it": "Il numero di cifre decimali non può superare {decimals}.",
        "sl": "Število decimalnih mest je lahko največ {decimals}.",
    },
    "survey.number.range": {
        "en": "{min} to {max}",
        "de": "{min} bis {max}",
        "fr": "de {min} à {max}",
        "it": "da {min} a {max}",
        "sl": "od {min} do {max}",
    },
    "survey.number.at_least": {
        "en": "at least {min}",
        "de": "mindestens {min}",
        "fr": "au moins {min}",
        "it": "almeno {min}",
        "sl": "vsaj {min}",
    },
    "survey.number.at_most": {
        "en": "at most {max}",
        "de": "höchstens {max}",
        "fr": "au plus {max}",
        "it": "al massimo {max}",
        "sl": "največ {max}",
    },
    "survey.text.limit": {
        "en": "up to {max} characters",
        "de": "bis zu {max} Zeichen",
        "fr": "jusqu'à {max} caractères",
        "it": "fino a {max} caratteri",
        "sl": "največ {max} znakov",
    },
    "survey.text.too_long": {
        "en": "Please shorten your answer to {max} characters (it has {length}).",
        "de": "Bitte kürzen Sie Ihre Antwort auf {max} Zeichen (derzeit {length}).",
        "fr": "Veuillez raccourcir votre réponse à {max} caractères (actuellement {length}).",
        "it": "Accorci la risposta a {max} caratteri (ora sono {length}).",
        "sl": "Skrajšajte odgovor na največ {max} znakov (zdaj jih ima {length}).",
    },
    "survey.choose.at_least.one": {
        "en": "Please tick at least one option.",
        "de": "Bitte wählen Sie mindestens eine Antwort.",
        "fr": "Veuillez cocher au moins une réponse.",
        "it": "Selezioni almeno un'opzione.",
        "sl": "Izberite vsaj eno možnost.",
    },
    "survey.choose.at_least": {
        "en": "Please tick at least {n} options.",
        "de": "Bitte wählen Sie mindestens {n} Antworten.",
        "fr": "Veuillez cocher au moins {n} réponses.",
        "it": "Selezioni almeno {n} opzioni.",
        "sl": "Izberite vsaj {n} možnosti.",
    },
    "survey.choose.at_most.one": {
        "en": "Please tick only one option.",
        "de": "Bitte wählen Sie nur eine Antwort.",
        "fr": "Veuillez cocher une seule réponse.",
        "it": "Selezioni una sola opzione.",
        "sl": "Izberite samo eno možnost.",
    },
    "survey.choose.at_most": {
        "en": "Please tick no more than {n} options.",
        "de": "Bitte wählen Sie höchstens {n} Antworten.",
        "fr": "Veuillez cocher au plus {n} réponses.",
        "it": "Selezioni al massimo {n} opzioni.",
        "sl": "Izberite največ {n} možnosti.",
    },
    "survey.choose.range": {
        "en": "tick {low} to {high}",
        "de": "{low} bis {high} ankreuzen",
        "fr": "cochez de {low} à {high} réponses",
        "it": "selezioni da {low} a {high} opzioni",
        "sl": "označite od {low} do {high}",
    },
    "survey.rank.rule": {
        "en": "Put {low} to {high} options in order, the most important first.",
        "de": "Bringen Sie {low} bis {high} Optionen in eine Reihenfolge, die wichtigste zuerst.",
        "fr": "Classez de {low} à {high} options, la plus importante en premier.",
        "it": "Ordini da {low} a {high} opzioni, a partire dalla più importante.",
        "sl": "Razvrstite od {low} do {high} možnosti, najpomembnejšo na prvo mesto.",
    },
    "survey.rank.rule_exact": {
        "en": "Put {high} options in order, the most important first.",
        "de": "Bringen Sie {high} Optionen in eine Reihenfolge, die wichtigste zuerst.",
        "fr": "Classez {high} options, la plus importante en premier.",
        "it": "Ordini {high} opzioni, a partire dalla più importante.",
        "sl": "Razvrstite {high} možnosti, najpomembnejšo na prvo mesto.",
    },
    "survey.rank.place": {
        "en": "Place {rank}",
        "de": "Platz {rank}",
        "fr": "Rang {rank}",
        "it": "Posizione {rank}",
        "sl": "Mesto {rank}",
    },
    "survey.rank.so_far": {
        "en": "Your ranking so far",
        "de": "Ihre bisherige Reihenfolge",
        "fr": "Votre classement jusqu'ici",
        "it": "La Sua classifica finora",
        "sl": "Vaš dosedanji vrstni red",
    },
    "survey.rank.done": {
        "en": "Done: keep this ranking",
        "de": "Fertig: diese Reihenfolge übernehmen",
        "fr": "Terminé : garder ce classement",
        "it": "Fatto: conferma questa classifica",
        "sl": "Končano: potrdi ta vrstni red",
    },
    "survey.rank.undo": {
        "en": "Undo the last choice",
        "de": "Letzte Wahl rückgängig machen",
        "fr": "Annuler le dernier choix",
        "it": "Annulla l'ultima scelta",
        "sl": "Razveljavi zadnjo izbiro",
    },
    "survey.skipped": {
        "en": "skipped",
        "de": "übersprungen",
        "fr": "passée",
        "it": "saltata",
        "sl": "preskočeno",
    },
    "survey.unanswered": {
        "en": "not answered yet",
        "de": "noch nicht beantwortet",
        "fr": "pas encore de réponse",
        "it": "non ancora risposta",
        "sl": "še brez odgovora",
    },
    "survey.review.title": {
        "en": "Review your answers",
        "de": "Ihre Antworten im Überblick",
        "fr": "Vérifiez vos réponses",
        "it": "Controlli le Sue risposte",
        "sl": "Preglejte svoje odgovore",
    },
    "survey.review.question": {
        "en": "Question",
        "de": "Frage",
        "fr": "Question",
        "it": "Domanda",
        "sl": "Vprašanje",
    },
    "survey.review.answer": {
        "en": "Answer",
        "de": "Antwort",
        "fr": "Réponse",
        "it": "Risposta",
        "sl": "Odgovor",
    },
    "survey.review.what": {
        "en": "What would you like to do?",
        "de": "Wie möchten Sie fortfahren?",
        "fr": "Que souhaitez-vous faire ?",
        "it": "Come desidera procedere?",
        "sl": "Kaj želite storiti?",
    },
    "survey.review.submit": {
        "en": "Submit my answers",
        "de": "Antworten absenden",
        "fr": "Envoyer mes réponses",
        "it": "Invia le risposte",
        "sl": "Oddaj odgovore",
    },
    "survey.review.change": {
        "en": "Change an answer",
        "de": "Eine Antwort ändern",
        "fr": "Modifier une réponse",
        "it": "Modifica una risposta",
        "sl": "Spremeni odgovor",
    },
    "survey.review.later": {
        "en": "Save and continue later",
        "de": "Speichern und später fortsetzen",
        "fr": "Enregistrer et continuer plus tard",
        "it": "Salva e continua più tardi",
        "sl": "Shrani in nadaljuj pozneje",
    },
    "survey.review.which": {
        "en": "Which answer would you like to change?",
        "de": "Welche Antwort möchten Sie ändern?",
        "fr": "Quelle réponse souhaitez-vous modifier ?",
        "it": "Quale risposta desidera modificare?",
        "sl": "Kateri odgovor želite spremeniti?",
    },
    "survey.review.return": {
        "en": "← Back to the overview",
        "de": "← Zurück zur Übersicht",
        "fr": "← Retour au récapitulatif",
        "it": "← Torna al riepilogo",
        "sl": "← Nazaj na pregled",
    },
    "survey.submitted": {
        "en": "Thank you! Your answers are complete and saved in {path}.",
        "de": "Vielen Dank! Ihre Antworten sind vollständig und in {path} gespeichert.",
        "fr": "Merci ! Vos réponses sont complètes et enregistrées dans {path}.",
        "it": "Grazie! Le Sue risposte sono complete e salvate in {path}.",
        "sl": "Hvala! Vaši odgovori so popolni in shranjeni v {path}.",
    },
    "survey.kept_typed": {
        "en": "What you were typing for “{question}” is kept as its answer; you can change "
        "it before submitting.",
        "de": "Ihre begonnene Antwort auf „{question}“ ist gespeichert; Sie können sie vor dem "
        "Absenden noch ändern.",
        "fr": "Ce que vous étiez en train de saisir pour « {question} » est conservé comme "
        "réponse ; vous pourrez le modifier avant l'envoi.",
        "it": "Quanto stava scrivendo per «{question}» è conservato come risposta; potrà "
        "modificarlo prima dell'invio.",
        "sl": "Kar ste vpisovali pri vprašanju »{question}«, je shranjeno kot odgovor; pred "
        "oddajo ga lahko še spremenite.",
    },
    "survey.removes": {
        "en": "This change removes your answers to these questions ({n}):",
        "de": "Diese Änderung entfernt Ihre Antworten auf folgende Fragen ({n}):",
        "fr": "Cette modification supprime vos réponses aux questions suivantes ({n}) :",
        "it": "Questa modifica elimina le Sue risposte alle seguenti domande ({n}):",
        "sl": "S to spremembo se odstranijo vaši odgovori na ta vprašanja ({n}):",
    },
    "survey.removes.prompt": {
        "en": "Make the change?",
        "de": "Änderung vornehmen?",
        "fr": "Effectuer la modification ?",
        "it": "Applicare la modifica?",
        "sl": "Želite izvesti spremembo?",
    },
    "survey.removes.apply": {
        "en": "Yes, change it (changing it back brings those answers back)",
        "de": "Ja, ändern (ändern Sie sie zurück, sind diese Antworten wieder da)",
        "fr": "Oui, modifier (revenir à la réponse précédente rétablit ces réponses)",
        "it": "Sì, modificare (ripristinando la risposta precedente tornano anche queste)",
        "sl": "Da, spremeni (če spremembo prekličete, se ti odgovori vrnejo)",
    },
    "survey.removes.keep": {
        "en": "No, keep my previous answer",
        "de": "Nein, bisherige Antwort beibehalten",
        "fr": "Non, garder ma réponse précédente",
        "it": "No, mantenere la risposta precedente",
        "sl": "Ne, obdrži prejšnji odgovor",
    },
    "survey.stopped": {
        "en": "The survey has been interrupted.",
        "de": "Die Umfrage wurde unterbrochen.",
        "fr": "L'enquête a été interrompue.",
        "it": "Il questionario è stato interrotto.",
        "sl": "Anketa je bila prekinjena.",
    },
    "survey.saved_partial": {
        "en": "Your answers so far are saved in {path}.",
        "de": "Ihre bisherigen Antworten sind in {path} gespeichert.",
        "fr": "Vos réponses jusqu'ici sont enregistrées dans {path}.",
        "it": "Le risposte date finora sono salvate in {path}.",
        "sl": "Vaši dosedanji odgovori so shranjeni v {path}.",
    },
    "survey.resume_hint": {
        "en": "To continue where you stopped, run:",
        "de": "Um dort weiterzumachen, wo Sie aufgehört haben, geben Sie ein:",
        "fr": "Pour reprendre là où vous vous êtes arrêté, lancez :",
        "it": "Per riprendere da dove si è fermato, esegua:",
        "sl": "Za nadaljevanje tam, kjer ste končali, zaženite:",
    },
    "survey.nothing_saved": {
        "en": "Stopped before the questions began: nothing has been stored.",
        "de": "Vor Beginn der Fragen abgebrochen: Es wurde nichts gespeichert.",
        "fr": "Interrompu avant le début des questions : rien n'a été enregistré.",
        "it": "Interrotto prima dell'inizio delle domande: non è stato salvato nulla.",
        "sl": "Prekinjeno pred začetkom vprašanj: nič ni bilo shranjeno.",
    },
    "survey.resumed": {
        "en": "Welcome back! We continue with question {i} of {m}.",
        "de": "Willkommen zurück! Es geht weiter mit Frage {i} von {m}.",
        "fr": "Bon retour ! Nous reprenons à la question {i} sur {m}.",
        "it": "Bentornati! Riprendiamo dalla domanda {i} di {m}.",
        "sl": "Dobrodošli nazaj! Nadaljujemo z vprašanjem {i} od {m}.",
    },
    "survey.resumed_review": {
        "en": "Welcome back! All questions are answered; here is the overview.",
        "de": "Willkommen zurück! Alle Fragen sind beantwortet, hier ist die Übersicht.",
        "fr": "Bon retour ! Toutes les questions ont une réponse ; voici le récapitulatif.",
        "it": "Bentornati! Tutte le domande hanno una risposta; ecco il riepilogo.",
        "sl": "Dobrodošli nazaj! Vsa vprašanja so odgovorjena, tu je pregled.",
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
