"""Every message template s3engine prints about input files, in one place.

Tests format the same templates, so a reworded message changes in one spot.
"""

# Files
FILE_NOT_FOUND = "no such file; check the path"
FILE_UNREADABLE = "cannot read the file: {reason}"
IS_A_DIRECTORY = "is a folder, not a file"
FILE_TOO_LARGE = (
    "the {what} is {size}, larger than the limit of {limit}; split it or check it is the right file"
)
NOT_UTF8 = "the file is not UTF-8 text (byte 0x{byte:02X} here); save it as UTF-8"

# YAML syntax and safety
YAML_TAB = (
    "a tab character is used for indentation; YAML allows spaces only: replace the tab with spaces"
)
YAML_TRUNCATED = "the file ends in the middle of a value ({problem}); is it complete?"
YAML_MULTIPLE_DOCUMENTS = "the file holds more than one YAML document (---); keep one per file"
YAML_SYNTAX = "invalid YAML: {problem}"
YAML_BAD_CHARACTER = "the file contains a character YAML does not allow ({character}); remove it"
TOO_DEEP = "values are nested more than {limit} levels deep; this is not a file s3engine reads"
YAML_ALIAS_BOMB = (
    "aliases (*name) expand this document to more than {limit:,} values; refusing to load it"
)
YAML_RECURSIVE_ALIAS = "an alias refers to the value that contains it; remove the recursion"
YAML_UNSUPPORTED_TAG = "the YAML tag {tag} is not allowed here; write plain values without tags"
YAML_DUPLICATE_KEY = "the key '{key}' is given twice (first on line {first}); keep one"
YAML_COMPLEX_KEY = "keys must be plain values, not lists or mappings"
YAML_BAD_MERGE = "a merge key (<<) takes a mapping or a list of mappings"
YAML_NOT_MAPPING = "the file must be a YAML mapping (key: value lines) at the top, not {found}"
YAML_EMPTY = "the file is empty"
YAML_UNDEFINED_ALIAS = "the alias *{name} has no anchor &{name} before it; define the anchor first"
YAML_TOO_MANY_VALUES = (
    "the document holds more than {limit:,} values; this is not a file s3engine reads"
)
YAML_BAD_SCALAR = "'{value}' cannot be read as {kind}; put quotes around it to keep it as text"

# Shipped files named without a path
RESOURCE_NOT_FOUND = "{spec}: no such file or folder, and no shipped file of that name{hint}"
RESOURCE_HINT = "; did you mean '{name}'?"
RESOURCE_KNOWN = "; shipped {kind}: {names}"
CHECK_EMPTY_FOLDER = "{spec}: the folder holds no .yaml, .yml, .json or .jsonl files"

# Schema (pydantic) problems, re-worded
UNKNOWN_KEY = "unknown key '{key}'"
UNKNOWN_KEY_HINT = "unknown key '{key}'; did you mean '{suggestion}'?"
UNKNOWN_KEY_ALLOWED = "unknown key '{key}'; allowed here: {allowed}"
MISSING_KEY = "the key '{key}' is required here"
UNKNOWN_TYPE = "unknown {what} '{value}'; use one of {allowed}"
UNKNOWN_TYPE_HINT = "unknown {what} '{value}'; did you mean '{suggestion}'?"
#: What the key that picks a form is called in UNKNOWN_TYPE (by the key; others: "kind").
UNKNOWN_TYPE_WHAT = {"type": "question type", "method": "normalisation method"}
MISSING_TYPE = "the question has no 'type'; use one of {allowed}"
QUOTE_BOOL = (
    "{problem} (YAML reads yes/no/on/off/true/false as true or false: put quotes around '{value}')"
)
NO_VALUE = "no value is given here; {problem}"
BAD_PATTERN = "'{value}' is not valid here: {hint}"
KEY_LOOKS_LIKE_TEXT = (
    "'{value}' is read as a key: in {{en: ..., de: ...}} a comma starts a new entry, "
    "so put a text that holds a comma in quotes"
)
#: What a value matching each pattern of the file models looks like (a test checks that
#: every pattern used in a model has its hint here).
PATTERN_HINTS = {
    r"^[A-Za-z][A-Za-z0-9_\-]*$": "an id is a letter, then letters, digits, _ or -",
    r"^[A-Za-z0-9][A-Za-z0-9_\-]*$": "an option value holds only letters, digits, _ and -",
    r"^[A-Z]{2}[A-Z0-9]{0,3}$": "a region is its NUTS code in capitals, such as AT31",
    r"^[a-z]{2,3}(-[A-Z]{2})?$": "a language is a lower-case code such as en, de, fr, it, sl",
    r"^sha256:[0-9a-f]{64}$": "expected sha256: followed by 64 hexadecimal digits",
    r"^[A-Za-z0-9_\-]{4,64}$": "4 to 64 letters, digits, _ or -",
    r"^[A-Za-z0-9][A-Za-z0-9_.\-]{0,39}$": (
        "a wave is a year (2026) or up to 40 letters, digits, '-', '_' and '.' (spring-2026)"
    ),
    r"^[12][0-9]{3}(-(0[1-9]|1[0-2]))?(/[12][0-9]{3}(-(0[1-9]|1[0-2]))?)?$": (
        "a period is a year (2026), a month (2026-04) or a range (2026-03/2026-05)"
    ),
    r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]*$": (
        "it holds a control character (such as an escape sequence), which a terminal would "
        "act on; remove it"
    ),
}

