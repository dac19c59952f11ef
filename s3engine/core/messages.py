"""Every message template s3engine prints about input files, in one place, with its code.

A finding's message is `Message(code, English text)`: the code is stable (kebab-case; what it
means and what to do is in docs/errors.md, which a test keeps complete), the text is the
gettext source of its translations (s3engine/i18n/locale). `M.X.format(**values)` gives the
English text, which remembers its values, so the survey and `--lang` show it translated.
Parts of messages (hints, meanings) are `Phrase`s: translated, without a code.
Tests format the same templates, so a reworded message changes in one spot.

A message quotes the value found at its finding's place (a cell, a key's value) as `{value}`;
a template that quotes it by another name, or also quotes what it works out of that value
alone, says so (`quotes=("region",)`, `quotes=("value", "number")`). Problems of many rows
that differ only in those values are one problem, listed for its first rows and counted
(templates.Template.quotes, core.findings.kind_of); any other value keeps them apart (the
other form version a row answers is `{found}`, never `{value}`).
"""

import errno

from s3engine.core.templates import Message, Phrase, Template

# Files
FILE_NOT_FOUND = Message("file-not-found", "no such file; check the path")
FILE_UNREADABLE = Message("file-unreadable", "cannot read the file: {reason}")
FOLDER_UNREADABLE = Message("folder-unreadable", "cannot read the folder: {reason}")
IS_A_DIRECTORY = Message("is-a-directory", "is a folder, not a file")
#: One message for each kind of file, not "the {what} is": a word filled into a sentence
#: cannot take the gender and case the sentence gives it in German, French or Slovenian.
FILE_TOO_LARGE = Message(
    "file-too-large",
    "the file is {size}, larger than the limit of {limit}; split it or check it is the right file",
)
RESPONSE_FILE_TOO_LARGE = Message(
    "file-too-large",
    "the response file is {size}, larger than the limit of {limit} for one response; check it "
    "is the right file",
)
DATA_FILE_TOO_LARGE = Message(
    "file-too-large",
    "the data file is {size}, larger than the limit of {limit}; download only the regions, "
    "years and series the model uses, or check it is the right file",
)
EXPORT_TOO_LARGE = Message(
    "file-too-large",
    "the export is {size}, larger than the limit of {limit}; split it or check it is the "
    "right file",
)
CONTACT_LIST_TOO_LARGE = Message(
    "file-too-large",
    "the contact list is {size}, larger than the limit of {limit}; split it or check it is "
    "the right file",
)
NOT_UTF8 = Message(
    "not-utf8", "the file is not UTF-8 text (byte 0x{byte:02X} here); save it as UTF-8"
)
#: The {reason} of FILE_UNREADABLE for a file whose every line is UTF-8 on its own.
NOT_UTF8_SOMEWHERE = Phrase("it is not UTF-8 text; save it as UTF-8")
NOT_UTF8_BUT_UTF16 = Message(
    "not-utf8-but-utf16",
    'the file is UTF-16 text (what some programs call "Unicode"), not UTF-8; save it as UTF-8 '
    '(from a spreadsheet: "CSV UTF-8")',
)

# YAML syntax and safety
YAML_TAB = Message(
    "yaml-tab",
    "a tab character is used for indentation; YAML allows spaces only: replace the tab with spaces",
)
YAML_TRUNCATED = Message(
    "yaml-truncated", "the file ends in the middle of a value ({problem}); is it complete?"
)
YAML_MULTIPLE_DOCUMENTS = Message(
    "yaml-multiple-documents", "the file holds more than one YAML document (---); keep one per file"
)
YAML_SYNTAX = Message("yaml-syntax", "invalid YAML: {problem}")
YAML_BAD_CHARACTER = Message(
    "yaml-bad-character",
    "the file contains a character YAML does not allow ({character}); remove it",
)
TOO_DEEP = Message(
    "too-deep", "values are nested more than {limit} levels deep; this is not a file s3engine reads"
)
YAML_ALIAS_BOMB = Message(
    "yaml-alias-bomb",
    "aliases (*name) expand this document to more than {limit:,} values; refusing to load it",
)
YAML_RECURSIVE_ALIAS = Message(
    "yaml-recursive-alias", "an alias refers to the value that contains it; remove the recursion"
)
YAML_UNSUPPORTED_TAG = Message(
    "yaml-unsupported-tag",
    "the YAML tag {tag} is not allowed here; write plain values without tags",
)
YAML_DUPLICATE_KEY = Message(
    "duplicate-key", "the key '{key}' is given twice (first on line {first}); keep one"
)
YAML_COMPLEX_KEY = Message("yaml-complex-key", "keys must be plain values, not lists or mappings")
YAML_BAD_MERGE = Message("yaml-bad-merge", "a merge key (<<) takes a mapping or a list of mappings")
YAML_NOT_MAPPING = Message(
    "yaml-not-mapping", "the file must be a YAML mapping (key: value lines) at the top, not {found}"
)
YAML_EMPTY = Message("yaml-empty", "the file is empty")
YAML_UNDEFINED_ALIAS = Message(
    "yaml-undefined-alias",
    "the alias *{name} has no anchor &{name} before it; define the anchor first",
)
YAML_TOO_MANY_VALUES = Message(
    "yaml-too-many-values",
    "the document holds more than {limit:,} values; this is not a file s3engine reads",
)
YAML_BAD_SCALAR = Message(
    "yaml-bad-scalar", "'{value}' cannot be read as {kind}; put quotes around it to keep it as text"
)
YAML_EXPANDS_TOO_MUCH = Message(
    "yaml-expands-too-much",
    "aliases (*name) repeat more than {limit:,} characters of text in this document; "
    "refusing to load it",
)

#: Follows the last of the first MAX_FINDINGS_OF_A_KIND findings of one kind in a file, when
#: there are more: the others are counted, not listed (core.findings.more_of_a_kind).
MORE_OF_A_KIND = Phrase(" (and {count:,} more of this kind in this file, not listed)")
#: After the first problem of a file another one needs (a model's questionnaire): how many
#: it has, written so that no plural form is needed.
PROBLEMS_IN_ALL = Phrase(" (problems in all: {count:,})")

# Shipped files named without a path
#: A path given on the command line that leads nowhere: "responses/: no such file or folder".
NO_SUCH_PATH = Phrase("no such file or folder")
RESOURCE_NOT_FOUND = Message(
    "resource-not-found", "{spec}: no such file or folder, and no shipped file of that name{hint}"
)
DID_YOU_MEAN = Phrase("; did you mean '{name}'?")
RESOURCE_KNOWN = Phrase("; shipped {kind}: {names}")
CHECK_EMPTY_FOLDER = Message(
    "check-empty-folder", "{spec}: the folder holds no .yaml, .yml, .json or .jsonl files"
)

# Schema (pydantic) problems, re-worded
UNKNOWN_KEY = Message("unknown-key", "unknown key '{key}'")
UNKNOWN_KEY_HINT = Message("unknown-key", "unknown key '{key}'; did you mean '{suggestion}'?")
UNKNOWN_KEY_ALLOWED = Message("unknown-key", "unknown key '{key}'; allowed here: {allowed}")
MISSING_KEY = Message("missing-key", "the key '{key}' is required here")
UNKNOWN_TYPE = Message("unknown-type", "unknown {what} '{value}'; use one of {allowed}")
UNKNOWN_TYPE_HINT = Message(
    "unknown-type", "unknown {what} '{value}'; did you mean '{suggestion}'?"
)
#: The codes of the schema problems told in pydantic's own words, by pydantic's error type;
#: see `schema_code`.
SCHEMA_CODES = {
    "string_pattern_mismatch": "bad-pattern",
    "greater_than": "out-of-range",
    "greater_than_equal": "out-of-range",
    "less_than": "out-of-range",
    "less_than_equal": "out-of-range",
    "too_short": "wrong-length",
    "too_long": "wrong-length",
    "string_too_short": "wrong-length",
    "string_too_long": "wrong-length",
    "literal_error": "not-allowed",
    "enum": "not-allowed",
}
#: Every "the value has the wrong type" error (`int_type`, `float_parsing`, `date_from_...`).
SCHEMA_WRONG_TYPE = "wrong-type"
#: Any other rule of a file's model that a value breaks.
SCHEMA_INVALID = "invalid-value"


def schema_code(kind: str) -> str:
    """The stable code of a pydantic error type (pydantic's own names are snake_case and may
    change between its releases)."""
    if kind in SCHEMA_CODES:
        return SCHEMA_CODES[kind]
    if kind.endswith(("_type", "_parsing")) or kind.startswith(("date", "time", "datetime")):
        return SCHEMA_WRONG_TYPE
    return SCHEMA_INVALID


#: What the key that picks a form is called in UNKNOWN_TYPE (by the key; others: "kind").
UNKNOWN_TYPE_WHAT = {"type": Phrase("question type"), "method": Phrase("normalisation method")}
QUOTE_BOOL = Message(
    "quote-bool",
    "{problem} (YAML reads yes/no/on/off/true/false as true or false: put quotes around '{value}')",
)
NO_VALUE = Message("no-value", "no value is given here; {problem}")
BAD_PATTERN = Message("bad-pattern", "'{value}' is not valid here: {hint}")
KEY_LOOKS_LIKE_TEXT = Message(
    "key-looks-like-text",
    "'{value}' is read as a key: in {{en: ..., de: ...}} a comma starts a new entry, "
    "so put a text that holds a comma in quotes",
)
#: What a value matching each pattern of the file models looks like (a test checks that
#: every pattern used in a model has its hint here).
PATTERN_HINTS = {
    r"^[A-Za-z][A-Za-z0-9_\-]*$": Phrase("an id is a letter, then letters, digits, _ or -"),
    r"^[A-Za-z0-9][A-Za-z0-9_\-]*$": Phrase("an option value holds only letters, digits, _ and -"),
    r"^[A-Z]{2}[A-Z0-9]{0,3}$": Phrase("a region is its NUTS code in capitals, such as AT31"),
    r"^[a-z]{2,3}(-[A-Z]{2})?$": Phrase(
        "a language is a lower-case code such as en, de, fr, it, sl"
    ),
    r"^sha256:[0-9a-f]{64}$": Phrase("expected sha256: followed by 64 hexadecimal digits"),
    r"^[A-Za-z0-9_\-]{4,64}$": Phrase("4 to 64 letters, digits, _ or -"),
    r"^[A-Za-z0-9][A-Za-z0-9_.\-]{0,39}$": Phrase(
        "a wave is a year (2026) or up to 40 letters, digits, '-', '_' and '.' (spring-2026)"
    ),
    r"^[12][0-9]{3}(-(0[1-9]|1[0-2]))?(/[12][0-9]{3}(-(0[1-9]|1[0-2]))?)?$": Phrase(
        "a period is a year (2026), a month (2026-04) or a range (2026-03/2026-05)"
    ),
    r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]*$": (
        Phrase(
            "it holds a control character (such as an escape sequence), which a terminal would "
            "act on; remove it"
        )
    ),
}

