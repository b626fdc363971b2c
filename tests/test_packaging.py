"""The standalone bundle's recipe stays consistent, without building it (.ci/run builds it once).

The release workflow builds on the three systems with the very script and smoke test .ci/run
uses; the spec only uses what spec_support defines; the zip's layout, file modes and 使用说明.txt
are what a clerk unzips; the checks of build.py and smoke_test.py catch what they are there for.
"""

from __future__ import annotations

import ast
import datetime as dt
import fnmatch
import importlib.util
import os
import re
import shlex
import stat
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml

from .conftest import ROOT, Invoke
from .support import parse_cli

PACKAGING = ROOT / "packaging"
WORKFLOW = ROOT / ".github" / "workflows" / "release.yml"
CI_RUN = ROOT / ".ci" / "run"
README = (ROOT / "README.md").read_text(encoding="utf-8")
SYSTEMS = {"ubuntu-latest", "windows-latest", "macos-latest"}

# build.py and smoke_test.py import their helpers by plain name, as when run as scripts; appended,
# so that nothing else named like them is shadowed.
if str(PACKAGING) not in sys.path:
    sys.path.append(str(PACKAGING))


def _load(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        f"fazhi_packaging_{name}", PACKAGING / f"{name}.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


support = _load("spec_support")
build = _load("build")
smoke = _load("smoke_test")


# --- the release workflow ------------------------------------------------------------------------


def _workflow() -> dict[Any, Any]:
    data = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def _runs(job: dict[str, Any]) -> str:
    return "\n".join(step.get("run", "") for step in job.get("steps", []))


def _bundle_jobs() -> dict[str, dict[str, Any]]:
    """The jobs that build a bundle (those that upload a zip)."""
    return {
        name: job
        for name, job in _workflow()["jobs"].items()
        if any("upload-artifact" in step.get("uses", "") for step in job.get("steps", []))
    }


def _script_lines(text: str, script: str) -> list[str]:
    return [
        " ".join(shlex.split(line)[:2])
        for line in text.splitlines()
        if line.strip().startswith(f"python {script}")
    ]


def test_the_release_runs_on_a_version_tag() -> None:
    data = _workflow()
    triggers = data.get("on", data.get(True))  # YAML 1.1 reads a bare `on` as true
    assert triggers["push"]["tags"] == ["v*"]


def test_the_release_builds_on_windows_linux_and_macos() -> None:
    systems = set()
    for job in _bundle_jobs().values():
        runs_on = job["runs-on"]
        if "matrix.os" in runs_on:
            systems |= set(job["strategy"]["matrix"]["os"])
        else:
            systems.add(runs_on)
    assert systems == SYSTEMS


def test_every_release_build_runs_the_same_build_script_and_smoke_test_as_ci() -> None:
    ci = CI_RUN.read_text(encoding="utf-8")
    assert _script_lines(ci, "packaging/build.py") == ["python packaging/build.py"]
    assert _script_lines(ci, "packaging/smoke_test.py") == ["python packaging/smoke_test.py"]
    assert 'pip install -q ".[bundle]"' in ci
    assert _workflow()["defaults"]["run"]["shell"] == "bash"  # the same lines on Windows too
    jobs = _bundle_jobs()
    assert len(jobs) == 2
    for name, job in jobs.items():
        runs = _runs(job)
        assert 'pip install ".[bundle]"' in runs, name
        assert _script_lines(runs, "packaging/build.py") == ["python packaging/build.py"], name
        assert _script_lines(runs, "packaging/smoke_test.py") == ["python packaging/smoke_test.py"]


def test_the_linux_release_is_built_for_an_old_glibc() -> None:
    linux = [job for job in _bundle_jobs().values() if job["runs-on"] == "ubuntu-latest"]
    assert len(linux) == 1
    assert "manylinux_2_28" in linux[0]["container"]
    assert "--max-glibc 2.28" in _runs(linux[0])


def test_the_release_attaches_every_zip_to_the_tags_release() -> None:
    jobs = _workflow()["jobs"]
    release = jobs["release"]
    assert set(release["needs"]) == set(_bundle_jobs())
    assert release["if"] == "startsWith(github.ref, 'refs/tags/')"
    assert release["permissions"] == {"contents": "write"}
    runs = _runs(release)
    assert "gh release create" in runs and "gh release upload" in runs
    uploaded = {
        step["with"]["path"]
        for job in _bundle_jobs().values()
        for step in job["steps"]
        if "upload-artifact" in step.get("uses", "")
    }
    assert uploaded == {"dist/fazhi-report-*.zip"}
    assert "dist/fazhi-report-*.zip" in runs
    for tag in ("linux-x86_64", "windows-x86_64", "macos-arm64"):
        assert fnmatch.fnmatch(f"dist/{build.zip_name('1.2.3', tag)}", "dist/fazhi-report-*.zip")


def test_ci_builds_the_bundle_and_still_ends_with_the_readme_test_command() -> None:
    lines = [
        line
        for line in CI_RUN.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    assert lines[-1] == 'python -m pip install -e ".[test]" && python -m pytest'
    assert lines.index("python packaging/build.py") < lines.index("python packaging/smoke_test.py")
    assert "localedef -i zh_CN -f GB18030 zh_CN.GB18030" in CI_RUN.read_text(encoding="utf-8")


# --- the spec and what goes into the bundle ------------------------------------------------------


def test_the_spec_uses_only_what_spec_support_defines() -> None:
    tree = ast.parse((PACKAGING / "fazhi-report.spec").read_text(encoding="utf-8"))
    used = {
        node.attr
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute)
        and isinstance(node.value, ast.Name)
        and node.value.id == "s"
    }
    assert used >= {"PACKAGE", "EXCLUDES", "NAME", "MODULES_LOG_HOOK", "write_entry_script"}
    assert all(hasattr(support, name) for name in used), used - set(dir(support))


def test_the_entry_script_runs_the_installed_console_script() -> None:
    module, attr = support.console_entry()
    text = support.entry_script_text()
    compile(text, "fazhi-report.py", "exec")
    assert text.index("multiprocessing.freeze_support()") < text.index(f"from {module} import")
    target: Any = importlib.import_module(module)
    for part in attr.split("."):
        target = getattr(target, part)
    assert callable(target)


def test_the_bundle_excludes_what_the_issue_names() -> None:
    assert {"tests", "pip", "setuptools", "tkinter"} <= set(support.FORBIDDEN)
    assert set(support.FORBIDDEN) <= set(support.EXCLUDES)


def test_the_required_data_exists_where_the_spec_collects_it() -> None:
    folder = support.package_folder()
    sources = {
        Path(dest).relative_to(support.PACKAGE): Path(src) for src, dest in support.extra_datas()
    }
    for name in support.REQUIRED_DATA:
        path = Path(name)
        found = (folder / path).is_file() or any(
            (src / path.relative_to(dest)).is_file()
            for dest, src in sources.items()
            if path.is_relative_to(dest)
        )
        assert found, name


def test_platform_tags_name_what_a_clerk_downloads() -> None:
    assert re.fullmatch(r"(linux|windows|macos)-(x86_64|arm64)", support.platform_tag())


# --- build.py's checks -----------------------------------------------------------------------------


def test_the_glibc_floor_is_the_newest_version_asked_for(tmp_path: Path) -> None:
    (tmp_path / "lib.so").write_bytes(
        b"\x7fELF\x02\x01" + b"\0GLIBC_2.17\0GLIBC_2.28\0GLIBC_2.3.4\0"
    )
    (tmp_path / "data.txt").write_bytes(b"GLIBC_2.99")  # not a library: ignored
    assert build.glibc_floor(tmp_path) == (2, 28)
    assert build.parse_version("2.28") == (2, 28)


def test_forbidden_content_is_found_in_the_bundle_folder(tmp_path: Path, monkeypatch: Any) -> None:
    internal = tmp_path / "_internal"
    (internal / "setuptools").mkdir(parents=True)
    (internal / "setuptools" / "__init__.pyc").write_bytes(b"")
    (internal / "pip-24.0.dist-info").mkdir()
    (internal / "lxml").mkdir()
    monkeypatch.setattr(build, "archived_modules", lambda executable: {"tkinter.ttk", "json"})
    found = build.forbidden_content(tmp_path)
    assert "archive: tkinter.ttk" in found
    assert "file: _internal/setuptools" in found
    assert "file: _internal/pip-24.0.dist-info" in found
    assert not [f for f in found if "lxml" in f or "json" in f]


def _fake_bundle(root: Path) -> Path:
    bundle = root / "fazhi-report"
    (bundle / "_internal" / "fazhi_report").mkdir(parents=True)
    executable = bundle / "fazhi-report"
    executable.write_bytes(b"#!/bin/sh\n")
    executable.chmod(0o755)
    (bundle / "_internal" / "libpython3.11.so.1.0").write_bytes(b"lib")
    if hasattr(os, "symlink") and sys.platform != "win32":
        os.symlink("libpython3.11.so.1.0", bundle / "_internal" / "libpython3.11.so")
    return bundle


@pytest.mark.parametrize("tag", ["linux-x86_64", "windows-x86_64"])
def test_the_zip_is_one_folder_with_the_program_examples_and_guide(
    tmp_path: Path, tag: str
) -> None:
    bundle = _fake_bundle(tmp_path)
    examples = sorted((ROOT / "examples").glob("*.yaml"))
    archive = build.make_zip(
        tmp_path / build.zip_name("9.9.9", tag), bundle, examples, "9.9.9", tag
    )
    with zipfile.ZipFile(archive) as package:
        names = package.namelist()
        guide = package.read("fazhi-report/使用说明.txt")
    assert all(name.startswith("fazhi-report/") for name in names)
    assert "fazhi-report/fazhi-report" in names
    assert {f"fazhi-report/examples/{p.name}" for p in examples} <= set(names)
    text = guide.decode("utf-8-sig")
    assert "fazhi-report 9.9.9" in text and tag in text and "{版本}" not in text
    if tag.startswith("windows"):
        assert guide.startswith("\ufeff".encode()) and "\r\n" in text
    else:
        assert not guide.startswith("\ufeff".encode()) and "\r\n" not in text

    unpacked = smoke.extract(archive, tmp_path / "unpacked")
    assert unpacked.name == "fazhi-report"
    if sys.platform != "win32":
        assert os.stat(unpacked / "fazhi-report").st_mode & stat.S_IXUSR
        link = unpacked / "_internal" / "libpython3.11.so"
        assert link.is_symlink() and os.readlink(link) == "libpython3.11.so.1.0"


# --- the clerk's guide -------------------------------------------------------------------------------


GUIDE = (PACKAGING / "使用说明.txt").read_text(encoding="utf-8")
#: The commands the guide tells a clerk to type: a line of its own, or the rest of a line after "：".
GUIDE_COMMANDS = sorted(
    {
        match[1].strip()
        for match in re.finditer(r"(?m)(?:^\s*|：)(fazhi-report [a-z-].*)$", GUIDE)
        if "--help" not in match[1]
    }
)


def test_the_guide_shows_the_steps_the_issue_asks_for() -> None:
    for text in (
        "fazhi-report init 2025.yaml",
        "fazhi-report build 2025.yaml",
        "fazhi-report validate 2025.yaml",
        "PATH",
        "编辑账户的环境变量",
    ):
        assert text in GUIDE
    assert "fazhi-report init 2025.yaml" in GUIDE_COMMANDS


@pytest.mark.parametrize("command", GUIDE_COMMANDS)
def test_every_command_in_the_guide_is_valid(command: str) -> None:
    argv = shlex.split(command)[1:]
    params = parse_cli(argv)
    for value in params.get("files") or []:
        if str(value).startswith("examples/"):
            assert (ROOT / value).is_file(), value


# --- the runtime hook and the smoke test's own checks ------------------------------------------------


def test_the_modules_log_lists_every_module_with_its_file(tmp_path: Path) -> None:
    log = tmp_path / "modules.txt"
    hook = PACKAGING / "rthook_modules_log.py"
    code = f"import runpy, json; runpy.run_path({str(hook)!r})"
    env = {**os.environ, support.MODULES_LOG_ENV: str(log)}
    subprocess.run([sys.executable, "-c", code], env=env, check=True, timeout=60)
    lines = dict(line.split("\t") for line in log.read_text(encoding="utf-8").splitlines())
    assert lines["sys"] == ""
    assert Path(lines["json"]).name == "__init__.py"
    env.pop(support.MODULES_LOG_ENV)
    log.unlink()
    subprocess.run([sys.executable, "-c", code], env=env, check=True, timeout=60)
    assert not log.exists()


def test_the_smoke_test_fails_on_heavy_imports_and_modules_from_elsewhere(tmp_path: Path) -> None:
    bundle = tmp_path / "fazhi-report"
    bundle.mkdir()
    check = smoke.Smoke(bundle, ROOT / "examples", None)
    inside = str(bundle / "_internal" / "json" / "__init__.pyc")
    fine = smoke.Run(0, "", "", {"json": inside, "struct": "struct.py", "sys": ""})
    assert "none of docx, lxml, rich" in check.no_heavy(fine, "--help")
    check.from_bundle_only(fine, ["--help"])
    with pytest.raises(smoke.Failed, match="imported"):
        check.no_heavy(smoke.Run(0, "", "", {"docx.api": inside}), "--help")
    with pytest.raises(smoke.Failed, match="outside the bundle"):
        check.from_bundle_only(smoke.Run(0, "", "", {"yaml": "/usr/lib/python3/yaml.py"}), ["x"])


def test_the_smoke_test_runs_the_bundle_without_python_on_path(tmp_path: Path) -> None:
    env = smoke.clean_env(tmp_path / "home", "zh_CN.GB18030")
    assert not {key for key in env if key.startswith("PYTHON") or key == "VIRTUAL_ENV"}
    assert str(Path(sys.executable).parent) not in env["PATH"].split(os.pathsep)
    assert env.get("HOME", env.get("USERPROFILE")) == str(tmp_path / "home")
    assert env["LANG"] == "zh_CN.GB18030"
    assert "LANG" not in smoke.clean_env(tmp_path / "other", None)


# --- metadata and the README -------------------------------------------------------------------------


def test_the_metadata_is_fit_for_pypi() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["readme"] == "README.md"
    assert project["license"] == "MIT" and (ROOT / "LICENSE").is_file()
    assert {"Homepage", "Issues"} <= set(project["urls"])
    assert "Natural Language :: Chinese (Simplified)" in project["classifiers"]
    assert "Environment :: Console" in project["classifiers"]
    assert any(
        c.startswith("Programming Language :: Python :: 3.11") for c in project["classifiers"]
    )
    assert any(d.startswith("pyinstaller") for d in project["optional-dependencies"]["bundle"])
    assert project["scripts"]["fazhi-report"] == "{}:{}".format(*support.console_entry())


def test_the_readme_puts_the_standalone_download_first() -> None:
    without = README.index("## 不装 Python 也能用")
    assert without < README.index("## 安装并生成示例报告")
    assert without < README.index("pipx install fazhi-report")
    assert "uv tool install fazhi-report" in README
    assert ".github/workflows/release.yml" in README
    assert "python packaging/build.py" in README


# --- the guide keeps a clerk's files out of the program's folder (issue 22) ------------------------


def test_the_guide_puts_facts_and_reports_in_a_folder_of_their_own() -> None:
    own, steps = GUIDE.index("二、为事实文件和报告另建一个文件夹"), GUIDE.index("三、生成报告")
    assert (
        "文档\\法治报告" in GUIDE[own:steps]
        and "下面的命令都在这个文件夹中运行" in GUIDE[own:steps]
    )
    assert (
        GUIDE.index("\n       fazhi-report init 2025.yaml") > steps
    )  # run there, not in the program's
    assert "在这个文件夹中打开命令提示符" in GUIDE[own:steps]
    assert "copy D:\\fazhi-report\\examples\\*.yaml ." in GUIDE  # examples copied, not built inside


def test_the_guide_s_upgrade_cannot_lose_a_clerk_s_files() -> None:
    """Whatever the clerk did (files in the program's folder or its examples): move them out, rename
    the old folder, check the new one, and only then delete."""
    upgrade = GUIDE[GUIDE.index("四、升级到新版本") : GUIDE.index("五、常见问题")]
    steps = ["移到您的文件夹", "把旧的程序文件夹改名", "确认新版本能用", "再删除改了名的旧文件夹"]
    assert [upgrade.index(step) for step in steps] == sorted(upgrade.index(step) for step in steps)
    assert "examples" in upgrade
    assert "删除旧文件夹，解压新版本到同一位置即可" not in GUIDE


@pytest.mark.parametrize("day", [dt.date(2026, 1, 15), dt.date(2026, 6, 30), dt.date(2026, 12, 6)])
def test_the_guide_s_steps_make_the_report_it_names_on_any_day(
    day: dt.date, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, invoke: Invoke
) -> None:
    from fazhi_report import validate
    from fazhi_report.build import prepare

    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(validate, "clock", lambda: day)
    in_order = [m[1].strip() for m in re.finditer(r"(?m)^\s+(fazhi-report \S.*)$", GUIDE)]
    for command in in_order:
        if "2025.yaml" in command and "--from" not in command:
            code, _, err = invoke(*shlex.split(command)[1:])
            assert code == 0, (command, err)
    assert "[TITLE] 青山镇人民政府关于2025年度法治政府建设情况的报告" in str(
        prepare(tmp_path / "2025.yaml").document
    )
    code, _, err = invoke("init", "2026.yaml", "--from", "2025.yaml")
    assert code == 0, err