# Questionnaire checks
DUPLICATE_ID = "the {what} id '{id}' is used twice (first at line {first}); ids must be unique"
DUPLICATE_OPTION = "the option value '{value}' is used twice in this list"
TOO_FEW_OPTIONS = "a list of options needs at least two options"
UNKNOWN_QUESTION = "refers to the unknown question '{ref}'"
UNKNOWN_QUESTION_HINT = "refers to the unknown question '{ref}'; did you mean '{suggestion}'?"
FORWARD_REFERENCE = (
    "refers to '{ref}', which comes later (line {line}); "
    "conditions may only refer to earlier questions"
)
SELF_REFERENCE = "refers to its own question '{ref}'; a question cannot depend on itself"
CONDITION_NEEDS_QUESTION = (
    "this condition needs 'question:' naming the earlier question it depends on"
)
UNKNOWN_OPTION = "'{value}' is not an option of question '{ref}' (options: {options})"
UNKNOWN_OPTION_HINT = "'{value}' is not an option of question '{ref}'; did you mean '{suggestion}'?"
BAD_OPERATOR_FOR_TYPE = "'{op}' cannot be used on the {qtype} question '{ref}'{hint}"
BAD_VALUE_FOR_TYPE = "'{value}' cannot be compared with the {qtype} question '{ref}': {expected}"
SCALE_POINT_UNKNOWN = "{value} is not a point of the scale of question '{ref}' ({low} to {high})"
UNKNOWN_LIST = "there is no choice list named '{name}' under choice_lists{hint}"
UNKNOWN_SCALE = "there is no scale named '{name}' under scales{hint}"
SCALE_BOUNDS = "the scale's min ({low}) must be smaller than its max ({high})"
SCALE_POINTS = (
    "the scale needs exactly one labelled point for every value from {low} to {high}; {problem}"
)
SCALE_MISSING_OUTSIDE = "the 'no information' point {value} is not one of the scale's points"
NUMBER_BOUNDS = "min ({low}) must not be larger than max ({high})"
SELECTION_BOUNDS = "{what} ({value}) cannot exceed the {limit} ({bound})"
UNKNOWN_GROUP = "'{group}' is not a stakeholder group of this questionnaire (groups: {groups})"
DEFAULT_LANGUAGE_NOT_LISTED = "the default language '{lang}' is not among the languages {languages}"
DUPLICATE_LANGUAGE = "the language '{lang}' is listed twice"
MISSING_TRANSLATION = "no {lang} text; {default} will be shown instead"
MISSING_TRANSLATIONS_SUMMARY = "{count} texts have no {lang} translation"
MISSING_DEFAULT_TEXT = "no text in the default language '{lang}'"
EXTRA_LANGUAGE = "text in '{lang}', which is not among the questionnaire's languages {languages}"
EMPTY_TEXT = "the text is empty"
UNUSED_LIST = "the choice list '{name}' is not used by any question"
UNUSED_SCALE = "the scale '{name}' is not used by any question"
VERSION_AS_NUMBER = (
    "the version is read as the number {value}, which can change it (1.10 reads as 1.1); "
    'put it in quotes, such as version: "1.0"'
)

