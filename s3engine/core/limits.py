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
