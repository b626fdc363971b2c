"""docs/模板定制.md stays true: every command in it is run and every edit it describes is made.

The guide is followed from top to bottom in an empty folder, as a clerk would: each ``bash`` block's
commands (and, at the end, each command the prose gives inline) run through the CLI (each must succeed, unless the ``text`` block after it shows the
error it prints, which must then be exactly that); each code block that a sentence introduces as
an edit (“在 `文件` 末尾加上：”, “新建文件 `文件`，内容为：”, “找到这一行： … 在它后面加上：”,
“把从下面这一行开始 … 剪切下来，粘贴到这一行的前面：”) is applied to that file. A block the
test does not know how to follow fails it, so the guide cannot gain a step no test runs.
"""

from __future__ import annotations

import datetime as dt
import re
import shlex
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest

from fazhi_report import validate
from fazhi_report.build import prepare

from .conftest import ROOT, Invoke

GUIDE = ROOT / "docs" / "模板定制.md"
_FENCE = re.compile(r"^```(\w*)\n(.*?)^```\n", re.S | re.M)
_APPEND = re.compile(r"在 `(.+?)` 末尾加上：$")
_CREATE = re.compile(r"新建文件 `(.+?)`，内容为：$")
_FIND = re.compile(r"在 `(.+?)` 中找到这一行：$")
_CUT = re.compile(r"在 `(.+?)` 中，把从下面这一行开始、到它后面第一个 `(.+?)` 为止的一段：$")
_INLINE = re.compile(r"`(fazhi-report [^`]+)`")
#: Inline mentions of a command by name, not commands to run.
_NAMES = {"fazhi-report build", "fazhi-report check", "fazhi-report templates check"}
_AFTER = "在它后面加上："
_BEFORE = "剪切下来，粘贴到这一行的前面："


@dataclass
class Block:
    lang: str
    text: str
    lead: str  # the last line of prose before the block


def blocks() -> list[Block]:
    guide = GUIDE.read_text(encoding="utf-8")
    out = []
    end = 0
    for match in _FENCE.finditer(guide):
        prose = [line for line in guide[end : match.start()].splitlines() if line.strip()]
        out.append(Block(match.group(1), match.group(2), prose[-1] if prose else ""))
        end = match.end()
    return out


class Clerk:
    """Follows the guide in ``folder``."""

    def __init__(self, folder: Path, invoke: Invoke) -> None:
        self.folder = folder
        self.invoke = invoke
        self.pending: tuple[str, Path, str, str] | None = None
        self.commands = 0

    def run(self, block: Block, expected: Block | None) -> None:
        for line in block.text.splitlines():
            if not line.strip():
                continue
            args = shlex.split(line)
            assert args[0] == "fazhi-report", line
            result = self.invoke(*args[1:])
            self.commands += 1
            if expected is not None and expected.text.startswith("错误："):
                assert result.exit_code == 1, (line, result.output)
                assert result.stderr == expected.text, (line, result.stderr)
            else:
                assert result.exit_code == 0, (line, result.output)

    def edit(self, block: Block) -> None:
        if self.pending is not None:
            self._finish(block)
        elif match := _APPEND.match(block.lead):
            path = self.folder / match.group(1)
            path.write_text(path.read_text(encoding="utf-8") + block.text, encoding="utf-8")
        elif match := _CREATE.match(block.lead):
            path = self.folder / match.group(1)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(block.text, encoding="utf-8")
        elif match := _FIND.match(block.lead):
            self.pending = ("insert", self.folder / match.group(1), block.text, "")
        elif match := _CUT.match(block.lead):
            self.pending = ("move", self.folder / match.group(1), block.text, match.group(2))
        else:
            pytest.fail(f"the guide has a {block.lang} block no step explains: {block.lead!r}")

    def _finish(self, block: Block) -> None:
        assert self.pending is not None
        kind, path, anchor, end = self.pending
        self.pending = None
        text = path.read_text(encoding="utf-8")
        assert text.count(anchor) == 1, anchor
        if kind == "insert":
            assert block.lead == _AFTER, block.lead
            text = text.replace(anchor, anchor + block.text)
        else:
            assert block.lead == _BEFORE, block.lead
            start = text.index(anchor)
            stop = text.index(end, start) + len(end) + 1  # with the line's newline
            piece, text = text[start:stop], text[:start] + text[stop:]
            assert text.count(block.text) == 1, block.text
            text = text.replace(block.text, piece + block.text)
        path.write_text(text, encoding="utf-8")