# Regional statistics (CSV data sources of scoring models)
DATA_EMPTY = "the file is empty; download the data again"
DATA_HEADER_BLANK = "the first line is empty; the column names must be on line 1"
DATA_NO_ROWS = "the file has column names but no data rows; download the data again"
DATA_TSV = (
    "this is Eurostat's tab-separated (TSV) layout, with the years as columns; "
    "download the data as CSV (SDMX-CSV) instead"
)
DATA_LAYOUT_UNKNOWN = (
    "cannot tell the layout of this file: a Eurostat CSV has the columns geo, TIME_PERIOD "
    "(or time) and OBS_VALUE (or obs_value), and a wide CSV needs 'value:' in the data source, "
    "naming the column that holds the statistic; columns found: {found}"
)
DATA_EUROSTAT_COLUMNS = (
    "expected a Eurostat CSV (the short layout freq,unit,geo,time,obs_value, or SDMX-CSV with "
    "geo, TIME_PERIOD and OBS_VALUE), but the header has no {missing}; columns found: {found}. "
    "Is it the right file? A table with one row per region is read with format: wide"
)
DATA_LABEL_PAIRS = (
    "expected SDMX-CSV with labels, where every code column is followed by its label column, "
    "but {problem}; download the file again"
)
DATA_WIDE_COLUMN = (
    "expected a wide CSV with a column '{column}' holding {role}, but the header has none"
    "{hint}; columns found: {found}"
)
DATA_DUPLICATE_COLUMN = (
    "the column name '{column}' is used twice in the header (columns {first} and {second}); "
    "rename or remove one"
)
DATA_ROW_LENGTH = "this row has {found} fields where the header has {expected}; {advice}"
DATA_ROW_CUT = "the file seems cut off here: download it again"
DATA_ROW_FIX = (
    "look for a missing or extra delimiter ('{delimiter}'), or a value containing one "
    "without quotes around it"
)
DATA_CSV_SYNTAX = "the CSV cannot be read here ({problem}); check the quotes on this line"
DATA_CSV_END_IN_QUOTES = (
    "the file ends inside a quoted value: a closing quote is missing, or the file is cut off"
)
DATA_NOT_NUMBER = (
    "'{value}' is not a number; write a number such as 12.5 (a Eurostat flag may follow, as in "
    "12.5 e), or leave the cell empty or write ':' for a missing value"
)
DATA_NOT_YEAR = "'{value}' is not a year; statistics are read per year, such as 2021{hint}"
DATA_NOT_YEAR_FREQ = ": add the filter freq: A to keep the annual rows"
DATA_NO_REGION = "the region code is empty; fill it in or remove the row"
DATA_FILTER_COLUMN = (
    "the filter on '{column}' names a column this file does not have{hint}; columns that can "
    "be filtered: {columns}"
)
DATA_FILTER_VALUE = "the filter {column}: {value} matches no row{hint}; values present: {values}"
DATA_FILTER_NOTHING = (
    "no row matches all the filters together ({filters}); check their combination against the file"
)
DATA_FILTER_EMPTY_LIST = "a filter needs at least one value"
DATA_SEVERAL_SERIES = (
    "the column '{column}' holds several values ({values}) in the rows selected, so a region "
    "could have more than one value per year; add a filter such as {column}: {example} to the "
    "data source"
)
DATA_SERIES_CLASH = (
    "{region} {year} has a second value here (first on line {first}), from another series: "
    "the rows differ in {differences}; keep one value per column in the filters"
)
DATA_DUPLICATE_ROW = (
    "{region} {year} is given twice, here and on line {first}; remove one of the rows"
)
DATA_DUPLICATE_REGION = (
    "{region} has a second row here (first on line {first}){differences}; keep one row per {unit}"
)
DATA_ROWS_DIFFER = "; the rows differ in {differences}: add a filter on one of these columns"
DATA_YEAR_ABSENT = (
    "no row is for the year {year}; years present: {years}. Choose one of them, or year: latest"
)
DATA_RANGE_ABSENT = "no row is for a year from {first} to {last}; years present: {years}"
DATA_RANGE_ORDER = (
    "the first year of the range ({first}) comes after the last ({last}); "
    "write mean: [{last}, {first}]"
)
DATA_MAX_AGE_RULE = "max_age applies to year: latest only; remove it, or use year: latest"
DATA_WIDE_NEEDS_VALUE = "format: wide needs value: naming the column that holds the statistic"
DATA_NO_YEAR_COLUMN = (
    "{rule} needs a column of years, but this wide CSV has none; name it with year_column, "
    "or remove {rule}"
)
DATA_TOO_OLD = (
    "the latest value of {region} is from {year}, {age} years before {newest}, the newest "
    "year in the file; max_age is {max_age}, so the value is not used"
)
DATA_TOO_MANY_PROBLEMS = "stopped after {count} problems; fix these and read the file again"

# The survey (s3engine survey, --answers) and response files
SURVEY_NO_TERMINAL = (
    "s3engine survey: standard input is not a terminal, so no questions can be asked; give "
    "the answers in a file instead: s3engine survey {spec} --answers FILE "
    "(format: docs/response-format.md)"
)
SURVEY_BAD_LANGUAGE = (
    "'{lang}' is not a language of the questionnaire {id}; use one of: {languages}"
)
SURVEY_MISSING_PROFILE = "no {key} given: add '{key}:' under profile, or use --{key}"
SURVEY_BAD_REGION = "'{region}' is not one of the questionnaire's regions ({regions})"
SURVEY_BAD_NUTS = (
    "'{region}' is not a NUTS code: two capital letters and up to three letters or digits, "
    "e.g. AT31"
)
SURVEY_BAD_GROUP = "'{group}' is not a stakeholder group of this questionnaire ({groups})"
SURVEY_BAD_SECTOR = "'{sector}' is not a sector of this questionnaire ({sectors})"
SURVEY_CONSENT_MISSING = (
    "the questionnaire asks for consent before the first question: add 'consent: true' once "
    "the respondent has agreed"
)
SURVEY_CONSENT_DECLINED = "the respondent declined consent, so no response may be stored"
SURVEY_ANSWERS_AND_RESUME = "--answers and --resume cannot be combined: use one of them"
SURVEY_RESUME_PROFILE = (
    "--resume continues with the region and group stored in the response; leave out "
    "--region and --group"
)
SURVEY_RESUME_OTHER = (
    "this response answers the questionnaire '{other}', not '{id}'; resume it with: "
    "s3engine survey {other} --resume {file}"
)
SURVEY_RESUME_CHANGED = (
    "this response was started with version {old} of '{id}', and its answers do not fit "
    "version {new}: {problems}; finish it with the version it was started with"
)
SURVEY_RESUME_NEWER = (
    "note: this response was started with version {old} of '{id}'; its answers fit version "
    "{new}, which it now answers"
)
SURVEY_NOTHING_WRITTEN = "no response file was written; fix the problems and run it again"
SURVEY_EMPTY_ANSWER = "no answer given here; leave the question out to skip it"
SURVEY_SKIPPED_AND_ANSWERED = "'{qid}' is listed under skipped but also answered; keep one"
RESPONSE_EXISTS = (
    "a response file of this name exists already; nothing was overwritten (run the survey "
    "again to get a new name)"
)
RESPONSE_CANNOT_WRITE = "cannot write the response file: {reason}"
JSON_SYNTAX = "invalid JSON: {problem}"
JSON_DUPLICATE_KEY = "the key '{key}' is given twice; keep one"
RESPONSE_NO_QUESTIONNAIRE = (
    "answers the questionnaire '{id}' {version}, which is neither shipped nor among the files "
    "checked; check it together with its questionnaire, or name it with --questionnaire FILE"
)
RESPONSE_OTHER_VERSION = (
    "answers version {old} of '{id}', but the questionnaire found ({file}) is version {new}; "
    "{verdict}"
)
RESPONSE_CONTENT_CHANGED = (
    "answers '{id}' {version}, but the content of {file} changed since (same version, "
    "another hash: raise the version whenever questions change); {verdict}"
)
RESPONSE_STILL_FITS = "every answer still fits it"
RESPONSE_NO_LONGER_FITS = "{count} answers no longer fit it (listed here)"
RESPONSE_ONE_NO_LONGER_FITS = "one answer no longer fits it (listed here)"
RESPONSE_IN_VERSION = "in version {version}: {problem}"
RESPONSE_CONSENT_MISSING = (
    "the questionnaire asks for consent, but this response does not record it (consent: true)"
)
RESPONSE_SUBMITTED_MISSING = "a complete response needs the time it was submitted ('submitted')"
RESPONSE_SUBMITTED_PARTIAL = "a partial response has no 'submitted' time; is it complete?"
RESPONSE_TIME_ORDER = "'{later}' ({later_value}) is before '{earlier}' ({earlier_value})"

