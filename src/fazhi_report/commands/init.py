"""``init``: a commented facts file to start from (the sample, or last year's file carried on).

Not inside the standalone bundle's own folder: its guide tells a clerk to upgrade by deleting that
folder and unpacking the new version, which would take the facts and the reports with it.
"""

from __future__ import annotations

import sys
from pathlib import Path

from ..errors import UserError
from ..scaffold import Created, create_facts_file


def bundle_folder() -> Path | None:
    """The folder of the standalone bundle this process runs from, or None when it is not one.

    PyInstaller marks its programs with ``sys.frozen``; the folder is the executable's own
    (``sys._MEIPASS``, where the bundled files are, is its ``_internal`` folder inside it).
    """
    if not getattr(sys, "frozen", False):
        return None
    return Path(sys.executable).resolve().parent


def _inside(path: Path, folder: Path) -> bool:
    resolved = path.resolve()
    return resolved == folder or folder in resolved.parents


def init(
    file: Path | None, *, from_last: Path | None, force: bool, year: int | None = None
) -> Created:
    """Write the facts file (``年度.yaml`` when no ``file`` is named)."""
    bundle = bundle_folder()
    where = file.parent if file is not None else Path.cwd()
    if bundle is not None and not force and _inside(where, bundle):
        raise UserError(
            f"不在程序文件夹 {bundle} 中创建事实文件：升级时要删除这个文件夹，"
            "放在里面的事实文件和报告会一起被删掉",
            "请为事实文件和报告另建一个文件夹（如 文档\\法治报告），在那里打开命令行再运行；"
            "确要写在这里时加 --force。",
        )
    return create_facts_file(file, from_last=from_last, force=force, year=year)
