"""Hypothesis strategies shared by the fuzz tests: random values at random places.

`change` edits a document (plain data read from a shipped file) at a place drawn by
hypothesis: a random value of any YAML type, a deletion, a copy, or the value of another
place. `fuzz_settings` makes every fuzz test reproducible: derandomised, no example
database, no deadline (CI machines are slow).
"""

from __future__ import annotations

import copy
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from hostile.mutate import HOSTILE_TEXTS
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st


def fuzz_settings(examples: int) -> settings:
    """Reproducible (derandomised, no example database) and free of time limits."""
    return settings(
        max_examples=examples,
        derandomize=True,
        database=None,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )


scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    st.text(max_size=20),
    st.sampled_from(HOSTILE_TEXTS),
    st.dates(),
)
values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(
            st.text(max_size=8) | st.sampled_from(HOSTILE_TEXTS[:12]), inner, max_size=4
        )
    ),
    max_leaves=8,
)


@cache
def shipped_data(path: Path) -> Any:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)


@cache
def shipped_paths(path: Path) -> list[tuple[Any, ...]]:
    return key_paths(shipped_data(path))


def dump(document: Any) -> str:
    return yaml.dump(document, Dumper=yaml.CSafeDumper, allow_unicode=True, sort_keys=False)


def key_paths(document: Any) -> list[tuple[Any, ...]]:
    """Every path to a value below the top of `document`."""
    paths: list[tuple[Any, ...]] = []
    stack: list[tuple[tuple[Any, ...], Any]] = [((), document)]
    while stack:
        path, value = stack.pop()
        if path:
            paths.append(path)
        if isinstance(value, dict):
            stack.extend(((*path, key), item) for key, item in value.items())
        elif isinstance(value, list):
            stack.extend(((*path, index), item) for index, item in enumerate(value))
    return sorted(paths, key=repr)


def find(document: Any, path: tuple[Any, ...]) -> Any:
    for step in path:
        document = document[step]
    return document


def change(document: Any, paths: list[tuple[Any, ...]], data: st.DataObject) -> None:
    """One change at a random place of the shipped file: a random value, a deletion, a copy of
    a list item, or the value of another place (ids and references where they do not belong).
    A place an earlier change removed is left alone."""
    path = data.draw(st.sampled_from(paths))
    try:
        parent = find(document, path[:-1])
        parent[path[-1]]
    except (KeyError, IndexError, TypeError):
        return
    key = path[-1]
    action = data.draw(st.sampled_from(["value", "value", "delete", "copy", "move"]))
    if action == "value":
        parent[key] = data.draw(values)
    elif action == "delete":
        del parent[key]
    elif action == "copy" and isinstance(parent, list):
        parent.insert(key, copy.deepcopy(parent[key]))
    else:
        try:
            parent[key] = copy.deepcopy(find(document, data.draw(st.sampled_from(paths))))
        except (KeyError, IndexError, TypeError):
            return


def changed(document: Any, paths: list[tuple[Any, ...]], data: st.DataObject) -> Any:
    """A copy of `document` with one to three changes (`paths`: key_paths of `document`)."""
    document = copy.deepcopy(document)
    for _ in range(data.draw(st.integers(1, 3))):
        change(document, paths, data)
    return document
