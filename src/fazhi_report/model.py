"""Stage 2, the facts model: what a clerk's YAML may say, documented field by field.

Chinese keys are the canonical spelling (they are the pydantic aliases); English attribute names
live in code. Every model forbids unknown keys, so a typo is an error, never a silently lost fact.
"""

# No ``from __future__ import annotations`` here: pydantic would compile and evaluate each of
# the ~70 field annotations as a string at import (~4 ms a run); only Item refers to itself.

from typing import TYPE_CHECKING, Any, Literal, Self

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ModelWrapValidatorHandler,
    PrivateAttr,
    model_validator,
)

from .quantity import Quantity
from .values import (
    DateField,
    Flag,
    Paragraphs,
    Quantities,
    Text,
    TextList,
    YearField,
    is_pending,
)


def _list() -> list[Any]:
    """An empty list for ``default_factory``.

    Not the builtin ``list``: pydantic inspects every factory's signature, and for a builtin that
    means parsing its text signature — about 0.5 ms per field, 15 ms for this module at start-up.
    """
    return []


def _dict() -> dict[str, Any]:
    """An empty dict for ``default_factory`` (see ``_list``)."""
    return {}


class Facts(BaseModel):
    """Base of every facts model: unknown keys are errors, Chinese keys and English names both work."""

    model_config = ConfigDict(
        extra="forbid",
        populate_by_name=True,
        arbitrary_types_allowed=True,
        str_strip_whitespace=True,
        frozen=True,
        # Each model's validator is built when first used: a facts file is validated through
        # ReportFacts alone, whose schema holds the others, so theirs are never built (~3 ms).
        defer_build=True,
    )


class Publication(Facts):
    """政府信息公开 metadata printed at the top of the web version (seed 001 shows the block)."""

    model_config = ConfigDict(
        title="政府信息公开",
        json_schema_extra={
            "description": "政府信息公开信息（网页版顶部显示）：索引号、发布机构、公开方式、公开时限…"
        },
    )

    # In the order the portals print them (the web version's table, after 索引号 the 成文日期).
    index_no: Text | None = Field(None, alias="索引号", description="政府信息公开索引号")
    mode: Text = Field("主动公开", alias="公开方式", description="主动公开 / 依申请公开 / 不予公开")
    term: Text | None = Field(None, alias="公开时限", description="如“长期公开”")
    doc_no: Text | None = Field(None, alias="文件编号", description="文号，如“青政〔2025〕3号”")
    publisher: Text | None = Field(None, alias="发布机构", description="发布机构，默认为单位简称")
    scope: Text | None = Field(None, alias="公开范围", description="如“面向全社会”")


class Header(Facts):
    """版头 (GB/T 9704-2012 7.2): the red 发文机关标志, the 发文字号 and, a report being an upward
    document, the 签发人 — printed in the 报送版 (``build --edition submit``)."""

    model_config = ConfigDict(
        title="版头",
        json_schema_extra={
            "description": "报送版的版头：红色发文机关标志、发文字号和签发人（报告是上行文，应标注签发人）",
            "examples": [
                {
                    "发文机关标志": "青山镇人民政府文件",
                    "发文字号": "青政〔2025〕3号",
                    "签发人": "王建国",
                }
            ],
        },
    )

    mark: Paragraphs = Field(
        default_factory=_list,
        alias="发文机关标志",
        description="红色发文机关标志，一行一个；联合行文写几行。不写时为“{单位}文件”"
        "（党政联合报告为“{党委名称}文件”“{单位}文件”两行）",
        examples=["青山镇人民政府文件", ["中共青山镇委员会文件", "青山镇人民政府文件"]],
    )
    number: Text = Field(
        alias="发文字号",
        description="发文字号：机关代字、年份、发文顺序号；年份写全，用六角括号〔〕，序号不加“第”、不编虚位",
        examples=["青政〔2025〕3号"],
    )
    signers: TextList = Field(
        default_factory=_list,
        alias="签发人",
        description="签发人姓名，一人或多人（列表，按发文机关的顺序）",
        examples=["王建国", ["张明", "王建国"]],
    )


