"""A template's ``样式``: the fonts and forms an office may change without code, within GB/T 9704.

:mod:`fazhi_report.layout` keeps the defaults; a :class:`Style` only records what a template's
``template.yaml`` changed, so a report built without one is laid out exactly as before. Every
value is checked against the choices GB/T 9704-2012 leaves open (shared/reference/
gbt9704-layout.md): the standard names a *kind* of typeface for each element (小标宋体, 仿宋体,
黑体, 楷体, 宋体), and offices pick a font of that kind — the GB2312 fonts of old machines or the
方正 GBK fonts of newer ones. The writer reads the resolved text styles; the .docx records the
declared values as custom document properties (:func:`to_properties`) so ``check`` judges the
file by the style it was built with, and judges a file without them by the defaults.
"""

from __future__ import annotations

import difflib
import functools
from collections.abc import Mapping
from typing import Any, Protocol

from msgspec import Struct, structs

from . import layout
from .errors import Problem

Where = tuple[str | int, ...]


class ProblemAt(Protocol):
    """Makes a located problem: at the value at ``where``, or at its key (``key=True``)."""

    def __call__(
        self, where: Where, message: str, hint: str | None, /, *, key: bool = False
    ) -> Problem: ...


# The fonts of each kind GB/T 9704 names: the GB2312 names of Windows' own fonts, their plain
# names, and the 方正 GBK/简体 fonts most offices install for 公文. The writer puts the name in the
# font table with the kind's common font as the fallback (FALLBACK), so a machine without it
# still shows the right kind of typeface.
XIAOBIAOSONG = ("方正小标宋简体", "方正小标宋_GBK")
FANGSONG = ("仿宋_GB2312", "仿宋", "方正仿宋_GBK", "方正仿宋简体")
HEITI = ("黑体", "方正黑体_GBK", "方正黑体简体")
KAITI = ("楷体_GB2312", "楷体", "方正楷体_GBK", "方正楷体简体")
SONGTI = ("宋体", "方正书宋_GBK", "方正书宋简体")
FALLBACK = {
    **dict.fromkeys(XIAOBIAOSONG, "宋体"),
    **dict.fromkeys(FANGSONG, "仿宋"),
    **dict.fromkeys(HEITI, "黑体"),
    **dict.fromkeys(KAITI, "楷体"),
    **dict.fromkeys(SONGTI, "宋体"),
}


class FontKey(Struct, frozen=True):
    """One font a template may set: the choices, the clause that limits them, what it sets."""

    key: str
    choices: tuple[str, ...]
    rule: str
    #: layout.TextStyle keys this font sets.
    targets: tuple[str, ...]
    #: When not given, the font follows this key (三级标题 follows 正文 …), else the default.
    follows: str | None = None


FONT_KEYS = (
    FontKey("标题字体", XIAOBIAOSONG, "标题用2号小标宋体字（7.3.1）", ("title",)),
    FontKey(
        "正文字体",
        FANGSONG,
        "正文用3号仿宋体字（7.3.3）；主送机关、署名、附表文字随正文",
        ("body", "addressee", "signature", "table"),
    ),
    FontKey(
        "一级标题字体", HEITI, "结构层次序数第一层用黑体字（7.3.3）", ("heading1", "table_header")
    ),
    FontKey("二级标题字体", KAITI, "第二层用楷体字（7.3.3）", ("heading2",)),
    FontKey(
        "三级标题字体", FANGSONG, "第三层、第四层用仿宋体字（7.3.3）", ("heading3",), "正文字体"
    ),
    FontKey(
        "四级标题字体", FANGSONG, "第三层、第四层用仿宋体字（7.3.3）", ("heading4",), "正文字体"
    ),
    FontKey(
        "附件标识字体",
        HEITI,
        "附件页的“附件”二字及顺序号用3号黑体字（8.3）",
        ("attachment_label",),
        "一级标题字体",
    ),
    FontKey(
        "版记字体", FANGSONG, "版记中的要素一般用4号仿宋体字（7.4.1）", ("copy_note",), "正文字体"
    ),
    # 7.5 says page numbers are “一般用4号半角宋体阿拉伯数字”: 宋体 as the rule, and “一般”
    # leaves room for the common practice of setting them in the body's 仿宋.
    FontKey(
        "页码字体",
        SONGTI + FANGSONG,
        "页码一般用4号半角宋体阿拉伯数字（7.5），也可与正文同用仿宋体",
        ("page_number",),
    ),
)
FONTS = {font.key: font for font in FONT_KEYS}

