"""The build command's core: facts file → document tree → each format's bytes, one stage after
another. Writing them is :mod:`fazhi_report.batch`'s (staged and atomic, for one file or many)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from msgspec import Struct
from msgspec.structs import replace

from . import facts as facts_file
from .confine import root_for
from .conventions import ISSUING_MARK_SUFFIX, Edition, date_text, printed_text
from .enrich import Figure, build_context, default_title, referable, resolve, signature
from .errors import Problem
from .gates import at_unit_line
from .load import Source
from .mandate import ITEM_FACTS_KEYS
from .model import ReportFacts
from .parse import parse_markdown
from .punct import fix_punctuation
from .schema import publication_keys
from .style import DEFAULT as DEFAULT_STYLE
from .style import Style
from .templating import TemplateInfo, find_template, render
from .tree import Attachment, Document, Header, Paragraph, Printing, Table, empty_headings
from .values import NO_ADDRESSEE
from .writers import DEFAULT_EDITIONS, unsupported_format

if TYPE_CHECKING:
    from .rollup import Rollup


class Prepared(Struct):
    """Everything known about one report before any file is written."""

    facts: ReportFacts
    source: Source
    template: TemplateInfo
    markdown: str
    document: Document


def prepare(
    facts_path: Path,
    template: str | None = None,
    *,
    draft: bool = False,
    root: Path | None = None,
    text: str | None = None,
) -> Prepared:
    """Load, validate, enrich, render and parse one facts file (no file is written); the files
    it names stay inside ``root`` (default: its own folder; :mod:`.confine`); ``text`` is its
    unsaved content (``edit``'s preview), read in place of the file."""
    loaded = facts_file.load(facts_path, draft=draft, root=root, text=text)
    if loaded.previous_error is not None:
        raise loaded.previous_error
    facts, source, previous, rollup = loaded.facts, loaded.source, loaded.previous, loaded.rollup
    # A folder given on the command line may be relative to where the user is; one named in the
    # facts file is relative to that file, wherever the build is run from, and stays in its root.
    if template:
        info = find_template(template, Path.cwd(), facts_path.parent)
    else:
        inside = root_for(facts_path, root)
        info = find_template(facts.template, facts_path.parent, inside=inside)
    source.warnings.extend(_missing_sections(info, source))
    context = build_context(facts, previous, rollup.figures if rollup else None)
    markdown = render(info, context)
    document = assemble(facts, markdown, previous, rollup, info.style)
    source.warnings += [
        Problem.about(source.display, f"标题“{h.number}{h.text}”下面没有内容")
        for h in empty_headings(document)
    ]
    return Prepared(facts, source, info, markdown, document)


def _missing_sections(info: TemplateInfo, source: Source) -> list[Problem]:
    """The template's 必填 keys beyond the mandated items that the facts leave empty.

    The mandated items are the gates' (:mod:`.gates`), for every template and said once; a
    template's 必填 only adds keys it renders from outside them (say, 数据 or 附件).
    """
    return [
        at_unit_line(
            source,
            key,
            f"模板“{info.name}”有一部分由“{key}”生成，但事实文件中没有填写，"
            "报告中该部分将为空或只有通用表述",
        ).warning()
        for key in info.required
        if key not in ITEM_FACTS_KEYS and not source.data.get(key)
    ]


def assemble(
    facts: ReportFacts,
    markdown: str,
    previous: ReportFacts | None = None,
    rollup: Rollup | None = None,
    style: Style = DEFAULT_STYLE,
) -> Document:
    """Front and end matter from the facts around the body the template rendered."""
    parsed = parse_markdown(markdown)
    attachments = [
        Attachment(_text(a.name, facts), [Paragraph(_text(t, facts)) for t in a.text])
        for a in facts.attachments
    ]
    if facts.data_table and facts.figures():
        attachments.append(_data_table(facts, previous))
    if rollup is not None:
        from .writers.summary.document import figure_blocks  # start-up: a county report's

        attachments.append(Attachment(rollup.summary.title, figure_blocks(rollup.summary)))
    return Document(
        title=fix_punctuation(parsed.title or _text(default_title(facts), facts)),
        body=parsed.blocks,
        addressee=(
            _text(facts.addressee, facts)
            if facts.addressee and facts.addressee != NO_ADDRESSEE
            else None
        ),
        signature=[_text(line, facts) for line in signature(facts)],
        date_text=date_text(facts.date),
        # The facts' 加盖印章 wins; without it the template's 样式 decides.
        sealed=facts.sealed if "sealed" in facts.model_fields_set else bool(style.sealed),
        note=_text(facts.note, facts) if facts.note else None,
        attachments=attachments,
        cc=[_text(name, facts) for name in facts.cc],
        meta=_publication(facts),
        unit=facts.unit,
        year=facts.year,
        issued=facts.date,
        style=style,
        header=_header(facts),
        printing=_printing(facts),
    )


def _header(facts: ReportFacts) -> Header | None:
    """The 版头: the facts' own 发文机关标志, or the issuer's name and “文件”."""
    given = facts.header
    if given is None:
        return None
    issuers = [facts.party, facts.unit] if facts.party else [facts.unit]
    mark = given.mark or [f"{name}{ISSUING_MARK_SUFFIX}" for name in issuers if name]
    return Header([_text(line, facts) for line in mark], given.number, list(given.signers))


def _printing(facts: ReportFacts) -> Printing | None:
    """The 印发 line: its 机关, and its date (the 成文日期 unless the facts give another)."""
    given = facts.printing
    if given is None:
        return None
    organ, when = printed_text(_text(given.organ, facts), given.date or facts.date)
    return Printing(organ, when)


def for_edition(document: Document, edition: Edition) -> Document:
    """The same report as ``edition`` prints it (the tree keeps every part; writers print what
    the edition shows)."""
    return document if document.edition == edition else replace(document, edition=edition)


def _publication(facts: ReportFacts) -> dict[str, str]:
    """The 政府信息公开 fields the web version shows, in the portals' order (the model's, with the
    成文日期 after the 索引号); 发布机构 defaults to the unit."""
    publication = facts.publication
    if publication is None:
        return {}
    # Dumped through ReportFacts, whose serializer is built (Publication's own is not: model.py).
    given = facts.model_dump(by_alias=True, include={"publication": True})["公开"]
    given["发布机构"] = given["发布机构"] or facts.short_name or facts.unit
    if facts.header is not None:  # the 版头's 发文字号 is the 文件编号 the portals show
        given["文件编号"] = given["文件编号"] or facts.header.number
    meta: dict[str, str] = {}
    for key in publication_keys():
        meta[key] = given[key] or ""
        if key == "索引号":
            meta["成文日期"] = date_text(facts.date)
    return {k: v for k, v in meta.items() if v}


def _text(fact: str, facts: ReportFacts) -> str:
    """Facts printed outside the template get the same treatment as the body's text: ``{名称}``
    resolved (validate checks references in every field), placeholders marked, punctuation."""
    return fix_punctuation(resolve(fact, referable(facts)))


def _data_table(facts: ReportFacts, previous: ReportFacts | None) -> Attachment:
    header = ["指标", f"{facts.year}年"]
    if previous is not None:
        header += [f"{previous.year}年", "同比"]
    rows = [header]
    for name, quantity in facts.figures():
        figure = Figure(quantity, previous.data.get(name) if previous else None)
        row = [name, figure.文本]
        if previous is not None:
            row += [figure.上年 or "—", figure.同比 or "—"]
        rows.append(row)
    return Attachment(f"{facts.year}年度法治政府建设主要数据", [Table(rows=rows)])


def preload_format(fmt: str) -> None:
    """Import what writing ``fmt`` takes (a batch does it once, before its workers fork)."""
    if fmt in ("docx", "pdf"):
        from .writers.docx import preload  # start-up: each writer when its format is asked for

        preload()
    if fmt == "html":
        from .writers import html  # noqa: F401  (start-up, as above)
    if fmt == "md":
        from .writers import markdown  # noqa: F401  (start-up, as above)


def render_format(prepared: Prepared, fmt: str, edition: Edition | None = None) -> bytes:
    """One format's bytes in ``edition`` (default: the format's own, :data:`DEFAULT_EDITIONS`);
    :mod:`fazhi_report.batch` stages and writes them.

    start-up: each writer is imported when its format is asked for (python-docx only for .docx).
    """
    document = for_edition(prepared.document, edition or DEFAULT_EDITIONS.get(fmt, "submit"))
    if fmt == "docx":
        from .writers.docx import render_docx

        return render_docx(document)
    if fmt == "md":
        from .writers.markdown import render_markdown

        return render_markdown(document).encode("utf-8")
    if fmt == "html":
        from .writers.html import render_html

        return render_html(document).encode("utf-8")
    if fmt == "pdf":
        from .writers.docx import render_docx
        from .writers.pdf import render_pdf

        return render_pdf(render_docx(document))
    raise unsupported_format(fmt)
