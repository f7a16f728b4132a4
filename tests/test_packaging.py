"""An installed wheel carries its own content and never reaches back into the source tree."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
import textwrap
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]

# Run in a fresh interpreter with no site processing, so an editable install of the
# checkout cannot sneak in: only the install target and the dependencies are importable.
PROBE = textwrap.dedent(
    """
    import json, sys
    import rmpair
    from rmpair import content
    from rmpair.core import paths

    pack = content.load_content()
    print(json.dumps({
        "package": rmpair.__file__,
        "prompts_dir": str(paths.shipped_prompts_dir()),
        "themes_dir": str(paths.shipped_themes_dir()),
        "prompt_count": len(pack.prompts),
        "agenda_count": len(pack.agendas),
        "problems": [str(p) for p in pack.problems],
    }))
    """
)


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> tuple[Path, dict]:
    work = tmp_path_factory.mktemp("packaging")
    wheels = work / "wheels"
    target = work / "target"
    build = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(wheels), str(REPO_ROOT)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert build.returncode == 0, build.stdout + build.stderr
    (wheel,) = wheels.glob("rmpair-*.whl")
    install = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "--quiet", "--target", str(target), str(wheel)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert install.returncode == 0, install.stdout + install.stderr

    dependency_dirs = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    env = {key: value for key, value in os.environ.items() if not key.startswith("PYTHON")}
    env["PYTHONPATH"] = os.pathsep.join([str(target), *sorted(dependency_dirs)])
    probe = subprocess.run(
        [sys.executable, "-S", "-c", PROBE],
        capture_output=True,
        text=True,
        cwd=work,
        env=env,
        timeout=120,
    )
    assert probe.returncode == 0, probe.stdout + probe.stderr
    return target, json.loads(probe.stdout)


def inside(path: str, folder: Path) -> bool:
    return Path(path).resolve().is_relative_to(folder.resolve())


def test_installed_package_comes_from_the_target(installed):
    target, report = installed
    assert inside(report["package"], target), report["package"]


def test_shipped_prompts_are_inside_the_install(installed):
    target, report = installed
    assert inside(report["prompts_dir"], target), report["prompts_dir"]
    assert not inside(report["prompts_dir"], REPO_ROOT)


def test_installed_content_loads_with_no_problems(installed):
    _, report = installed
    assert report["problems"] == []
    assert report["prompt_count"] >= 48
    assert report["agenda_count"] == 6


def test_shipped_themes_are_inside_the_install(installed):
    themes = REPO_ROOT / "themes"
    if not themes.is_dir() or not any(p.is_file() for p in themes.rglob("*")):
        pytest.skip("themes/ has no files yet, so there is nothing for the wheel to carry")
    target, report = installed
    assert inside(report["themes_dir"], target), report["themes_dir"]