#: A message about one place that names it first: "--region AT34: ...", "respondent 7: ...".
AT = Phrase("{where}: {problem}")
#: Where a refusal of a response is said, in place of a key path: the respondent it is about
#: (`responses.jsonl:12 respondent 7: respondent.group: ...`).
RESPONDENT = Phrase("respondent {id}")
UNKNOWN_FILE_KIND = Message(
    "unknown-file-kind",
    "cannot tell what kind of file this is: expected one of the top-level keys {markers}",
)

# Questionnaire checks
REGION_LISTED_TWICE = Message(
    "region-listed-twice", "the region {code} is listed {count} times; keep one"
)
#: Said at the key path of the id (sections.2.id, dimensions.0.indicators.3.id), which
#: says whose id it is: the message names no kind of thing, which a translation would have
#: to decline.
DUPLICATE_ID = Message(
    "duplicate-id", "'{id}' is used twice (first at line {first}); it must be unique here"
)
DUPLICATE_OPTION = Message(
    "duplicate-option", "the option value '{value}' is used twice in this list"
)
TOO_FEW_OPTIONS = Message("too-few-options", "a list of options needs at least two options")
UNKNOWN_QUESTION = Message("unknown-question", "refers to the unknown question '{ref}'")
UNKNOWN_QUESTION_HINT = Message(
    "unknown-question", "refers to the unknown question '{ref}'; did you mean '{suggestion}'?"
)
FORWARD_REFERENCE = Message(
    "forward-reference",
    "refers to '{ref}', which comes later (line {line}); "
    "conditions may only refer to earlier questions",
)
SELF_REFERENCE = Message(
    "self-reference", "refers to its own question '{ref}'; a question cannot depend on itself"
)
CONDITION_NEEDS_QUESTION = Message(
    "condition-needs-question",
    "this condition needs 'question:' naming the earlier question it depends on",
)
UNKNOWN_OPTION = Message(
    "unknown-option", "'{value}' is not an option of question '{ref}' (options: {options})"
)
UNKNOWN_OPTION_HINT = Message(
    "unknown-option", "'{value}' is not an option of question '{ref}'; did you mean '{suggestion}'?"
)
BAD_OPERATOR_FOR_TYPE = Message(
    "bad-operator-for-type", "'{op}' cannot be used on the {qtype} question '{ref}'{hint}"
)
BAD_VALUE_FOR_TYPE = Message(
    "bad-value-for-type",
    "'{value}' cannot be compared with the {qtype} question '{ref}': {expected}",
)
SCALE_POINT_UNKNOWN = Message(
    "scale-point-unknown",
    "{value} is not a point of the scale of question '{ref}' ({low} to {high})",
)
UNKNOWN_LIST = Message(
    "unknown-list", "there is no choice list named '{name}' under choice_lists{hint}"
)
UNKNOWN_SCALE = Message("unknown-scale", "there is no scale named '{name}' under scales{hint}")
SCALE_BOUNDS = Message(
    "scale-bounds", "the scale's min ({low}) must be smaller than its max ({high})"
)
SCALE_POINTS = Message(
    "scale-points",
    "the scale needs exactly one labelled point for every value from {low} to {high}; {problem}",
)
SCALE_MISSING_OUTSIDE = Message(
    "scale-missing-outside", "the 'no information' point {value} is not one of the scale's points"
)
NUMBER_BOUNDS = Message("number-bounds", "min ({low}) must not be larger than max ({high})")
SELECTION_BOUNDS = Message(
    "selection-bounds", "{what} ({value}) cannot exceed the {limit} ({bound})"
)
#: The same bound set by the options a question has (no key names it, so it is said in words).
SELECTION_BOUNDS_OPTIONS = Message(
    "selection-bounds", "{what} ({value}) cannot exceed the number of options ({bound})"
)
UNKNOWN_GROUP = Message(
    "unknown-group", "'{group}' is not a stakeholder group of this questionnaire (groups: {groups})"
)
DEFAULT_LANGUAGE_NOT_LISTED = Message(
    "default-language-not-listed",
    "the default language '{lang}' is not among the languages {languages}",
)
DUPLICATE_LANGUAGE = Message("duplicate-language", "the language '{lang}' is listed twice")
MISSING_TRANSLATION = Message(
    "missing-translation", "no {lang} text; {default} will be shown instead"
)
MISSING_TRANSLATIONS_SUMMARY = Message(
    "missing-translations-summary", "{count} texts have no {lang} translation"
)
FIRST_IS_HERE = Phrase(" (the first is here)")
MISSING_DEFAULT_TEXT = Message("missing-default-text", "no text in the default language '{lang}'")
EXTRA_LANGUAGE = Message(
    "extra-language",
    "text in '{lang}', which is not among the questionnaire's languages {languages}",
)
EMPTY_TEXT = Message("empty-text", "the text is empty")
UNUSED_LIST = Message("unused-list", "the choice list '{name}' is not used by any question")
UNUSED_SCALE = Message("unused-scale", "the scale '{name}' is not used by any question")
VERSION_AS_NUMBER = Message(
    "version-as-number",
    "the version is read as the number {value}, which can change it (1.10 reads as 1.1); "
    'put it in quotes, such as version: "1.0"',
)

# Regional statistics (CSV data sources of scoring models)
#: An empty name in a list of a data file's column names or of a column's values.
UNNAMED_COLUMN = Phrase("(unnamed)")
#: The first names of a long list of a data file's columns or values, and how many more.
NAMES_AND_COUNT_MORE = Phrase("{names} and {count:,} more")
#: The first names of a list whose length is not known (reading stopped at a limit).
NAMES_AND_MORE = Phrase("{names} and more")
DATA_EMPTY = Message("data-empty", "the file is empty; download the data again")
DATA_HEADER_BLANK = Message(
    "data-header-blank", "the first line is empty; the column names must be on line 1"
)
DATA_NO_ROWS = Message(
    "data-no-rows", "the file has column names but no data rows; download the data again"
)
DATA_TSV = Message(
    "data-tsv",
    "this is Eurostat's tab-separated (TSV) layout, with the years as columns; "
    "download the data as CSV (SDMX-CSV) instead",
)
DATA_LAYOUT_UNKNOWN = Message(
    "data-layout-unknown",
    "cannot tell the layout of this file: a Eurostat CSV has the columns geo, TIME_PERIOD "
    "(or time) and OBS_VALUE (or obs_value), and a wide CSV needs 'value:' in the data source, "
    "naming the column that holds the statistic; columns found: {found}",
)
DATA_EUROSTAT_COLUMNS = Message(
    "data-eurostat-columns",
    "expected a Eurostat CSV (the short layout freq,unit,geo,time,obs_value, or SDMX-CSV with "
    "geo, TIME_PERIOD and OBS_VALUE), but the header has no {missing}; columns found: {found}. "
    "Is it the right file? A table with one row per region is read with format: wide",
)
DATA_LABEL_PAIRS = Message(
    "data-label-pairs",
    "expected SDMX-CSV with labels, where every code column is followed by its label column, "
    "but {problem}; download the file again",
)
DATA_WIDE_COLUMN = Message(
    "data-wide-column",
    "expected a wide CSV with a column '{column}' holding {role}, but the header has none"
    "{hint}; columns found: {found}",
)
DATA_DUPLICATE_COLUMN = Message(
    "data-duplicate-column",
    "the column name '{column}' is used twice in the header (columns {first} and {second}); "
    "rename or remove one",
)
DATA_ROW_LENGTH = Message(
    "data-row-length", "this row has {found} fields where the header has {expected}; {advice}"
)
DATA_ROW_CUT = Phrase("the file seems cut off here: download it again")
DATA_ROW_FIX = Phrase(
    "look for a missing or extra delimiter ('{delimiter}'), or a value containing one "
    "without quotes around it"
)
DATA_CSV_SYNTAX = Message(
    "data-csv-syntax", "the CSV cannot be read here ({problem}); check the quotes on this line"
)
#: Why the csv module could not read a line (its errors, said in words: csv_problem).
CSV_NOT_AFTER_QUOTE = Phrase(
    "a quote closes a quoted value but is not followed by the delimiter {delimiter}: a quote "
    'inside a value is written twice ("")'
)
#: The tab as a delimiter, in CSV_NOT_AFTER_QUOTE (the others are shown in quotes).
CSV_TAB = Phrase("(a tab)")
CSV_FIELD_LIMIT = Phrase(
    "a value is longer than {limit} characters, more than s3engine reads in one value; if none "
    "is that long, a quote is not closed and the lines after it were read as one value"
)
DATA_CSV_END_IN_QUOTES = Message(
    "data-csv-end-in-quotes",
    "the file ends inside a quoted value: a closing quote is missing, or the file is cut off",
)
DATA_NOT_NUMBER = Message(
    "data-not-number",
    "'{value}' is not a number; write a number such as 12.5 (a Eurostat flag may follow, as in "
    "12.5 e), or leave the cell empty or write ':' for a missing value",
)
DATA_NOT_YEAR = Message(
    "data-not-year", "'{value}' is not a year; statistics are read per year, such as 2021{hint}"
)
DATA_NOT_YEAR_FREQ = Phrase(": add the filter freq: A to keep the annual rows")
DATA_NO_REGION = Message("data-no-region", "the region code is empty; fill it in or remove the row")
DATA_FILTER_COLUMN = Message(
    "data-filter-column",
    "the filter on '{column}' names a column this file does not have{hint}; columns that can "
    "be filtered: {columns}",
)
DATA_FILTER_VALUE = Message(
    "data-filter-value",
    "the filter {column}: {value} matches no row{hint}; values present: {values}",
)
DATA_QUOTE_SPANS_LINES = Message(
    "data-quote-spans-lines",
    "a value runs over several lines up to this one: a quote opens it and a stray quote "
    "further down closes it, so the rows between are swallowed; check the quotes above",
)
DATA_FILTER_NOTHING = Message(
    "data-filter-nothing",
    "no row matches all the filters together ({filters}); check their combination against the file",
)
DATA_FILTER_EMPTY_LIST = Message("data-filter-empty-list", "a filter needs at least one value")
DATA_SEVERAL_SERIES = Message(
    "data-several-series",
    "the column '{column}' holds several values ({values}) in the rows selected, so a region "
    "could have more than one value per year; add a filter such as {column}: {example} to the "
    "data source",
)
DATA_SERIES_CLASH = Message(
    "data-series-clash",
    "{region} {year} has a second value here (first on line {first}), from another series: "
    "the rows differ in {differences}; keep one value per column in the filters",
)
DATA_DUPLICATE_ROW = Message(
    "data-duplicate-row",
    "{region} {year} is given twice, here and on line {first}; remove one of the rows",
)
DATA_DUPLICATE_REGION = Message(
    "data-duplicate-region",
    "{region} has a second row here (first on line {first}){differences}; keep one row per {unit}",
)
#: The {unit} of DATA_DUPLICATE_REGION: of a file with a year column, and of one without.
DATA_UNIT_REGION_YEAR = Phrase("region and year")
DATA_UNIT_REGION = Phrase("region")
DATA_ROWS_DIFFER = Phrase(
    "; the rows differ in {differences}: add a filter on one of these columns"
)
DATA_YEAR_ABSENT = Message(
    "data-year-absent",
    "no row is for the year {year}; years present: {years}. Choose one of them, or year: latest",
)
DATA_RANGE_ABSENT = Message(
    "data-range-absent", "no row is for a year from {first} to {last}; years present: {years}"
)
DATA_RANGE_ORDER = Message(
    "data-range-order",
    "the first year of the range ({first}) comes after the last ({last}); "
    "write mean: [{last}, {first}]",
)
DATA_CHILDREN_WEIGHT = Message(
    "data-children-weight",
    "children: give 'weight' (the id of another source) with method: weighted, and only then",
)
DATA_MAX_AGE_RULE = Message(
    "data-max-age-rule", "max_age applies to year: latest only; remove it, or use year: latest"
)
DATA_WIDE_NEEDS_VALUE = Message(
    "data-wide-needs-value", "format: wide needs value: naming the column that holds the statistic"
)
DATA_NO_YEAR_COLUMN = Message(
    "data-no-year-column",
    "{rule} needs a column of years, but this wide CSV has none; name it with year_column, "
    "or remove {rule}",
)
DATA_TOO_OLD = Message(
    "data-too-old",
    "the latest value of {region} is from {year}, {age} years before {newest}, the newest "
    "year in the file; max_age is {max_age}, so the value is not used",
)
DATA_TOO_MANY_PROBLEMS = Message(
    "data-too-many-problems", "stopped after {count} problems; fix these and read the file again"
)

