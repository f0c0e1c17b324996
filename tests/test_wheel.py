"""The package installs from a wheel into a fresh virtual environment and works there."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent

pytestmark = pytest.mark.slow


def _run(cmd: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    proc = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=900, env=env)
    assert proc.returncode == 0, (
        f"{' '.join(cmd)} failed:\n{proc.stdout[-2000:]}\n{proc.stderr[-2000:]}"
    )
    return proc


def test_wheel_ships_rules_and_templates_and_runs_outside_the_checkout(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    _run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(dist), str(ROOT)],
        tmp_path,
    )
    (wheel,) = dist.glob("attribution-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    for rule_file in (ROOT / "rules").iterdir():
        assert f"attribution/_data/rules/{rule_file.name}" in names
    for template in (ROOT / "reports").rglob("*"):
        if template.is_file():
            assert (
                f"attribution/_data/reports/{template.relative_to(ROOT / 'reports').as_posix()}"
                in names
            )

    # A fresh environment with the wheel and its dependencies and nothing else. Our pip
    # installs into it (`--python`), so the environment needs no pip of its own, and
    # skips compiling every dependency's bytecode: together a few minutes less.
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=False).create(env_dir)
    bin_dir = env_dir / ("Scripts" if os.name == "nt" else "bin")
    pip = [sys.executable, "-m", "pip", "--python", str(bin_dir / "python")]
    _run([*pip, "install", "-q", "--no-compile", str(wheel)], tmp_path)

    work = tmp_path / "elsewhere"
    work.mkdir()
    shutil.copy(ROOT / "examples" / "harbour-strike.txt", work / "article.txt")
    proc = _run([str(bin_dir / "attribution"), "analyze", "article.txt"], work)
    record = json.loads(proc.stdout)
    assert record["error"] is None and record["quotes"]
    check = _run([str(bin_dir / "attribution"), "rules", "check"], work)
    assert "attribution/_data/rules/cues.toml" in check.stdout
