"""A template's 样式: fonts and forms set without code, checked against GB/T 9704, written into
the .docx and read back by ``check``."""

from __future__ import annotations

import io
import re
import shutil
import zipfile
from pathlib import Path

import pytest

from fazhi_report import layout
from fazhi_report.build import prepare, render_format
from fazhi_report.check import audit
from fazhi_report.errors import TemplateError
from fazhi_report.ooxml import family as _family
from fazhi_report.scaffold import export_template
from fazhi_report.style import CHOICE, FONT_KEYS, FONTS, Style, from_properties, parse_style
from fazhi_report.templating import find_template

from .conftest import EXAMPLES, Invoke

EXAMPLE = EXAMPLES / "official-2024.yaml"
GBK_STYLE = "样式:\n  正文字体: 方正仿宋_GBK\n  一级标题字体: 方正黑体_GBK\n"


def _styled(tmp_path: Path, block: str, name: str = "我的模板") -> Path:
    folder = export_template("official", tmp_path / name)
    with (folder / "template.yaml").open("a", encoding="utf-8") as meta:
        meta.write(block)
    return folder


def _docx(tmp_path: Path, template: Path | str | None = None, facts: Path = EXAMPLE) -> Path:
    prepared = prepare(facts, None if template is None else str(template))
    out = tmp_path / f"{Path(str(template)).name if template else 'default'}.docx"
    out.write_bytes(render_format(prepared, "docx"))
    return out


def _part(path: Path, name: str) -> str:
    with zipfile.ZipFile(path) as package:
        return package.read(name).decode("utf-8")


def _style_font(styles_xml: str, style_id: str) -> str:
    block = re.search(rf'<w:style [^>]*w:styleId="{style_id}".*?</w:style>', styles_xml)
    assert block, style_id
    font = re.search(r'w:eastAsia="([^"]+)"', block.group(0))
    assert font, style_id
    return font.group(1)


def _failed(path: Path, template: str | None = None) -> dict[str, str]:
    style = None if template is None else find_template(template).style
    return {r.id: r.found for r in audit(path, style) if not r.ok}


# --- the done-when case --------------------------------------------------------------------


def test_a_gbk_style_reaches_the_docx_xml_and_passes_check(invoke: Invoke, tmp_path: Path) -> None:
    out = _docx(tmp_path, _styled(tmp_path, GBK_STYLE))
    styles = _part(out, "word/styles.xml")
    assert _style_font(styles, "Normal") == "方正仿宋_GBK"
    assert _style_font(styles, "Heading1") == "方正黑体_GBK"
    assert _style_font(styles, "Heading2") == layout.HEADING2.east_asia  # untouched
    assert _style_font(styles, "Heading3") == "方正仿宋_GBK"  # follows 正文字体
    document = _part(out, "word/document.xml")
    assert '<w:pStyle w:val="Heading1"/>' in document  # the 一级标题 use that style
    fonts = _part(out, "word/fontTable.xml")
    assert '<w:font w:name="方正仿宋_GBK"><w:altName w:val="仿宋"/>' in fonts
    assert _failed(out) == {}
    result = invoke("check", str(out))
    assert result.exit_code == 0, result.output
    assert "按文档声明的样式：正文字体 方正仿宋_GBK、一级标题字体 方正黑体_GBK" in result.output


def test_the_default_style_writes_no_declaration(tmp_path: Path) -> None:
    with zipfile.ZipFile(_docx(tmp_path)) as package:
        assert "docProps/custom.xml" not in package.namelist()


def test_an_invalid_font_is_a_located_error_listing_the_allowed_ones(
    invoke: Invoke, tmp_path: Path
) -> None:
    folder = _styled(tmp_path, "样式:\n  正文字体: 方正仿宋\n  页码样式: —1—\n")
    with pytest.raises(TemplateError) as caught:
        find_template(str(folder))
    text = caught.value.render()
    meta = folder / "template.yaml"
    lines = meta.read_text(encoding="utf-8").splitlines()
    body_line = max(i for i, line in enumerate(lines, 1) if "正文字体: 方正仿宋" in line)
    assert f"{meta}:{body_line}:9  样式.正文字体  “方正仿宋”不是允许的正文字体" in text
    assert "可选：仿宋_GB2312、仿宋、方正仿宋_GBK、方正仿宋简体" in text
    assert f"{meta}:{body_line + 1}:3  样式.页码样式  未知的样式“页码样式”" in text
    assert "您是否想写“页码格式”？" in text
    result = invoke("build", str(EXAMPLE), "-t", str(folder), "-o", str(tmp_path))
    assert result.exit_code == 1 and "内部错误" not in result.output
    assert not list(tmp_path.glob("*.docx"))