class Printing(Facts):
    """The 印发 line of the 版记 (GB/T 9704-2012 7.4.3): who sends the document to print, when."""

    model_config = ConfigDict(
        title="印发",
        json_schema_extra={
            "description": "版记中的印发机关和印发日期，如“青山镇党政办公室 2025年2月20日印发”",
            "examples": [{"机关": "青山镇党政办公室", "日期": "2025-02-20"}],
        },
    )

    organ: Text = Field(
        alias="机关",
        description="印发机关：送印的部门，一般是办公室",
        examples=["青山镇党政办公室"],
    )
    date: DateField | None = Field(
        None,
        alias="日期",
        description="印发日期，如 2025-02-20；不写时同成文日期；不能早于成文日期",
    )


class WithFigures(Facts):
    """A model with a ``数据`` block, whose values may still be :data:`PENDING`.

    A pending value is no quantity, so it is set aside before validation: ``data`` holds the
    quantities only (every check, 同比 and total sees real figures alone) and ``figures`` keeps
    every name in the file's order, ``None`` for a pending one.
    """

    _names: tuple[str, ...] = PrivateAttr(default=())
    if TYPE_CHECKING:  # each subclass declares it, with its own description
        data: dict[str, Quantity]

    @model_validator(mode="wrap")
    @classmethod
    def _set_pending_aside(cls, value: Any, handler: ModelWrapValidatorHandler[Self]) -> Self:
        names: tuple[str, ...] = ()
        if isinstance(value, dict):
            key = "数据" if "数据" in value else "data"
            block = value.get(key)
            if isinstance(block, dict):
                names = tuple(str(name) for name in block)
                if any(is_pending(v) for v in block.values()):
                    kept = {k: v for k, v in block.items() if not is_pending(v)}
                    value = {**value, key: kept}
        model = handler(value)
        model._names = names
        return model

    @property
    def pending(self) -> list[str]:
        """The ``数据`` names whose value is still :data:`PENDING`."""
        return [name for name in self._names if name not in self.data]

    def figures(self) -> list[tuple[str, Quantity | None]]:
        """Every ``数据`` entry in the file's order; ``None`` for a value still pending."""
        return [(name, self.data.get(name)) for name in self._names or tuple(self.data)]


class Item(Facts):
    """A numbered item (1. / （1）): an optional title, its prose, its points, its sub-items."""

    model_config = ConfigDict(
        title="条目",
        json_schema_extra={
            "description": "编号条目（1. /（1））：标题、正文、要点和下一级子项；不写编号"
        },
    )

    title: Text | None = Field(
        None, alias="标题", description="条目标题，不写编号；如“落实第一责任人职责”"
    )
    text: Paragraphs = Field(default_factory=_list, alias="内容", description="条目正文，一行一段")
    points: TextList = Field(
        default_factory=_list,
        alias="要点",
        description="要点列表；模板决定写成“一是…二是…”或“第一，…第二，…”",
    )
    children: list["Item"] = Field(
        default_factory=_list, alias="子项", description="下一级条目（（1）（2）…）"
    )


class Section(Facts):
    """A section of measures (（一）…): title, optional lead paragraph, items and closing prose."""

    model_config = ConfigDict(
        title="小节",
        json_schema_extra={"description": "主要举措的小节（（一）…）：标题、导语、条目"},
    )

    title: Text = Field(
        alias="标题", description="小节标题，不写编号；如“加强组织领导，压实法治建设责任”"
    )
    intro: Paragraphs = Field(default_factory=_list, alias="导语", description="小节开头的段落")
    items: list[Item] = Field(default_factory=_list, alias="条目", description="小节下的条目")
    text: Paragraphs = Field(
        default_factory=_list, alias="内容", description="没有条目时的小节正文"
    )
    points: TextList = Field(
        default_factory=_list, alias="要点", description="没有条目时的要点列表"
    )


class Event(WithFigures):
    """A dated activity, e.g. “12·4”国家宪法日 宣传, with its own counts."""

    model_config = ConfigDict(
        title="活动",
        json_schema_extra={"description": "重要活动：名称、日期、领域、内容和活动数据"},
    )

    name: Text = Field(alias="名称", description="活动名称，如“12·4”国家宪法日宣传周")
    date: Text | None = Field(None, alias="日期", description="日期或时段，如“12月4日”“3月”")
    area: Text | None = Field(None, alias="领域", description="所属方面，如“普法”“矛盾化解”")
    text: Paragraphs = Field(default_factory=_list, alias="内容", description="活动内容")
    data: Quantities = Field(
        default_factory=_dict, alias="数据", description="活动数据，如 发放资料: 600余份"
    )


