"""Responses for R: a script in base R that reads the table (statistical.py) into a data frame.

`s3engine export --to r --out stress.R` writes the table as the CSV export writes it
(stress.R.data.csv: UTF-8 with a byte order mark, codes, -98 skipped and -99 not asked, a
text that could run as a formula with a leading apostrophe) and this script (stress.R), which
reads it into the data frame `data`, as LimeSurvey's "R (syntax file)" reads its "R (data
file)":

* a category (a single choice, a scale, a yes/no, an option's 0/1, a ranking's place, the
  stakeholder group and the sector) is a factor whose levels are its labels in the language
  asked for, in the questionnaire's order; a scale's "no information" point stays a level of
  its own (it is an answer: the respondent said they cannot judge), the codes of an answer
  skipped or not asked become NA;
* a number is numeric (skipped and not asked: NA), a text character (unanswered: NA), with
  the apostrophe the CSV writer put before a formula (or before apostrophes before one:
  statistical.csv_cell) taken away again, and only there;
* a time (when the response was started and submitted, ISO 8601 text in UTC in the data
  file) is POSIXct in UTC (not submitted: NA);
* each column keeps its full label as `attr(, "label")` (which RStudio's View shows), and
  the data frame all of them as `attr(, "variable.labels")` (as LimeSurvey's script and
  foreign::read.spss give them).

The script is ASCII: every other character of a label is an escape (\\u{...}), and no line
is longer than a few hundred characters (R's reader of a script cuts long lines, and an
escape cut in two is an error), so that it reads the same in every locale of every platform.
It reads its data file as bytes marked UTF-8 (readLines(encoding = "UTF-8")), never through
the locale's encoding (read.csv's fileEncoding fails in a locale that is not UTF-8), from the
script's own folder when R tells it (Rscript, source(), RStudio's Source), else from the
working directory.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

from s3engine.export.safety import FORMULA_STARTS
from s3engine.interop.statistical import SCALE, Codebook, Variable

#: How many characters of source one piece of a long string may take: every line of the
#: script stays short (R reads a script's lines into a buffer of 4,096 bytes).
PIECE = 200
#: The reasons of a missing code that R reads as NA (the "no information" point is a level).
NA_REASONS = frozenset(("skipped", "not asked"))

_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}


def r_data_path(out: Path) -> Path:
    """The data file the R script `out` reads: beside it, named after it whole (stress.R ->
    stress.R.data.csv), as its codebook (stress.R.codebook.csv)."""
    return out.with_name(out.name + ".data.csv")


def _escaped(ch: str) -> str:
    """One character as it stands in an R string literal in double quotes, in ASCII."""
    if ch in _ESCAPES:
        return _ESCAPES[ch]
    point = ord(ch)
    if 0x20 <= point < 0x7F:
        return ch
    if 0xD800 <= point <= 0xDFFF:  # a lone surrogate: no character, R refuses its escape
        point = 0xFFFD
    return f"\\u{{{point:X}}}" if point <= 0xFFFF else f"\\U{{{point:X}}}"


def r_string(text: str, indent: str = "") -> str:
    """`text` as an R expression of a character string: a literal, or, when long, paste0 of
    literals one a line (after `indent`). NUL, which no R string holds, is left out."""
    pieces: list[str] = []
    current = ""
    for ch in text.replace("\x00", ""):
        escaped = _escaped(ch)
        if len(current) + len(escaped) > PIECE:
            pieces.append(current)
            current = ""
        current += escaped
    pieces.append(current)
    if len(pieces) == 1:
        return f'"{pieces[0]}"'
    inner = indent + "  "
    lines = ",\n".join(f'{inner}"{piece}"' for piece in pieces)
    return f"paste0(\n{lines}\n{indent})"


def _vector(items: list[str], indent: str) -> str:
    """c(...) of R expressions, one a line after `indent`."""
    if not items:
        return "character(0)"
    inner = indent + "  "
    return "c(\n" + ",\n".join(inner + item for item in items) + f"\n{indent})"


def _comment(text: str) -> str:
    """`text` for a comment of the script: printable ASCII, on one line."""
    return "".join(ch if 0x20 <= ord(ch) < 0x7F else "?" for ch in text)


#: Blanks and invisible characters a spreadsheet skips before a formula (str.isspace and the
#: categories Cc, Cf and Zs of export.safety: together, exactly Cc, Cf, Zs, Zl and Zp).
_BLANKS = ("Cc", "Cf", "Zs", "Zl", "Zp")


def _guarded_pattern() -> str:
    """The cells statistical.csv_cell gave an apostrophe, in PCRE: apostrophes before a
    formula character that is a blank itself (a tab, a carriage return), or before blanks
    followed by any other formula character (export.safety.formula_guarded's rule, after
    every apostrophe). The full-width signs stay characters, which makes the pattern UTF-8
    (PCRE's UTF mode) in every locale."""
    pcre = {"\t": "\\t", "\r": "\\r", "-": "\\-"}
    blank = [c for c in FORMULA_STARTS if unicodedata.category(c) in _BLANKS]
    other = [c for c in FORMULA_STARTS if unicodedata.category(c) not in _BLANKS]
    classes = "".join(f"\\p{{{name}}}" for name in _BLANKS)
    first = "".join(pcre.get(c, c) for c in blank)
    then = "".join(pcre.get(c, c) for c in other)
    return f"^'+([{first}]|[{classes}]*[{then}])"


GUARDED = _guarded_pattern()

_HELPERS = f"""\
  here <- NULL  # the folder of this script, when R tells it
  for (frame in rev(sys.frames())) {{
    if (is.character(frame$ofile)) {{  # source(), and RStudio's Source
      here <- dirname(frame$ofile)
      break
    }}
  }}
  if (is.null(here)) {{  # Rscript
    script <- sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE))
    # (Rscript writes a space of the script's path as ~+~)
    if (length(script) == 1L) here <- dirname(gsub("~+~", " ", script, fixed = TRUE))
  }}
  path <- if (is.null(here)) file else file.path(here, file)
  if (!file.exists(path)) path <- file  # else from the working directory
  if (!file.exists(path)) {{
    where <- if (is.null(here)) getwd() else paste(here, "nor in", getwd())
    stop("the data file ", file, " is not in ", where, call. = FALSE)
  }}
  # Read as bytes marked UTF-8 (never through the locale's encoding), without the byte
  # order mark; "" is the only empty cell, so that a text "NA" stays a text.
  lines <- readLines(path, encoding = "UTF-8", warn = FALSE)
  lines[1L] <- sub("^\\ufeff", "", lines[1L])
  data <- utils::read.csv(
    text = lines, encoding = "UTF-8", colClasses = classes, na.strings = "",
    check.names = FALSE, stringsAsFactors = FALSE
  )
  if (!identical(names(data), names(labels))) {{
    stop(path, " does not hold the columns this script reads", call. = FALSE)
  }}
  categories <- function(name, codes, labels, missing) {{
    x <- data[[name]]
    x[x %in% missing] <- NA
    unknown <- setdiff(x[!is.na(x)], codes)
    if (length(unknown) > 0L) {{
      stop(name, ": no label for ", paste(unknown, collapse = ", "), call. = FALSE)
    }}
    factor(x, levels = codes, labels = labels)
  }}
  numbers <- function(name, missing) {{
    x <- data[[name]]
    x[x %in% missing] <- NA
    x
  }}
  times <- function(name) {{  # ISO 8601 in UTC, as the response files write times
    x <- data[[name]]
    time <- as.POSIXct(x, format = "%Y-%m-%dT%H:%M:%OSZ", tz = "UTC")
    wrong <- !is.na(x) & is.na(time)
    if (any(wrong)) stop(name, ": not a time in UTC: ", x[wrong][1L], call. = FALSE)
    time
  }}
  texts <- function(name) {{  # the apostrophe the CSV writer put before a formula
    x <- data[[name]]
    guarded <- grepl({r_string(GUARDED)}, x, perl = TRUE)
    x[guarded] <- substring(x[guarded], 2L)
    x
  }}
"""


def _codes(codes: list[int]) -> str:
    """The codes as an R numeric vector."""
    return "c(" + ", ".join(str(int(c)) for c in codes) + ")" if codes else "numeric(0)"


def _column(v: Variable) -> str:
    """The statement that turns the column of `v` into what R should hold."""
    name = r_string(v.name)
    if v.kind == "text":
        return f"  data[[{name}]] <- texts({name})"
    if v.kind == "datetime":
        return f"  data[[{name}]] <- times({name})"
    missing = _codes([c for c, r in v.missing.items() if r in NA_REASONS])
    if v.measure == SCALE:
        return f"  data[[{name}]] <- numbers({name}, {missing})"
    levels = [c for c in v.values if v.missing.get(c) not in NA_REASONS]
    labels = _vector([r_string(v.values[c], "    ") for c in levels], "    ")
    return (
        f"  data[[{name}]] <- categories(\n    {name},\n    {_codes(levels)},\n"
        f"    {labels},\n    {missing}\n  )"
    )


def render_r(book: Codebook, data_file: str, about: str) -> str:
    """The R script that reads `data_file` (the table of `book` as the CSV export writes it,
    beside the script) into the data frame `data`; `about` says what the table holds."""
    labels = _vector(
        [f"{r_string(v.name)} = {r_string(v.label, '    ')}" for v in book.variables], "  "
    )
    classes = _vector(
        ['"numeric"' if v.kind == "number" else '"character"' for v in book.variables], "  "
    )
    columns = "\n".join(_column(v) for v in book.variables)
    return f"""\
# {_comment(about)}
# Written by s3engine for base R (no package needed). Run it from R with
# source("<this file>"), or as Rscript <this file>: it reads the data file named below from
# the folder of this script (else from the working directory) into the data frame `data`,
# one row per respondent. Categories are factors with their labels; a scale's "no
# information" point is a level of its own; an answer skipped or not asked is NA (the data
# file keeps why: -98 skipped, -99 not asked); the times started and submitted are POSIXct in
# UTC; each column's label is attr(, "label"). Every code and label: the codebook beside the
# data file.
data <- local({{
  file <- {r_string(data_file, "  ")}
  labels <- {labels}
  classes <- {classes}
{_HELPERS}{columns}
  for (name in names(labels)) attr(data[[name]], "label") <- labels[[name]]
  attr(data, "variable.labels") <- labels
  data
}})
"""