# The survey (s3engine survey, --answers) and response files
SURVEY_NO_TERMINAL = Message(
    "survey-no-terminal",
    "s3engine survey: standard input is not a terminal, so no questions can be asked; give "
    "the answers in a file instead: {command} survey {spec} --answers FILE "
    "(format: {command} schema answers)",
)
SURVEY_BAD_LANGUAGE = Message(
    "survey-bad-language",
    "'{lang}' is not a language of the questionnaire {id}; use one of: {languages}",
    quotes=("lang",),
)
SURVEY_MISSING_PROFILE = Message(
    "survey-missing-profile", "no {key} given: add '{key}:' under profile, or use --{key}"
)
SURVEY_BAD_REGION = Message(
    "survey-bad-region",
    "'{region}' is not one of the questionnaire's regions ({regions})",
    quotes=("region",),
)
SURVEY_BAD_NUTS = Message(
    "survey-bad-nuts",
    "'{region}' is not a NUTS code: give the code of a NUTS region (NUTS 2021, or 2013, 2016, "
    "2024), e.g. AT33 for Tirol",
    quotes=("region",),
)
SURVEY_BAD_GROUP = Message(
    "survey-bad-group",
    "'{group}' is not a stakeholder group of this questionnaire ({groups})",
    quotes=("group",),
)
SURVEY_BAD_SECTOR = Message(
    "survey-bad-sector",
    "'{sector}' is not a sector of this questionnaire ({sectors})",
    quotes=("sector",),
)
SURVEY_CONSENT_MISSING = Message(
    "survey-consent-missing",
    "the questionnaire asks for consent before the first question: add 'consent: true' once "
    "the respondent has agreed",
)
SURVEY_CONSENT_DECLINED = Message(
    "survey-consent-declined", "the respondent declined consent, so no response may be stored"
)
SURVEY_ANSWERS_AND_RESUME = Message(
    "survey-answers-and-resume", "--answers and --resume cannot be combined: use one of them"
)
SURVEY_NOT_UTF8 = Message(
    "survey-not-utf8",
    "this terminal's character set ({encoding}) cannot show the survey's accented letters and "
    "symbols; run it with a UTF-8 locale, e.g. LC_ALL=C.UTF-8 (or PYTHONIOENCODING=utf-8)",
)
SURVEY_RESUME_PROFILE = Message(
    "survey-resume-profile",
    "--resume continues with the region and group stored in the response; leave out "
    "--region and --group",
)
SURVEY_RESUME_OTHER = Message(
    "survey-resume-other",
    "this response answers the questionnaire '{other}', not '{id}'; resume it with: "
    "s3engine survey {other} --resume {file}",
)
SURVEY_RESUME_CHANGED = Message(
    "survey-resume-changed",
    "this response was started with version {old} of '{id}', and its answers do not fit "
    "version {new}: {problems}; finish it with the version it was started with",
)
SURVEY_RESUME_NEWER = Message(
    "survey-resume-newer",
    "note: this response was started with version {old} of '{id}'; its answers fit version "
    "{new}, which it now answers",
)
SURVEY_NOTHING_WRITTEN = Message(
    "survey-nothing-written", "no response file was written; fix the problems and run it again"
)
SURVEY_SKIPPED_AND_ANSWERED = Message(
    "survey-skipped-and-answered", "'{qid}' is listed under skipped but also answered; keep one"
)

RESPONSE_EXISTS = Message(
    "response-exists",
    "a response file of this name exists already; nothing was overwritten (run the survey "
    "again to get a new name)",
)
RESPONSE_CANNOT_WRITE = Message("response-cannot-write", "cannot write the response file: {reason}")
JSON_SYNTAX = Message("json-syntax", "invalid JSON: {problem}")
JSON_DUPLICATE_KEY = Message("duplicate-key", "the key '{key}' is given twice; keep one")
RESPONSE_NO_QUESTIONNAIRE = Message(
    "response-no-questionnaire",
    "answers the questionnaire '{id}' {version}, which is neither shipped nor among the files "
    "checked; check it together with its questionnaire, or name it with --questionnaire FILE",
)
RESPONSE_OTHER_VERSION = Message(
    "response-other-version",
    "answers version {old} of '{id}', but the questionnaire found ({file}) is version {new}; "
    "{verdict}",
)
RESPONSE_CONTENT_CHANGED = Message(
    "response-content-changed",
    "answers '{id}' {version}, but the content of {file} changed since (same version, "
    "another hash: raise the version whenever questions change); {verdict}",
)
RESPONSE_YEAR = Message(
    "response-year",
    "the year {year} is not one a survey wave can be named after (1000 to 2999): check this "
    "time; a typing error such as 3024 for 2024 is the likely cause",
    quotes=("year",),
)
RESPONSE_STILL_FITS = Phrase("every answer still fits it")
RESPONSE_NO_LONGER_FITS = Phrase("{count} answers no longer fit it (listed here)")
RESPONSE_ONE_NO_LONGER_FITS = Phrase("one answer no longer fits it (listed here)")
RESPONSE_IN_VERSION = Phrase("in version {version}: {problem}")
RESPONSE_CONSENT_MISSING = Message(
    "response-consent-missing",
    "the questionnaire asks for consent, but this response does not record it (consent: true)",
)
RESPONSE_SUBMITTED_MISSING = Message(
    "response-submitted-missing",
    "a complete response needs the time it was submitted ('submitted')",
)
RESPONSE_SUBMITTED_PARTIAL = Message(
    "response-submitted-partial", "a partial response has no 'submitted' time; is it complete?"
)
RESPONSE_TIME_ORDER = Message(
    "response-time-order",
    "'{later}' ({later_value}) is before '{earlier}' ({earlier_value})",
    quotes=("later_value", "earlier_value"),
)

# Names shown in documents (core.models.Name)
NAME_TOO_LONG = Message(
    "name-too-long",
    "a name has at most {limit:,} characters; this one has {length:,}: shorten it (documents "
    "show it in headings and tables)",
)
NAME_LINE_BREAK = Message(
    "name-line-break",
    "a name is one line of plain text; remove the control character {character} (a line "
    "break, a tab or the like)",
)
NAME_BIDI_CONTROL = Message(
    "name-bidi-control",
    "a name may not hold the invisible direction control {character}: it reverses the text "
    "around it in documents and terminals (a region code next to it would read backwards); "
    "remove it",
)
NAME_BLANK = Message(
    "name-blank", "a name must hold some text; leave the key out if there is no name"
)

# Recommendation catalogues and action plans (s3engine plan)
CATALOGUE_MODEL_UNUSABLE = Message(
    "catalogue-model-unusable", "the scoring model '{name}' cannot be used: {problem}"
)
CATALOGUE_QUESTIONNAIRE_UNUSABLE = Message(
    "catalogue-questionnaire-unusable", "the needs questionnaire '{name}' cannot be used: {problem}"
)
CATALOGUE_UNKNOWN = Message("catalogue-unknown", "there is no {what} '{id}' in {where}{hint}")
CATALOGUE_QUESTION_TYPE = Message(
    "catalogue-question-type", "'{id}' is a {found} question; {role} must be a {expected} question"
)
CATALOGUE_OPTIONS_DIFFER = Message(
    "catalogue-options-differ",
    "'{id}' does not offer the same options as the ranking '{ranking}'; the needs are compared "
    "between the two, so give both the same choice list",
)
CATALOGUE_NEEDS_NOT_COMPARABLE = Message(
    "catalogue-needs-not-comparable",
    "'{name}' ({id} {version}) cannot be read as {expected}: {problem}; only an earlier "
    "version of the same questionnaire, with the same questions and options, compares",
)
NOT_COMPARABLE_OTHER = Phrase("it is the questionnaire '{id}'")
NOT_COMPARABLE_SAME_VERSION = Phrase("it has the same version {version}")
NOT_COMPARABLE_QUESTIONS = Phrase("its questions are not the same")
NOT_COMPARABLE_QUESTION = Phrase("the question '{id}' differs in type, options or points")
CATALOGUE_PERSONAL_COMMENT = Message(
    "catalogue-personal-comment",
    "'{id}' holds personal data (personal: true) and is never quoted in a plan; remove it here",
)
CATALOGUE_UNMET_UNDEFINED = Message(
    "catalogue-unmet-undefined",
    "unmet_share_at_least needs 'unmet:' under needs, naming the question",
)
CATALOGUE_DIMENSION_UNUSED = Message(
    "catalogue-dimension-unused",
    "no recommendation addresses the dimension '{id}'; regions weak there get no advice on it",
)
CATALOGUE_NEED_UNUSED = Message(
    "catalogue-need-unused",
    "no recommendation answers the need '{id}'; stakeholders naming it get no response",
)
CATALOGUE_OWNER_NOT_ACTOR = Message(
    "catalogue-owner-not-actor",
    "the owner '{owner}' is not one of the actors ({actors}); add it there",
)
CATALOGUE_NO_CRITERIA = Message(
    "catalogue-no-criteria",
    "criteria name the criteria of enabling_condition, which this catalogue does not define",
)
CATALOGUE_NO_FUNDING_IN = Message(
    "catalogue-no-funding-in",
    "no instrument of '{id}' can fund it in {countries} (their eligibility rules), so plans for "
    "regions there leave it out; add an instrument that applies there",
)
PLAN_NO_REGIONS = Message("plan-no-regions", "no region was scored, so there is no plan to write")
PLAN_UNKNOWN_REGION = Message(
    "plan-unknown-region", "--region {code}: no region of that code was scored (scored: {codes})"
)
PLAN_UNKNOWN_FORMAT = Message(
    "plan-unknown-format", "--format {name}: unknown format; use one or more of {formats}"
)
PLAN_UNKNOWN_LANGUAGE = Message(
    "plan-unknown-language",
    "--lang {lang}: the catalogue has no texts in that language (languages: {languages})",
)
SCORE_UNKNOWN_LANGUAGE = Message(
    "score-unknown-language",
    "--lang {lang}: the model has no texts in that language (languages: {languages})",
)
SCORE_EXPLAIN_NOT_SCORED = Message(
    "score-explain-not-scored",
    "--explain {region}: this region was not scored (regions: {regions}){hint}",
)
SCORE_EXPLAIN_NOTHING_SCORED = Message(
    "score-explain-not-scored", "--explain {region}: no region was scored"
)
PLAN_OUT_NOT_A_FOLDER = Message(
    "plan-out-not-a-folder", "--out {path}: exists and is not a folder; name a folder"
)
REGIONS_EMPTY = Message(
    "regions-empty", "--regions: no region code given; name NUTS codes such as AT31,ITH2"
)
REGIONS_BAD_CODE = Message(
    "regions-bad-code",
    "--regions '{code}': not a NUTS region code (two letters and up to three letters or "
    "digits, such as AT31)",
)
PLAN_MODEL_MISMATCH = Message(
    "plan-model-mismatch",
    "the catalogue is written for the model '{catalogue_model}', but the plan scores with "
    "'{model}'; pass --catalogue with a catalogue for that model",
)
PLAN_CANNOT_WRITE = Message("plan-cannot-write", "cannot write {file}: {reason}")

