"""What ``check`` does with files that are not a .docx: old Word/WPS files are recognised and
converted through LibreOffice (or explained when it is missing); PDFs, images, spreadsheets,
empty and half-downloaded files each get a message saying what they are."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest

from fazhi_report.check import audit, check_report
from fazhi_report.errors import InputFileError
from fazhi_report.ooxml import convert, sniff

from .conftest import Invoke
from .libreoffice import convert as libreoffice_convert
from .libreoffice import soffice_or_skip
from .test_check import minimal_report


def _zip(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)

KINDS: dict[str, tuple[bytes, str, str]] = {
    # name: (content, kind id, words of the message)
    "docx": (minimal_report(), "docx", ""),
    "empty": (b"", "empty", "文件是空的"),
    "text": ("这不是 Word 文档，只是几行字。\n".encode(), "text", "纯文本"),
    "gbk-text": ("报告正文".encode("gb18030"), "text", "纯文本"),
    "pdf": (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "pdf", "PDF"),
    "png": (b"\x89PNG\r\n\x1a\n" + bytes(32), "image", "图片（PNG）"),
    "jpeg": (b"\xff\xd8\xff\xe0" + bytes(32), "image", "图片（JPEG）"),
    "rtf": (b"{\\rtf1\\ansi ", "rtf", "RTF"),
    "html": (b"<html><body>report</body></html>", "html", "网页"),
    "xlsx": (
        _zip({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<w/>"}),
        "spreadsheet",
        "电子表格",
    ),
    "odt": (_zip({"mimetype": b"application/vnd.oasis.opendocument.text"}), "odt", "OpenDocument"),
    "ofd": (_zip({"OFD.xml": b"<ofd/>"}), "ofd", "OFD"),
    "zip": (_zip({"hello.txt": b"hi"}), "zip", "压缩包"),
    "damaged": (minimal_report()[:300], "damaged", "损坏"),
    "encrypted": (_OLE + "EncryptedPackage".encode("utf-16-le"), "encrypted", "密码"),
    "xls": (_OLE + "Workbook".encode("utf-16-le"), "spreadsheet", "电子表格"),
    "doc": (_OLE + "WordDocument".encode("utf-16-le"), "doc", "Word 97–2003 或 WPS"),
}


@pytest.mark.parametrize("name", sorted(KINDS))
def test_sniff_recognises_the_files_clerks_hand_in(name: str, tmp_path: Path) -> None:
    content, kind, _ = KINDS[name]
    path = tmp_path / "报告.docx"  # the name says .docx whatever the content
    path.write_bytes(content)
    assert sniff(path).id == kind


@pytest.mark.parametrize("name", sorted(set(KINDS) - {"docx", "doc", "rtf", "odt"}))
def test_each_kind_that_cannot_be_read_is_named_in_the_error(name: str, tmp_path: Path) -> None:
    content, _, words = KINDS[name]
    path = tmp_path / "报告.docx"
    path.write_bytes(content)
    with pytest.raises(InputFileError) as caught:
        audit(path)
    assert words in caught.value.message
    assert caught.value.hint


@pytest.fixture(scope="module")
def word97(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """The hand-written report saved by LibreOffice as a Word 97–2003 .doc."""
    soffice = soffice_or_skip()
    folder = tmp_path_factory.mktemp("doc")
    source = folder / "report.docx"
    source.write_bytes(minimal_report())
    libreoffice_convert(soffice, [source], "doc", folder, profile=folder / "profile")
    return (folder / "report.doc").read_bytes()


@pytest.mark.parametrize("name", ["报告.doc", "报告.docx", "报告.wps"])
def test_a_word_97_file_is_converted_and_checked(
    invoke: Invoke, word97: bytes, name: str, tmp_path: Path
) -> None:
    """Named .doc, renamed .docx or .wps: recognised from its content, converted, then checked."""
    path = tmp_path / name
    path.write_bytes(word97)
    assert sniff(path).id == "doc"
    report = check_report(path)
    assert report.converted_from is not None and report.converted_from.id == "doc"
    verdicts = {r.id: r for r in report.results}
    assert len(verdicts) == 15
    # The content survived the conversion: the 成文日期, numbering and five items are read.
    assert verdicts["date"].ok and verdicts["numbering"].ok and verdicts["mandated"].ok
    result = invoke("check", str(path))
    assert "Traceback" not in result.output
    assert result.stdout.splitlines()[1].startswith("注意：该文件是 Word 97–2003 或 WPS 格式的文件")
    assert "已用 LibreOffice 临时转换为 .docx 后检查" in result.stdout
    assert result.stdout.count("✓") + result.stdout.count("✗") == 15


def test_a_converted_file_says_so_in_json(invoke: Invoke, word97: bytes, tmp_path: Path) -> None:
    path = tmp_path / "报告.doc"
    path.write_bytes(word97)
    result = invoke("check", "--json", str(path))
    report = json.loads(result.stdout)
    assert report["converted_from"] == "doc"
    assert "LibreOffice" in report["note"]
    assert len(report["rules"]) == 15


def test_without_libreoffice_a_word_97_file_is_explained(
    invoke: Invoke, word97: bytes, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(convert, "find_soffice", lambda: None)
    path = tmp_path / "报告.docx"
    path.write_bytes(word97)
    result = invoke("check", str(path))
    assert result.exit_code == 1
    assert result.stderr.startswith("错误：")
    assert "是 Word 97–2003 或 WPS 格式的文件（.doc/.wps），不是 .docx" in result.stderr
    assert "另存为" in result.stderr and "Word 文档（*.docx）" in result.stderr
    assert "装有 LibreOffice 时" in result.stderr
    assert "Traceback" not in result.output


def test_a_failed_conversion_is_an_input_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """LibreOffice that makes nothing (here: a program that exits at once) is reported, not hidden."""
    monkeypatch.setattr(convert, "find_soffice", lambda: "true")
    path = tmp_path / "报告.doc"
    path.write_bytes(KINDS["doc"][0])
    with pytest.raises(InputFileError, match=r"用 LibreOffice 转换为 \.docx 未成功"):
        check_report(path)