# Survey waves (docs/waves.md)
WAVE_ID_INVALID = (
    "'{value}' cannot name a wave: use a year (2026) or up to 40 letters, digits, '-', '_' "
    "and '.', starting with a letter or digit (spring-2026)"
)
WAVE_PERIOD_INVALID = (
    "'{value}' is not a period: write a year (2026), a month (2026-04) or a range (2026-03/2026-05)"
)
WAVE_OPTION = "--{option} {value}: {problem}"
WAVE_PERIOD_WITHOUT_WAVE = "--wave-period needs --wave, the wave it is the period of"
WAVES_NOT_COMPARABLE = (
    "{indicator}: left out of the comparison of the waves (dimensions and composite of both "
    "waves without it): {why}"
)
WAVES_QUESTION_CHANGED = (
    "its question '{question}' has no comparable question in {id} {version}, the version the "
    "baseline answered (the model's comparable_with maps none)"
)
WAVES_DIMENSION_NOT_COMPARABLE = (
    "dimension '{dimension}': none of its questions compares with version {version} of the "
    "questionnaire (comparable_with in the model): the waves cannot be compared"
)
TARGET_ONE_THING = "a target names one of indicator, dimension or composite: true"
TARGET_UNKNOWN = "the model has no {kind} '{id}'"
TARGET_SCORE_RANGE = "{value} is not a score: a dimension or composite target is from 0 to 100"
TARGET_TWICE = "this region already has a target for the same thing (target {first})"
TARGET_MODEL = "the model of the targets cannot be used: {problem}"
WAVES_REGIONS_IN_ONE = "regions with scores in one wave only, not compared: {regions}"
WAVES_SAME = "--baseline {wave}: the baseline must be another wave than the one scored"
WAVES_NONE_FOUND = "no response of the wave '{wave}' in {paths} (waves found: {found})"
WAVES_BASELINE_NEEDS_WAVE = (
    "--baseline needs --wave, the wave compared with it (e.g. --wave 2026 --baseline 2024)"
)
SURVEY_RESUME_WAVE = (
    "--resume continues the response in the wave it was started in; leave out --wave"
)

# Recommendation catalogues and action plans (s3engine plan)
CATALOGUE_MODEL_UNUSABLE = "the scoring model '{name}' cannot be used: {problem}"
CATALOGUE_QUESTIONNAIRE_UNUSABLE = "the needs questionnaire '{name}' cannot be used: {problem}"
CATALOGUE_UNKNOWN = "there is no {what} '{id}' in {where}{hint}"
CATALOGUE_QUESTION_TYPE = "'{id}' is a {found} question; {role} must be a {expected} question"
CATALOGUE_OPTIONS_DIFFER = (
    "'{id}' does not offer the same options as the ranking '{ranking}'; the needs are compared "
    "between the two, so give both the same choice list"
)
CATALOGUE_PERSONAL_COMMENT = (
    "'{id}' holds personal data (personal: true) and is never quoted in a plan; remove it here"
)
CATALOGUE_UNMET_UNDEFINED = "unmet_share_at_least needs 'unmet:' under needs, naming the question"
CATALOGUE_DIMENSION_UNUSED = (
    "no recommendation addresses the dimension '{id}'; regions weak there get no advice on it"
)
CATALOGUE_NEED_UNUSED = (
    "no recommendation answers the need '{id}'; stakeholders naming it get no response"
)
CATALOGUE_NO_NEEDS_DATA = "no valid needs options could be read, so need ids are not checked"
PLAN_NO_RESPONSES = (
    "none of the responses answers the questionnaire '{id}' of the model; pass the stress-test "
    "responses (files or folders)"
)
PLAN_NO_REGIONS = "no region was scored, so there is no plan to write"
PLAN_UNKNOWN_REGION = "--region {code}: no region of that code was scored (scored: {codes})"
PLAN_UNKNOWN_FORMAT = "--format {name}: unknown format; use one or more of {formats}"
PLAN_UNKNOWN_LANGUAGE = (
    "--lang {lang}: the catalogue has no texts in that language (languages: {languages})"
)
PLAN_MODEL_MISMATCH = (
    "the catalogue is written for the model '{catalogue_model}', but the plan scores with "
    "'{model}'; pass --catalogue with a catalogue for that model"
)
PLAN_CANNOT_WRITE = "cannot write {file}: {reason}"