# Scoring models (s3engine check, s3engine score)
MODEL_QUESTIONNAIRE_INVALID = Message(
    "model-questionnaire-invalid", "the questionnaire '{name}' cannot be used: {problem}"
)
MODEL_INLINE_SOURCE_CLASH = Message(
    "model-inline-source-clash",
    "the indicator id '{id}' is also the name of a source under sources; rename one of them",
)
MODEL_RESERVED_CLASS = Message(
    "model-reserved-class", "'{id}' is the class of regions without enough evidence; use another id"
)
MODEL_LAST_CLASS_MIN = Message(
    "model-last-class-min",
    "the last class '{id}' takes every composite below the others, so it has no 'min'; remove it",
)
MODEL_CLASS_NEEDS_MIN = Message(
    "model-class-needs-min", "the class '{id}' needs 'min': the lowest composite that belongs to it"
)
MODEL_CLASS_ORDER = Message(
    "model-class-order",
    "the min of '{id}' ({value:g}) must be lower than the min of the class before it "
    "({previous:g}); list the classes from best to worst",
)
MODEL_NEEDS_QUESTIONNAIRE = Message(
    "model-needs-questionnaire",
    "a survey indicator needs the questionnaire it comes from: add 'questionnaire:' at the top",
)
MODEL_STATISTIC_NEEDS_NORMALISATION = Message(
    "model-statistic-needs-normalisation",
    "the statistic '{id}' needs 'normalise:' (goalposts, minmax, zscore, rank or ratio) to "
    "become a 0-100 score",
)
MODEL_STATISTIC_NOT_NORMALISED = Message(
    "model-statistic-not-normalised",
    "method 'none' uses the values as 0-100 scores (clamped); is the statistic one already?",
)
MODEL_GOALPOSTS_ORDER = Message(
    "model-goalposts-order", "the goalpost min ({low:g}) must be smaller than max ({high:g})"
)
MODEL_LOG_GOALPOSTS = Message(
    "model-log-goalposts", "with log: true (ln(1 + value)) the goalpost min must be larger than -1"
)
MODEL_LOG_RATIO = Message(
    "model-log-ratio",
    "a ratio to a reference value is taken on the values themselves; remove 'log'",
)
MODEL_SURVEY_REFERENCE = Message(
    "model-survey-reference",
    "a survey indicator has no reference region; give a fixed 'reference' value instead",
)
MODEL_UNKNOWN_CLASS = Message(
    "model-unknown-class", "there is no class '{id}' (classes: {classes}){hint}"
)
MODEL_GATE_TOP_CLASS = Message(
    "model-gate-top-class",
    "'{id}' is the best class, so this gate can never lower a region's class; name a lower one",
)
MODEL_TOO_MANY_GROUPS = Message(
    "model-too-many-groups",
    "min_groups is {count}, but the questionnaire '{id}' has only {groups} stakeholder groups",
)
MODEL_UNKNOWN_QUESTION = Message(
    "model-unknown-question", "there is no question '{id}' in {questionnaire}{hint}"
)
MODEL_PERSONAL_QUESTION = Message(
    "model-personal-question", "'{id}' asks for personal data, which is never scored"
)
MODEL_QUESTION_NOT_SCORED = Message(
    "model-question-not-scored", "the question '{id}' cannot be scored: {problem}"
)
MODEL_NUMBER_NOT_NORMALISED = Message(
    "model-number-not-normalised",
    "'{id}' is a number question: its answers are used as they are; normalise them (for "
    "example with goalposts) unless they are 0-100 scores already",
)
#: The key the finding is at names what is missing (a stage, a source): a noun filled in
#: here could not take the gender and case a translation gives it.
MODEL_UNKNOWN_REF = Message("model-unknown-ref", "there is no '{id}' under {under}{hint}")

# Scoring (s3engine score)
SCORE_REFUSED = Message("score-refused", "response of {id} ({region}) refused: {problem}")
SCORE_OTHER_QUESTIONNAIRE = Message(
    "score-other-questionnaire",
    "it answers the questionnaire '{id}', but the model scores '{expected}'",
)
SCORE_OTHER_VERSION = Message(
    "score-other-version",
    "it answers version {version} of '{id}', but the model's questionnaire is version "
    "{expected}; score it with a model that names the version it answered",
)
SCORE_OTHER_CONTENT = Message(
    "score-other-content",
    "it answers '{id}' {version}, but the questionnaire's content has changed since (another "
    "hash); score it with the questionnaire it answered",
)
SCORE_DUPLICATE = Message(
    "score-duplicate", "the respondent {id} has been read already (the same response given twice?)"
)
SCORE_AGGREGATE_NOT_REGION = Message(
    "score-aggregate-not-region",
    "{code} is an aggregate, not a region: it can serve as a reference value but is not scored",
)
SCORE_REFUSED_COUNT = Message("score-refused-count", "{count} responses refused, {read} counted")
SCORE_MORE_REFUSED = Message("score-more-refused", "... and {count} more refused responses")
SCORE_TOO_FEW_ANSWERS = Message(
    "score-too-few-answers",
    "{count} answers from {groups} groups; needs at least {min_respondents} answers from "
    "{min_groups} groups",
)
SCORE_SOURCE_NOT_READ = Message("score-source-not-read", "the source '{source}' was not read")
SCORE_NO_VALUE_FOR_RULE = Message(
    "score-no-value-for-rule", "no value in {file} under the source's year rule"
)
SCORE_REGION_NOT_IN_SOURCE = Message("score-region-not-in-source", "{code} is not in {file}")
SCORE_AGGREGATED_MEAN = Message(
    "score-aggregated",
    "aggregated: the mean of the {count} NUTS-{level} regions within {code} in {file} ({children})",
)
SCORE_AGGREGATED_WEIGHTED = Message(
    "score-aggregated",
    "aggregated: the weighted mean of the {count} NUTS-{level} regions within {code} in {file} "
    "({children})",
)
SCORE_AGGREGATE_INCOMPLETE = Message(
    "score-aggregate-incomplete",
    "{code} is not in {file}, and {missing} of the NUTS-{level} regions within it have no "
    "value there (or no weight), so no aggregate is taken",
)
SCORE_EMPTY_VALUE = Message("score-empty-value", "empty value in {file} for {year}{flags}")
SCORE_LOG_UNDEFINED = Message("score-log-undefined", "ln(1 + value) is undefined for {value}")
SCORE_NO_REFERENCE = Message(
    "score-no-reference",
    "{indicator}: the reference region {region} has no value in {file}, so the ratio cannot be "
    "taken",
)
SCORE_NO_REFERENCE_NOTE = Phrase("no reference value ({region})")
SCORE_FLAGGED = Message("score-flagged", "{indicator}: the {year} value is flagged {flags}")
SCORE_DIMENSION_UNCOVERED = Message(
    "score-dimension-uncovered",
    "{dimension}: {present} of {total} indicators have a value, fewer than the {needed} it "
    "needs; the dimension has no score",
)
SCORE_GATE_MISSING = Message(
    "score-gate-missing", "gate {gate}: {ref} has no value, so the gate was not applied"
)
SCORE_REASON_INSUFFICIENT = Phrase(
    "insufficient evidence: {present} of {total} dimensions have a score, and the model needs "
    "{needed} (without a score: {lacking})"
)
SCORE_REASON_GATE_MISSING = Phrase(
    "insufficient evidence: the gate {gate} needs {ref}, which has no value"
)
SCORE_REASON_THRESHOLD = Phrase("composite {composite} is {relation} {threshold}: {label}")
SCORE_REASON_GATE = Phrase(
    "{reason}, but the gate {gate} ({condition}; the value is {value}) holds it at {label}"
)
#: What Eurostat's observation flags mean (shown next to the values they qualify).
EUROSTAT_FLAGS = {
    "b": Phrase("break in time series"),
    "c": Phrase("confidential"),
    "d": Phrase("definition differs"),
    "e": Phrase("estimated"),
    "f": Phrase("forecast"),
    "i": Phrase("see metadata"),
    "n": Phrase("not significant"),
    "p": Phrase("provisional"),
    "r": Phrase("revised"),
    "s": Phrase("Eurostat estimate"),
    "u": Phrase("low reliability"),
    "z": Phrase("not applicable"),
}
SCORE_NO_RESPONSE_FILES = Message(
    "score-no-response-files",
    "no response files (.yaml, .yml, .json, .jsonl) under {paths}; check the paths",
)
SCORE_NEEDS_RESPONSES = Message(
    "score-needs-responses",
    "the model {model} scores survey answers: give the response files or folders (a model "
    "of statistics alone needs none)",
)
SCORE_RESPONSES_UNUSED = Message(
    "score-responses-unused",
    "the model {model} uses no survey questions: the responses were not read",
)
SCORE_UNREADABLE = Message(
    "score-unreadable", "{count} response documents could not be read (see the messages)"
)
SCORE_UNKNOWN_SOURCE = Message(
    "score-unknown-source",
    "--data {name}=FILE: the model has no source '{name}' (sources: {sources})",
)
SCORE_DATA_MISSING = Message(
    "score-data-missing",
    "the source '{source}' needs the file {file}: give it with --data FILE (or a folder "
    "holding it), or put it next to the model",
)
SCORE_DATA_OUTSIDE = Message(
    "score-data-outside",
    "the source '{source}' names {file}, outside the model's folder; nothing was read: give "
    "the file with --data FILE (or a folder holding it), or put it next to the model",
)
MODEL_SOURCE_OUTSIDE = Message(
    "model-source-outside",
    "names {file}, outside the model's folder: score reads it only when --data gives a file "
    "of that name (it never reads a path outside)",
)
SCORE_DATA_UNUSED = Message(
    "score-data-unused", "--data {file}: no source of the model uses this file"
)
JOBS_INVALID = Message(
    "jobs-invalid",
    "{variable}={value}: give the number of processes that may read responses at once, "
    "a whole number from 1 (1: read in this process only)",
)
PLAN_OTHER_QUESTIONNAIRE = Message(
    "plan-other-questionnaire",
    "it answers the questionnaire '{id}'; a plan reads responses to '{model}' (scored) and "
    "'{needs}' (needs)",
)
PLAN_NEEDS_OTHER_VERSION = Message(
    "plan-needs-other-version",
    "it answers version {version} of '{id}', but the needs questionnaire found is version "
    "{expected}; its needs are not counted",
)
PLAN_NEEDS_OTHER_CONTENT = Message(
    "plan-needs-other-content",
    "it answers '{id}' {version}, but the needs questionnaire's content has changed since "
    "(another hash); its needs are not counted",
)