@pytest.mark.parametrize(
    ("meta", "message"),
    [
        ("必填: [主要举措, 计画]\n", "“计画”不是事实文件的键"),
        ("样式: 方正仿宋_GBK\n", "“样式”应是“键: 值”映射"),
        ("样式:\n  三级标题加粗: 也许\n", "“也许”不是允许的三级标题加粗"),
        ("样试:\n  正文字体: 仿宋\n", "您是否想写“样式”？"),
        ("名称: [a]\n", "“名称”应是一行文字"),
        ("样式:\n  正文字体: 仿宋\n  正文字体: 楷体\n", "重复"),
        ("样式:\n正文字体: 仿宋\n", "template.yaml"),
    ],
)
def test_template_yaml_mistakes_are_located(tmp_path: Path, meta: str, message: str) -> None:
    folder = tmp_path / "t"
    folder.mkdir()
    (folder / "report.md.j2").write_text("# 标题\n", encoding="utf-8")
    (folder / "template.yaml").write_text(meta, encoding="utf-8")
    with pytest.raises(TemplateError) as caught:
        find_template(str(folder))
    assert message in caught.value.render()
    assert re.search(r"template\.yaml:\d+:\d+", caught.value.render())


# --- each choice is one GB/T 9704 allows, and check agrees with the writer ---------------------


def test_every_allowed_font_is_of_the_kind_check_expects() -> None:
    """The lists and check's font families agree: a font the style allows is never one check
    would call the wrong kind (page numbers may also take the body's 仿宋)."""
    for font in FONT_KEYS:
        default = Style().text_style(font.targets[0]).east_asia
        kinds = {_family(name) for name in font.choices}
        assert _family(default) in kinds, font.key
        if font.key != "页码字体":
            assert kinds == {_family(default)}, font.key
    assert {_family(n) for n in FONTS["页码字体"].choices} == {"宋体", "仿宋"}


def test_every_choice_round_trips_through_the_docx_properties() -> None:
    values = {font.key: font.choices[-1] for font in FONT_KEYS}
    values |= {choice.key: choice.choices[-1] for choice in CHOICE.values()}
    style, problems = parse_style(values, lambda *a, **k: pytest.fail(str(a)))
    assert problems == []
    from fazhi_report.style import to_properties

    again, problems = from_properties(to_properties(style))
    assert (again, problems) == (style, [])


def test_a_hand_made_declaration_outside_the_allowed_fonts_fails_check() -> None:
    style, problems = from_properties({"样式.正文字体": "Comic Sans MS", "其他属性": "x"})
    assert style == Style()
    assert problems == ["样式.正文字体：“Comic Sans MS”不是允许的正文字体"]


# --- check judges by the declared style, and only by it ----------------------------------------


def _without_declaration(source: Path, target: Path) -> Path:
    """``source`` as a hand-made copy would be: the same fonts, no custom properties."""
    with zipfile.ZipFile(source) as package, zipfile.ZipFile(target, "w") as out:
        for info in package.infolist():
            if info.filename == "docProps/custom.xml":
                continue
            data = package.read(info)
            if info.filename == "_rels/.rels":
                data = re.sub(rb"<Relationship [^>]*custom-properties[^>]*/>", b"", data)
            out.writestr(info, data)
    return target


def test_page_numbers_in_the_body_font_pass_only_when_declared(
    invoke: Invoke, tmp_path: Path
) -> None:
    folder = _styled(tmp_path, "样式:\n  页码字体: 仿宋_GB2312\n")
    declared = _docx(tmp_path, folder)
    assert 'w:ascii="仿宋_GB2312"' in _part(declared, "word/styles.xml")
    assert _failed(declared) == {}
    plain = _without_declaration(declared, tmp_path / "plain.docx")
    assert "页码字体 仿宋_GB2312" in _failed(plain)["page_numbers"]
    # A 法治办 can judge a hand-made file by its own template's style.
    assert _failed(plain, str(folder)) == {}
    result = invoke("check", str(plain), "--template", str(folder))
    assert result.exit_code == 0, result.output


