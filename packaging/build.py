"""Build the standalone fazhi-report: a one-folder PyInstaller bundle and the zip a clerk unzips.

From a checkout with the project installed (``pip install ".[bundle]"``)::

    python packaging/build.py

writes ``dist/fazhi-report/`` (the executable, the built-in templates, the base document) and
``dist/fazhi-report-<version>-<platform>.zip`` (that folder, the examples, 使用说明.txt and the
licence), then checks the bundle: the data files are in it, nothing it must not carry is (tests,
pip, setuptools, tkinter), the folder and the zip are within their size limits. On Linux it also
prints the oldest glibc the bundle runs on. ``packaging/smoke_test.py`` then runs the bundle.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import stat
import subprocess
import sys
import time
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

# The script's folder is first on sys.path: the helpers next to it import by plain name.
import spec_support as s

ROOT = s.HERE.parent
SPEC = s.HERE / "fazhi-report.spec"
GUIDE = s.HERE / "使用说明.txt"
EXAMPLES = ROOT / "examples"
LICENSE = ROOT / "LICENSE"
MB = 1000 * 1000
#: Tcl/Tk's data folders: tkinter's payload even when the module itself is left out.
FORBIDDEN_FOLDERS = ("_tcl_data", "_tk_data", "tcl", "tk", "tcl8")


def zip_name(version: str, platform_tag: str) -> str:
    return f"{s.NAME}-{version}-{platform_tag}.zip"


def run_pyinstaller(dist: Path, work: Path) -> None:
    shutil.rmtree(work, ignore_errors=True)  # no stale analysis from another checkout or version
    command = [
        sys.executable,
        "-m",
        "PyInstaller",
        "--noconfirm",
        "--log-level=WARN",
        f"--distpath={dist}",
        f"--workpath={work}",
        str(SPEC),
    ]
    print("$", " ".join(command), flush=True)
    subprocess.run(command, check=True)


# --- what is in the bundle --------------------------------------------------------------------------


def internal_folder(bundle: Path) -> Path:
    """Where PyInstaller put the libraries and data (``_internal`` since PyInstaller 6)."""
    internal = bundle / "_internal"
    return internal if internal.is_dir() else bundle


def archived_modules(executable: Path) -> set[str]:
    """Every module name in the executable's archive (the PYZ) and in base_library.zip."""
    from PyInstaller.archive.readers import CArchiveReader

    names: set[str] = set()
    archive = CArchiveReader(str(executable))
    for entry in archive.toc:
        names.add(str(entry))
        if str(entry).upper().endswith(".PYZ"):
            names.update(str(m) for m in archive.open_embedded_archive(entry).toc)
    base = internal_folder(executable.parent) / "base_library.zip"
    if base.is_file():
        with zipfile.ZipFile(base) as library:
            for member in library.namelist():
                names.add(member.removesuffix(".pyc").replace("/", ".").removesuffix(".__init__"))
    return names


def top_level_names(bundle: Path) -> Iterator[tuple[str, str]]:
    """(top-level module or folder name, where it was found) for everything in the bundle."""
    executable = bundle / s.executable_name()
    for module in archived_modules(executable):
        yield module.split(".")[0], f"archive: {module}"
    for path in internal_folder(bundle).rglob("*"):
        relative = path.relative_to(bundle).as_posix()
        for part in path.relative_to(internal_folder(bundle)).parts:
            # pip-24.0.dist-info, _tkinter.cpython-311-x86_64-linux-gnu.so, tkinter
            yield re.split(r"[-.]", part, maxsplit=1)[0], f"file: {relative}"


def forbidden_content(bundle: Path) -> list[str]:
    found = sorted(
        {
            where
            for name, where in top_level_names(bundle)
            if name in s.FORBIDDEN or name in FORBIDDEN_FOLDERS
        }
    )
    return found


def missing_data(bundle: Path) -> list[str]:
    package = internal_folder(bundle) / s.PACKAGE
    return [f"{s.PACKAGE}/{name}" for name in s.REQUIRED_DATA if not (package / name).is_file()]


def glibc_floor(bundle: Path) -> tuple[int, int] | None:
    """The newest glibc symbol version any ELF file in the bundle asks for: the oldest glibc it runs on.

    The bundle carries every library but glibc, so a desktop whose glibc is older (统信 UOS 20
    and 麒麟 V10 have 2.28) cannot start it, whatever else it has.
    """
    newest: tuple[int, int] | None = None
    pattern = re.compile(rb"GLIBC_(\d+)\.(\d+)")
    for path in bundle.rglob("*"):
        if path.is_symlink() or not path.is_file():
            continue
        with path.open("rb") as file:
            if file.read(4) != b"\x7fELF":
                continue
            data = file.read()
        for match in pattern.finditer(data):
            found = (int(match[1]), int(match[2]))
            newest = found if newest is None else max(newest, found)
    return newest


# --- sizes ---------------------------------------------------------------------------------------


def folder_sizes(folder: Path) -> tuple[int, int]:
    """(sum of file sizes, disk usage as ``du`` counts it); symlinks count as links."""
    apparent = used = 0
    for path in folder.rglob("*"):
        info = path.lstat()
        if stat.S_ISDIR(info.st_mode):
            continue
        apparent += info.st_size
        blocks = getattr(info, "st_blocks", None)
        used += blocks * 512 if blocks is not None else info.st_size
    return apparent, used


def megabytes(size: int) -> str:
    return f"{size / MB:.1f} MB"


# --- the zip -------------------------------------------------------------------------------------


def guide_text(version: str, platform_tag: str) -> bytes:
    """使用说明.txt as a clerk's editor expects it: on Windows with a BOM and CRLF (old Notepad)."""
    text = GUIDE.read_text(encoding="utf-8")
    text = text.replace("{版本}", version).replace("{平台}", platform_tag)
    if platform_tag.startswith("windows"):
        return "\ufeff".encode() + text.replace("\n", "\r\n").encode("utf-8")
    return text.encode("utf-8")