# Limits of very large inputs (docs/limits.md)
JSONL_LINE_TOO_LONG = Message(
    "jsonl-line-too-long",
    "this line is {size}, longer than the limit of {limit} for one response; each line of a "
    "JSON Lines file holds one response (is this the right file?)",
)
CONTROL_CHARACTER = Message(
    "control-character",
    "the text holds the control character {character}, which a terminal would act on (an "
    "escape sequence); remove it",
)
YAML_CONTROL_CHARACTER = Message(
    "yaml-control-character",
    "the text holds the control character {character} (written as an escape such as \\e or "
    "\\x1b), which a terminal would act on; remove it",
)

# Answers that do not fit their question (the survey, answers files, response files)
#: `value` is the answer as Python writes it (repr: 'x', 3, None), options by their values.
ANSWER_NOT_AN_OPTION = Message(
    "answer-not-an-option", "{value} is not one of the options: {options}"
)
ANSWER_NOT_A_LIST = Message("answer-not-a-list", "expected a list of options")
ANSWER_UNKNOWN_OPTIONS = Message(
    "answer-not-an-option", "not an option: {unknown} (options: {options})", quotes=("unknown",)
)
ANSWER_OPTION_TWICE = Message("answer-option-twice", "an option is given twice")
ANSWER_CHOOSE_AT_LEAST = Message("answer-too-few-chosen", "choose at least {n}")
ANSWER_CHOOSE_AT_MOST = Message("answer-too-many-chosen", "choose at most {n}")
ANSWER_RANK_COUNT = Message(
    "answer-rank-count", "rank between {low} and {high} options, in order of priority"
)
ANSWER_NO_SCALE = Message("answer-scale-point", "expected a whole number of the scale")
ANSWER_SCALE_POINT = Message("answer-scale-point", "expected a whole number {low} to {high}")
ANSWER_NOT_A_NUMBER = Message("answer-not-a-number", "expected a number")
ANSWER_WHOLE_NUMBER = Message("answer-not-whole", "expected a whole number")
ANSWER_DECIMALS = Message("answer-decimals", "too many decimals: at most {decimals} allowed")
ANSWER_AT_LEAST = Message("answer-below-min", "expected at least {min}")
ANSWER_AT_MOST = Message("answer-above-max", "expected at most {max}")
ANSWER_YES_NO = Message("answer-not-yes-no", "expected yes (true) or no (false)")
ANSWER_NOT_A_TEXT = Message("answer-not-text", "expected a text")
ANSWER_UNKNOWN_QUESTION = Message(
    "answer-unknown-question", "no question '{qid}' in {id} {version}{hint}"
)
ANSWER_HIDDEN = Message(
    "answer-hidden",
    "answered, but the question is hidden for this respondent (its show_if condition or "
    "target groups exclude it)",
)
ANSWER_REQUIRED = Message("answer-required", "unanswered, but required: {message}")
ANSWER_SKIPPED_UNKNOWN = Message(
    "answer-unknown-question", "skipped, but there is no question '{qid}'"
)
ANSWER_REQUIRED_SKIPPED = Message("answer-required", "a required question cannot be skipped")
#: A constraint of the questionnaire that an answer breaks, in the questionnaire's own words.
ANSWER_CONSTRAINT = Message("answer-constraint", "{message}")
ANSWER_TEXT_TOO_LONG = Message(
    "answer-text-too-long",
    "the text has {length} characters; at most {max} allowed",
    quotes=("length",),
)

# Hostile input (fuzz and hostile-file tests: tests/test_fuzz_*.py, tests/test_hostile.py)
#: An answer to a number question beyond what sums can hold exactly.
ANSWER_NUMBER_RANGE = Message("answer-number-range", "expected a number from -10^15 to 10^15")
YAML_NUMBER_RANGE = Message(
    "yaml-number-range",
    "'{value}' is not a number s3engine can compute with: numbers must be finite (not .nan or "
    ".inf) and between -10^15 and 10^15",
)
DATA_VALUE_RANGE = Message(
    "data-value-range",
    "'{value}' is too large to compute with: values must lie between -10^15 and 10^15",
)
DATA_BAD_REGION = Message(
    "data-bad-region",
    "'{code}' is not a region code: a code is letters and digits (AT31), an aggregate may also "
    "hold _ or - (EU27_2020); correct the row or remove it",
)
NOT_A_FILE = Message(
    "not-a-file", "this is not a regular file (a device, pipe or socket); name a file"
)
DANGLING_LINK = Message(
    "dangling-link", "a link to a file that does not exist; check where it points"
)
OUTPUT_IS_INPUT = Message(
    "output-is-input",
    "this is one of the files the command reads; nothing was written: choose another output path",
)
OUTPUT_NOT_A_FILE = Message(
    "output-not-a-file",
    "this path is no file but a link, a device, a pipe or a socket; nothing was written: give "
    "the path of a file (a new one, or one to replace)",
)
LOCK_HELD = Message(
    "response-locked",
    "this response is open in another survey (process {pid} on {host}, since {since}); "
    "finish or close that one first. If no survey has it open, delete {lock}",
)
FOLDER_BUSY = Message(
    "folder-busy",
    "another command is writing into this folder (process {pid} on {host}, since {since}); "
    "wait until it is done. If none is running, delete {lock}",
)
LOCK_RACE = Message("lock-race", "this file's lock keeps changing hands; try again in a moment")
LOCK_STALE = Phrase(
    "the survey that had this response open (process {pid}, since {since}) is no longer "
    "running; its lock was taken over"
)
STALE_TEMPORARIES_REMOVED = Phrase(
    "{folder}: removed {count} file(s) left by surveys that were stopped in the middle of a "
    "save (temporary copies of responses, with their answers, and locks): {names}"
)
PATH_UNUSABLE = Message("path-unusable", "cannot use this path: {reason}")
PATH_NOT_WRITTEN = Message(
    "path-not-written", "the file could not be written completely (is the disk full?)"
)
PATH_PART_IS_FILE = Message(
    "path-part-is-file",
    "{part} is a file, where this path needs a folder; choose another path, or move or rename "
    "that file",
)
#: The {reason} of the messages above for the common errors of the system (OSError.errno),
#: in words a user can act on (io.files.system_reason); any other error is told in the
#: system's own words, which are English.
SYSTEM_REASONS: dict[int, Template] = {
    errno.ENOENT: NO_SUCH_PATH,
    errno.EISDIR: IS_A_DIRECTORY,
    errno.EACCES: Phrase("permission denied (check the permissions of the file and its folders)"),
    errno.EPERM: Phrase("the system does not allow it here (operation not permitted)"),
    errno.ENOTDIR: Phrase("a part of the path is not a folder"),
    errno.EEXIST: Phrase("a file of that name is there already"),
    errno.ENAMETOOLONG: Phrase("the name is too long for the file system"),
    errno.ENOSPC: Phrase("the disk is full"),
    errno.EROFS: Phrase("the file system is read-only"),
    **dict.fromkeys((errno.EMFILE, errno.ENFILE), Phrase("too many files are open at once")),
    errno.ELOOP: Phrase("too many symbolic links (one may point to itself)"),
    errno.EFBIG: Phrase("the file is too large for the file system"),
    errno.EIO: Phrase("input/output error: the disk or the network drive failed"),
}
JSON_UNCLOSED_TEXT = Message(
    "json-unclosed-text",
    "invalid JSON: a text value runs to the end of the line without its closing quote; is the "
    "line cut off?",
)

