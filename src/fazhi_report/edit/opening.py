"""What ``edit FILE`` opens: the facts file itself; a new one from ``init``'s sample when it does
not exist yet; for a report (.docx and the other files ``import`` reads), the facts file imported
from it, as ``fazhi-report import`` would write it."""

from __future__ import annotations

from pathlib import Path

from ..commands import Unwatched
from ..errors import UserError
from ..load import is_facts_name
from ..scaffold import create_facts_file


def facts_for(path: Path) -> tuple[Path, list[str]]:
    """The facts file to edit for ``path``, and what was done to get it (for the clerk)."""
    if is_facts_name(path):
        if path.exists():
            return path, []
        create_facts_file(path)
        return path, [f"已创建 {path}（init 的样例），请在页面中改为本单位的实际情况"]
    # start-up: the importer (python-docx, the .docx reader) loads only when a report is opened
    from ..importer import is_report_file, output_for

    if not is_report_file(path):
        raise UserError(
            f"{path}：不是事实文件（.yaml），也不是可以导入的报告",
            hint="请指定事实文件（如 2024.yaml），或已有的报告（.docx、.doc、.wps、.txt、.md）。",
        )
    target = output_for(path, None)
    if target.exists():
        return target, [f"{target} 已存在，直接编辑它（没有重新导入 {path.name}）"]
    from ..commands.importing import import_reports  # start-up (see above)

    import_reports([path], Unwatched(), output=None, template=None, force=False, jobs=1)
    return target, [f"已由 {path} 导入为 {target}，请按页面上的提示逐条核对"]
