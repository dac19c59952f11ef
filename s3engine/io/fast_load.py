"""Reading a response document quickly, when the strict readers would read the same values.

The strict readers (yamlio for YAML, json with a duplicate-key check for JSON) keep every
position and refuse repeated keys, aliases that expand without limit and deep nesting; they
are slow. The fast readers here take the common case: a response written by a program.

* JSON: pydantic-core's parser (jiter), which reads the same values as the json module (a
  property test checks it) but keeps the last of two equal keys. A repeated key is ruled out
  by counting colons: each key of the text has one after it, and the strings hold the others.
  When a text without escapes (backslashes) has exactly as many colons as the response's
  four mappings have keys, plus those inside its times and questionnaire hash, no key is
  repeated and no other mapping holds a key. (Other texts are counted again: the `":` that
  end the keys, when no key has space before its colon.)
* YAML: PyYAML's C loader with the safe constructors yamlio uses, refusing repeated keys and
  the tags yamlio refuses, on texts without aliases, merge keys or room for deep nesting.

Each returns None whenever it cannot vouch; the caller then reads the document strictly,
which also says what is wrong with it.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import yaml
from pydantic_core import from_json

if TYPE_CHECKING:
    from yaml import CSafeLoader as _BaseLoader
else:  # the C parser where PyYAML was built with it
    _BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

#: A key followed by JSON whitespace before its colon.
_SPACED_KEY = re.compile(rb'"[ \t\r\n]+:').search


def fast_json(raw: bytes) -> Any:
    """The values of a JSON response document, or None when the strict reader must read it."""
    try:
        data = from_json(raw, cache_strings="keys")  # caching values costs more than it saves
    except ValueError:
        return None
    if type(data) is not dict:
        return None
    get = data.get
    keys = len(data)
    ref, who, answers = get("questionnaire"), get("respondent"), get("answers")
    if type(ref) is dict:
        keys += len(ref)
    if type(who) is dict:
        keys += len(who)
    if type(answers) is dict:
        keys += len(answers)
    # The colons in strings: those of the times and of the questionnaire's hash, if any.
    colons = 0
    for value in (
        get("started"),
        get("updated"),
        get("submitted"),
        ref.get("hash") if type(ref) is dict else None,
    ):
        if type(value) is str:
            colons += value.count(":")
    if raw.count(b":") == keys + colons and b"\\" not in raw:  # no escapes: colons as read
        return data
    if raw.count(b'":') == keys and _SPACED_KEY(raw) is None:
        return data
    return None


#: A text with fewer characters that can open a nesting level ([, {, -, ?) than this is read
#: by the fast path: block mappings nest by indentation only, which a response file of at
#: most 1 MiB limits to some 1,450 levels; the C parser copes with 20,000.
_FAST_PATH_OPENERS = 5_000
_PLAIN_KEYS = (str, int, float, bool, type(None))


def fast_yaml(text: str) -> Any:
    """The values of a YAML response document, or None when the strict reader must read it."""
    # Aliases (*name) and merge keys are left to the guarded reader (alias bombs), and so is
    # a text that could nest deeply: PyYAML's C parser recurses once per level and crashes
    # the process (no exception) some 50,000 levels down.
    if "*" in text or "<<" in text or _openers(text) >= _FAST_PATH_OPENERS:
        return None
    try:
        return yaml.load(text, Loader=_Loader)  # _Loader is a safe loader
    except (yaml.YAMLError, ValueError, TypeError, OverflowError, RecursionError):
        return None


def _openers(text: str) -> int:
    return text.count("[") + text.count("{") + text.count("-") + text.count("?")


class _Refused(yaml.constructor.ConstructorError):
    pass


class _Loader(_BaseLoader):
    """PyYAML's safe loader, reading exactly what yamlio reads, or failing.

    Repeated keys are refused (PyYAML keeps the last); so are the tags yamlio refuses
    (!!set, !!omap, !!pairs) and keys that yamlio would turn into text (dates...).
    """

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        keys = [key.value for key, _ in node.value if isinstance(key, yaml.ScalarNode)]
        if len(keys) != len(node.value) or len(keys) != len(set(keys)):
            raise _Refused(None, None, "repeated or complex key", node.start_mark)
        mapping = super().construct_mapping(node, deep)
        if not all(isinstance(key, _PLAIN_KEYS) for key in mapping) or len(mapping) != len(keys):
            raise _Refused(None, None, "a key yamlio reads otherwise", node.start_mark)
        return mapping

    def _refuse(self, node: yaml.Node) -> Any:
        raise _Refused(None, None, f"the tag {node.tag} is not read", node.start_mark)


for _tag in ("set", "omap", "pairs"):
    _Loader.add_constructor(f"tag:yaml.org,2002:{_tag}", _Loader._refuse)
