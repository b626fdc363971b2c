"""Malformed facts files, one table per category, through the real command line.

Every case must end the same way for ``validate`` and ``build``: exit code 1, a Chinese message
that names the file (and the line, where the file has lines) and gives the specific hint, no
traceback, and no output file (nor a temporary one) left behind. (How fast the hostile ones
fail is a figure of benchmarks/run.py: a time limit here would fail on a busy machine.)
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass
from pathlib import Path

import pytest

from .conftest import Invoke

HEAD = "单位: 青山镇人民政府\n年度: 2024\n成文日期: 2025-02-20\n"  # lines 1–3 of most cases
CJK = "坚持依法行政，推进法治政府建设，提升基层治理法治化水平。"


@dataclass(frozen=True)
class Case:
    id: str
    content: str | bytes
    hints: tuple[str, ...]  # every one must appear in the message
    line: int | None  # the line the first problem is reported on; None: the file has no lines


def case(id: str, content: str | bytes, *hints: str, line: int | None) -> Case:
    return Case(id, content, hints, line)


ENCODING = [
    case(
        "latin1",
        "caf\xe9: r\xe9sum\xe9 na\xefve d\xe9j\xe0 vu\n".encode("latin-1"),
        "编码",
        "UTF-8",
        line=None,
    ),
    case(
        "big5", f"單位: 青山鎮人民政府\n說明: {CJK}\n".encode("big5", "replace"), "编码", line=None
    ),
    case("docx-renamed", b"PK\x03\x04\x14\x00\x06\x00" + bytes(200), "压缩包", "docx", line=None),
    case("old-doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(200), "Office", line=None),
    case("pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "PDF", line=None),
    case("binary-junk", bytes(range(256)) * 8, "二进制", line=None),
    case("utf16-without-bom", HEAD.encode("utf-16-le"), "UTF-16", "BOM", line=None),
    case("utf32", codecs.BOM_UTF32_LE + HEAD.encode("utf-32-le"), "UTF-32", "UTF-8", line=None),
    case(
        "utf8-with-a-latin1-byte",
        (HEAD + f"导语: {CJK}\n").encode() + b"caf\xe9\n",
        "UTF-8",
        "编码",
        line=5,
    ),
    case(
        "utf8-bom-then-broken",
        codecs.BOM_UTF8 + (HEAD + f"导语: {CJK}\n").encode() + b"\xff\xfe",
        "UTF-8",
        line=5,
    ),
    case(
        "gbk-with-error",
        (HEAD + "导语: 坚持依法行政\n年度：2024\n").encode("gbk"),
        "GBK",
        "编码",
        "全角",
        line=5,
    ),
    case(
        "utf16-bom-with-error",
        codecs.BOM_UTF16_LE + (HEAD + "单位: x\n").encode("utf-16-le"),
        "重复",
        line=4,
    ),
]

SHAPE = [
    case("empty", "", "空", "init", "键: 值", line=1),
    case("bom-only", codecs.BOM_UTF8, "空", "init", line=1),
    case("comments-only", "# 2024 年度\n# 待填写\n", "注释", "init", line=1),
    case("document-marker-only", "---\n", "空", "init", line=1),
    case("top-level-list", "- 单位: 青山镇\n- 年度: 2024\n", "列表", "init", line=1),
    case("top-level-scalar", "青山镇人民政府 2024 年度报告\n", "一段文字", "init", line=1),
    case("all-full-width", "单位：青山镇\n年度：2024\n", "全角", line=1),
    case("two-documents", HEAD + "---\n单位: 另一个\n", "多个", "---", line=4),
]

YAML_SLIPS = [
    case("tab-indent", HEAD + "公开:\n\t索引号: 001\n", "制表符", "Tab", line=5),
    case("tab-after-colon", HEAD + "简称:\t青山镇\n", "Tab", line=4),
    case(
        "full-width-colon-first-line",
        "单位：青山镇人民政府\n年度: 2024\n成文日期: 2025-02-20\n",
        "全角冒号",
        line=1,
    ),
    case(
        "full-width-colon-middle",
        "单位: 青山镇\n年度：2024\n成文日期: 2025-02-20\n",
        "全角冒号",
        line=2,
    ),
    case("full-width-colon-last-line", HEAD + "简称：青山镇\n", "全角冒号", line=4),
    case("full-width-colon-in-list", HEAD + "主要举措:\n  - 标题：加强领导\n", "全角冒号", line=5),
    case(
        "full-width-colon-swallowed",
        HEAD + "主要举措:\n  - 标题: 加强领导\n      内容：压实责任\n",
        "全角冒号",
        "内容",
        line=6,
    ),
    case(
        "full-width-colon-in-data",
        HEAD + "数据:\n  专项督查: 4次\n  通报整改问题：12项\n  法律咨询: 20次\n",
        "全角冒号",
        line=6,
    ),
    case(
        "full-width-space-after-colon",
        "单位:\u3000青山镇\n年度: 2024\n成文日期: 2025-02-20\n",
        "全角空格",
        line=1,
    ),
    case("full-width-space-indent", HEAD + "公开:\n\u3000\u3000索引号: 001\n", "全角空格", line=5),
    case("no-space-after-colon", "单位:青山镇\n年度: 2024\n成文日期: 2025-02-20\n", "空格", line=1),
    case(
        "no-space-after-colon-in-list",
        HEAD + "问题:\n  - 标题:干部法治观念还不够强\n",
        "冒号后没有空格",
        "应写作“标题: 干部法治观念还不够强”",
        line=5,
    ),
    case("unclosed-quote", HEAD + '导语: "未闭合\n简称: 青山镇\n', "引号", line=4),
    case("bad-indent", HEAD + "主要举措:\n  - 标题: A\n   条目: []\n", "缩进", line=6),
    case("at-sign", HEAD + "导语: @青山镇\n", "引号", "@", line=4),
    case("backslash-in-double-quotes", HEAD + '上年度: "D:\\报告\\2023.yaml"\n', "反斜杠", line=4),
    case("unbalanced-bracket", HEAD + "抄送: [县委办, 县政府办\n简称: 青山\n", "方括号", line=5),
]

SAFETY = [
    case(
        "python-object-tag",
        HEAD + '标题: !!python/object/apply:os.system ["touch PWNED"]\n',
        "标签",
        "不会执行",
        line=4,
    ),
    case(
        "python-tag-on-mapping",
        HEAD + "公开: !!python/object:os.Popen\n  索引号: x\n",
        "标签",
        line=4,
    ),
    case("binary-tag", HEAD + "导语: !!binary aGVsbG8=\n", "标签", line=4),
    case("local-tag", HEAD + "导语: !include other.yaml\n", "标签", line=4),
    case(
        "billion-laughs",
        "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
        + "".join(
            f"{c}: &{c} [{', '.join([f'*{p}'] * 9)}]\n"
            for p, c in zip("abcdefgh", "bcdefghi", strict=True)
        ),
        "别名",
        line=1,
    ),
    case("alias-only", HEAD + "简称: &s 青山镇\n附注: *s\n", "别名", "锚点", line=4),
    case("merge-key", HEAD + "公开:\n  <<: {索引号: x}\n", "合并键", line=5),
    case("deep-flow-20000", "导语: " + "[" * 20000 + "]" * 20000 + "\n", "嵌套", line=1),
    case("deep-block", "".join(" " * i + f"k{i}:\n" for i in range(200)), "嵌套", line=65),
    case("deep-dashes", "- " * 20000 + "x\n", "嵌套", line=1),
    case("too-big", HEAD + "导语: " + "法" * 200_000 + "\n", "过大", line=4),
    case("too-many-values", HEAD + "导语:\n" + "  - 法\n" * 25_000, "过多", line=19_996),
    case("complex-key", HEAD + "? [a, b]\n: c\n", "键", line=4),
]

DUPLICATES = [
    case(
        "duplicate-top-key",
        HEAD + "主送: 县委\n单位: 另一个镇人民政府\n",
        "重复",
        "第 1 行",
        "第 5 行",
        line=5,
    ),
    case(
        "duplicate-pasted-block",
        HEAD + "数据:\n  专项督查: 4次\n数据:\n  专项督查: 5次\n",
        "重复",
        "第 4 行",
        line=6,
    ),
    case("duplicate-nested", HEAD + "公开:\n  索引号: 1\n  索引号: 2\n", "重复", "第 5 行", line=6),
    case("duplicate-with-spaces", HEAD + "年度 : 2023\n", "重复", "第 2 行", line=4),
    case("chinese-and-english-key", HEAD + "unit: 青山镇\n", "重复", "单位", line=4),
]

TYPING = [
    case(
        "year-with-leading-zero",
        "单位: 青山镇人民政府\n年度: 012\n成文日期: 2025-02-20\n",
        "四位年份",
        line=2,
    ),
    case(
        "impossible-date",
        "单位: 青山镇人民政府\n年度: 2024\n成文日期: 2024-02-30\n",
        "不是有效日期",
        line=3,
    ),
    case(
        "impossible-date-chinese",
        "单位: 青山镇人民政府\n年度: 2024\n成文日期: 2025年2月30日\n",
        "不是有效日期",
        line=3,
    ),
    case("flag-on", HEAD + "加盖印章: on\n", "是", "否", line=4),
    case("quantity-underscore", HEAD + "数据:\n  法律咨询: 1_000人次\n", "下划线", line=5),
    case("quantity-leading-zero", HEAD + "数据:\n  法律咨询: 012人次\n", "0 开头", line=5),
    case("quantity-is-a-date", HEAD + "数据:\n  宪法日: 2024-12-04\n", "日期", line=5),
    case("year-as-list", "单位: 青山镇\n年度: [2024]\n成文日期: 2025-02-20\n", "整数", line=2),
]

FACTS = [
    case(
        "unknown-key-suggestion",
        HEAD + "主送机构: 县政府\n",
        "未知的键",
        "您是否想写“主送”",
        line=4,
    ),
    case(
        "unknown-nested-key",
        HEAD + "主要举措:\n  - 题目: 加强领导\n",
        "未知的键“题目”",
        "标题",
        line=5,
    ),
    case("key-at-wrong-level", HEAD + "条目:\n  - 标题: x\n", "未知的键", "缩进", line=4),
    case("missing-required", "单位: 青山镇人民政府\n", "缺少必填项", "年度", "成文日期", line=1),
    case("empty-required", "单位:\n年度: 2024\n成文日期: 2025-02-20\n", "没有填写", line=1),
    case("text-given-a-list", HEAD + "主送:\n  - 县委\n  - 县政府\n", "应为一段文字", line=5),
    case("list-given-a-mapping", HEAD + "主要举措:\n  标题: A\n", "应为列表", line=5),
    case("unit-type-literal", HEAD + "单位类型: 村\n", "应为以下之一", "镇", line=4),
    case("negative-count", HEAD + "数据:\n  调解矛盾纠纷: -3次\n", "负数", line=5),
    case("negative-full-width", HEAD + "数据:\n  调解矛盾纠纷: －3起\n", "负数", line=5),
    case("percent-over-100", HEAD + "数据:\n  调解成功率: 120%\n", "100%", line=5),
    case("placeholder-quantity", HEAD + "数据:\n  法律咨询: XX人次\n", "占位符", line=5),
    case("future-year", "单位: 青山镇人民政府\n年度: 2999\n成文日期: 3000-02-20\n", "未来", line=2),
    case(
        "date-before-year",
        "单位: 青山镇人民政府\n年度: 2024\n成文日期: 2023-12-31\n",
        "早于",
        line=3,
    ),
    case(
        "part-exceeds-whole",
        HEAD + "数据:\n  调解矛盾纠纷: 100起\n  调解成功: 120起\n",
        "大于",
        "调解矛盾纠纷",
        line=6,
    ),
    case(
        "part-exceeds-approximate-whole",
        HEAD + "数据:\n  受理: 2300余件\n  办结: 2500件\n",
        "大于",
        line=6,
    ),
    case(
        "licensed-exceeds-staff",
        HEAD + "数据:\n  执法人员: 30人\n  持证执法人员: 31人\n",
        "大于",
        line=6,
    ),
    case("rate-without-percent", HEAD + "数据:\n  调解成功率: 98\n", "百分数", line=5),
    case("count-as-percent", HEAD + "数据:\n  调解矛盾纠纷: 98%\n", "百分数", line=5),
    case(
        "reference-typo",
        HEAD + "数据:\n  调解矛盾纠纷: 12起\n导语: 调解{调解矛盾纠分}\n",
        "您是否想写",
        line=6,
    ),
    case("placeholder-xx", HEAD + "导语: 我镇XX工作取得成效\n", "占位符", "--draft", line=4),
    case("placeholder-moumou", HEAD + "主送: 某某县人民政府\n", "占位符", line=4),
    case("placeholder-bracket", HEAD + "导语:\n  - 全年办理【待核实】件\n", "占位符", line=5),
    case("placeholder-todo", HEAD + "结语: TODO\n", "占位符", line=4),
    case("placeholder-daibuchong", HEAD + "问题导语: 待补充\n", "占位符", line=4),
]

CONTROL = [
    case(
        "vertical-tab-in-prose",
        HEAD + "导语: 坚持\x0b依法行政\n",
        "控制字符",
        "U+000B",
        "导语",
        line=4,
    ),
    case("control-in-data-key", HEAD + "数据:\n  法律\x0c咨询: 12次\n", "控制字符", "数据", line=5),
    case(
        "control-in-heading-key",
        HEAD + "章节标题:\n  计\x07划: 明年安排\n",
        "控制字符",
        "章节标题",
        line=5,
    ),
    case(
        "control-in-heading-value",
        HEAD + "章节标题:\n  计划: 明年\x1f安排\n",
        "控制字符",
        "章节标题.计划",
        line=5,
    ),
    case("escaped-control-in-quotes", HEAD + '附注: "此件\\x0b公开"\n', "控制字符", "附注", line=4),
    case("escaped-surrogate", HEAD + '附注: "\\ud800"\n', "控制字符", "附注", line=4),
    case("line-separator", HEAD + "导语: 坚持\u2028依法行政\n", "U+2028", "导语", line=4),
    case("zero-width-in-key", HEAD + "简称\u200b: 青山镇\n", "看不见", "U+200B", line=4),
    case("control-in-comment", HEAD + "# 备注\x0b\n", "控制字符", line=4),
]

ALL = [
    *(("encoding", c) for c in ENCODING),
    *(("shape", c) for c in SHAPE),
    *(("yaml", c) for c in YAML_SLIPS),
    *(("safety", c) for c in SAFETY),
    *(("duplicates", c) for c in DUPLICATES),
    *(("typing", c) for c in TYPING),
    *(("facts", c) for c in FACTS),
    *(("control", c) for c in CONTROL),
]


def _write(folder: Path, c: Case) -> Path:
    path = folder / f"{c.id}.yaml"
    if isinstance(c.content, bytes):
        path.write_bytes(c.content)
    else:
        path.write_bytes(c.content.encode("utf-8"))
    return path


def _has_chinese(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


@pytest.mark.parametrize("command", ["validate", "build"])
@pytest.mark.parametrize(("category", "c"), ALL, ids=[f"{cat}-{c.id}" for cat, c in ALL])
def test_bad_input_fails_cleanly(
    invoke: Invoke, category: str, c: Case, command: str, tmp_path: Path
) -> None:
    facts_dir = tmp_path / "facts"
    facts_dir.mkdir()
    facts = _write(facts_dir, c)
    out = tmp_path / "out"
    args = [command, str(facts)] + (["-o", str(out)] if command == "build" else [])
    result = invoke(*args)
    err = result.stderr
    assert result.exit_code == 1, (result.exit_code, result.output)  # invoke: no traceback
    assert "内部错误" not in err, err
    assert err.startswith("错误："), err
    assert _has_chinese(err)
    assert str(facts) in err
    if c.line is not None:
        assert f"{facts}:{c.line}:" in err, err
    for hint in c.hints:
        assert hint in err, (hint, err)
    # nothing written: no report, no temporary file, nothing next to the facts file either
    assert not out.exists() or not any(out.iterdir())
    assert sorted(p.name for p in facts_dir.iterdir()) == [facts.name]
    assert not (Path.cwd() / "PWNED").exists()


def test_every_category_is_covered() -> None:
    assert {cat for cat, _ in ALL} == {
        "encoding",
        "shape",
        "yaml",
        "safety",
        "duplicates",
        "typing",
        "facts",
        "control",
    }
    assert len({c.id for _, c in ALL}) == len(ALL)


def test_all_problems_of_a_file_are_listed_at_once(invoke: Invoke, tmp_path: Path) -> None:
    facts = tmp_path / "many.yaml"
    facts.write_text(
        "单位: 青山镇人民政府\n"  # 1
        "年度: 2999\n"  # 2  future
        "成文日期: 2025-02-30\n"  # 3  impossible
        "主送机构: 县政府\n"  # 4  unknown key
        "数据:\n"  # 5
        "  调解矛盾纠纷: -3次\n"  # 6  negative
        "  调解成功率: 120%\n"  # 7  over 100
        "章节标题:\n"  # 8
        "  计划: 明年\x0b安排\n"  # 9  control character
        "导语: 我镇XX工作\n"  # 10 placeholder
        "单位: 又一个\n",  # 11 duplicate
        encoding="utf-8",
    )
    result = invoke("validate", str(facts))
    assert result.exit_code == 1
    err = result.stderr
    for line, words in {
        2: "未来",
        3: "不是有效日期",
        4: "未知的键",
        6: "负数",
        7: "100%",
        9: "控制字符",
        10: "占位符",
        11: "重复",
    }.items():
        assert f"{facts}:{line}:" in err and words in err, (line, words, err)
    assert "事实文件有 8 处问题" in err


def test_syntax_error_also_lists_other_slips(invoke: Invoke, tmp_path: Path) -> None:
    facts = tmp_path / "slips.yaml"
    facts.write_text(HEAD + "公开:\n\t索引号: 1\n简称：青山\n", encoding="utf-8")
    err = invoke("validate", str(facts)).stderr
    assert f"{facts}:5:" in err and "Tab" in err
    assert f"{facts}:6:" in err and "全角冒号" in err


def test_python_tag_is_never_executed(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    facts = tmp_path / "evil.yaml"
    facts.write_text(
        HEAD + '附注: !!python/object/apply:os.system ["touch PWNED"]\n', encoding="utf-8"
    )
    assert invoke("build", str(facts)).exit_code == 1
    assert not (tmp_path / "PWNED").exists()


def test_gbk_file_is_read_with_a_warning_naming_the_encoding(
    invoke: Invoke, tmp_path: Path
) -> None:
    facts = tmp_path / "gbk.yaml"
    facts.write_bytes((HEAD + "导语: 坚持依法行政\n").encode("gbk"))
    result = invoke("validate", str(facts))
    assert result.exit_code == 0, result.stderr
    assert "GBK" in result.stderr and "UTF-8" in result.stderr


def test_debug_shows_the_traceback_only_when_asked(invoke: Invoke, tmp_path: Path) -> None:
    facts = tmp_path / "bad.yaml"
    facts.write_text("单位：青山镇\n", encoding="utf-8")
    plain = invoke("validate", str(facts))
    assert "Traceback" not in plain.output
    debug = invoke("--debug", "validate", str(facts))
    assert debug.exit_code == 1 and "Traceback" in debug.stderr


def test_draft_allows_placeholders_and_marks_them(invoke: Invoke, tmp_path: Path) -> None:
    facts = tmp_path / "draft.yaml"
    facts.write_text(HEAD + "导语:\n  - 全年办理XX件，【待核实】\n", encoding="utf-8")
    assert invoke("validate", str(facts)).exit_code == 1
    assert invoke("validate", "--draft", str(facts)).exit_code == 0
    out = tmp_path / "draft.md"
    result = invoke("build", "--draft", str(facts), "-o", str(out), "-f", "md")
    assert result.exit_code == 0, result.stderr
    text = out.read_text(encoding="utf-8")
    assert "【XX】" in text and "【待核实】" in text and "【【" not in text


def test_ordinary_chinese_is_not_a_placeholder(invoke: Invoke, tmp_path: Path) -> None:
    facts = tmp_path / "prose.yaml"
    facts.write_text(
        HEAD + "问题导语: 部分制度有待补充完善，对待核实的线索及时处理。\n", encoding="utf-8"
    )
    result = invoke("validate", str(facts))
    assert result.exit_code == 0, result.stderr


def test_catalogue_typo_is_a_warning_not_an_error(invoke: Invoke, tmp_path: Path) -> None:
    facts = tmp_path / "typo.yaml"
    facts.write_text(HEAD + "数据:\n  调解矛盾纠分: 12起\n", encoding="utf-8")
    result = invoke("validate", str(facts))
    assert result.exit_code == 0, result.stderr
    assert "调解矛盾纠分" in result.stderr and "调解矛盾纠纷" in result.stderr
