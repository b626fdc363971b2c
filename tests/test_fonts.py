"""fonts.py: which face stands in for a missing 公文 face, how a PDF's fonts are read back, and the
``fonts`` command — pinned on this machine (the README's test packages: Noto CJK, AR PL UMing,
AR PL UKai, WenQuanYi Zen Hei, LXGW WenKai, Liberation, none of the 公文 faces) and with a fontconfig that knows no font."""

from __future__ import annotations

from pathlib import Path

import pytest

from fazhi_report import fonts
from fazhi_report.soffice import replacement_table

from .conftest import Invoke
from .libreoffice import unavailable

NOTO = frozenset(
    fonts.parse_fc_list(
        "Noto Serif CJK SC\nNoto Serif CJK JP\nNoto Sans CJK SC\nNoto Sans CJK JP\n"
        "AR PL UKai CN\nAR PL UKai TW\nLXGW WenKai,霞鹜文楷\nLiberation Serif\n"
    )
)


def test_fc_list_lines_give_every_language_name() -> None:
    families = fonts.parse_fc_list("LXGW WenKai,霞鹜文楷\n仿宋_GB2312,FangSong_GB2312\n\n")
    assert families == {"lxgwwenkai", "霞鹜文楷", "仿宋_gb2312", "fangsong_gb2312"}


def test_windows_registry_entries_give_family_names() -> None:
    families = fonts.parse_windows_fonts(
        ["SimSun & NSimSun (TrueType)", "FangSong (TrueType)", "方正小标宋简体 (TrueType)"]
    )
    assert families == {"simsun", "nsimsun", "fangsong", "方正小标宋简体"}


@pytest.mark.parametrize(
    ("face", "families", "use", "how"),
    [
        ("仿宋_GB2312", {"仿宋_gb2312", "notoserifcjksc"}, "仿宋_GB2312", "itself"),
        ("仿宋_GB2312", {"fangsong", "notoserifcjksc"}, "FangSong", "same"),
        ("仿宋_GB2312", NOTO, "Noto Serif CJK SC", "free"),
        ("方正小标宋简体", {"stzhongsong"}, "STZhongsong", "same"),
        ("方正小标宋简体", NOTO, "Noto Serif CJK SC", "free"),
        ("黑体", NOTO, "Noto Sans CJK SC", "free"),
        # A face whose PDF name is Chinese before the collection whose SC face a PDF calls jp.
        ("仿宋_GB2312", NOTO | {"arplumingcn"}, "AR PL UMing CN", "free"),
        ("方正小标宋简体", NOTO | {"arplumingcn", "notoserifsc"}, "Noto Serif SC", "free"),
        ("黑体", NOTO | {"wenquanyizenhei"}, "WenQuanYi Zen Hei", "free"),
        ("楷体_GB2312", NOTO, "AR PL UKai CN", "free"),
        ("楷体_GB2312", {"lxgwwenkai", "notosanscjkjp"}, "LXGW WenKai", "free"),
        ("方正仿宋_GBK", {"仿宋"}, "仿宋", "same"),  # a template's face: its kind's other names
        ("Times New Roman", NOTO, "Liberation Serif", "twin"),
        ("黑体", {"notosanscjkjp", "notosanscjkkr", "notosanscjktc"}, None, "none"),
        ("Arial", NOTO, None, "none"),
    ],
)
def test_the_best_installed_face_stands_in(
    face: str, families: set[str], use: str | None, how: fonts.How
) -> None:
    assert fonts.choose(face, frozenset(families)) == fonts.Choice(face, use, how)


def test_no_free_face_is_japanese_korean_or_traditional() -> None:
    for kind in fonts.KINDS:
        for name in kind.free:
            assert not fonts.foreign(name.replace(" ", "")), name
            assert not any(tag in name.split() for tag in ("JP", "KR", "TC", "HK", "TW")), name


def test_unknown_fonts_make_no_table() -> None:
    assert fonts.choose("黑体", None) == fonts.Choice("黑体", None, "none")
    assert fonts.replacements(None) == {}


