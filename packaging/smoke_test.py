"""Smoke test of the standalone bundle, run as a clerk's machine would run it: no Python involved.

    python packaging/smoke_test.py                  # the zip packaging/build.py made in dist/
    python packaging/smoke_test.py path/to.zip      # or a given zip, or a bundle folder

The zip is unpacked into a temporary folder and the program in it is run with a clean
environment: PATH holds only the system folders (no virtual environment, no Python of the
build's), PYTHONHOME, PYTHONPATH and every other variable unset, HOME a new empty folder. On
Linux and macOS everything runs twice, with LANG unset and with LANG=zh_CN.GB18030, and the
program's output is decoded in the encoding Python itself would use under that locale (so a
GB18030 terminal must get GB18030). Any failed expectation is listed and the exit code is 1.

What runs: --version, --help, templates list, init (and its refusal in the bundle's own folder),
validate, build of the new file and of every example (.docx and .html, one call with two worker
processes), check of each report, templates export and a build with the exported (edited)
template, a wrong facts file, which must give the Chinese error with 文件:行:列 and exit code 1,
and ``edit --no-browser`` on a new file: its page and script loaded over HTTP, an edit saved, a
.docx built from the page, the page's stop. The bundle lists the modules it imported
(FAZHI_REPORT_MODULES_LOG, see rthook_modules_log.py): --help and validate must not have
imported python-docx, lxml or rich, and no module may come from outside the bundle.
"""

from __future__ import annotations

import argparse
import html
import http.client
import json
import os
import re
import shutil
import stat
import subprocess
import sys
import tempfile
import time
import traceback
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

# The script's folder is first on sys.path: the helpers next to it import by plain name.
import spec_support as s

ROOT = s.HERE.parent
HEAVY = ("docx", "lxml", "rich")
#: The list of reports a build of several reports to html writes beside them.
INDEX = "index.html"
GB18030 = "zh_CN.GB18030"
#: A facts file with one mistake (30 February) and the lines the CLI must print for it.
BAD_FACTS = "单位: 青山镇人民政府\n年度: 2024\n成文日期: 2025-02-30\n"
BAD_EXPECTED = ("错误：事实文件有 1 处问题", "bad.yaml:3:7", "成文日期", "“2025-02-30”不是有效日期")
TEMPLATE_MARK = "本段由导出后修改的模板生成"


class Failed(Exception):
    """An expectation the bundle did not meet."""


def expect(condition: bool, message: str) -> None:
    if not condition:
        raise Failed(message)


# --- the zip -----------------------------------------------------------------------------------


def extract(archive: Path, target: Path) -> Path:
    """Unpack like ``unzip``: file modes and symbolic links as stored (zipfile.extractall drops both)."""
    with zipfile.ZipFile(archive) as source:
        for info in source.infolist():
            path = target / info.filename
            mode = info.external_attr >> 16
            if info.is_dir():
                path.mkdir(parents=True, exist_ok=True)
                continue
            path.parent.mkdir(parents=True, exist_ok=True)
            if stat.S_ISLNK(mode) and hasattr(os, "symlink"):
                os.symlink(source.read(info).decode("utf-8"), path)
                continue
            with source.open(info) as data, path.open("wb") as out:
                shutil.copyfileobj(data, out)
            if mode & 0o777:
                path.chmod(mode & 0o777)
    folders = [p for p in target.iterdir() if p.is_dir()]
    expect(len(folders) == 1, f"the zip should hold one folder, not {[p.name for p in folders]}")
    return folders[0]


def default_archive() -> Path:
    found = sorted((ROOT / "dist").glob(f"{s.NAME}-*-{s.platform_tag()}.zip"), key=os.path.getmtime)
    if not found:
        sys.exit(f"no {s.NAME}-*-{s.platform_tag()}.zip in dist/; run python packaging/build.py")
    return found[-1]


def version_from(archive: Path) -> str | None:
    match = re.fullmatch(
        rf"{re.escape(s.NAME)}-(.+)-{re.escape(s.platform_tag())}\.zip", archive.name
    )
    return match[1] if match else None


# --- environments ------------------------------------------------------------------------------


@dataclass
class Variant:
    name: str
    env: dict[str, str]
    encoding: str = "utf-8"