# Regions at EU scale: extra-regio codes, NUTS levels and versions, subsets
# (scoring/region_scores.py, statistics/nuts.py)
SCORE_EXTRA_REGIO_LEFT_OUT = Message(
    "extra-regio-left-out",
    "{count} extra-regio codes left out ({codes}): they stand for the territory outside the "
    "regions of a country, not for a region, and are never scored nor compared with",
)
SCORE_EXTRA_REGIO_ASKED = Message(
    "extra-regio-asked",
    "--regions {code}: an extra-regio code (the territory outside the regions of a country) "
    "is not a region and cannot be scored",
)
SCORE_UNKNOWN_REGION = Message(
    "unknown-regions",
    "--regions: {codes} is neither in the responses nor in the data{hints}; regions known: {known}",
)
SCORE_UNKNOWN_REGIONS = Message(
    "unknown-regions",
    "--regions: {codes} are neither in the responses nor in the data{hints}; regions known: "
    "{known}",
)
#: The codes meant by misspelt ones, after SCORE_UNKNOWN_REGION(S).
SCORE_REGIONS_MEANT = Phrase(" (did you mean {hints}?)")
SCORE_REGION_MEANT_FOR = Phrase("{hint} for {code}")
SCORE_MIXED_LEVELS = Message(
    "mixed-nuts-levels",
    "the regions of the data are of NUTS levels {levels} and are ranked together (for example "
    "{examples}); pass --nuts-level, or set nuts_level in the model, to score one level",
)
SCORE_CLAMPED_TIE = Message(
    "clamped-tie",
    "{indicator}: {count} of the {total} regions scored lie {side} of '{method}' "
    "and all score {score} (clamped), so they tie on this indicator; widen the range (or use "
    "minmax or rank) to tell them apart",
)
#: Where the regions of SCORE_CLAMPED_TIE lie.
ABOVE_THE_RANGE = Phrase("above the range")
BELOW_THE_RANGE = Phrase("below the range")
SCORE_TOO_FEW_YEARS = Message(
    "too-few-years",
    "only {found} of the years {first}-{last} have a value in {file} ({years}); the source "
    "needs {needed}",
)
DATA_MIN_YEARS_RANGE = Message(
    "min-years-range", "min_years is {needed}, but the range {first}-{last} has only {years} years"
)
DATA_NUTS_MIXED = Message(
    "nuts-versions-mixed",
    "{count} region codes are not codes of NUTS {version}, which the other sources (or the "
    "responses) use: {codes}. {remedy}",
)
DATA_NUTS_RECODABLE = Phrase(
    "{count} of them map one-to-one onto NUTS {version} regions ({pairs}): pass --nuts-version "
    "{version}, or set nuts_version in the model, to recode them.",
)
DATA_NUTS_NOT_RECODABLE = Phrase(
    "None of them maps one-to-one onto a NUTS {version} region (their boundaries changed), so "
    "they cannot be matched; take the data in NUTS {version} from Eurostat.",
)
DATA_NUTS_LEFT = Message(
    "nuts-codes-kept",
    "{count} region codes have no one-to-one counterpart in NUTS {version} (their boundaries "
    "changed) and keep their code: {codes}",
)
DATA_NUTS_RECODED = Message(
    "nuts-recoded", "{count} region codes recoded to NUTS {version}: {pairs}"
)
DATA_NUTS_RECODE_CLASH = Message(
    "nuts-recode-clash",
    "{old} is {new} in NUTS {version}, which the file holds too: the value of {new} is kept",
)
#: Eurostat's confidentiality status (CONF_STATUS), as it qualifies a value.
EUROSTAT_CONF_STATUS = {
    "A": Phrase("confidential: small counts"),
    "C": Phrase("confidential"),
    "D": Phrase("confidential (secondary confidentiality)"),
    "G": Phrase("confidential: dominated by one or two units"),
    "M": Phrase("confidential (declared so by other measures)"),
    "N": Phrase("not for publication"),
    "O": Phrase("confidential: dominated by one unit"),
    "S": Phrase("confidential (secondary confidentiality)"),
    "T": Phrase("confidential: dominated by two units"),
}
#: Kinds of warnings about single regions, as the summary under the table names them.
WARNING_KINDS = {
    "not_in_source": Phrase("region not in a data file"),
    "no_value_for_year": Phrase("no value under a source's year rule (missing or too old years)"),
    "too_few_years": Phrase("too few years for a mean of years"),
    "aggregate_incomplete": Phrase("value not aggregated: a region within it lacks one"),
    "confidential": Phrase("value withheld as confidential"),
    "empty_value": Phrase("empty value in a data file"),
    "flagged": Phrase("value flagged (estimated, provisional, break in series...)"),
    "source_not_read": Phrase("source not read"),
    "not_normalised": Phrase("value that cannot be normalised"),
    "dimension_uncovered": Phrase("dimension without a score (too few indicators)"),
    "gate_missing": Phrase("gate not applied (no value)"),
}
WARNING_SUMMARY = Phrase(
    "{count} warnings about single regions (--explain REGION lists a region's):"
)
WARNING_SUMMARY_ONE = Phrase("1 warning about a single region (--explain REGION lists it):")
WARNING_SUMMARY_LINE = Phrase("{label}: {count} ({codes})")

# The audit and the sensitivity analysis (scoring/audit.py, scoring/sensitivity.py, cli/audit.py)
AUDIT_MIN_SHARE = Message("bad-min-data-share", "--min-data-share must be from 0 to 1, got {value}")

# The glossary (s3engine/questionnaire/glossary.yaml, docs/glossary.md)
GLOSSARY_TERM = Message(
    "glossary",
    "the {lang} text uses '{found}' where the glossary says '{use}' (docs/glossary.md)",
)
GLOSSARY_LABEL = Message(
    "glossary",
    "the {lang} label should read '{expected}', as wherever the English is '{en}' "
    "(docs/glossary.md)",
)

