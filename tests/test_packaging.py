"""A plain install of the built wheel works outside the checkout, with its shipped files.

The wheel is built with the project's own backend (no network: `--no-isolation`) and
installed, without its dependencies, into a fresh virtual environment that borrows the
dependencies of the running one through a path file. That environment does not see the
checkout: every command runs from a temporary folder, so the shipped questionnaires must
come from inside the installed package.
"""

from __future__ import annotations

import json
import os
import site
import subprocess
import sys
import venv
from pathlib import Path

import pytest
from conftest import REPO

pytestmark = pytest.mark.slow


def run(args: list[str | Path], cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "PYTHONHOME"}}
    return subprocess.run(
        [str(a) for a in args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh virtual environment with the wheel installed; returns its bin folder."""
    root = tmp_path_factory.mktemp("packaging")
    built = run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", root / "dist"],
        cwd=REPO,
    )
    assert built.returncode == 0, built.stdout + built.stderr
    (wheel,) = (root / "dist").glob("s3engine-*.whl")

    env_dir = root / "venv"
    venv.create(env_dir, with_pip=False, symlinks=os.name != "nt")
    bin_dir = env_dir / ("Scripts" if os.name == "nt" else "bin")
    python = bin_dir / "python"
    purelib = run(
        [python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"], cwd=root
    ).stdout.strip()
    # Dependencies (and pip) come from the running environment; a path file does not run
    # the path files of that folder, so an editable install of the checkout stays out.
    Path(purelib, "borrowed_dependencies.pth").write_text(
        "\n".join(site.getsitepackages()) + "\n", encoding="utf-8"
    )
    done = run([python, "-m", "pip", "install", "--no-deps", "--no-index", wheel], cwd=root)
    assert done.returncode == 0, done.stdout + done.stderr
    return bin_dir


def test_the_wheel_holds_the_shipped_files(installed: Path, tmp_path: Path) -> None:
    code = (
        "import json, s3engine, s3engine.io.resources as r\n"
        "print(json.dumps({'package': s3engine.__file__,"
        " 'questionnaires': str(r.shipped_dir('questionnaires')),"
        " 'names': r.shipped_names('questionnaires')}))\n"
    )
    done = run([installed / "python", "-c", code], cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout)
    venv_root = installed.parent.resolve()
    assert Path(found["package"]).resolve().is_relative_to(venv_root)
    assert Path(found["questionnaires"]).resolve().is_relative_to(venv_root)
    assert Path(found["questionnaires"]).parts[-2:] == ("_data", "questionnaires")
    shipped = sorted(p.stem for p in (REPO / "questionnaires").glob("*.yaml"))
    assert found["names"] == shipped


def test_a_shipped_questionnaire_loads_by_name(installed: Path, tmp_path: Path) -> None:
    code = (
        "from s3engine.questionnaire import load_questionnaire\n"
        "q, loaded = load_questionnaire('s3-stress-test')\n"
        "print(q.id, len(q.sections), loaded.file)\n"
    )
    done = run([installed / "python", "-c", code], cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    qid, sections, file = done.stdout.split()
    assert (qid, sections) == ("s3-stress-test", "6")
    assert Path(file).resolve().is_relative_to(installed.parent.resolve())


def test_the_console_script_checks_shipped_files_by_name(installed: Path, tmp_path: Path) -> None:
    version = run([installed / "s3engine", "--version"], cwd=tmp_path)
    assert version.returncode == 0 and version.stdout.startswith("s3engine ")
    done = run([installed / "s3engine", "check", "--strict", "s3-stress-test"], cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "questionnaire s3-stress-test" in done.stdout
    assert "1 file checked: all valid" in done.stdout
    missing = run([installed / "s3engine", "check", "s3-stres-test"], cwd=tmp_path)
    assert missing.returncode == 2
    assert "did you mean 's3-stress-test'?" in missing.stderr


def test_the_installed_wheel_reads_its_own_catalogues(installed: Path, tmp_path: Path) -> None:
    code = (
        "from s3engine.i18n import LOCALE_DIR, translator\n"
        "from s3engine.plan import texts as T\n"
        "print(LOCALE_DIR)\n"
        "print(T.text('joint.summary', 'sl', n='2', regions='AT31, SI04'))\n"
    )
    done = run([installed / "python", "-c", code], cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    folder, sentence = done.stdout.splitlines()
    assert Path(folder).resolve().is_relative_to(installed.parent.resolve())
    assert sentence.startswith("Priporočeno za 2 regiji: AT31, SI04.")
