"""The wheel carries the rule packs, and an installed advisor finds them from any folder."""

from __future__ import annotations

import json
import re
import shutil
import site
import sys
import venv
import zipfile
from pathlib import Path

import pytest

import advisor

from advisor_run import EXAMPLES, ROOT, clean_env, run


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    done = run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", out], cwd=ROOT
    )
    assert done.returncode == 0, done.stdout + done.stderr
    (built,) = out.glob("data_placement_advisor-*.whl")
    return built


def test_wheel_ships_rules_and_type_marker(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        entry_points = next(n for n in names if n.endswith(".dist-info/entry_points.txt"))
        scripts = archive.read(entry_points).decode()
    for pack in sorted(p.name for p in (ROOT / "rules").glob("*.yaml")):
        assert f"advisor/rules/{pack}" in names
    assert "advisor/rules/core.yaml" in names
    assert "advisor/py.typed" in names
    assert "advisor/__main__.py" in names
    assert "advisor = advisor.cli.launcher:main" in scripts
    # Only the package: no tests, examples or benchmarks installed into site-packages.
    assert not [n for n in names if n.split("/")[0] in {"tests", "examples", "bench", "rules"}]


def test_installed_wheel_runs_from_another_folder(wheel: Path, tmp_path: Path) -> None:
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    bin_dir = env_dir / ("Scripts" if sys.platform == "win32" else "bin")
    python = bin_dir / "python"
    # The dependencies come from the site-packages of the interpreter running the tests, which may
    # itself be a virtual environment (--system-site-packages would reach only the base Python's).
    # Listed in a .pth file they come after the venv's own site-packages, and their own .pth
    # files (such as an editable install of this checkout) are not run.
    where_to = "import sysconfig; print(sysconfig.get_path('purelib'))"
    purelib = run([python, "-c", where_to], cwd=ROOT)
    (Path(purelib.stdout.strip()) / "test-dependencies.pth").write_text(
        "\n".join(site.getsitepackages()) + "\n", encoding="utf-8"
    )
    installed = run(
        [python, "-m", "pip", "install", "--no-deps", "--no-index", wheel], cwd=tmp_path
    )
    assert installed.returncode == 0, installed.stdout + installed.stderr
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    profile = shutil.copy(EXAMPLES / "retail-bi.yaml", elsewhere / "profile.yaml")
    env = clean_env(tmp_path)

    where = run(
        [
            python,
            "-c",
            "import advisor.reasoning.ruleset as r; print(r.__file__, r.builtin_rules_dir())",
        ],
        cwd=elsewhere,
        env=env,
    )
    assert where.returncode == 0, where.stderr
    package_file, rules_dir = (Path(part) for part in where.stdout.split())
    assert package_file.is_relative_to(env_dir), "imported the checkout, not the wheel"
    assert rules_dir.is_relative_to(env_dir)
    assert (rules_dir / "core.yaml").is_file()

    script = bin_dir / "advisor"
    done = run([script, "evaluate", profile, "--format", "json"], cwd=elsewhere, env=env)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert [pack["id"] for pack in result["rules"]["packs"]] == ["core"]
    assert result["rules"]["fired"], "no rule fired: the built-in rules were not found"
    assert result["storage"]["primary"] == "warehouse"

    version = run([script, "--version"], cwd=elsewhere, env=env)
    assert version.stdout.strip() == f"advisor {advisor.__version__}"


def test_ci_runs_the_readme_test_command() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    quick_start = readme[readme.index("## Quick start") :]
    commands = re.findall(r"^```sh\n(.*?)\n```$", quick_start, re.M | re.S)[:2]
    assert len(commands) == 2, "the quick start is two commands"
    install_and_run, test = commands
    # Debian and Ubuntu refuse `pip install` into the system Python: the venv is part of both.
    venv_first = "python3 -m venv .venv && . .venv/bin/activate && "
    assert install_and_run.startswith(venv_first + "pip install . && advisor evaluate examples/")
    assert test.startswith(venv_first)
    assert (ROOT / install_and_run.split()[-1]).is_file()
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert ci[-1] == test
    assert any(line.startswith("set -eo pipefail") for line in ci)


def test_the_readme_quick_start_runs_on_a_fresh_clone(tmp_path: Path) -> None:
    # The first command exactly as the README gives it, in a copy of the checkout: a new
    # virtual environment, `pip install .` (dependencies from the package index), the example.
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    quick_start = readme[readme.index("## Quick start") :]
    command = re.findall(r"^```sh\n(.*?)\n```$", quick_start, re.M | re.S)[0]
    clone = tmp_path / "clone"
    skipped = shutil.ignore_patterns(
        ".git", ".venv", "__pycache__", "*.egg-info", ".*_cache", ".hypothesis", "build", "dist"
    )
    shutil.copytree(ROOT, clone, ignore=skipped)
    env = clean_env(tmp_path)
    env.pop("VIRTUAL_ENV", None)
    done = run(["bash", "-c", command], cwd=clone, env=env)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    assert "\nRetailer, ERP + CRM + e-commerce into BI\n=====" in done.stdout  # after pip's lines
    assert (clone / ".venv" / "bin" / "advisor").is_file()