class Duties(Facts):
    """党政主要负责人履行推进法治建设第一责任人职责的情况 (mandated item 3)."""

    model_config = ConfigDict(
        title="第一责任人",
        json_schema_extra={"description": "党政主要负责人履行推进法治建设第一责任人职责情况"},
    )

    intro: Paragraphs = Field(default_factory=_list, alias="导语", description="开头段落")
    points: TextList = Field(default_factory=_list, alias="要点", description="履职要点")
    items: list[Item] = Field(default_factory=_list, alias="条目", description="分条目叙述时使用")


class Issue(Facts):
    """A shortcoming (不足) with how it shows and why (原因)."""

    model_config = ConfigDict(
        title="问题", json_schema_extra={"description": "存在的不足：标题、表现、原因"}
    )

    title: Text = Field(alias="标题", description="问题概括，如“基层执法力量不足”")
    signs: TextList = Field(default_factory=_list, alias="表现", description="具体表现")
    text: Paragraphs = Field(
        default_factory=_list, alias="内容", description="整段叙述（不分表现时）"
    )
    causes: TextList = Field(default_factory=_list, alias="原因", description="原因")


class Plan(Facts):
    """A next-year arrangement: title, prose and concrete measures."""

    model_config = ConfigDict(
        title="计划", json_schema_extra={"description": "下一年度安排：标题、内容、举措"}
    )

    title: Text | None = Field(
        None, alias="标题", description="安排概括，如“深化行政执法规范化建设”；可省略"
    )
    text: Paragraphs = Field(default_factory=_list, alias="内容", description="叙述段落")
    measures: TextList = Field(default_factory=_list, alias="举措", description="具体举措")


class Attachment(Facts):
    """附件: listed in the 附件说明 and printed on its own page after the signature."""

    model_config = ConfigDict(
        title="附件", json_schema_extra={"description": "附件：名称和正文，印在署名之后的附件页"}
    )

    name: Text = Field(alias="名称", description="附件名称（末尾不加标点）")
    text: Paragraphs = Field(default_factory=_list, alias="内容", description="附件正文")


UnitType = Literal["乡", "镇", "街道", "县", "区", "市", "部门"]


#: Where a top-level fact goes in the report (``部分`` in the JSON Schema; :func:`fazhi_report.schema.
#: keys_in`): the 公文's own elements, printed by the build around the body; settings, never printed;
#: the 数据, which prose refers to as ``{名称}``; and the body, which the template renders.
PART = "部分"
ELEMENT: dict[str, Any] = {PART: "公文要素"}
SETTING: dict[str, Any] = {PART: "设置"}
FIGURES: dict[str, Any] = {PART: "数据"}
BODY: dict[str, Any] = {PART: "正文"}