YES, NO = "是", "否"
_YES = {"是", "true", "yes", "有"}
_NO = {"否", "false", "no", "无"}


class Choice(Struct, frozen=True):
    """A 样式 key that is not a font: its choices (the first is the default) and why."""

    key: str
    choices: tuple[str, ...]
    rule: str


# 7.5: page numbers carry an 一字线 on each side; whether a space separates them from the
# digits is not fixed, and both forms are in use.
_DASH = layout.PAGE_NUMBER_DASH
PAGE_NUMBER_FORMS = (f"{_DASH} 1 {_DASH}", f"{_DASH}1{_DASH}")
CHOICES = (
    Choice("三级标题加粗", (NO, YES), "标准未作规定，三级标题（1.）加粗是地方惯例"),
    Choice("页码格式", PAGE_NUMBER_FORMS, "页码左右各放一条一字线（7.5）"),
    Choice("要点风格", ("一是", "第一"), "要点写成“一是……二是……”或“第一，……第二，……”"),
    Choice(
        "加盖印章",
        (NO, YES),
        "署名和成文日期按加盖印章的版式排列（7.3.5）；事实文件中写了时以事实文件为准",
    ),
    Choice(
        "版头",
        (YES, NO),
        "报送版印出事实文件中的版头（发文机关标志、发文字号、签发人，7.2）；"
        "“否”：不印，如用印好红头的公文纸",
    ),
    Choice("版记", (YES, NO), "印出事实文件中的版记（抄送、印发，7.4）；“否”：不印"),
    Choice(
        "公开版发文字号",
        ("标题下", "不印"),
        "公开版把版头中的发文字号印在标题下（网站公开的报告常这样写）；“不印”：不印",
    ),
)
CHOICE = {choice.key: choice for choice in CHOICES}
KEYS = (*FONTS, *CHOICE)
#: The prefix of the custom document properties the .docx writer records the style in.
PROPERTY_PREFIX = "样式."


class Style(Struct, frozen=True):
    """What a template's 样式 block set, in :data:`KEYS` order; an empty one is the default."""

    declared: tuple[tuple[str, str], ...] = ()

    def get(self, key: str) -> str | None:
        return dict(self.declared).get(key)

    def font(self, key: str) -> str | None:
        """The font ``key`` sets, following :attr:`FontKey.follows`; ``None``: layout's default."""
        given = self.get(key)
        follows = FONTS[key].follows
        return given if given or follows is None else self.font(follows)

    @property
    def heading3_bold(self) -> bool:
        return self.get("三级标题加粗") == YES

    @property
    def page_number_form(self) -> str:
        return self.get("页码格式") or PAGE_NUMBER_FORMS[0]

    @property
    def page_number_parts(self) -> tuple[str, str]:
        """The text before and after the number: “— ” and “ —”."""
        before, _, after = self.page_number_form.partition("1")
        return before, after

    @property
    def points(self) -> str:
        return self.get("要点风格") or CHOICE["要点风格"].choices[0]

    @property
    def sealed(self) -> bool | None:
        """加盖印章 as the template sets it, or ``None`` when it leaves it to the facts."""
        value = self.get("加盖印章")
        return None if value is None else value == YES

    def declared_font(self, target: str) -> str | None:
        """The font the style names for layout text style ``target``, or ``None`` (the default)."""
        for font in FONT_KEYS:
            if target in font.targets:
                return self.font(font.key)
        return None

    def text_styles(self) -> dict[str, layout.TextStyle]:
        """Every layout text style by key, with this style's fonts and bold applied."""
        return _text_styles(self)

    def text_style(self, key: str) -> layout.TextStyle:
        return _text_styles(self)[key]


DEFAULT = Style()


@functools.lru_cache(maxsize=32)
def _text_styles(style: Style) -> dict[str, layout.TextStyle]:
    styles = {s.key: s for s in layout.TEXT_STYLES}
    for font in FONT_KEYS:
        name = style.font(font.key)
        if name is None:
            continue
        for target in font.targets:
            changed = structs.replace(styles[target], east_asia=name)
            # Page numbers and the 附件 label are digits in the same font (layout sets both).
            if styles[target].latin == styles[target].east_asia:
                changed = structs.replace(changed, latin=name)
            styles[target] = changed
    if style.heading3_bold:
        styles["heading3"] = structs.replace(styles["heading3"], bold=True)
    return styles