def test_the_replacement_table_covers_every_name_of_a_missing_kind() -> None:
    table = fonts.replacements(NOTO)
    assert table["仿宋_GB2312"] == table["仿宋"] == table["方正仿宋_GBK"] == "Noto Serif CJK SC"
    assert table["方正小标宋简体"] == table["宋体"] == "Noto Serif CJK SC"
    assert table["黑体"] == table["SimHei"] == "Noto Sans CJK SC"
    assert table["楷体_GB2312"] == table["KaiTi"] == "AR PL UKai CN"
    assert table["Times New Roman"] == "Liberation Serif"
    # An installed face is never replaced, and names of an installed design go to it.
    with_fangsong = fonts.replacements(NOTO | {"仿宋"})
    assert "仿宋" not in with_fangsong and with_fangsong["仿宋_GB2312"] == "仿宋"


def test_the_table_is_a_libreoffice_profile_setting() -> None:
    xcu = replacement_table({"仿宋_GB2312": "Noto Serif CJK SC", "A&B": "C<D"})
    assert '<item oor:path="/org.openoffice.Office.Common/Font/Substitution">' in xcu
    assert '<prop oor:name="Replacement" oor:op="fuse"><value>true</value></prop>' in xcu
    assert (
        '<prop oor:name="ReplaceFont" oor:op="fuse"><value>仿宋_GB2312</value></prop>'
        '<prop oor:name="SubstituteFont" oor:op="fuse"><value>Noto Serif CJK SC</value></prop>'
    ) in xcu
    assert "<value>A&amp;B</value>" in xcu and "<value>C&lt;D</value>" in xcu


@pytest.mark.parametrize(
    ("base_font", "face", "drawn"),
    [
        # The Noto CJK collection's faces share one CFF named after the Japanese face.
        ("BAAAAA+NotoSerifCJKjp-Regular-VKana", "Noto Serif CJK SC", True),
        ("BAAAAA+NotoSerifCJKjp-Regular-VKana", "Noto Sans CJK SC", False),
        ("EAAAAA+UKaiCN", "AR PL UKai CN", True),
        ("CAAAAA+LiberationSerif", "Liberation Serif", True),
        ("DAAAAA+FangSong_GB2312", "仿宋_GB2312", True),
        ("DAAAAA+FangSong", "仿宋_GB2312", False),
        ("/FAAAAA+SimHei", "黑体", True),
    ],
)
def test_a_pdf_font_is_recognised(base_font: str, face: str, drawn: bool) -> None:
    assert fonts.drawn_by(face, [base_font]) is drawn


@pytest.mark.parametrize(
    ("base_font", "foreign"),
    [
        ("BAAAAA+NotoSansCJKjp-Regular", True),
        ("NotoSerifCJKkr-Bold", True),
        ("UKaiTW", True),
        ("MingLiU_HKSCS", True),
        ("UKaiCN", False),
        ("NotoSerifCJKsc-Regular", False),
        ("TimesNewRomanPSMT", False),
        ("LXGWWenKai-Regular", False),
    ],
)
def test_a_foreign_face_is_told_by_its_name(base_font: str, foreign: bool) -> None:
    assert fonts.foreign(base_font) is foreign


def test_one_warning_per_replaced_face_the_pdf_draws() -> None:
    pdf = ["BAAAAA+NotoSerifCJKjp-Regular-VKana", "CAAAAA+LiberationSerif", "EAAAAA+UKaiCN"]
    used = [
        "方正小标宋简体",
        "仿宋_GB2312",
        "仿宋_GB2312",
        "楷体_GB2312",
        "黑体",
        "Times New Roman",
    ]
    assert fonts.replacement_warnings(used, pdf, NOTO) == [
        "PDF 中 方正小标宋简体 以 Noto Serif CJK SC 代替；安装 方正小标宋简体 后重新生成可与 Word 一致",
        "PDF 中 仿宋_GB2312 以 Noto Serif CJK SC 代替；安装 仿宋_GB2312 后重新生成可与 Word 一致",
        "PDF 中 楷体_GB2312 以 AR PL UKai CN 代替；安装 楷体_GB2312 后重新生成可与 Word 一致",
        # 黑体's Noto Sans CJK SC is not in this PDF: what LibreOffice chose is named instead.
        "PDF 中 黑体 以 LibreOffice 自选的字体代替（PDF 中的字体：LiberationSerif、"
        "NotoSerifCJKjp-Regular-VKana、UKaiCN）；安装 黑体 后重新生成可与 Word 一致",
    ]
    # The face itself, or Times New Roman's metric twin, is no warning.
    assert fonts.replacement_warnings(["仿宋_GB2312"], ["A+FangSong_GB2312"], NOTO) == []


