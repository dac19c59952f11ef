"""Reading and writing files safely: YAML and JSON with the position of every key,
validation into models with messages that say where, atomic writes, and where the shipped
questionnaires, models and catalogues are.

`yamlio`, `jsonio` and `validation` work on text and values; `files` and `resources` are the
only modules here that touch the file system. The JSON reader is imported from `jsonio`
itself, not from here: a command that reads YAML only does without it (and jiter).
"""

from s3engine.io.files import atomic_write_text, load_document, load_yaml, read_text
from s3engine.io.resources import resolve
from s3engine.io.validation import validate_loaded
from s3engine.io.yamlio import Loaded, dump_yaml, load_yaml_text

__all__ = [
    "Loaded",
    "atomic_write_text",
    "dump_yaml",
    "load_document",
    "load_yaml",
    "load_yaml_text",
    "read_text",
    "resolve",
    "validate_loaded",
]