# Scoring models (s3engine check, s3engine score)
MODEL_QUESTIONNAIRE_INVALID = "the questionnaire '{name}' cannot be used: {problem}"
MODEL_INLINE_SOURCE_CLASH = (
    "the indicator id '{id}' is also the name of a source under sources; rename one of them"
)
MODEL_RESERVED_CLASS = "'{id}' is the class of regions without enough evidence; use another id"
MODEL_LAST_CLASS_MIN = (
    "the last class '{id}' takes every composite below the others, so it has no 'min'; remove it"
)
MODEL_CLASS_NEEDS_MIN = "the class '{id}' needs 'min': the lowest composite that belongs to it"
MODEL_CLASS_ORDER = (
    "the min of '{id}' ({value:g}) must be lower than the min of the class before it "
    "({previous:g}); list the classes from best to worst"
)
MODEL_NEEDS_QUESTIONNAIRE = (
    "a survey indicator needs the questionnaire it comes from: add 'questionnaire:' at the top"
)
MODEL_STATISTIC_NEEDS_NORMALISATION = (
    "the statistic '{id}' needs 'normalise:' (goalposts, minmax, zscore, rank or ratio) to "
    "become a 0-100 score"
)
MODEL_STATISTIC_NOT_NORMALISED = (
    "method 'none' uses the values as 0-100 scores (clamped); is the statistic one already?"
)
MODEL_GOALPOSTS_ORDER = "the goalpost min ({low:g}) must be smaller than max ({high:g})"
MODEL_LOG_GOALPOSTS = "with log: true (ln(1 + value)) the goalpost min must be larger than -1"
MODEL_LOG_RATIO = "a ratio to a reference value is taken on the values themselves; remove 'log'"
MODEL_SURVEY_REFERENCE = (
    "a survey indicator has no reference region; give a fixed 'reference' value instead"
)
MODEL_UNKNOWN_CLASS = "there is no class '{id}' (classes: {classes}){hint}"
MODEL_GATE_TOP_CLASS = (
    "'{id}' is the best class, so this gate can never lower a region's class; name a lower one"
)
MODEL_TOO_MANY_GROUPS = (
    "min_groups is {count}, but the questionnaire '{id}' has only {groups} stakeholder groups"
)
MODEL_UNKNOWN_QUESTION = "there is no question '{id}' in {questionnaire}{hint}"
MODEL_PERSONAL_QUESTION = "'{id}' asks for personal data, which is never scored"
MODEL_QUESTION_NOT_SCORED = "the question '{id}' cannot be scored: {problem}"
MODEL_NUMBER_NOT_NORMALISED = (
    "'{id}' is a number question: its answers are used as they are; normalise them (for "
    "example with goalposts) unless they are 0-100 scores already"
)
MODEL_UNKNOWN_REF = "there is no {what} '{id}' under {under}{hint}"

# Scoring (s3engine score)
SCORE_REFUSED = "response of {id} ({region}) refused: {problem}"
SCORE_OTHER_QUESTIONNAIRE = "it answers the questionnaire '{id}', but the model scores '{expected}'"
SCORE_OTHER_VERSION = (
    "it answers version {version} of '{id}', but the model's questionnaire is version "
    "{expected}; score it with a model that names the version it answered"
)
SCORE_OTHER_CONTENT = (
    "it answers '{id}' {version}, but the questionnaire's content has changed since (another "
    "hash); score it with the questionnaire it answered"
)
SCORE_DUPLICATE = "the respondent {id} has been read already (the same response given twice?)"
SCORE_AGGREGATE_NOT_REGION = (
    "{code} is an aggregate, not a region: it can serve as a reference value but is not scored"
)
SCORE_REFUSED_COUNT = "{count} responses refused, {read} counted"
SCORE_MORE_REFUSED = "... and {count} more refused responses"
SCORE_TOO_FEW_ANSWERS = (
    "{count} answers from {groups} groups; needs at least {min_respondents} answers from "
    "{min_groups} groups"
)
SCORE_SOURCE_NOT_READ = "the source '{source}' was not read"
SCORE_NO_VALUE_FOR_RULE = "no value in {file} under the source's year rule"
SCORE_REGION_NOT_IN_SOURCE = "{code} is not in {file}"
SCORE_EMPTY_VALUE = "empty value in {file} for {year}{flags}"
SCORE_LOG_UNDEFINED = "ln(1 + value) is undefined for {value}"
SCORE_NO_REFERENCE = (
    "{indicator}: the reference region {region} has no value in {file}, so the ratio cannot be "
    "taken"
)
SCORE_NO_REFERENCE_NOTE = "no reference value ({region})"
SCORE_FLAGGED = "{indicator}: the {year} value is flagged {flags}"
SCORE_DIMENSION_UNCOVERED = (
    "{dimension}: {present} of {total} indicators have a value, fewer than the {needed} it "
    "needs; the dimension has no score"
)
SCORE_GATE_MISSING = "gate {gate}: {ref} has no value, so the gate was not applied"
SCORE_REASON_INSUFFICIENT = (
    "insufficient evidence: {present} of {total} dimensions have a score, and the model needs "
    "{needed} (without a score: {lacking})"
)
SCORE_REASON_GATE_MISSING = "insufficient evidence: the gate {gate} needs {ref}, which has no value"
SCORE_REASON_THRESHOLD = "composite {composite} is {relation} {threshold}: {label}"
SCORE_REASON_GATE = (
    "{reason}, but the gate {gate} ({condition}; the value is {value}) holds it at {label}"
)
#: What Eurostat's observation flags mean (shown next to the values they qualify).
EUROSTAT_FLAGS = {
    "b": "break in time series",
    "c": "confidential",
    "d": "definition differs",
    "e": "estimated",
    "f": "forecast",
    "i": "see metadata",
    "n": "not significant",
    "p": "provisional",
    "r": "revised",
    "s": "Eurostat estimate",
    "u": "low reliability",
    "z": "not applicable",
}
SCORE_NO_RESPONSE_FILES = (
    "no response files (.yaml, .yml, .json, .jsonl) under {paths}; check the paths"
)
SCORE_NEEDS_RESPONSES = (
    "the model {model} scores survey answers: give the response files or folders (a model "
    "of statistics alone needs none)"
)
SCORE_RESPONSES_UNUSED = "the model {model} uses no survey questions: the responses were not read"
SCORE_UNREADABLE = "{count} response documents could not be read (see the messages)"
SCORE_UNKNOWN_SOURCE = "--data {name}=FILE: the model has no source '{name}' (sources: {sources})"
SCORE_DATA_MISSING = (
    "the source '{source}' needs the file {file}: give it with --data FILE (or a folder "
    "holding it), or put it next to the model"
)
SCORE_DATA_UNUSED = "--data {file}: no source of the model uses this file"
JOBS_INVALID = (
    "{variable}={value}: give the number of processes that may read responses at once, "
    "a whole number from 1 (1: read in this process only)"
)
PLAN_OTHER_QUESTIONNAIRE = (
    "it answers the questionnaire '{id}'; a plan reads responses to '{model}' (scored) and "
    "'{needs}' (needs)"
)
PLAN_NEEDS_OTHER_VERSION = (
    "it answers version {version} of '{id}', but the needs questionnaire found is version "
    "{expected}; its needs are not counted"
)
PLAN_NEEDS_OTHER_CONTENT = (
    "it answers '{id}' {version}, but the needs questionnaire's content has changed since "
    "(another hash); its needs are not counted"
)

