"""Checks shared by the definition files: questionnaires, scoring models and catalogues.

Each kind of file has its own checker (questionnaire_checks, model_checks, catalogue_checks);
what they have in common lives here: findings with the key path of the offending value,
the languages a file declares, unique ids, "did you mean" hints on misspelt references, and
the translations of every text. `file_report` is how each kind answers the `check` command.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, TypeVar

from pydantic import BaseModel

from s3engine.core import messages as M
from s3engine.core.findings import Finding, Report, S3Error, printable
from s3engine.core.templates import Joined
from s3engine.i18n.texts import Text, languages_of
from s3engine.io.validation import validate_loaded
from s3engine.io.yamlio import KeyPath, Loaded
from s3engine.questionnaire.glossary import glossary_problems

FileT = TypeVar("FileT", bound=BaseModel)

#: Field names whose values people read, and so need every language.
TEXT_FIELDS = frozenset(
    {
        "title",
        "description",
        "text",
        "help",
        "label",
        "message",
        "required_message",
        "unit",
        "consent",
    }
)
#: Texts lacking one language are reported one by one up to this many, then summed up.
MISSING_LISTED = 5


def first_problem(exc: S3Error) -> str:
    """The first finding of a file that cannot be used, and how many problems it has when
    more than one, as a part of another message: its place as written, its words
    translated where the message is shown."""
    if not exc.findings:
        return str(exc)
    first = exc.findings[0]
    parts: tuple[str, ...] = (printable(first.lead()), first.message)
    if len(exc.findings) > 1:
        parts += (M.PROBLEMS_IN_ALL.format(count=len(exc.findings)),)
    return Joined(parts)


def refuse_errors(findings: Iterable[Finding]) -> None:
    """Raise S3Error with the errors among `findings` (warnings do not stop a load)."""
    errors = [f for f in findings if f.severity == "error"]
    if errors:
        raise S3Error(errors)


def file_report(
    loaded: Loaded,
    kind: str,
    model: type[FileT],
    check: Callable[[FileT], list[Finding]],
    summarise: Callable[[FileT], dict[str, Any]],
) -> Report:
    """The `check` command's report on one file: validation, then the file's own checks."""
    report = Report(loaded.file, kind)
    try:
        valid = validate_loaded(model, loaded)
    except S3Error as exc:
        report.findings.extend(exc.findings)
        return report
    report.findings.extend(check(valid))
    report.summary = summarise(valid)
    return report


def iter_texts(model: BaseModel, path: KeyPath = ()) -> Iterator[tuple[KeyPath, Any]]:
    """Every text people read inside `model` (fields named in TEXT_FIELDS), with its key path."""
    for name, info in type(model).model_fields.items():
        key = info.alias or name
        value = getattr(model, name)
        if value is None:
            continue
        if name in TEXT_FIELDS and isinstance(value, str | dict):
            yield (*path, key), value
        else:
            yield from _texts_in(value, (*path, key))


def _texts_in(value: Any, path: KeyPath) -> Iterator[tuple[KeyPath, Any]]:
    if isinstance(value, BaseModel):
        yield from iter_texts(value, path)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _texts_in(item, (*path, index))
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _texts_in(item, (*path, key))


class FileChecker:
    """Collects the findings of one file; each kind of file adds its own checks."""

    def __init__(self, loaded: Loaded):
        self.loaded = loaded
        self.findings: list[Finding] = []

    def error(self, path: KeyPath, message: str) -> None:
        """A problem; its code is its message's (core.messages)."""
        self.findings.append(self.loaded.finding(path, message))

    def warn(self, path: KeyPath, message: str) -> None:
        self.findings.append(self.loaded.finding(path, message, severity="warning"))

    def check_languages(self, languages: Sequence[str], default: str) -> None:
        """Each language listed once, and the default language among them."""
        for lang, count in Counter(languages).items():
            if count > 1:
                self.error(("languages",), M.DUPLICATE_LANGUAGE.format(lang=lang))
        if default not in languages:
            self.error(
                ("default_language",),
                M.DEFAULT_LANGUAGE_NOT_LISTED.format(lang=default, languages=", ".join(languages)),
            )

    def unique(self, items: Iterable[tuple[str, KeyPath]]) -> None:
        """Every id used once; a second use names the line of the first."""
        first: dict[str, KeyPath] = {}
        for ident, path in items:
            if ident in first:
                line = self.loaded.where(first[ident])[0]
                self.error(path, M.DUPLICATE_ID.format(id=ident, first=line))
            else:
                first[ident] = path

    def check_translations(
        self, texts: Iterable[tuple[KeyPath, Text]], languages: Sequence[str], default: str
    ) -> None:
        """Every text written, in the default language, in no language the file lacks, and in
        the terms of the glossary (docs/glossary.md).

        A language missing from a few texts is reported at each; missing from more, once.
        """
        lacking: dict[str, list[KeyPath]] = {lang: [] for lang in languages if lang != default}
        for path, text in texts:
            have = languages_of(text, default)
            if not have:
                self.error(path, M.EMPTY_TEXT)
                continue
            point = len(path) >= 3 and path[-3] == "points"  # scales.<id>.points[i].label
            for lang, problem in glossary_problems(text, default, scale_point=point):
                self.warn(path if isinstance(text, str) else (*path, lang), problem)
            if default not in have:
                self.error(path, M.MISSING_DEFAULT_TEXT.format(lang=default))
            for lang in sorted(have - set(languages)):
                self.warn(
                    (*path, lang),
                    M.EXTRA_LANGUAGE.format(lang=lang, languages=", ".join(languages)),
                )
            for lang, paths in lacking.items():
                if lang not in have:
                    paths.append(path)
        for lang, paths in lacking.items():
            if len(paths) <= MISSING_LISTED:
                for path in paths:
                    self.warn(
                        path,
                        M.MISSING_TRANSLATION.format(lang=lang, default=default),
                    )
            else:
                self.warn(
                    paths[0],
                    M.MISSING_TRANSLATIONS_SUMMARY.format(count=len(paths), lang=lang)
                    + M.FIRST_IS_HERE,
                )