# Survey tools: converting questionnaires, importing their responses (docs/interop.md)
INTEROP_NAME_CLASH = Message(
    "interop-name-clash",
    "the question id '{id}' is also the name of a field the converted form adds for {by}; "
    "rename the question",
)
IMPORT_NO_HEADER = Message(
    "import-no-header", "the file has no header row; export the responses with column headings"
)
#: What a column an export lacks was to hold ({what} of IMPORT_COLUMN_MISSING and
#: IMPORT_TOOL_COLUMN_MISSING).
IMPORT_WHAT_VERSION = Phrase("the form version")
IMPORT_WHAT_PROFILE = Phrase("the profile's {key}")
IMPORT_WHAT_QUESTION = Phrase("the question '{id}'")
IMPORT_WHAT_OPTION = Phrase("the option '{option}' of the question '{id}'")
IMPORT_WHAT_PLACE = Phrase("place {place} of the question '{id}'")
IMPORT_WHAT_ID = Phrase(
    "each response's id: without it, an export imported again would count its respondents twice"
)
IMPORT_WHAT_SUBMITTED = Phrase("the date each response was completed")
#: Where each tool's export settings are chosen ({advice} of IMPORT_COLUMN_MISSING and
#: IMPORT_NOT_AN_EXPORT, by tool: interop.imports.ADVICE). Every name of the tool's menus and
#: options is written as the tool's own interface shows it, and its translations as the
#: tool's translation in that language shows it (docs/interop.md, "The tools' menus in other
#: languages", says where each comes from, and which languages a tool is not translated into:
#: there the English name stays, said to be the English one).
IMPORT_EXPORT_KOBO = Phrase(
    "the project's Data > Downloads, with 'Value and header format' set to 'XML values and "
    "headers' and 'Include fields from all … versions' ticked"
)
IMPORT_EXPORT_ODK = Phrase(
    "the form's Submissions > Download, with 'Include fields not in the published Form' "
    "ticked, then 'Main data table (no repeats)'"
)
IMPORT_EXPORT_LIMESURVEY = Phrase(
    "Responses > Export > Export responses, with every column under 'Columns', 'Export "
    "questions as' set to 'Question code' and 'Export responses as' set to 'Answer codes'"
)
#: Where each tool's own columns (the id, LimeSurvey's submission date and language) are
#: exported ({advice} of IMPORT_TOOL_COLUMN_MISSING and IMPORT_LANGUAGE_COLUMN_MISSING, by
#: tool: interop.imports.KEEP).
IMPORT_KEEP_KOBO = Phrase(
    "KoboToolbox exports it with every submission: download the export again and keep every column"
)
IMPORT_KEEP_ODK = Phrase(
    "ODK Central's Submissions > Download has KEY and meta-instanceID: download it again and "
    "keep every column"
)
IMPORT_KEEP_LIMESURVEY = Phrase(
    "in LimeSurvey's Responses > Export > Export responses, select it under 'Columns': "
    "'Response ID', 'Date submitted' and 'Start language'"
)
IMPORT_COLUMN_MISSING = Message(
    "import-column-missing",
    "the export has no column for {what}; export all questions (in {tool}: {advice})",
)
#: Added to IMPORT_COLUMN_MISSING when a column nothing is read from has a heading close to
#: the missing one's.
IMPORT_COLUMN_EDITED = Phrase(
    "; the export has a column '{found}', which nothing is read from: if its heading was "
    "changed, change it back to '{heading}'"
)
IMPORT_TOOL_COLUMN_MISSING = Message(
    "import-tool-column-missing",
    "the export has no column {column} ({what}); export again with it ({advice})",
)
IMPORT_LANGUAGE_COLUMN_MISSING = Message(
    "import-language-column-missing",
    "the export has no column {column} (the language each response was answered in), and "
    "without it every response would be taken as answered in the questionnaire's default "
    "language; export again with it ({advice}), or, if every respondent answered in one "
    "language, give it with --lang CODE",
)
IMPORT_LANGUAGE_BLANK = Message(
    "import-language-blank",
    "this cell is empty where LimeSurvey writes the language the response was answered in; "
    "export the responses again, or, if every respondent answered in one language, give it "
    "with --lang CODE",
)
#: The answers-file rules' advice about a missing profile value or consent ("add
#: 'region:' under profile, or use --region"), said of the export's cell instead.
IMPORT_PROFILE_BLANK = Message(
    "import-profile-blank",
    "this cell is empty, and every response needs it: fill it in in the tool and export "
    "again, or leave the row out",
)
IMPORT_CONSENT_BLANK = Message(
    "import-consent-blank",
    "this cell is empty: the questionnaire asks for consent before its first question, so "
    "each response needs {yes} (agreed) or {no} (declined: counted, not stored)",
)
IMPORT_COLUMN_TWICE = Message(
    "import-column-twice",
    "this column holds the same field as column {first} ({other}); which of the two to read "
    "cannot be known: keep one of them",
)
IMPORT_AMBIGUOUS_HEADER = Message(
    "import-ambiguous-header",
    "the heading '{header}' could mean {first} or {second}; export again from KoboToolbox's Data "
    "> Downloads with 'Value and header format' set to 'XML values and headers', or with "
    "'Include groups in headers' ticked",
)
IMPORT_ROW_TOO_LONG = Message(
    "import-row-too-long", "this row is longer than {limit}; is this an export of responses?"
)
IMPORT_TOO_MANY_COLUMNS = Message(
    "import-too-many-columns",
    "the file has more than {limit:,} columns; is this an export of responses?",
)
IMPORT_ROW_LENGTH = Message(
    "import-row-length",
    "this row has {found} cells where the header has {expected}: the file was cut off or "
    "edited; download the export again",
    quotes=("found",),
)
IMPORT_EMPTY = Message("import-empty", "the file is empty; download the export again")
IMPORT_ID_TAKEN = Message(
    "import-id-taken",
    "a response of respondent {id} is here already, started at another time than row {row} "
    "of {export}: a second response of one respondent, which score would refuse, so that row "
    "was not written; {advice}",
)
#: What to do about a respondent there already (IMPORT_ID_TAKEN), by tool.
IMPORT_ID_TAKEN_LIMESURVEY = Phrase(
    "LimeSurvey numbers each survey's responses from 1: two surveys whose structure was "
    "converted before it recorded the survey's id give the same ids; import each into a "
    "folder of its own and score them apart, or convert the questionnaire again for the next "
    "wave"
)
IMPORT_ID_TAKEN_OTHER = Phrase(
    "keep the response there, or remove it and import again to take the export's version"
)
IMPORT_SURVEY_ID = Message(
    "import-survey-id",
    "this cell holds '{value}' where LimeSurvey writes the survey's id, a whole number (the "
    "hidden question's equation {{SID}}): the cell was edited, or the survey saved the "
    "equation unworked; export the responses again from LimeSurvey",
)
IMPORT_CSV_SYNTAX = Message(
    "import-csv-syntax",
    "the CSV cannot be read on this line (line {line} of the file, as a text editor counts "
    "them; row {row} in a spreadsheet): {problem}; check its quotes",
)
IMPORT_CSV_END_IN_QUOTES = Message(
    "import-csv-end-in-quotes",
    "a quoted value opens on this line (line {line} of the file, as a text editor counts them; "
    "row {row} in a spreadsheet) and the file ends inside it: the export is cut off, download "
    "it again (or, if the file was edited, put back the closing quote)",
)
IMPORT_XLSX_UNREADABLE = Message(
    "import-xlsx-unreadable", "the XLSX file cannot be read ({problem}); export it again"
)
IMPORT_XLSX_DAMAGED_ROW = Message(
    "import-xlsx-damaged-row", "the XLSX file is cut off or damaged in this row; export it again"
)
IMPORT_XLSX_BAD_CELL = Message(
    "import-xlsx-bad-cell", "this cell of the XLSX file cannot be read; export the file again"
)
IMPORT_XLSX_TOO_LARGE = Message(
    "import-xlsx-too-large",
    "the XLSX file unpacks to {size}, more than the limit of {limit}; is it a workbook of "
    "responses?",
)
IMPORT_OLD_EXCEL = Message(
    "import-old-excel",
    "this is an old Excel file (.xls), which s3engine does not read; save it as .xlsx or CSV, "
    "or download the export as XLSX or CSV",
)
IMPORT_LOCKED_WORKBOOK = Message(
    "import-locked-workbook",
    "this workbook is protected by a password (its content is encrypted), which s3engine "
    "cannot open; open it with its password, save a copy without one as .xlsx or CSV, and "
    "import that",
)
IMPORT_ARCHIVE = Message(
    "import-archive",
    "this is a {kind} archive, not an export; unpack it first and import the CSV or XLSX it "
    "holds (a ZIP archive is read when it holds the CSV at its top, as ODK Central's .zip "
    "download does)",
)
IMPORT_ZIP_UNREADABLE = Message(
    "import-zip-unreadable",
    "the ZIP archive cannot be read ({problem}); download it again, or unpack it and import "
    "the CSV it holds",
)
IMPORT_ZIP_PASSWORD = Message(
    "import-zip-password",
    "this ZIP archive is password-protected; unpack it with its password and import the CSV "
    "it holds",
)
IMPORT_ZIP_EMPTY = Message(
    "import-zip-empty",
    "this ZIP archive is empty; download the export again (ODK Central's .zip download holds "
    "the export's CSV)",
)
IMPORT_ZIP_NO_CSV = Message(
    "import-zip-no-csv",
    "this ZIP archive holds no CSV at its top, only {names}; unpack it and import the export's "
    "CSV or XLSX, or download the export again (ODK Central's .zip download holds the CSV at "
    "its top)",
)
IMPORT_PDF = Message(
    "import-pdf", "this is a PDF document, not an export; download the responses as CSV or XLSX"
)
IMPORT_NOT_AN_EXPORT = Message(
    "import-not-an-export",
    "this does not look like an export of {id} from {tool}: {missing} of the {needed} columns "
    "it needs are missing, and its headings begin {headings}; check the file, --from and "
    "--questionnaire (in {tool}: {advice})",
)
IMPORT_NOT_AN_EXPORT_SHEET = Message(
    "import-not-an-export-sheet",
    "no sheet of this workbook ({sheets}) looks like an export of {id} from {tool}: the sheet "
    "'{sheet}' lacks {missing} of the {needed} columns it needs, and its headings begin "
    "{headings}; check the file, --from and --questionnaire (in {tool}: {advice})",
)
IMPORT_OTHER_TOOL = Message(
    "import-other-tool",
    "this looks like an export of {other}, not of {chosen}: it has no column {expected}, but "
    "{other}'s {found}; import it with --from {tool}",
)
IMPORT_TICKS_DISAGREE = Message(
    "import-ticks-disagree",
    "this option column says '{value}', but the summary column {summary} says '{listed}': "
    "the two disagree, so neither can be trusted; download the export again and import it "
    "unedited",
    quotes=("value", "listed"),
)
IMPORT_OTHER_VERSION = Message(
    "import-other-version",
    "this response answers version {found} of the form, but {id} is version {expected}; import "
    "it with the questionnaire version it answered",
)
IMPORT_OTHER_CONTENT = Message(
    "import-other-content",
    "this response answers {id} {version}, but the questionnaire's content has changed since "
    "the form was made (another hash, {found} instead of {expected}); import it with the "
    "questionnaire it answered, and raise the version whenever questions change",
)
IMPORT_ODK_NOT_DECRYPTED = Message(
    "import-odk-not-decrypted",
    "ODK Central exported this submission without its answers ({status}): the form is "
    "encrypted, and Central writes the answers only when it can decrypt them; download the "
    "export again and give the project's passphrase when Submissions > Download asks for it "
    "(a form with an encryption key of its own is decrypted by ODK Briefcase, not Central)",
    quotes=("status",),
)
IMPORT_ODK_MISSING_DATA = Message(
    "import-odk-missing-data",
    "ODK Central exported this submission without its answers ({status}): the form is "
    "encrypted, and the file of encrypted answers never reached Central, so no passphrase "
    "can give them; have the submission sent again from the device that made it, or ask "
    "whoever administers the Central server",
    quotes=("status",),
)
IMPORT_NO_VERSION = Message(
    "import-no-version",
    "the row records no form version; was the form made with s3engine convert? Each response "
    "must name the version it answers",
)
IMPORT_NOT_NUMBER = Message(
    "import-not-number",
    "'{value}' is not a number written in digits, such as 12 or 12.5 (a decimal point, not a "
    "comma)",
)
IMPORT_PERCENT = Message(
    "import-percent",
    "'{value}' is written as a percentage: write the number alone, {number}, without %; a "
    "spreadsheet adds % to a cell formatted as a percentage: format it as a number",
    quotes=("value", "number"),
)
IMPORT_NOT_YES_NO = Message("import-not-yes-no", "'{value}' is neither {yes} nor {no}")
IMPORT_NOT_CODE = Message(
    "import-not-code", "'{value}' is not a code of this question (codes: {codes})"
)
IMPORT_LABEL_NOT_CODE = Message(
    "import-label-not-code",
    "'{value}' is the label of '{code}', not its code; export the values as codes ('XML values "
    "and headers' in KoboToolbox, 'Answer codes' in LimeSurvey)",
    quotes=("value", "code"),
)
IMPORT_LABEL_VALUES = Message(
    "import-label-values",
    "the answers in this export are labels, not codes ('{value}' is the label of '{code}'); "
    "s3engine reads answers by their codes, so nothing was imported: {advice}",
)
#: How each tool exports codes (IMPORT_LABEL_VALUES).
IMPORT_CODES_KOBO = Phrase(
    "in KoboToolbox, in the project's Data > Downloads, set 'Value and header format' to 'XML "
    "values and headers' and export again"
)
IMPORT_CODES_ODK = Phrase(
    "download the CSV from ODK Central again (the form's Submissions > Download > 'Main data "
    "table (no repeats)'): it holds the codes"
)
IMPORT_CONVERTED_YES_NO = Message(
    "import-converted-yes-no",
    "the yes/no answers and ticks in this export are '{value}' and the like, not {yes} and "
    "{no}: the export converted them, so nothing was imported; in LimeSurvey, in Responses > "
    "Export > Export responses, leave 'Convert Y to' and 'Convert N to' unticked and export "
    "again",
)
IMPORT_CODES_LIMESURVEY = Phrase(
    "in LimeSurvey, in Responses > Export > Export responses, set 'Export responses as' to "
    "'Answer codes' and export again"
)
IMPORT_LEADING_ZERO = Message(
    "import-leading-zero",
    "'{value}' is not a code of this question, but '{code}' is: a spreadsheet program dropped "
    "its leading zero; export again and open it as text",
    quotes=("value", "code"),
)
IMPORT_FLAG = Message("import-flag", "'{value}' is not a tick: expected {yes}, 0 or an empty cell")
IMPORT_PLACES_GAP = Message(
    "import-places-gap", "place {rank} is empty but a later place is filled; rank without gaps"
)
IMPORT_NOT_SUBMITTED = Message(
    "import-not-submitted",
    "this response was not completed (no submission date); export completed responses only, "
    "or leave the row out",
)
IMPORT_BAD_TIME = Message(
    "import-bad-time", "'{value}' is not a date and time such as 2025-03-14T09:15:00Z"
)
IMPORT_TIME_NO_ZONE = Message(
    "import-time-no-zone",
    "'{value}' has no time zone, where {tool} writes this column's times with one (for "
    "example {example}): a spreadsheet program or an edit removed it; write the time with its "
    "zone, as the other rows are written",
)
IMPORT_KOBO_TIMES_AS_DATES = Message(
    "import-kobo-times-as-dates",
    "KoboToolbox wrote the times of this column as the workbook's dates, which hold no time "
    "zone ('{value}', not such as {example}), so nothing was imported: export again with "
    "'Store date and number responses as text' ticked (in Downloads, under Advanced options), "
    "or as CSV",
)
#: The times of the first rows all unreadable: a spreadsheet program re-saved the export.
IMPORT_SPREADSHEET_TIMES = Message(
    "import-spreadsheet-times",
    "the dates and times in this export are not as {tool} writes them ('{value}', not such as "
    "{example}): a spreadsheet program changed them when the file was saved from "
    "it, so nothing was imported; import the export as downloaded from {tool} (download it "
    "again), without opening and saving it in a spreadsheet program",
)
IMPORT_ALREADY = Message(
    "import-already",
    "this response file is there already, but its content differs from row {row} of {export} "
    "(the response was edited in the tool since it was imported, or it was imported with "
    "another --wave or --lang); it was not overwritten: keep it, or remove it and import again "
    "to take the export's version",
)
IMPORT_ALREADY_LINE = Message(
    "import-already",
    "this response, a line of this JSON Lines file, is there already, but its content "
    "differs from row {row} of {export} (the response was edited in the tool since it was "
    "imported, or it was imported with another --wave or --lang); it was not overwritten: "
    "keep it, or remove that line and import again to take the export's version",
)
IMPORT_BLANK_ID = Message(
    "import-blank-id",
    "this row has no respondent id; without it, the response would count twice when the "
    "export is imported again: export again, or leave the row out",
)
IMPORT_DUPLICATE_ROW = Message(
    "import-duplicate-row",
    "the respondent {id} is given twice in this file (first on row {first})",
    quotes=("id", "first"),
)
IMPORT_OUT_IS_FOLDER = Message(
    "import-out-is-folder",
    "a folder has this name, and an output ending in .jsonl is one file; nothing was read: "
    "choose another name",
)
IMPORT_OUT_IS_FILE = Message(
    "import-out-is-file",
    "a file has this name, and an output not ending in .jsonl is a folder of response files; "
    "nothing was read: choose another name, or one ending in .jsonl for a single file",
)
IMPORT_UNKNOWN_ZONE = Message(
    "import-unknown-zone",
    "no time zone of that name; give one of the IANA time zone database, such as Europe/Vienna, "
    "or UTC",
)
IMPORT_ZONE_NOT_FOR_TOOL = Message(
    "import-zone-not-for-tool",
    "{tool} writes the zone of its times (or UTC) in its export; --timezone is for "
    "LimeSurvey's, whose times are its server's without a zone",
)
EXPORT_OUT_SUFFIX = Message(
    "export-out-suffix",
    "--to {to} writes {format}, and a name ending in {suffix} is another kind of file's; "
    "nothing was read or written: name it {name}",
)
EXPORT_OUT_SUFFIX_OTHER = Message(
    "export-out-suffix-other",
    "--to {to} writes {format}, and a name ending in {suffix} is another kind of file's; "
    "nothing was read or written: name it {name}, or write {other} with --to {other_to}",
)
IMPORT_OUT_ONLY_SUFFIX = Message(
    "import-out-only-suffix",
    "a name that is only a file's ending would make a hidden file or folder; nothing was read "
    "or written: give a name before it, such as responses.jsonl, or a folder",
)
IMPORT_OUT_SUFFIX = Message(
    "import-out-suffix",
    "a name ending in {suffix} is a file's, but --out is a folder (one response file each) or "
    "a .jsonl file; nothing was read or written: give a folder, or a name ending in .jsonl",
)
IMPORT_OUT_EXISTS = Message(
    "import-out-exists",
    "this file exists already; nothing was read and nothing was overwritten. An export holds "
    "every response submitted so far: import it into a new file and use that one in place of "
    "this one (both together would count the earlier responses twice), or import into a "
    "folder, where the responses imported before are found and only new ones are added",
)
IMPORT_NO_ROWS = Message(
    "import-no-rows",
    "the export holds no responses, only its header row; nothing was written (export again "
    "once responses have been submitted)",
)
IMPORT_NOTHING_WRITTEN = Message(
    "import-nothing-written", "no response was imported; fix the problems and run it again"
)
IMPORT_ALL_THERE = Message(
    "import-all-there",
    "every response of the export is in {out} already, unchanged; nothing new to import",
)
EXPORT_OTHER_QUESTIONNAIRE = Message(
    "export-other-questionnaire", "it answers the questionnaire '{id}', not '{expected}'; left out"
)
EXPORT_OTHER_VERSION = Message(
    "export-other-version",
    "it answers '{id}' {version}, but the questionnaire given (version {expected}) has other "
    "content; export it with the questionnaire it answered",
)
EXPORT_ALL_OTHER_VERSION = Message(
    "export-all-other-version",
    "every response ({count}) answers '{id}' {version}, but the questionnaire given (version "
    "{expected}) has other content; nothing was written: export them with the questionnaire "
    "they answered",
)
EXPORT_NOTHING_WRITTEN = Message(
    "export-nothing-written",
    "no response could be exported, so no file was written; fix the refused responses and "
    "run it again",
)
EXPORT_NO_RESPONSES = Message(
    "export-no-responses", "the files hold no response, so no file was written"
)
# The web survey (s3engine serve)
WEB_BAD_DB_URL = Message(
    "web-bad-db-url",
    "'{url}' is not a database s3engine can use; give sqlite:///FILE (e.g. sqlite:///survey.db) "
    "or postgresql://USER@HOST/DATABASE",
)
WEB_DB_FOLDER_MISSING = Message(
    "web-db-folder-missing",
    "the folder {folder} of the SQLite database does not exist; create it first",
)
WEB_DB_UNREACHABLE = Message("web-db-unreachable", "cannot use the database {url}: {reason}")
WEB_DB_EMPTY = Message(
    "web-db-empty",
    "the database {url} holds no survey yet; publish a questionnaire first: "
    "s3engine serve init --db URL --questionnaire NAME",
)
WEB_DB_OLD_SCHEMA = Message(
    "web-db-old-schema",
    "the database {url} has the schema of an older s3engine ({found}, this one needs {head}); "
    "back it up, then run: s3engine serve upgrade --db URL",
)
WEB_CHANGED_AFTER_ANSWERS = Message(
    "web-changed-after-answers",
    "{source} changed since '{id}' {version} was published, and {count} respondent(s) have "
    "answered that version; raise its `version` and publish it again with s3engine serve init "
    "(the answers given stay with the version they answered)",
)
WEB_SOURCE_CHANGED = Message(
    "web-source-changed",
    "{source} is no longer the '{id}' {version} this database publishes (its content changed); "
    "publish it with s3engine serve init (raise `version` once anyone has answered), or put the "
    "published file back",
)
WEB_SOURCE_NEWER = Message(
    "web-source-newer",
    "{source} is '{id}' {new}, but the database publishes {old}; publish the new version with "
    "s3engine serve init before serving it",
)
WEB_NOTHING_PUBLISHED = Message(
    "web-nothing-published",
    "the database {url} publishes no questionnaire; run s3engine serve init --db URL "
    "--questionnaire NAME first",
)
WEB_WHICH_QUESTIONNAIRE = Message(
    "web-which-questionnaire",
    "the database publishes several questionnaires ({ids}); name one with --questionnaire",
)
WEB_NOT_PUBLISHED = Message(
    "web-not-published",
    "the questionnaire '{id}' is not published in this database (it has: {ids})",
)
WEB_CONTACTS_EMPTY = Message(
    "web-contacts-empty",
    "the contact list holds no contact; give a header row and one row per contact",
)
WEB_CONTACTS_COLUMNS = Message(
    "web-contacts-columns",
    "the header row names unknown columns ({unknown}) or lacks required ones ({missing}); "
    "the columns are: {columns}",
)
WEB_CONTACTS_CELLS = Message(
    "web-contacts-cells", "this row has {found} cells, the header {expected}; check the separators"
)
WEB_CONTACTS_LONG = Message(
    "web-contacts-cell-too-long", "this cell has {length} characters; at most 300 are allowed"
)
WEB_CONTACTS_TOO_MANY = Message(
    "web-contacts-too-many", "more than {limit:,} contacts; split the list"
)
WEB_NO_REGIONS = Message(
    "web-no-regions",
    "open links need the regions they are for: give --regions FILE (a region list such as "
    "examples/regions.yaml) or a questionnaire with profile.regions",
)
WEB_BAD_TOKEN = Message(
    "web-bad-token", "this is not a token s3engine made (24 to 64 letters, digits, - and _)"
)
WEB_TOKEN_UNKNOWN = Message(
    "web-token-unknown", "no response and no invitation has this token; nothing was deleted"
)
WEB_PUBLIC_HTTP = Message(
    "web-public-http",
    "the survey listens on {host} without TLS: browsers keep no secure cookie over plain HTTP "
    "except on this machine, so respondents elsewhere could not answer; put it behind a reverse "
    "proxy with TLS and give --base-url https://... (docs/web-survey.md)",
)
WEB_MODEL_FITS_NOTHING = Message(
    "web-model-fits-nothing",
    "the scoring model '{model}' scores none of the questionnaires this database publishes "
    "(a model names its questionnaire); the monitor can only count responses",
)
WEB_CONTACTS_MISSING = Message("web-contacts-missing", "no {key} given: every row needs one")
WEB_CONTACTS_BAD_REGION = Message(
    "web-contacts-bad-region", "'{region}' is not one of the regions invited to ({regions})"
)