def clean_env(home: Path, lang: str | None) -> dict[str, str]:
    """Only what a login session has: no venv, no PYTHON* variables, an empty home folder."""
    temp = home / "tmp"
    temp.mkdir(parents=True, exist_ok=True)
    if sys.platform == "win32":
        system_root = os.environ.get("SYSTEMROOT", r"C:\Windows")
        env = {
            "SYSTEMROOT": system_root,
            "PATH": f"{system_root}\\system32;{system_root}",
            "USERPROFILE": str(home),
            "APPDATA": str(home / "AppData" / "Roaming"),
            "LOCALAPPDATA": str(home / "AppData" / "Local"),
            "TEMP": str(temp),
            "TMP": str(temp),
        }
    else:
        env = {"PATH": "/usr/bin:/bin", "HOME": str(home), "TMPDIR": str(temp)}
    if lang:
        env["LANG"] = lang
    return env


def python_encoding(env: dict[str, str]) -> str:
    """The encoding a Python started in ``env`` writes to a pipe: what the bundle must write too."""
    done = subprocess.run(
        [sys.executable, "-I", "-c", "import sys; print(sys.stderr.encoding)"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.strip().lower().replace("_", "-")


def variants(work: Path, skip_gb18030: bool) -> list[Variant]:
    if sys.platform == "win32":
        env = clean_env(work / "home-default", None)
        return [Variant("Windows 默认代码页", env, python_encoding(env))]
    found = [Variant("LANG 未设置", clean_env(work / "home-nolang", None))]
    found[0].encoding = python_encoding(found[0].env)
    if not skip_gb18030:
        env = clean_env(work / "home-gb18030", GB18030)
        encoding = python_encoding(env)
        if encoding == "gb18030":
            found.append(Variant(f"LANG={GB18030}", env, encoding))
        elif sys.platform == "linux":  # CI installs the locale: its absence is a broken set-up
            sys.exit(
                f"the {GB18030} locale is not installed here (Python writes {encoding} under it);\n"
                "install it (Debian: apt-get install locales && localedef -i zh_CN -f GB18030 "
                f"{GB18030}) or pass --skip-gb18030"
            )
        else:
            print(f"note: no {GB18030} locale on this {sys.platform} machine; that run is skipped")
    return found


def can_show(text: str, encoding: str) -> bool:
    try:
        text.encode(encoding)
    except UnicodeEncodeError:
        return False
    return True


# --- running the bundle ------------------------------------------------------------------------


@dataclass
class Run:
    code: int
    out: str
    err: str
    modules: dict[str, str] = field(default_factory=dict)

    @property
    def text(self) -> str:
        return self.out + self.err


@dataclass
class Check:
    variant: str
    name: str
    ok: bool
    seconds: float
    detail: str = ""


class Smoke:
    def __init__(self, bundle: Path, examples: Path, version: str | None) -> None:
        self.bundle = bundle.resolve()
        self.executable = self.bundle / s.executable_name()
        self.examples = examples
        self.version = version
        self.checks: list[Check] = []

    def run(self, variant: Variant, cwd: Path, *args: str, modules: bool = False) -> Run:
        env = dict(variant.env)
        log = cwd / ".modules.txt"
        if modules:
            env[s.MODULES_LOG_ENV] = str(log)
        done = subprocess.run(
            [str(self.executable), *args],
            cwd=cwd,
            env=env,
            capture_output=True,
            timeout=300,
            check=False,
        )
        try:
            out = done.stdout.decode(variant.encoding)
            err = done.stderr.decode(variant.encoding)
        except UnicodeDecodeError as exc:
            raise Failed(f"{' '.join(args)}: output is not {variant.encoding}: {exc}") from None
        run = Run(done.returncode, out, err)
        if modules:
            expect(log.is_file(), f"{' '.join(args)}: the bundle wrote no module list")
            for line in log.read_text(encoding="utf-8").splitlines():
                name, _, file = line.partition("\t")
                run.modules[name] = file
            log.unlink()
            self.from_bundle_only(run, args)
        return run

    def from_bundle_only(self, run: Run, args: Sequence[str]) -> None:
        inside = str(self.bundle) + os.sep
        # The bootloader's own modules (pyimod01_archive.py, struct.py) carry a bare file name:
        # they are embedded in the executable. Every other module has a path, inside the bundle.
        outside = sorted(
            f"{name} ({file})"
            for name, file in run.modules.items()
            if os.path.dirname(file) and not os.path.realpath(file).startswith(inside)
        )
        expect(not outside, f"{' '.join(args)}: modules from outside the bundle: {outside[:5]}")

    def ok(self, run: Run, args: Sequence[str], code: int = 0) -> None:
        expect(
            run.code == code,
            f"{' '.join(args)}: exit code {run.code}, expected {code}\n{run.text[-1500:]}",
        )

    def check(self, variant: Variant, name: str, body: Callable[[], str | None]) -> bool:
        start = time.perf_counter()
        try:
            detail = body() or ""
            ok = True
        except Failed as exc:
            detail, ok = str(exc), False
        except Exception:  # a broken test step is a failure too, never a silent pass
            detail, ok = traceback.format_exc(limit=3), False
        self.checks.append(Check(variant.name, name, ok, time.perf_counter() - start, detail))
        return ok

    # --- the scenario ---------------------------------------------------------------------------

    def scenario(self, variant: Variant, work: Path) -> None:
        work.mkdir(parents=True)
        examples = work / "examples"
        shutil.copytree(self.examples, examples)
        show_chinese = can_show("错误：事实文件", variant.encoding)

        def version() -> str:
            run = self.run(variant, work, "--version")
            self.ok(run, ["--version"])
            expected = f"{s.NAME} {self.version}" if self.version else f"{s.NAME} "
            expect(
                run.out.startswith(expected), f"--version printed {run.out!r}, not {expected!r}…"
            )
            return run.out.strip()

        def help_is_lazy() -> str:
            run = self.run(variant, work, "--help", modules=True)
            self.ok(run, ["--help"])
            expect("build" in run.out and "validate" in run.out, "--help lists no commands")
            if show_chinese:
                expect("生成报告" in run.out, "--help lacks its Chinese text")
            return self.no_heavy(run, "--help")

        def templates_list() -> None:
            run = self.run(variant, work, "templates", "list")
            self.ok(run, ["templates", "list"])
            for name in ("official", "huanzhu", "beishan", "shezhu"):
                expect(name in run.out, f"templates list lacks {name}:\n{run.out}")

        def init() -> None:
            run = self.run(variant, work, "init", "2025.yaml")
            self.ok(run, ["init", "2025.yaml"])
            expect((work / "2025.yaml").is_file(), "init wrote no 2025.yaml")
            if show_chinese:
                expect("已创建" in run.out, f"init said {run.out!r}")

        def init_not_in_the_bundle() -> None:
            # Upgrading replaces the program's folder: init refuses to put a clerk's file there.
            run = self.run(variant, self.bundle, "init", "2025.yaml")
            self.ok(run, ["init", "2025.yaml", "(in the bundle)"], code=1)
            expect(not (self.bundle / "2025.yaml").exists(), "init wrote into the bundle's folder")
            if show_chinese:
                expect("程序文件夹" in run.err, f"init in the bundle said {run.err!r}")

        def validate_is_lazy() -> str:
            run = self.run(variant, work, "validate", "2025.yaml", modules=True)
            self.ok(run, ["validate", "2025.yaml"])
            return self.no_heavy(run, "validate")

        def build_new() -> str:
            out = work / "out-new"
            args = ["build", "2025.yaml", "-o", str(out), "--format", "docx,html"]
            run = self.run(variant, work, *args, modules=True)
            self.ok(run, args)
            # One file is built in this process: python-docx and lxml came from the bundle too.
            expect({"docx", "lxml"} <= set(run.modules), "built a .docx without python-docx?")
            return (
                self.reports(out, 1, variant) + f"; all {len(run.modules)} modules from the bundle"
            )

        def build_examples() -> str:
            out = work / "out"
            args = ["build", "examples", "-o", str(out), "--format", "docx,html", "--jobs", "2"]
            self.ok(self.run(variant, work, *args), args)
            return self.reports(out, len(list(self.examples.glob("*.yaml"))), variant)

        def check_reports() -> str:
            reports = sorted((work / "out").glob("*.docx"))
            expect(bool(reports), "no reports to check")
            for report in reports:
                run = self.run(variant, work, "check", str(report))
                self.ok(run, ["check", shown(report, variant)])
                expect("✗" not in run.out, f"check {shown(report, variant)} found problems")
            return f"{len(reports)} reports pass every check"

        def exported_template() -> str:
            folder = work / "my-template"
            run = self.run(variant, work, "templates", "export", "official", str(folder))
            self.ok(run, ["templates", "export", "official", str(folder)])
            template = folder / "report.md.j2"
            expect(template.is_file(), "templates export wrote no report.md.j2")
            with template.open("a", encoding="utf-8") as file:
                file.write(f"\n{TEMPLATE_MARK}。\n")
            out = work / "out-template"
            args = ["build", "examples/official-2024.yaml", "-t", str(folder), "-o", str(out)]
            self.ok(self.run(variant, work, *args, "--format", "html"), args)
            pages = list(out.glob("*.html"))
            expect(len(pages) == 1, f"{len(pages)} .html files from the exported template")
            expect(TEMPLATE_MARK in pages[0].read_text(encoding="utf-8"), "the edit did not show")
            return "the edited template's text is in the report"

        def wrong_facts() -> str:
            (work / "bad.yaml").write_text(BAD_FACTS, encoding="utf-8")
            for command in ("validate", "build"):
                run = self.run(variant, work, command, "bad.yaml")
                self.ok(run, [command, "bad.yaml"], code=1)
                wanted = BAD_EXPECTED if show_chinese else ("bad.yaml:3:7",)
                for text in wanted:
                    expect(text in run.err, f"{command} bad.yaml: no {text!r} in:\n{run.err}")
                expect("Traceback" not in run.text, f"{command} bad.yaml: a traceback")
            expect(not list(work.glob("*.docx")), "a wrong facts file still produced a .docx")
            first = next(line for line in run.err.splitlines() if "bad.yaml:3:7" in line)
            return f"exit 1, {variant.encoding}: {first.strip()}"

        def edit_page() -> str:
            return self.edit_page(variant, work)

        for name, body in (
            ("--version", version),
            ("--help (imports no docx/lxml/rich)", help_is_lazy),
            ("templates list", templates_list),
            ("init 2025.yaml", init),
            ("init in the bundle's folder is refused", init_not_in_the_bundle),
            ("validate 2025.yaml (imports no docx/lxml/rich)", validate_is_lazy),
            ("build 2025.yaml → .docx .html", build_new),
            ("build examples/ → .docx .html (2 workers)", build_examples),
            ("check each built report", check_reports),
            ("templates export + build with it", exported_template),
            ("wrong facts: Chinese error, exit 1", wrong_facts),
            ("edit --no-browser: page over HTTP, save, build", edit_page),
        ):
            self.check(variant, name, body)

    def edit_page(self, variant: Variant, work: Path) -> str:
        """``edit`` on a new file: the page and its script over HTTP, an edit saved, a build."""
        process = subprocess.Popen(
            [str(self.executable), "edit", "edit.yaml", "--no-browser"],
            cwd=work,
            env=variant.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        try:
            url = self.edit_address(process)
            page = Page(url)
            html_page = page.get(f"/?token={page.token}").decode("utf-8")
            expect("fazhi-token" in html_page, "the edit page is not the editor's")
            expect(b"renderModel" in page.get("/static/edit.js"), "edit.js is not served")
            data = json.loads(page.get("/api/state"))["data"]
            data["主送"] = "临川县人民政府办公室"
            saved = page.post("/api/save", {"data": data})
            expect(
                "主送: 临川县人民政府办公室" in (work / "edit.yaml").read_text(encoding="utf-8"),
                f"the edit was not saved: {saved}",
            )
            built = page.post("/api/build", {"formats": ["docx"]})
            # The name as the bundle wrote it: relative to work, in its locale's file-name encoding.
            (report,) = [work / os.fsdecode(p.encode(variant.encoding)) for p in built["outputs"]]
            with zipfile.ZipFile(report) as package:
                expect("word/document.xml" in package.namelist(), f"{report.name}: no document.xml")
            page.post("/api/stop", {})
            out, err = process.communicate(timeout=60)
        finally:
            process.kill()
        expect(process.returncode == 0, f"edit exited with {process.returncode}: {err[-800:]!r}")
        expect(b"Traceback" not in out + err, "edit printed a traceback")
        return f"saved and built {shown(report, variant)}"

    @staticmethod
    def edit_address(process: subprocess.Popen[bytes]) -> str:
        """The address ``edit`` prints (after any note about creating the file)."""
        assert process.stdout is not None
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            line = process.stdout.readline()
            if not line:
                break
            found = re.search(rb"http://127\.0\.0\.1:\d+/\?token=[\w-]+", line)
            if found:
                return found.group().decode("ascii")
        raise Failed("edit printed no address")

    def no_heavy(self, run: Run, what: str) -> str:
        heavy = sorted({m.split(".")[0] for m in run.modules} & set(HEAVY))
        expect(not heavy, f"{what} imported {heavy}")
        return f"{len(run.modules)} modules, none of {', '.join(HEAVY)}, all from the bundle"

    def reports(self, out: Path, count: int, variant: Variant) -> str:
        documents = sorted(out.glob("*.docx"))
        pages = sorted(p for p in out.glob("*.html") if p.name != INDEX)
        expect(len(documents) == count, f"{len(documents)} .docx files, expected {count}")
        expect(len(pages) == count, f"{len(pages)} .html files, expected {count}")
        # Several reports built to html are a publication: index.html links each of them.
        index = out / INDEX
        expect(
            index.is_file() == (count > 1), f"index.html {'missing' if count > 1 else 'written'}"
        )
        if count > 1:
            hrefs = re.findall(r'href="([^"]+)"', index.read_text(encoding="utf-8"))
            linked = {unquote(html.unescape(h)) for h in hrefs}
            for page in pages:  # the name as the bundle wrote it, in its locale's encoding
                expect(
                    shown(page, variant) in linked,
                    f"index.html does not link {shown(page, variant)}",
                )
        for document in documents:
            with zipfile.ZipFile(document) as package:
                expect(
                    "word/document.xml" in package.namelist(), f"{document.name}: no document.xml"
                )
        for page in pages:
            text = page.read_text(encoding="utf-8")
            expect(
                "<html" in text and "法治政府建设" in text,
                f"{shown(page, variant)}: not the report",
            )
        return f"{count} .docx + {count} .html"


class Page:
    """The editor's page as the browser talks to it: the token in a header, JSON both ways."""

    def __init__(self, url: str) -> None:
        parts = urlsplit(url)
        self.host, self.port = parts.hostname or "127.0.0.1", parts.port or 80
        self.token = parts.query.removeprefix("token=")

    def get(self, path: str) -> bytes:
        return self._request("GET", path, None)

    def post(self, path: str, body: dict[str, Any]) -> Any:
        return json.loads(self._request("POST", path, json.dumps(body).encode("utf-8")))

    def _request(self, method: str, path: str, body: bytes | None) -> bytes:
        connection = http.client.HTTPConnection(self.host, self.port, timeout=120)
        headers = {"X-Fazhi-Token": self.token}
        if body is not None:
            headers["Content-Type"] = "application/json"
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            data = response.read()
        finally:
            connection.close()
        expect(response.status == 200, f"{method} {path}: {response.status} {data[:300]!r}")
        return data


def shown(path: Path, variant: Variant) -> str:
    """A file name the bundle wrote under ``variant``'s locale, readable in this output."""
    return os.fsencode(path.name).decode(variant.encoding, "replace")


# --- main --------------------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "target", nargs="?", type=Path, help="the zip (default: dist/…) or a bundle folder"
    )
    parser.add_argument(
        "--skip-gb18030", action="store_true", help="no run under LANG=zh_CN.GB18030"
    )
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args(argv)
    if hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(errors="backslashreplace")

    target = (args.target or default_archive()).resolve()
    work = Path(tempfile.mkdtemp(prefix="fazhi-smoke-"))
    try:
        checks = smoke_test(target, work, skip_gb18030=args.skip_gb18030)
    finally:
        if args.keep:
            print(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    failed = [c for c in checks if not c.ok]
    print(f"\n{len(checks) - len(failed)} of {len(checks)} checks passed")
    for check in failed:
        print(f"  FAILED [{check.variant}] {check.name}")
    return 1 if failed or not checks else 0


def smoke_test(target: Path, work: Path, *, skip_gb18030: bool) -> list[Check]:
    if target.is_dir():
        bundle, examples, version = target, ROOT / "examples", None
    else:
        bundle = extract(target, work / "unzipped")
        examples, version = bundle / "examples", version_from(target)
        guide = bundle / "使用说明.txt"
        text = guide.read_text(encoding="utf-8-sig") if guide.is_file() else ""
        if "fazhi-report init 2025.yaml" not in text:
            sys.exit(f"{target.name}: no usable 使用说明.txt")
    if not list(examples.glob("*.yaml")):
        sys.exit(f"no examples in {examples}")
    smoke = Smoke(bundle, examples, version)
    print(f"bundle: {target}\nunpacked into {work}")
    for number, variant in enumerate(variants(work, skip_gb18030)):
        shown_env = " ".join(f"{k}={v}" for k, v in sorted(variant.env.items()))
        print(f"\n[{variant.name}] output decoded as {variant.encoding}; env: {shown_env}")
        smoke.scenario(variant, work / f"run-{number}")
        for check in (c for c in smoke.checks if c.variant == variant.name):
            first = check.detail.splitlines()[0] if check.detail else ""
            print(
                f"  {'ok  ' if check.ok else 'FAIL'} {check.name:<50} {check.seconds:5.2f} s  "
                + (first if check.ok else "")
            )
            if not check.ok:
                print("       " + check.detail.replace("\n", "\n       "))
    return smoke.checks


if __name__ == "__main__":
    sys.exit(main())
