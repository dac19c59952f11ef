"""Every size limit s3engine applies to what it reads, in one place (docs/limits.md)."""

#: Files larger than this are refused before they are read.
MAX_BYTES = 20 * 1024 * 1024
#: A document may hold at most this many values once aliases are expanded.
MAX_NODES = 2_000_000
#: Lists and mappings nested deeper than this are refused.
MAX_DEPTH = 64
#: Numbers validated documents may hold: finite, at most this large (validation.py).
MAX_NUMBER = 10**15
#: One response document (a file, or a line of a JSON Lines file) larger than this is refused.
MAX_RESPONSE_BYTES = 1024 * 1024
#: A name shown in documents (a region's name given by a respondent or a questionnaire's list
#: of regions): at most this many characters, on one line (models.Name).
MAX_NAME_LENGTH = 200
#: A respondent's organisation: at most this many characters, on one line.
MAX_ORGANISATION_LENGTH = 300
#: An export of a survey tool (CSV or XLSX) larger than this is refused before it is read; it
#: is read a row at a time, so this bounds the time of an import, not its memory.
MAX_IMPORT_BYTES = 2 * 1024 * 1024 * 1024
#: An XLSX export whose parts unpack to more than this is refused (a zip bomb).
MAX_IMPORT_UNPACKED_BYTES = 4 * 1024 * 1024 * 1024
#: A row of an export longer than this (one respondent's answers) is refused unread.
MAX_IMPORT_ROW_BYTES = MAX_RESPONSE_BYTES
#: At most this many columns in an export.
MAX_IMPORT_COLUMNS = 20_000
#: Aliases may repeat at most this many characters of text (keys and values) in one YAML
#: document, each alias counted at the full length of what it repeats: a text repeated
#: through aliases is bounded like one written out (MAX_BYTES), before anything expands it.
MAX_EXPANDED_CHARACTERS = MAX_BYTES
#: At most this many findings of one kind are listed per file; the rest are counted in one
#: more finding or line ("... and 59,990 more"). A kind is a code in `check` (60,000 unknown
#: keys); in an import it is one problem of many rows, whatever value each row's cell holds
#: (every row of another form version, a decimal comma in one column: core.findings.kind_of).
#: Twenty, and the line that counts the rest, fit a terminal's first screen (24 lines) and
#: show whether a problem is of every row or of some.
MAX_FINDINGS_OF_A_KIND = 20
#: The web survey refuses a request body (one page's form) larger than this.
WEB_MAX_BODY_BYTES = 1024 * 1024
#: ... and a form of more fields than this (a page of the largest questionnaire has ~100).
WEB_MAX_FORM_FIELDS = 2000