# Survey waves and targets (docs/waves.md)
WAVE_ID_INVALID = Message(
    "wave-id-invalid",
    "'{value}' cannot name a wave: use a year (2026) or up to 40 letters, digits, '-', '_' "
    "and '.', starting with a letter or digit (spring-2026)",
)
WAVE_PERIOD_INVALID = Message(
    "wave-period-invalid",
    "'{value}' is not a period: write a year (2026), a month (2026-04) or a range "
    "(2026-03/2026-05)",
)
WAVE_OPTION = Phrase("--{option} {value}: {problem}")
WAVE_PERIOD_WITHOUT_WAVE = Message(
    "wave-period-without-wave", "--wave-period needs --wave, the wave it is the period of"
)
SURVEY_RESUME_WAVE = Message(
    "survey-resume-wave",
    "--resume continues the response in the wave it was started in; leave out --wave",
)
WAVES_NOT_COMPARABLE = Message(
    "waves-not-comparable",
    "{indicator}: left out of the comparison of the waves (dimensions and composite of both "
    "waves without it): {why}",
)
WAVES_QUESTION_CHANGED = Phrase(
    "its question '{question}' has no comparable question in {id} {version}, the version the "
    "baseline answered (the model's comparable_with maps none)"
)
WAVES_DIMENSION_NOT_COMPARABLE = Message(
    "waves-dimension-not-comparable",
    "dimension '{dimension}': none of its questions compares with version {version} of the "
    "questionnaire (comparable_with in the model): the waves cannot be compared",
)
WAVES_REGIONS_IN_ONE = Message(
    "waves-regions-in-one", "regions with scores in one wave only, not compared: {regions}"
)
WAVES_SAME = Message(
    "waves-same", "--baseline {wave}: the baseline must be another wave than the one scored"
)
WAVES_NONE_FOUND = Message(
    "waves-none-found", "no response of the wave '{wave}' in {paths} (waves found: {found})"
)
WAVES_BASELINE_NEEDS_WAVE = Message(
    "waves-baseline-needs-wave",
    "--baseline needs --wave, the wave compared with it (e.g. --wave 2026 --baseline 2024)",
)
WAVES_TARGETS_NEED_BASELINE = Message(
    "waves-targets-need-baseline", "--targets needs --baseline: the pace comes from two waves"
)
WAVES_SENSITIVITY_ONE_WAVE = Message(
    "waves-sensitivity-one-wave", "--sensitivity scores one wave; leave it out with --baseline"
)
WAVES_EXPLAIN_NOT_COMPARED = Message(
    "waves-explain-not-compared", "--explain {region}: not a region scored in both waves"
)
WAVES_BAD_DATA_YEAR = Message(
    "waves-bad-data-year", "--data-year {spec}: write WAVE=YEAR, e.g. --data-year 2024=2022"
)
TARGET_ONE_THING = Message(
    "target-one-thing", "a target names one of indicator, dimension or composite: true"
)
#: One message for each kind of target: a noun filled in could not agree in a translation.
TARGET_UNKNOWN_INDICATOR = Message("target-unknown", "the model has no indicator '{id}'")
TARGET_UNKNOWN_DIMENSION = Message("target-unknown", "the model has no dimension '{id}'")
TARGET_SCORE_RANGE = Message(
    "target-score-range",
    "{value} is not a score: a dimension or composite target is from 0 to 100",
)
TARGET_TWICE = Message(
    "target-twice", "this region already has a target for the same thing (target {first})"
)
TARGET_MODEL = Message("target-model", "the model of the targets cannot be used: {problem}")