# Answers that do not fit their question, as response files, answers files and `check` word
# them (questionnaire.answers; the survey words the same rules in the respondent's language)
ANSWER_NOT_AN_OPTION = "{value} is not one of the options: {options}"
ANSWER_NOT_A_LIST = "expected a list of options"
ANSWER_UNKNOWN_OPTIONS = "not an option: {unknown} (options: {options})"
ANSWER_OPTION_TWICE = "an option is given twice"
ANSWER_CHOOSE_AT_LEAST = "choose at least {n}"
ANSWER_CHOOSE_AT_MOST = "choose at most {n}"
ANSWER_RANK_COUNT = "rank between {low} and {high} options, in order of priority"
ANSWER_SCALE_POINT = "expected a whole number {low} to {high}"
ANSWER_NO_SCALE = "expected a whole number of the scale"
ANSWER_NOT_A_NUMBER = "expected a number"
ANSWER_WHOLE_NUMBER = "expected a whole number"
ANSWER_DECIMALS = "expected at most {decimals} decimal places"
ANSWER_AT_LEAST = "expected at least {min}"
ANSWER_AT_MOST = "expected at most {max}"
ANSWER_YES_NO = "expected yes (true) or no (false)"
ANSWER_NOT_A_TEXT = "expected a text"
ANSWER_TEXT_TOO_LONG = "the text has {length} characters; at most {max} allowed"

# Limits of very large inputs (docs/limits.md)
JSONL_LINE_TOO_LONG = (
    "this line is {size}, longer than the limit of {limit} for one response; each line of a "
    "JSON Lines file holds one response (is this the right file?)"
)
CONTROL_CHARACTER = (
    "the text holds the control character {character}, which a terminal would act on (an "
    "escape sequence); remove it"
)
YAML_CONTROL_CHARACTER = (
    "the text holds the control character {character} (written as an escape such as \\e or "
    "\\x1b), which a terminal would act on; remove it"
)

# Hostile input (fuzz and hostile-file tests: tests/test_fuzz_*.py, tests/test_hostile.py)
#: An answer to a number question beyond what sums can hold exactly.
ANSWER_NUMBER_RANGE = "expected a number from -10^15 to 10^15"
YAML_NUMBER_RANGE = (
    "'{value}' is not a number s3engine can compute with: numbers must be finite (not .nan or "
    ".inf) and between -10^15 and 10^15"
)
DATA_VALUE_RANGE = (
    "'{value}' is too large to compute with: values must lie between -10^15 and 10^15"
)
DATA_BAD_REGION = (
    "'{code}' is not a region code: a code is letters and digits (AT31), an aggregate may also "
    "hold _ or - (EU27_2020); correct the row or remove it"
)
NOT_A_FILE = "this is not a regular file (a device, pipe or socket); name a file"
PATH_UNUSABLE = "cannot use this path: {reason}"
JSON_UNCLOSED_TEXT = (
    "invalid JSON: a text value runs to the end of the line without its closing quote; is the "
    "line cut off?"
)

