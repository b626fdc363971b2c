"""``fazhi-report import`` at the command line: one report, a folder of them, and the files that
are not reports (PDF, image, empty, zip bomb, DTD, broken zip, .doc without LibreOffice): a clear
Chinese error, exit 1, no traceback and nothing written."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from fazhi_report.ooxml import package
from fazhi_report.validate import load_facts

from .conftest import Invoke
from .test_check import minimal_report
from .test_check_input import KINDS

REPORT = (
    "青山镇人民政府关于2024年度法治政府建设情况的报告\n"
    "2024年，青山镇扎实推进法治政府建设，全年调解矛盾纠纷120起。现将有关情况报告如下：\n"
    "一、主要举措和成效\n"
    "（一）加强组织领导\n"
    "1.健全工作机制。镇党委召开专题会议4次。\n"
    "二、存在的不足和原因\n"
    "执法力量相对薄弱。\n"
    "三、下一年度工作安排\n"
    "深化行政执法规范化建设。\n"
)


def _report(folder: Path, name: str = "青山镇2024年报告.txt") -> Path:
    path = folder / name
    path.write_text(REPORT, encoding="utf-8")
    return path


def test_one_report_becomes_a_facts_file_beside_it(tmp_path: Path, invoke: Invoke) -> None:
    source = _report(tmp_path)
    code, out, err = invoke("import", source)
    target = tmp_path / "青山镇2024年报告.yaml"
    assert code == 0, err
    assert f"已导入 {target}" in out
    facts, _ = load_facts(target)
    assert facts.unit == "青山镇人民政府" and facts.year == 2024
    assert target.read_text(encoding="utf-8").startswith(
        "# 由 fazhi-report import 从“青山镇2024年报告.txt”"
    )


def test_an_existing_facts_file_is_kept_without_force(tmp_path: Path, invoke: Invoke) -> None:
    source = _report(tmp_path)
    target = tmp_path / "out.yaml"
    target.write_text("单位: 别的\n", encoding="utf-8")
    code, _, err = invoke("import", source, "-o", target)
    assert code == 1 and "文件已存在" in err and "--force" in err
    assert target.read_text(encoding="utf-8") == "单位: 别的\n"
    code, _, err = invoke("import", source, "-o", target, "--force", "--template", "beishan")
    assert code == 0, err
    assert load_facts(target)[0].template == "beishan"


def test_force_keeps_the_replaced_facts_file_as_a_backup(tmp_path: Path, invoke: Invoke) -> None:
    """A facts file a clerk spent an hour checking survives one ``--force`` as ``.yaml.bak``."""
    source = _report(tmp_path)
    target = tmp_path / "out.yaml"
    target.write_text("单位: 核对过的\n", encoding="utf-8")
    (tmp_path / "out.yaml.bak").write_text("更早的一份\n", encoding="utf-8")
    code, out, err = invoke("import", source, "-o", target, "--force")
    assert code == 0, err
    assert (tmp_path / "out.yaml.bak").read_text(encoding="utf-8") == "单位: 核对过的\n"
    assert f"注意：已覆盖 {target}，原来的文件另存为 {target}.bak" in out + err
    assert load_facts(target)[0].unit == "青山镇人民政府"
    code, out, err = invoke("import", source, "-o", target, "--force")  # one generation
    assert code == 0, err
    assert (tmp_path / "out.yaml.bak").read_text(encoding="utf-8") == target.read_text(
        encoding="utf-8"
    )
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("out")) == [
        "out.yaml",
        "out.yaml.bak",
    ]


def test_force_over_nothing_makes_no_backup(tmp_path: Path, invoke: Invoke) -> None:
    code, out, err = invoke("import", _report(tmp_path), "-o", tmp_path / "new.yaml", "--force")
    assert code == 0, err
    assert not (tmp_path / "new.yaml.bak").exists() and "另存为" not in out + err


def test_a_folder_imports_every_report_and_one_bad_file_fails_alone(
    tmp_path: Path, invoke: Invoke
) -> None:
    folder = tmp_path / "报告"
    folder.mkdir()
    for name in ("甲镇.txt", "乙镇.md"):
        _report(folder, name)
    (folder / "丙镇.docx").write_bytes(b"%PDF-1.7\n")  # a PDF saved under a Word name
    (folder / "~$甲镇.docx").write_bytes(b"lock")  # Word's lock file is not a report
    (folder / "说明.pdf").write_bytes(b"%PDF-1.7\n")  # not a report suffix: not taken
    code, out, err = invoke("import", folder, "-o", tmp_path / "facts")
    assert code == 1
    assert "丙镇.docx" in err and "PDF" in err
    assert sorted(p.name for p in (tmp_path / "facts").iterdir()) == ["乙镇.yaml", "甲镇.yaml"]
    assert "共 3 个文件：成功 2 个，失败 1 个" in out


def test_many_reports_need_a_folder_for_o(tmp_path: Path, invoke: Invoke) -> None:
    first, second = _report(tmp_path, "a.txt"), _report(tmp_path, "b.txt")
    code, _, err = invoke("import", first, second, "-o", tmp_path / "x.yaml")
    assert code == 1 and "-o 须是文件夹" in err
    assert not (tmp_path / "x.yaml").exists()


def _bomb() -> bytes:
    """A .docx whose document part inflates past the reader's limit (a few KB on disk)."""
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(minimal_report())) as good,
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as bomb,
    ):
        for item in good.infolist():
            if item.filename != "word/document.xml":
                bomb.writestr(item, good.read(item))
        bomb.writestr("word/document.xml", b" " * (package.MAX_PART_BYTES + 1))
    return buffer.getvalue()


