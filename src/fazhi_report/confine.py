"""Paths that a township's file names stay in their folder tree.

Facts files and template folders come from sixty townships and are read on the county's machine,
whose output goes to a terminal, a CI log, a spreadsheet and a website. A path such a file names
(``上年度``, ``汇总``, ``模板``, a template's include) is followed only inside its *root*: the facts
file's own folder, unless the user names a wider one on the command line (``--root``), and a
template's own folder for its files. The comparison is made after every symbolic link and
``..`` is resolved, so neither a link nor ``../../`` leads out.

A refused path is named (as written, and where it really leads) and never opened, so not a byte
of the file it points to can reach a message.
"""

from __future__ import annotations

from pathlib import Path

#: What every refusal's hint says about where a path may lead.
ROOT_HINT = (
    "事实文件中写的路径只能指向该文件所在的文件夹（或命令行 --root 指定的文件夹）之内；"
    "文件在别处时，请把它复制过来，或加 --root 指定共同的上级文件夹。"
)


def real(path: Path) -> Path:
    """``path`` with every symbolic link and ``..`` resolved (as far as it exists)."""
    try:
        return path.resolve()
    except (OSError, RuntimeError, ValueError):  # a link loop, a name the system refuses
        return Path(path).absolute()


def within(path: Path, root: Path) -> bool:
    """Whether ``path`` leads, after resolving links, to ``root`` or to something inside it."""
    return real(path).is_relative_to(real(root))


def root_for(facts: Path, root: Path | None) -> Path:
    """The folder a facts file's paths stay in: ``root`` if the user gave one, else its own."""
    return real(root if root is not None else facts.parent)


def outside(written: str, path: Path, root: Path) -> str:
    """The message for a path that leads out of ``root`` (named; never opened)."""
    return f"“{written}”在允许读取的文件夹 {real(root)} 之外（实际位置 {real(path)}），不予读取"


def too_wide(path: Path) -> str | None:
    """Why ``path`` cannot be a folder of facts files: a file system's root, or the home folder
    (or a folder above it); None when it may be one."""
    where = real(path)
    if where == Path(where.anchor):
        return "是文件系统的根文件夹"
    home = _home()
    if home is not None and (where == home or where in home.parents):
        return "是用户的主文件夹" if where == home else "包含用户的主文件夹"
    return None


def _home() -> Path | None:
    try:
        return real(Path.home())
    except (RuntimeError, KeyError, OSError):  # no home folder known (a service account)
        return None