# Regions at EU scale: extra-regio codes, NUTS levels and versions, subsets
# (scoring/region_scores.py, statistics/nuts.py)
SCORE_EXTRA_REGIO_LEFT_OUT = (
    "{count} extra-regio codes left out ({codes}): they stand for the territory outside the "
    "regions of a country, not for a region, and are never scored nor compared with"
)
SCORE_EXTRA_REGIO_ASKED = (
    "--regions {code}: an extra-regio code (the territory outside the regions of a country) "
    "is not a region and cannot be scored"
)
SCORE_UNKNOWN_REGIONS = (
    "--regions: {codes} {verb} neither in the responses nor in the data{hints}; regions known: "
    "{known}"
)
SCORE_MIXED_LEVELS = (
    "the regions of the data are of NUTS levels {levels} and are ranked together (for example "
    "{examples}); pass --nuts-level, or set nuts_level in the model, to score one level"
)
SCORE_CLAMPED_TIE = (
    "{indicator}: {count} of the {total} regions scored lie {side} the range of '{method}' "
    "and all score {score} (clamped), so they tie on this indicator; widen the range (or use "
    "minmax or rank) to tell them apart"
)
SCORE_TOO_FEW_YEARS = (
    "only {found} of the years {first}-{last} have a value in {file} ({years}); the source "
    "needs {needed}"
)
DATA_MIN_YEARS_RANGE = "min_years is {needed}, but the range {first}-{last} has only {years} years"
DATA_NUTS_MIXED = (
    "{count} region codes are not codes of NUTS {version}, which the other sources (or the "
    "responses) use: {codes}. {remedy}"
)
DATA_NUTS_RECODABLE = (
    "{count} of them map one-to-one onto NUTS {version} regions ({pairs}): pass --nuts-version "
    "{version}, or set nuts_version in the model, to recode them."
)
DATA_NUTS_NOT_RECODABLE = (
    "None of them maps one-to-one onto a NUTS {version} region (their boundaries changed), so "
    "they cannot be matched; take the data in NUTS {version} from Eurostat."
)
DATA_NUTS_LEFT = (
    "{count} region codes have no one-to-one counterpart in NUTS {version} (their boundaries "
    "changed) and keep their code: {codes}"
)
DATA_NUTS_RECODED = "{count} region codes recoded to NUTS {version}: {pairs}"
DATA_NUTS_RECODE_CLASH = (
    "{old} is {new} in NUTS {version}, which the file holds too: the value of {new} is kept"
)
#: Eurostat's confidentiality status (CONF_STATUS), as it qualifies a value.
EUROSTAT_CONF_STATUS = {
    "A": "confidential: small counts",
    "C": "confidential",
    "D": "confidential (secondary confidentiality)",
    "G": "confidential: dominated by one or two units",
    "M": "confidential (declared so by other measures)",
    "N": "not for publication",
    "O": "confidential: dominated by one unit",
    "S": "confidential (secondary confidentiality)",
    "T": "confidential: dominated by two units",
}
#: Kinds of warnings about single regions, as the summary under the table names them.
WARNING_KINDS = {
    "not_in_source": "region not in a data file",
    "no_value_for_year": "no value under a source's year rule (missing or too old years)",
    "too_few_years": "too few years for a mean of years",
    "confidential": "value withheld as confidential",
    "empty_value": "empty value in a data file",
    "flagged": "value flagged (estimated, provisional, break in series...)",
    "source_not_read": "source not read",
    "not_normalised": "value that cannot be normalised",
    "dimension_uncovered": "dimension without a score (too few indicators)",
    "gate_missing": "gate not applied (no value)",
}
WARNING_SUMMARY = "{count} warnings about single regions (--explain REGION lists a region's):"
WARNING_SUMMARY_LINE = "{label}: {count} ({codes})"

# The audit and the sensitivity analysis (scoring/audit.py, scoring/sensitivity.py, cli/audit.py)
AUDIT_MIN_SHARE = "--min-data-share must be from 0 to 1, got {value}"

# The glossary (s3engine/questionnaire/glossary.yaml, docs/glossary.md)
GLOSSARY_TERM = "the {lang} text uses '{found}' where the glossary says '{use}' (docs/glossary.md)"
GLOSSARY_LABEL = (
    "the {lang} label should read '{expected}', as wherever the English is '{en}' "
    "(docs/glossary.md)"
)

