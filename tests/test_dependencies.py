"""requirements.txt is complete, minimal and pinned: deptry (config in pyproject.toml) finds no
import that is not declared and no declared package that nothing imports.

The second and third tests run the same check on a tiny project of their own, so a broken or
always-green deptry setup shows up here too (the check must be able to fail).
"""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def deptry(cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "deptry", ".", "--no-ansi"], cwd=cwd,
                          capture_output=True, text=True, timeout=120)


def test_requirements_match_imports():
    res = deptry(ROOT)
    out = res.stdout + res.stderr
    assert "No module named deptry" not in out, "deptry is not installed: pip install -r requirements.txt"
    assert res.returncode == 0, f"deptry found dependency issues (fix requirements.txt):\n{out}"
    assert "No dependency issues found" in out


def _tiny_project(tmp_path: Path, requirements: list[str], imports: list[str]) -> Path:
    (tmp_path / "requirements.txt").write_text("".join(f"{r}\n" for r in requirements), encoding="utf-8")
    (tmp_path / "main.py").write_text("".join(f"import {m}\n" for m in imports), encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text('[tool.deptry.package_module_name_map]\nPyYAML = "yaml"\n',
                                             encoding="utf-8")
    return tmp_path


def test_deptry_fails_on_undeclared_and_unused(tmp_path):
    proj = _tiny_project(tmp_path, ["pandas==3.1.1", "pytest==9.2.0"],        # pytest: unused
                         ["pandas", "yaml", "undeclared_module_xyz"])        # yaml, xyz: undeclared
    res = deptry(proj)
    out = res.stdout + res.stderr
    assert res.returncode != 0, out
    assert "DEP001 'undeclared_module_xyz' imported but missing" in out, out
    # yaml is installed here as a dependency of a dependency: DEP003 (DEP001 where it is not installed)
    assert re.search(r"DEP00[13] 'yaml' imported but", out), out
    assert "DEP002 'pytest' defined as a dependency but not used" in out, out
    assert "'pandas'" not in out, out


def test_deptry_passes_on_correct_tiny_project(tmp_path):
    proj = _tiny_project(tmp_path, ["pandas==3.1.1", "PyYAML==6.0.4"], ["pandas", "yaml"])
    res = deptry(proj)
    assert res.returncode == 0, res.stdout + res.stderr


REQ_LINE = re.compile(r"^(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)==(?P<version>[0-9][0-9A-Za-z.+!-]*)$")


@pytest.mark.parametrize("path", ["requirements.txt"])
def test_requirements_pinned_exactly(path):
    names = []
    for n, raw in enumerate((ROOT / path).read_text(encoding="utf-8").splitlines(), 1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        m = REQ_LINE.match(line)
        assert m, f"{path}:{n}: pin every requirement as name==version, got {raw!r}"
        names.append(m["name"].lower().replace("_", "-"))
    assert len(names) == len(set(names)), f"{path}: a package is listed twice"