def parse_style(
    data: Any, problem: ProblemAt, at: Where = ("样式",)
) -> tuple[Style, list[Problem]]:
    """Check a 样式 mapping (every value text, as the loader reads YAML); return it and problems."""
    if data is None or data == "":
        return DEFAULT, []
    if not isinstance(data, Mapping):
        example = "例如：\n      样式:\n        正文字体: 方正仿宋_GBK"
        return DEFAULT, [problem(at, "“样式”应是“键: 值”映射", example)]
    values: dict[str, str] = {}
    problems: list[Problem] = []
    for key, value in data.items():
        where = (*at, str(key))
        if key not in FONTS and key not in CHOICE:
            problems.append(problem(where, f"未知的样式“{key}”", _key_hint(str(key)), key=True))
            continue
        text = value.strip() if isinstance(value, str) else None
        checked = _checked(str(key), text)
        if checked is None:
            shown = f"“{text}”" if text else "空值" if not value else "这一项"
            problems.append(problem(where, f"{shown}不是允许的{key}", _choices_hint(str(key))))
        elif checked != _default(str(key)):
            values[str(key)] = checked
    declared = tuple((key, values[key]) for key in KEYS if key in values)
    return Style(declared), problems


def _checked(key: str, text: str | None) -> str | None:
    """The value as stored (是/否 spelled out), or ``None`` if it is not one of the choices."""
    if text is None:
        return None
    choices = FONTS[key].choices if key in FONTS else CHOICE[key].choices
    if set(choices) == {YES, NO}:
        lowered = text.lower()
        return YES if lowered in _YES else NO if lowered in _NO else None
    # Page-number forms are typed with a hyphen or a plain dash as often as with “—”.
    if key == "页码格式":
        text = text.replace("-", _DASH).replace("－", _DASH).replace("一", _DASH)
    return text if text in choices else None


def _default(key: str) -> str | None:
    """The value that changes nothing (fonts: the layout default of the first target)."""
    if key in FONTS:
        return None  # a font given explicitly is recorded even when it is the default's name
    return CHOICE[key].choices[0] if key != "加盖印章" else None


def _key_hint(key: str) -> str:
    close = difflib.get_close_matches(key, KEYS, n=1, cutoff=0.4)
    if close:
        return f"您是否想写“{close[0]}”？"
    return "可用的样式：" + "、".join(KEYS)


def _choices_hint(key: str) -> str:
    if key in FONTS:
        font = FONTS[key]
        return f"可选：{'、'.join(font.choices)}（GB/T 9704-2012：{font.rule}）"
    choice = CHOICE[key]
    return f"可选：{'、'.join(choice.choices)}（{choice.rule}）"


def to_properties(style: Style) -> dict[str, str]:
    """The custom document properties that record ``style`` in a .docx (none for the default)."""
    return {PROPERTY_PREFIX + key: value for key, value in style.declared}


def from_properties(properties: Mapping[str, str]) -> tuple[Style, list[str]]:
    """The style a .docx declares, and what is wrong with the declaration (values GB/T 9704
    does not allow are dropped, so the file is judged by the defaults there)."""
    block = {
        name.removeprefix(PROPERTY_PREFIX): value
        for name, value in properties.items()
        if name.startswith(PROPERTY_PREFIX)
    }

    def problem(where: Where, message: str, hint: str | None, *, key: bool = False) -> Problem:
        return Problem("文档属性", None, None, PROPERTY_PREFIX + str(where[-1]), message, hint)

    style, problems = parse_style(block, problem, ())
    return style, [f"{p.path}：{p.message}" for p in problems]


def describe(style: Style) -> str:
    """“正文字体 方正仿宋_GBK、一级标题字体 方正黑体_GBK”, for messages."""
    return "、".join(f"{key} {value}" for key, value in style.declared) or "默认样式"


def merge_styles(*styles: Style) -> Style:
    """One style from several; a later one wins where both set a key."""
    values: dict[str, str] = {}
    for style in styles:
        values.update(style.declared)
    return Style(tuple((key, values[key]) for key in KEYS if key in values))