# Survey tools: converting questionnaires, importing their responses (docs/interop.md)
INTEROP_NAME_CLASH = (
    "the question id '{id}' is also the name of a field the converted form adds for {by}; "
    "rename the question"
)
IMPORT_NO_HEADER = "the file has no header row; export the responses with column headings"
IMPORT_COLUMN_MISSING = (
    "the export has no column for {what}; export all questions (in {tool}: {advice})"
)
IMPORT_AMBIGUOUS_HEADER = (
    "the heading '{header}' could mean {first} or {second}; export with XML names (codes) as "
    "headings, or with the groups in the headings"
)
IMPORT_DUPLICATE_HEADER = "the heading '{header}' is given twice (columns {first} and {second})"
IMPORT_ROW_TOO_LONG = "this row is longer than {limit}; is this an export of responses?"
IMPORT_TOO_MANY_COLUMNS = (
    "the file has more than {limit:,} columns; is this an export of responses?"
)
IMPORT_ROW_LENGTH = "this row has {found} cells where the header has {expected}"
IMPORT_CSV_SYNTAX = "the CSV cannot be read here ({problem}); check the quotes on this line"
IMPORT_XLSX_UNREADABLE = "the XLSX file cannot be read ({problem}); export it again"
IMPORT_XLSX_TOO_LARGE = (
    "the XLSX file unpacks to {size}, more than the limit of {limit}; is it a workbook of "
    "responses?"
)
IMPORT_OTHER_VERSION = (
    "this response answers version {found} of the form, but {id} is version {expected}; import "
    "it with the questionnaire version it answered"
)
IMPORT_OTHER_CONTENT = (
    "this response answers {id} {version}, but the questionnaire's content has changed since "
    "the form was made (another hash, {found} instead of {expected}); import it with the "
    "questionnaire it answered, and raise the version whenever questions change"
)
IMPORT_NO_VERSION = (
    "the row records no form version; was the form made with s3engine convert? Each response "
    "must name the version it answers"
)
IMPORT_NOT_NUMBER = "'{value}' is not a number; write it with a decimal point, such as 12.5"
IMPORT_NOT_WHOLE = "'{value}' is not a whole number of the scale"
IMPORT_NOT_YES_NO = "'{value}' is neither {yes} nor {no}"
IMPORT_NOT_CODE = "'{value}' is not a code of this question (codes: {codes})"
IMPORT_LABEL_NOT_CODE = (
    "'{value}' is the label of '{code}', not its code; export the values as codes (XML values "
    "in KoboToolbox, answer codes in LimeSurvey)"
)
IMPORT_LEADING_ZERO = (
    "'{value}' is not a code of this question, but '{code}' is: a spreadsheet program dropped "
    "its leading zero; export again and open it as text"
)
IMPORT_FLAG = "'{value}' is not a tick: expected {yes}, 0 or an empty cell"
IMPORT_PLACES_GAP = "place {rank} is empty but a later place is filled; rank without gaps"
IMPORT_NOT_SUBMITTED = (
    "this response was not completed (no submission date); export completed responses only, "
    "or leave the row out"
)
IMPORT_BAD_TIME = "'{value}' is not a date and time such as 2025-03-14T09:15:00Z"
IMPORT_ALREADY = (
    "the response file {file} exists already (imported before?); nothing was overwritten"
)
IMPORT_DUPLICATE_ROW = "the respondent {id} is given twice in this file (first on row {first})"
IMPORT_NOTHING_WRITTEN = "no response was imported; fix the problems and run it again"
EXPORT_OTHER_QUESTIONNAIRE = "it answers the questionnaire '{id}', not '{expected}'; left out"
EXPORT_OTHER_VERSION = (
    "it answers '{id}' {version}, but the questionnaire given (version {expected}) has other "
    "content; export it with the questionnaire it answered"
)
# The web survey (s3engine serve)
WEB_BAD_DB_URL = (
    "'{url}' is not a database s3engine can use; give sqlite:///FILE (e.g. sqlite:///survey.db) "
    "or postgresql://USER@HOST/DATABASE"
)
WEB_DB_FOLDER_MISSING = "the folder {folder} of the SQLite database does not exist; create it first"
WEB_DB_UNREACHABLE = "cannot use the database {url}: {reason}"
WEB_DB_EMPTY = (
    "the database {url} holds no survey yet; publish a questionnaire first: "
    "s3engine serve init --db URL --questionnaire NAME"
)
WEB_DB_OLD_SCHEMA = (
    "the database {url} has the schema of an older s3engine ({found}, this one needs {head}); "
    "back it up, then run: s3engine serve upgrade --db URL"
)
WEB_CHANGED_AFTER_ANSWERS = (
    "{source} changed since '{id}' {version} was published, and {count} respondent(s) have "
    "answered that version; raise its `version` and publish it again with s3engine serve init "
    "(the answers given stay with the version they answered)"
)
WEB_SOURCE_CHANGED = (
    "{source} is no longer the '{id}' {version} this database publishes (its content changed); "
    "publish it with s3engine serve init (raise `version` once anyone has answered), or put the "
    "published file back"
)
WEB_SOURCE_NEWER = (
    "{source} is '{id}' {new}, but the database publishes {old}; publish the new version with "
    "s3engine serve init before serving it"
)
WEB_NOTHING_PUBLISHED = (
    "the database {url} publishes no questionnaire; run s3engine serve init --db URL "
    "--questionnaire NAME first"
)
WEB_WHICH_QUESTIONNAIRE = (
    "the database publishes several questionnaires ({ids}); name one with --questionnaire"
)
WEB_NOT_PUBLISHED = "the questionnaire '{id}' is not published in this database (it has: {ids})"
WEB_CONTACTS_EMPTY = "the contact list holds no contact; give a header row and one row per contact"
WEB_CONTACTS_COLUMNS = (
    "the header row names unknown columns ({unknown}) or lacks required ones ({missing}); "
    "the columns are: {columns}"
)
WEB_CONTACTS_CELLS = "this row has {found} cells, the header {expected}; check the separators"
WEB_CONTACTS_LONG = "this cell has {length} characters; at most 300 are allowed"
WEB_CONTACTS_TOO_MANY = "more than {limit:,} contacts; split the list"
WEB_NO_REGIONS = (
    "open links need the regions they are for: give --regions FILE (a region list such as "
    "examples/regions.yaml) or a questionnaire with profile.regions"
)
WEB_BAD_TOKEN = "this is not a token s3engine made (24 to 64 letters, digits, - and _)"
WEB_TOKEN_UNKNOWN = "no response and no invitation has this token; nothing was deleted"
WEB_PUBLIC_HTTP = (
    "the survey listens on {host} without TLS: browsers keep no secure cookie over plain HTTP "
    "except on this machine, so respondents elsewhere could not answer; put it behind a reverse "
    "proxy with TLS and give --base-url https://... (docs/web-survey.md)"
)
WEB_MODEL_FITS_NOTHING = (
    "the scoring model '{model}' scores none of the questionnaires this database publishes "
    "(a model names its questionnaire); the monitor can only count responses"
)
WEB_CONTACTS_MISSING = "no {key} given: every row needs one"
WEB_CONTACTS_BAD_REGION = "'{region}' is not one of the regions invited to ({regions})"