def _with_dtd() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(minimal_report())) as good, zipfile.ZipFile(buffer, "w") as bad:
        for item in good.infolist():
            data = good.read(item)
            if item.filename == "word/document.xml":
                data = (
                    b'<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "a">]>' + data.split(b"?>", 1)[1]
                )
            bad.writestr(item, data)
    return buffer.getvalue()


#: name → (how to make the file, words of the message); made when the test runs, not at import.
HOSTILE: dict[str, tuple[Callable[[], bytes], str]] = {
    "pdf": (lambda: KINDS["pdf"][0], "PDF"),
    "png": (lambda: KINDS["png"][0], "图片"),
    "empty": (lambda: b"", "空的"),
    "damaged": (lambda: KINDS["damaged"][0], "损坏"),
    "xlsx": (lambda: KINDS["xlsx"][0], "电子表格"),
    "zip-bomb": (_bomb, "过大"),
    "dtd": (_with_dtd, "DTD"),
    "no-text": (lambda: minimal_report(body=[]), "没有任何文字"),
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_what_is_not_a_report_is_named_and_nothing_is_written(
    name: str, tmp_path: Path, invoke: Invoke
) -> None:
    make, words = HOSTILE[name]
    source = tmp_path / "报告.docx"
    source.write_bytes(make())
    code, out, err = invoke("import", source)
    assert code == 1
    assert words in err and "Traceback" not in err + out
    assert sorted(p.name for p in tmp_path.iterdir()) == ["报告.docx"]


def test_a_doc_without_libreoffice_says_how_to_save_as_docx(
    tmp_path: Path, invoke: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("fazhi_report.ooxml.convert.find_soffice", lambda: None)
    source = tmp_path / "报告.doc"
    source.write_bytes(KINDS["doc"][0])
    code, _, err = invoke("import", source)
    assert code == 1
    assert "Word 97–2003" in err and "另存为" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["报告.doc"]


def test_a_facts_file_is_not_a_report(tmp_path: Path, invoke: Invoke) -> None:
    facts = tmp_path / "2024.yaml"
    facts.write_text("单位: 青山镇人民政府\n年度: 2024\n", encoding="utf-8")
    code, _, err = invoke("import", facts, "--force")
    assert code == 1 and "这是事实文件" in err and "fazhi-report build" in err
    assert facts.read_text(encoding="utf-8") == "单位: 青山镇人民政府\n年度: 2024\n"