class ReportFacts(WithFigures):
    """One year's facts of one unit: everything the report says."""

    model_config = ConfigDict(
        title="法治政府建设年度报告事实文件",
        json_schema_extra={"description": "一个单位一年的事实：报告的全部内容"},
    )

    # The order a facts file is written in (init's sample, import, the schema, the form):
    # who and when, the 公文 elements, settings, 数据, then the body in the mandate's order.
    unit: Text = Field(
        alias="单位", json_schema_extra=ELEMENT, description="单位全称，如“青山镇人民政府”"
    )
    short_name: Text | None = Field(
        None,
        alias="简称",
        json_schema_extra=ELEMENT,
        description="正文中的简称，如“青山镇”；默认由全称推出",
    )
    unit_type: UnitType | None = Field(
        None,
        alias="单位类型",
        json_schema_extra=ELEMENT,
        description="乡/镇/街道/县/区/市/部门；默认由全称推出",
    )
    party: Text | None = Field(
        None,
        alias="党委名称",
        json_schema_extra=ELEMENT,
        description="党政联合报告时的党委全称，如“中共青山镇委员会”",
    )
    year: YearField = Field(
        alias="年度", json_schema_extra=ELEMENT, description="报告所述年度，如 2024"
    )
    header: Header | None = Field(
        None,
        alias="版头",
        json_schema_extra=ELEMENT,
        description="报送版的版头：发文机关标志、发文字号、签发人（公开版只在标题下印发文字号）",
    )
    title: Text | None = Field(
        None,
        alias="标题",
        json_schema_extra=ELEMENT,
        description="报告标题；默认“{单位}关于{年度}年度法治政府建设情况的报告”",
    )
    addressee: Text | None = Field(
        None,
        alias="主送",
        json_schema_extra=ELEMENT,
        description="主送机关，如“中共某县委、某县人民政府”（不写冒号）；"
        "只在网站公开、不写主送的版本写“无”",
    )
    cc: TextList = Field(
        default_factory=_list, alias="抄送", json_schema_extra=ELEMENT, description="抄送机关"
    )
    printing: Printing | None = Field(
        None,
        alias="印发",
        json_schema_extra=ELEMENT,
        description="版记中的印发机关和印发日期（与抄送一起印在末页）",
    )
    date: DateField = Field(
        alias="成文日期", json_schema_extra=ELEMENT, description="成文日期，如 2025-02-20"
    )
    signature: TextList = Field(
        default_factory=_list,
        alias="署名",
        json_schema_extra=ELEMENT,
        description="发文机关署名，一行一个；默认为单位（联合报告为党委和单位）",
    )
    sealed: Flag = Field(
        False,
        alias="加盖印章",
        json_schema_extra=ELEMENT,
        description="是：按加盖印章的版式排署名和日期",
    )
    template: Text | None = Field(
        None,
        alias="模板",
        json_schema_extra=SETTING,
        description="模板名称或文件夹，如 official；命令行 --template 优先",
    )
    publication: Publication | None = Field(
        None, alias="公开", json_schema_extra=SETTING, description="政府信息公开信息（网页版使用）"
    )
    previous: Text | None = Field(
        None,
        alias="上年度",
        json_schema_extra=SETTING,
        description="上一年度事实文件的路径（相对本文件），用于计算同比",
    )
    rollup: TextList = Field(
        default_factory=_list,
        alias="汇总",
        json_schema_extra=SETTING,
        description="县级报告：各单位事实文件所在的文件夹或文件（相对本文件，可多个）；"
        "各单位可相加的数据相加后可在正文中用 {指标名称} 引用，汇总表作为附件",
    )
    data_table: Flag = Field(
        False,
        alias="数据附表",
        json_schema_extra=SETTING,
        description="是：在附件中列出全部数据（含同比）",
    )
    data: Quantities = Field(
        default_factory=_dict,
        alias="数据",
        json_schema_extra=FIGURES,
        description="全年数据，如 调解矛盾纠纷: 2300余起；正文用 {调解矛盾纠纷} 引用",
    )
    headings: dict[Text, Text] = Field(
        default_factory=_dict,
        alias="章节标题",
        json_schema_extra=BODY,
        description='改写模板中的章节标题，如 计划: "{下一年度}年法治建设工作计划"',
    )
    intro: Paragraphs = Field(
        default_factory=_list, alias="导语", json_schema_extra=BODY, description="报告开头的段落"
    )
    measures: list[Section] = Field(
        default_factory=_list,
        alias="主要举措",
        json_schema_extra=BODY,
        description="主要举措和成效，分小节",
    )
    events: list[Event] = Field(
        default_factory=_list, alias="活动", json_schema_extra=BODY, description="重要活动"
    )
    duties: Duties | None = Field(
        None,
        alias="第一责任人",
        json_schema_extra=BODY,
        description="党政主要负责人履行第一责任人职责情况",
    )
    issues_intro: Paragraphs = Field(
        default_factory=_list,
        alias="问题导语",
        json_schema_extra=BODY,
        description="“存在的不足”开头的段落",
    )
    issues: list[Issue] = Field(
        default_factory=_list, alias="问题", json_schema_extra=BODY, description="存在的不足和原因"
    )
    plans_intro: Paragraphs = Field(
        default_factory=_list,
        alias="计划导语",
        json_schema_extra=BODY,
        description="“下一年度安排”开头的段落",
    )
    plans: list[Plan] = Field(
        default_factory=_list, alias="计划", json_schema_extra=BODY, description="下一年度主要安排"
    )
    other: Paragraphs = Field(
        default_factory=_list,
        alias="其他",
        json_schema_extra=BODY,
        description="其他需要报告的情况",
    )
    closing: Paragraphs = Field(
        default_factory=_list,
        alias="结语",
        json_schema_extra=BODY,
        description="结尾段落，如“总之，…”",
    )
    attachments: list[Attachment] = Field(
        default_factory=_list, alias="附件", json_schema_extra=ELEMENT, description="附件"
    )
    note: Text | None = Field(
        None,
        alias="附注",
        json_schema_extra=ELEMENT,
        description="附注（如“此件公开发布”），印在成文日期下一行",
    )
