"""Output names a Windows PC can hold, and that never overwrite the batch's own files (issue 21).

The county copies the output folder to a Windows PC and uploads it to its website: a title
``CON`` (any reserved device name, with any extension), trailing dots or spaces, invisible or
direction-changing characters, or a title too long for a file name must not end up as such a
file; a report titled ``index`` must not be overwritten by the batch's ``index.html``.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fazhi_report import writers
from fazhi_report.errors import UserError

from .conftest import Invoke
from .support import MINIMAL, write_facts

DEVICES = ["CON", "PRN", "AUX", "NUL", *(f"COM{n}" for n in range(1, 10))]
DEVICES += [f"LPT{n}" for n in range(1, 10)]


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("form", ["{}", "{}.txt", "{} ", "{}.", "{} .tar.gz"])
def test_no_report_is_named_after_a_windows_device(
    invoke: Invoke, tmp_path: Path, device: str, form: str
) -> None:
    title = form.format(device.lower() if form == "{}.txt" else device)
    facts = write_facts(tmp_path, f"标题: '{title}'\n")
    code, out, err = invoke("build", facts, "-f", "md")
    assert code == 0, err
    (made,) = tmp_path.glob("*.md")
    assert made.name.partition(".")[0].rstrip(" ").upper() not in DEVICES
    assert made.name.partition(".")[0] == title.partition(".")[0].rstrip(" .") + "_"
    shown = title.strip()  # the report's title is trimmed before it is a file name
    assert f"注意：报告标题“{shown}”是 Windows 保留的设备名，文件名改为“{made.stem}”" in out + err


def test_a_name_given_with_o_that_windows_cannot_hold_is_refused(
    invoke: Invoke, tmp_path: Path
) -> None:
    facts = write_facts(tmp_path)
    code, _, err = invoke("build", facts, "-o", tmp_path / "NUL.docx")
    assert code == 1
    assert "错误：文件名 NUL.docx 是 Windows 保留的设备名，Windows 电脑上无法保存或打开" in err
    code, _, err = invoke("summary", facts, "-o", tmp_path / "com1.xlsx")
    assert code == 1 and "文件名 com1.xlsx 是 Windows 保留的设备名" in err
    long = "汇" * 90 + ".csv"
    code, _, err = invoke("summary", facts, "-o", tmp_path / long)
    assert code == 1 and f"错误：文件名太长（274 字节，上限 255）：{long}" in err


def test_a_long_title_is_cut_to_fit_with_a_chinese_message(invoke: Invoke, tmp_path: Path) -> None:
    title = "关于" + "法治政府建设" * 20 + "的报告"  # 126 characters, 378 bytes
    facts = write_facts(tmp_path, f"标题: {title}\n")
    code, out, err = invoke("build", facts, "-f", "docx,html")
    assert code == 0, err
    made = sorted(tmp_path.glob("*.docx")) + sorted(tmp_path.glob("*.html"))
    assert len(made) == 2
    assert all(len(p.name.encode("utf-8")) <= 255 for p in made)
    assert made[0].stem == made[1].stem and title.startswith(made[0].stem)
    assert (
        f"注意：报告标题过长（{len(title.encode())} 字节），文件名截短为标题的前 {len(made[0].stem)} 个字"
        in out + err
    )
    code, out, err = invoke("validate", facts)  # validate says what build will do
    assert code == 0 and "注意：报告标题过长" in out + err


def test_a_windows_path_is_kept_under_260_characters(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(writers, "WINDOWS_PATHS", True)
    folder = tmp_path / ("深" * 60) / ("层" * 60)
    paths, notes = writers.output_names(tmp_path / "f.yaml", "报告" * 60, folder, ["docx"])
    assert len(str(paths[0].absolute())) <= writers.MAX_WINDOWS_PATH
    assert notes and "全路径不超过 260 个字符" in notes[0]
    given = folder / ("汇总表" * 30 + ".xlsx")
    with pytest.raises(UserError) as caught:
        writers.given_name(given)
    assert caught.value.message.startswith(
        f"路径太长（{len(str(given))} 个字符，Windows 上限 260）"
    )


def test_direction_changing_characters_never_reach_a_file_name() -> None:
    assert writers.file_stem("青山镇\u202egepj.exe") == "青山镇_gepj.exe"
    assert writers.file_stem("青山\u200b镇\u2066报告\u2069") == "青山_镇_报告_"
    paths, notes = writers.output_names(Path("f.yaml"), "青山\u200b镇", None, ["docx"])
    assert paths == [Path("青山_镇.docx")]
    assert notes == ["注意：报告标题中有不可见或改变文字方向的控制字符，文件名中以“_”代替"]


def test_a_bidi_override_in_the_facts_is_refused_where_it_is(
    invoke: Invoke, tmp_path: Path
) -> None:
    """U+202E in a 单位 would turn the title round in every output, index.html included."""
    path = tmp_path / "f.yaml"
    path.write_text(MINIMAL.replace("青山镇人民政府", "青山镇\u202egepj.exe"), encoding="utf-8")
    code, _, err = invoke("validate", path)
    assert code == 1
    assert (
        "f.yaml:1:8  单位  含有改变文字方向的控制字符 U+202E，会使其后的文字（以及文件名）倒序显示"
        in err
    )


def test_a_report_titled_index_keeps_its_name_apart_from_the_batch_index(
    invoke: Invoke, tmp_path: Path
) -> None:
    write_facts(tmp_path, "标题: index\n", name="a.yaml")
    write_facts(tmp_path, "标题: INDEX\n", name="b.yaml")
    write_facts(tmp_path, "", name="c.yaml")
    code, out, err = invoke("build", tmp_path, "-f", "html", "-o", tmp_path / "dist", "-j", "1")
    assert code == 0, err
    names = sorted(p.name for p in (tmp_path / "dist").iterdir())
    assert names == [
        "INDEX（b）.html",
        "index.html",
        "index（a）.html",
        "青山镇人民政府关于2024年度法治政府建设情况的报告.html",
    ]
    page = (tmp_path / "dist" / "index.html").read_text(encoding="utf-8")
    assert page.count("<tr>") == 3 + 1  # three reports and the header: the index is itself
    assert (
        "注意：" in out + err
        and "与本次生成的 index.html 同名，已改名为 index（a）.html 等" in out + err
    )


@given(st.text(min_size=1, max_size=300))
def test_any_title_gives_a_name_every_file_system_holds(title: str) -> None:
    stem = writers.fit(writers.file_stem(title), ".docx", Path("out"))
    name = stem + ".docx"
    assert stem and len(name.encode("utf-8", "surrogatepass")) <= writers.MAX_NAME_BYTES
    assert not writers.reserved(name)
    assert not stem.endswith((" ", ".")) and not stem.startswith((" ", "."))
    assert not any(c in stem for c in '\\/:*?"<>|')
    assert all(ord(c) >= 32 and c not in "\u202e\u2066\u200b\ufeff\x7f" for c in stem)
