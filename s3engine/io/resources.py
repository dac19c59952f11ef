"""Where the shipped questionnaires, scoring models and catalogues are, and names for them.

In a wheel they travel as package data (`s3engine/_data/<kind>/`); in a checkout they are the
top-level folders of the repository. Commands accept either a path or the name of a shipped
file (`s3-stress-test` for `questionnaires/s3-stress-test.yaml`).
"""

from __future__ import annotations

from pathlib import Path

from s3engine.core import messages as M
from s3engine.core.findings import UsageError

#: The s3engine package folder (this module is in its io/ subpackage).
_PACKAGE = Path(__file__).resolve().parent.parent
KINDS = ("questionnaires", "scoring")


def shipped_dir(kind: str) -> Path | None:
    """The folder of shipped files of `kind`, in a wheel or in a checkout."""
    for candidate in (_PACKAGE / "_data" / kind, _PACKAGE.parent / kind):
        if candidate.is_dir():
            return candidate
    return None


def shipped_names(kind: str) -> list[str]:
    folder = shipped_dir(kind)
    if folder is None:
        return []
    return sorted(p.stem for p in folder.glob("*.yaml"))


def resolve(spec: str, kind: str) -> Path:
    """A path as given if it exists, else the shipped file of that name."""
    return resolve_any(spec, (kind,))


def resolve_any(spec: str, kinds: tuple[str, ...] = KINDS) -> Path:
    """A path as given if it exists, else the shipped file of that name among `kinds`."""
    path = Path(spec)
    if path.exists():
        return path
    for kind in kinds:
        folder = shipped_dir(kind)
        if folder is not None and "/" not in spec and "\\" not in spec:
            for candidate in (folder / spec, folder / f"{spec}.yaml", folder / f"{spec}.yml"):
                if candidate.is_file():
                    return candidate
    import difflib  # only for a name not found (see core.findings.suggest)

    names = [name for kind in kinds for name in shipped_names(kind)]
    close = difflib.get_close_matches(Path(spec).stem, names, n=1, cutoff=0.6)
    if close:
        hint: str = M.DID_YOU_MEAN.format(name=close[0])
    elif names:
        hint = M.RESOURCE_KNOWN.format(kind=" and ".join(kinds), names=", ".join(names))
    else:
        hint = ""
    raise UsageError(M.RESOURCE_NOT_FOUND.format(spec=spec, hint=hint))