def test_a_gbk_font_without_declaration_is_judged_by_the_defaults(tmp_path: Path) -> None:
    """By family, as before: 方正仿宋_GBK is a 仿宋, so a hand-made file with it passes."""
    plain = _without_declaration(_docx(tmp_path, _styled(tmp_path, GBK_STYLE)), tmp_path / "p.docx")
    assert _failed(plain) == {}


def test_a_declared_font_is_matched_by_name(tmp_path: Path) -> None:
    """Declared 方正仿宋_GBK, but the body set in 仿宋_GB2312: the file breaks its own style."""
    declared = _docx(tmp_path, _styled(tmp_path, GBK_STYLE))
    edited = tmp_path / "edited.docx"
    with zipfile.ZipFile(declared) as package, zipfile.ZipFile(edited, "w") as out:
        for info in package.infolist():
            data = package.read(info)
            if info.filename == "word/styles.xml":
                data = data.replace("方正仿宋_GBK".encode(), "仿宋_GB2312".encode())
            out.writestr(info, data)
    assert "字体 仿宋_GB2312" in _failed(edited)["fonts"]
    declared_doc_again = _docx(
        tmp_path, _styled(tmp_path, "样式:\n  正文字体: 方正仿宋简体\n", "b")
    )
    assert "fonts" in _failed(edited, str(tmp_path / "b"))  # another template's style
    assert _failed(declared_doc_again) == {}


def test_page_number_form_sealed_layout_bold_and_points_style(tmp_path: Path) -> None:
    block = "样式:\n  页码格式: -1-\n  加盖印章: 是\n  三级标题加粗: 是\n  要点风格: 第一\n"
    folder = _styled(tmp_path, block)
    info = find_template(str(folder))
    assert info.points_style == "第一" and info.style.sealed is True
    prepared = prepare(EXAMPLE, str(folder))
    assert prepared.document.sealed
    assert "第一，" in prepared.markdown
    out = tmp_path / "r.docx"
    out.write_bytes(render_format(prepared, "docx"))
    footer = _part(out, "word/footer1.xml")
    assert '<w:t xml:space="preserve">—</w:t>' in footer and "— " not in footer
    assert re.search(r'w:styleId="Heading3".*?<w:b/>', _part(out, "word/styles.xml"), re.S)
    assert _failed(out) == {}
    # The facts' own 加盖印章 wins over the template's.
    shutil.copy(EXAMPLES / "official-2023.yaml", tmp_path)  # its 上年度
    facts = tmp_path / "f.yaml"
    shutil.copy(EXAMPLE, facts)
    with facts.open("a", encoding="utf-8") as f:
        f.write("加盖印章: 否\n")
    assert not prepare(facts, str(folder)).document.sealed


def test_a_styled_report_is_valid_ooxml(tmp_path: Path) -> None:
    from openxml_audit import OpenXmlValidator  # type: ignore[import-untyped]

    block = GBK_STYLE + "  页码字体: 方正仿宋_GBK\n  页码格式: —1—\n  附件标识字体: 方正黑体简体\n"
    out = _docx(tmp_path, _styled(tmp_path, block))
    result = OpenXmlValidator(max_errors=0).validate(out)
    assert not result.errors, [str(e) for e in result.errors[:5]]
    with zipfile.ZipFile(io.BytesIO(out.read_bytes())) as package:
        assert package.namelist()[-1] == "docProps/custom.xml"


def test_the_web_version_names_the_styled_fonts_first(tmp_path: Path) -> None:
    from fazhi_report.writers.html import render_html

    styled = render_html(prepare(EXAMPLE, str(_styled(tmp_path, GBK_STYLE))).document)
    assert 'body { font-family: "方正仿宋_GBK", "仿宋", serif; }' in styled
    assert 'h2 { font-family: "方正黑体_GBK", "黑体", serif; }' in styled
    assert "h4 {" not in styled.split("</style>")[0].split("@media")[-1]  # follows the body
    assert (
        "方正" not in render_html(prepare(EXAMPLE).document).split("</style>")[0].split("h1 {")[0]
    )