def zip_entries(bundle: Path, examples: Iterable[Path]) -> Iterator[tuple[str, Path]]:
    """(name in the zip, source) for the bundle's files and the examples, in a stable order."""
    top = s.NAME
    for path in sorted(bundle.rglob("*")):
        if path.is_symlink() or path.is_file():
            yield f"{top}/{path.relative_to(bundle).as_posix()}", path
    for path in sorted(examples):
        yield f"{top}/examples/{path.name}", path


def make_zip(
    target: Path, bundle: Path, examples: Iterable[Path], version: str, platform_tag: str
) -> Path:
    """The download: one folder ``fazhi-report/`` with the program, examples/ and 使用说明.txt.

    Modes are kept (the executable stays executable when unzipped on Linux and macOS); symbolic
    links are stored as links, as ``zip -y`` does, rather than as copies of their targets.
    """
    partial = target.with_name(target.name + ".partial")
    with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, path in zip_entries(bundle, examples):
            if path.is_symlink():
                info = zipfile.ZipInfo(name, date_time=time.localtime(path.lstat().st_mtime)[:6])
                info.create_system = 3  # Unix: the mode below holds the link bit
                info.external_attr = (stat.S_IFLNK | 0o777) << 16
                archive.writestr(info, os.readlink(path))
            else:
                archive.write(path, name)
        info = zipfile.ZipInfo(f"{s.NAME}/使用说明.txt", date_time=time.localtime()[:6])
        info.external_attr = (stat.S_IFREG | 0o644) << 16
        info.compress_type = zipfile.ZIP_DEFLATED
        archive.writestr(info, guide_text(version, platform_tag))
        if LICENSE.is_file():  # .txt: a double click opens it on Windows
            archive.write(LICENSE, f"{s.NAME}/LICENSE.txt")
    partial.replace(target)
    return target


# --- main ----------------------------------------------------------------------------------------


def parse_version(text: str) -> tuple[int, int]:
    major, _, minor = text.partition(".")
    return int(major), int(minor)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--dist", type=Path, default=ROOT / "dist", help="output folder")
    parser.add_argument(
        "--work",
        type=Path,
        default=ROOT / "build" / "pyinstaller",
        help="PyInstaller's work folder",
    )
    parser.add_argument("--max-folder-mb", type=float, default=80.0)
    parser.add_argument("--max-zip-mb", type=float, default=35.0)
    parser.add_argument(
        "--max-glibc",
        type=parse_version,
        default=None,
        help="Linux: fail when the bundle needs a newer glibc than this (e.g. 2.28)",
    )
    parser.add_argument(
        "--expect-version", default=None, help="fail unless the installed project has this version"
    )
    args = parser.parse_args(argv)

    version, platform_tag = s.version(), s.platform_tag()
    if args.expect_version and args.expect_version.removeprefix("v") != version:
        sys.exit(f"the installed {s.DISTRIBUTION} is {version}, not {args.expect_version}")
    print(f"{s.DISTRIBUTION} {version} for {platform_tag}, from {s.package_folder()}", flush=True)

    start = time.perf_counter()
    run_pyinstaller(args.dist, args.work)
    bundle = args.dist / s.NAME
    seconds = time.perf_counter() - start

    problems = [f"missing from the bundle: {name}" for name in missing_data(bundle)]
    forbidden = forbidden_content(bundle)
    problems += [f"must not be in the bundle: {where}" for where in forbidden]
    if not (bundle / s.executable_name()).is_file():
        problems.append(f"no executable {s.executable_name()} in {bundle}")

    examples = sorted(EXAMPLES.glob("*.yaml"))
    if not examples:
        problems.append(f"no examples in {EXAMPLES}")
    archive = make_zip(
        args.dist / zip_name(version, platform_tag), bundle, examples, version, platform_tag
    )

    apparent, used = folder_sizes(bundle)
    folder_size = max(apparent, used)
    zip_size = archive.stat().st_size
    print(f"\nbuilt in {seconds:.0f} s")
    print(f"  bundle folder  {bundle}")
    print(
        f"                 {megabytes(used)} on disk (du), {megabytes(apparent)} in files"
        f"   (limit {args.max_folder_mb:g} MB)"
    )
    print(f"  zip            {archive}")
    print(f"                 {megabytes(zip_size)}   (limit {args.max_zip_mb:g} MB)")
    print(
        f"  excluded       {', '.join(s.FORBIDDEN)}: "
        + (f"{len(forbidden)} found" if forbidden else "none in the archive or the folder")
    )
    if folder_size > args.max_folder_mb * MB:
        problems.append(
            f"the bundle folder is {megabytes(folder_size)} (limit {args.max_folder_mb:g} MB)"
        )
    if zip_size > args.max_zip_mb * MB:
        problems.append(f"the zip is {megabytes(zip_size)} (limit {args.max_zip_mb:g} MB)")
    if sys.platform == "linux":
        floor = glibc_floor(bundle)
        floor_text = "?" if floor is None else f"{floor[0]}.{floor[1]}"
        print(f"  needs glibc    >= {floor_text} on the target")
        if args.max_glibc and (floor is None or floor > args.max_glibc):
            wanted = f"{args.max_glibc[0]}.{args.max_glibc[1]}"
            problems.append(f"the bundle needs glibc {floor_text}, newer than {wanted}")
    if problems:
        print("\nFAILED:", *problems, sep="\n  ", file=sys.stderr)
        return 1
    print("\nOK. Next: python packaging/smoke_test.py")
    return 0


if __name__ == "__main__":
    sys.exit(main())