# --- fazhi-report fonts ---------------------------------------------------------------------------

HINT_WINDOWS = (
    "  Windows：黑体、宋体、仿宋、楷体为系统自带；仿宋_GB2312、楷体_GB2312、方正小标宋简体"
    "须另装字体文件（右键字体文件，选“为所有用户安装”）。"
)

THIS_MACHINE = f"""\
用途        字体             本机    PDF 中
----------  ---------------  ------  -----------------------------------------------
标题        方正小标宋简体   未安装  AR PL UMing CN（免费字体，字形与原字体不同）
一级标题    黑体             未安装  WenQuanYi Zen Hei（免费字体，字形与原字体不同）
二级标题    楷体_GB2312      未安装  AR PL UKai CN（免费字体，字形与原字体不同）
正文        仿宋_GB2312      未安装  AR PL UMing CN（免费字体，字形与原字体不同）
页码        宋体             未安装  AR PL UMing CN（免费字体，字形与原字体不同）
数字和字母  Times New Roman  未安装  Liberation Serif（字宽相同，版面不变）

提示：安装 方正小标宋简体、黑体、楷体_GB2312、仿宋_GB2312、宋体 后重新生成，PDF 即与 Word 中一致。
{HINT_WINDOWS}
  Debian/Ubuntu、统信 UOS、银河麒麟：没有这些字体时可装免费的代替字体：apt-get install fonts-arphic-ukai fonts-arphic-uming fonts-wqy-zenhei
"""

NO_FONTS = f"""\
用途        字体             本机    PDF 中
----------  ---------------  ------  -----------------------------------
标题        方正小标宋简体   未安装  无可代替的字体，由 LibreOffice 自选
一级标题    黑体             未安装  无可代替的字体，由 LibreOffice 自选
二级标题    楷体_GB2312      未安装  无可代替的字体，由 LibreOffice 自选
正文        仿宋_GB2312      未安装  无可代替的字体，由 LibreOffice 自选
页码        宋体             未安装  无可代替的字体，由 LibreOffice 自选
数字和字母  Times New Roman  未安装  无可代替的字体，由 LibreOffice 自选

提示：安装 方正小标宋简体、黑体、楷体_GB2312、仿宋_GB2312、宋体、Times New Roman 后重新生成，PDF 即与 Word 中一致。
{HINT_WINDOWS}
  Debian/Ubuntu、统信 UOS、银河麒麟：没有这些字体时可装免费的代替字体：apt-get install fonts-arphic-ukai fonts-arphic-uming fonts-liberation fonts-wqy-zenhei
"""


def test_fonts_on_this_machine(invoke: Invoke) -> None:
    families = fonts.installed()
    expected = {"arplumingcn", "wenquanyizenhei", "arplukaicn", "lxgwwenkai", "liberationserif"}
    if families is None or not expected <= families:
        unavailable(
            "the README's test fonts (AR PL UMing and UKai, WenQuanYi Zen Hei …) are missing"
        )
    if {"notoserifsc", "notosanssc", "sourcehanserifsc", "sourcehansanssc"} & families:
        pytest.skip("a single-region Noto or Source Han face is installed: not a CI machine")
    if any(fonts.choose(f.name, families).how == "itself" for f in fonts.FACES):
        pytest.skip("a 公文 face is installed here: the pinned output is a CI machine's")
    assert invoke("fonts") == (0, THIS_MACHINE, "")


def test_fonts_with_a_fontconfig_that_knows_no_font(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if fonts.installed() is None:
        unavailable("fc-list (fontconfig) is not on PATH")
    empty = tmp_path / "fonts.conf"
    empty.write_text('<?xml version="1.0"?>\n<fontconfig></fontconfig>\n', encoding="utf-8")
    monkeypatch.setenv("FONTCONFIG_FILE", str(empty))
    assert fonts.installed() == frozenset()
    assert invoke("fonts") == (0, NO_FONTS, "")


def test_fonts_where_nothing_can_be_asked(invoke: Invoke, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fonts, "installed", lambda: None)
    code, out, err = invoke("fonts")
    assert code == 0 and err == ""
    assert "注意：无法查询本机安装了哪些字体（找不到 fontconfig 的 fc-list 命令）。" in out
    assert "正文        仿宋_GB2312      无法查询  无可代替的字体，由 LibreOffice 自选" in out