#: Days the guide is followed on: January (last year's report due), mid-year, and December (this
#: year's in preparation): ``init`` used to write another 年度 on each.
DAYS = (dt.date(2026, 1, 15), dt.date(2026, 6, 30), dt.date(2026, 12, 6))


@pytest.mark.slow
@pytest.mark.parametrize("day", DAYS, ids=str)
def test_every_command_and_edit_in_the_guide_works(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, day: dt.date
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(validate, "clock", lambda: day)
    clerk = Clerk(tmp_path, invoke)
    steps = blocks()
    for i, block in enumerate(steps):
        following = steps[i + 1] if i + 1 < len(steps) else None
        if block.lang == "bash":
            clerk.run(block, following if following and following.lang == "text" else None)
        elif block.lang == "text":
            assert steps[i - 1].lang == "bash", "a text block shows a command's output"
        else:
            clerk.edit(block)
    assert clerk.pending is None
    # The commands the prose gives inline, run last, in the folder the guide has made.
    inline = [c for c in _INLINE.findall(GUIDE.read_text(encoding="utf-8")) if c not in _NAMES]
    clerk.run(Block("bash", "\n".join(inline), ""), None)
    assert clerk.commands >= 15
    # What the steps were for: the reorder put 第一责任人 first, the fixed paragraph opens the
    # report, the fonts reached the file; and the extended template changed only its block.
    with zipfile.ZipFile(tmp_path / "报告.docx") as report:
        assert "方正仿宋_GBK" in report.read("word/styles.xml").decode("utf-8")
    # init 2024.yaml writes 2024's report on any day, as the guide shows it.
    text = str(prepare(tmp_path / "2024.yaml", "我的模板").document).splitlines()
    title = next(i for i, line in enumerate(text) if line.startswith("[TITLE]"))
    assert text[:title] == [
        "[MARK] 青山镇人民政府文件",
        "[NUMBER] 青政〔2025〕3号",
        "[SIGNER] 王建国",
    ]
    assert text[title + 2].startswith("[P] 2024年，青山镇坚持以习近平法治思想为指导")
    assert "第一责任人" in next(line for line in text if line.startswith("[H1]"))
    assert "[H1] 四、2025年法治建设工作计划" in text  # the guide's own 章节标题
    assert all(int(y) in (2024, 2025) for y in re.findall(r"(20\d\d)年", "".join(text[:-1])))
    simple = str(prepare(tmp_path / "2024.yaml", "简化模板").document)
    assert "[P] 2024年，青山镇无其他需要报告的情况。" in simple

    # The 版头 and 版记 section: the 报送版 has them, the 公开版 and the template without a 版头 not.
    def document_xml(name: str) -> str:
        with zipfile.ZipFile(tmp_path / name) as docx:
            return docx.read("word/document.xml").decode("utf-8")

    assert "签发人" in document_xml("报送版.docx") and "印发" in document_xml("报送版.docx")
    assert "签发人" not in document_xml("公开版.docx") and "青政〔2025〕3号" in document_xml(
        "公开版.docx"
    )
    assert "签发人" not in document_xml("套红纸.docx") and "青山镇人民政府文件" not in document_xml(
        "套红纸.docx"
    )


def test_the_guide_names_the_place_its_error_shows() -> None:
    """“13:9”是第 13 行第 9 列: the sentence after the error names the line and column shown."""
    guide = GUIDE.read_text(encoding="utf-8")
    said = re.search(r"“(\d+):(\d+)”是第 (\d+) 行第 (\d+) 列", guide)
    assert said is not None and said[1] == said[3] and said[2] == said[4]
    shown = next(b.text for b in blocks() if b.text.startswith("错误：模板说明文件"))
    assert f"template.yaml:{said[1]}:{said[2]}  " in shown


def test_the_readme_points_to_the_guide() -> None:
    assert "docs/模板定制.md" in (ROOT / "README.md").read_text(encoding="utf-8")
