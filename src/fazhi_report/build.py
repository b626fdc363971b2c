"""The build command's core: facts file → document tree → files, one stage after another."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from .enrich import Figure, build_context, date_text, default_title, signature
from .errors import FactsError, UserError
from .load import Source
from .model import ReportFacts
from .parse import parse_markdown
from .punct import fix_punctuation
from .templates import TemplateInfo, find_template, render
from .tree import Attachment, Document, Paragraph, Table
from .validate import load_facts, mark_placeholders
from .writers import FORMATS, format_of, names_a_file
from .writing import atomic_write


@dataclass
class Prepared:
    """Everything known about one report before any file is written."""

    facts: ReportFacts
    source: Source
    template: TemplateInfo
    markdown: str
    document: Document


def prepare(facts_path: Path, template: str | None = None, *, draft: bool = False) -> Prepared:
    """Load, validate, enrich, render and parse one facts file (no file is written)."""
    facts, source = load_facts(facts_path, draft=draft)
    previous = _previous_year(facts, facts_path)
    # A folder given on the command line may be relative to where the user is; one named in the
    # facts file is relative to that file, wherever the build is run from.
    if template:
        info = find_template(template, Path.cwd(), facts_path.parent)
    else:
        info = find_template(facts.template, facts_path.parent)
    source.warnings.extend(_missing_sections(info, source))
    context = build_context(facts, previous)
    markdown = render(info, context)
    document = assemble(facts, markdown, previous)
    return Prepared(facts, source, info, markdown, document)


def _missing_sections(info: TemplateInfo, source: Source) -> list[str]:
    """The template's sections whose facts are empty: the report would say nothing there."""
    return [
        f"{source.display}：模板“{info.name}”有一部分由“{key}”生成，但事实文件中没有填写，报告中该部分将为空或只有通用表述"
        for key in info.required
        if not source.data.get(key)
    ]


def _previous_year(facts: ReportFacts, facts_path: Path) -> ReportFacts | None:
    if not facts.previous:
        return None
    path = (facts_path.parent / facts.previous).resolve()
    try:
        before, _ = load_facts(path, draft=True)
    except FactsError as exc:
        raise UserError(
            f"“上年度”指向的文件 {facts.previous} 有误：\n" + exc.render(),
            hint="请先修正上一年度的事实文件，或删去“上年度”。",
        ) from None
    if before.year != facts.year - 1:
        raise UserError(
            f"“上年度”文件 {facts.previous} 的年度是 {before.year}，不是 {facts.year - 1}",
            hint="请指向上一年度的事实文件。",
        )
    return before


def assemble(facts: ReportFacts, markdown: str, previous: ReportFacts | None = None) -> Document:
    """Front and end matter from the facts around the body the template rendered."""
    parsed = parse_markdown(markdown)
    attachments = [
        Attachment(_text(a.name), [Paragraph(_text(t)) for t in a.text]) for a in facts.attachments
    ]
    if facts.data_table and facts.figures():
        attachments.append(_data_table(facts, previous))
    publication = facts.publication
    meta: dict[str, str] = {}
    if publication is not None:
        meta = {
            "索引号": publication.index_no or "",
            "发布机构": publication.publisher or facts.short_name or facts.unit,
            "成文日期": date_text(facts.date),
            "公开方式": publication.mode,
            "公开时限": publication.term or "",
            "公开范围": publication.scope or "",
            "文件编号": publication.doc_no or "",
        }
        meta = {k: v for k, v in meta.items() if v}
    return Document(
        title=fix_punctuation(parsed.title or _text(default_title(facts))),
        body=parsed.blocks,
        addressee=_text(facts.addressee) if facts.addressee else None,
        signature=[_text(line) for line in signature(facts)],
        date_text=date_text(facts.date),
        sealed=facts.sealed,
        note=_text(facts.note) if facts.note else None,
        attachments=attachments,
        cc=list(facts.cc),
        meta=meta,
        unit=facts.unit,
        year=facts.year,
        issued=facts.date,
    )


def _text(fact: str) -> str:
    """Facts printed outside the template get the same treatment as the body's text."""
    return fix_punctuation(mark_placeholders(fact))


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


_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]')


def output_name(document: Document) -> str:
    """The report's title as a file name Windows accepts."""
    return _UNSAFE.sub("_", document.title).strip(" .") or "report"


def output_paths(
    facts_path: Path, document: Document, out: Path | None, formats: Sequence[str]
) -> list[Path]:
    """Where each format goes: ``-o`` a file, ``-o`` a folder, or next to the facts file."""
    stem = output_name(document)
    if out is None:
        folder = facts_path.parent
    elif names_a_file(out):
        if len(formats) == 1:
            return [out]
        return [out.with_suffix("." + fmt) for fmt in formats]
    else:
        folder = out
    return [folder / f"{stem}.{fmt}" for fmt in formats]


def write_formats(prepared: Prepared, paths: Sequence[Path]) -> list[Path]:
    """Write each requested format atomically; return the paths written."""
    written = []
    for path in paths:
        fmt = format_of(path)
        data = render_format(prepared, fmt)
        atomic_write(path, data)
        written.append(path)
    return written


def render_format(prepared: Prepared, fmt: str) -> bytes:
    """One format's bytes; the batch stages these, :func:`build_file` writes them directly."""
    if fmt == "docx":
        from .writers.docx import render_docx

        return render_docx(prepared.document)
    if fmt == "md":
        from .writers.markdown import render_markdown

        return render_markdown(prepared.document).encode("utf-8")
    if fmt == "html":
        from .writers.html import render_html

        return render_html(prepared.document).encode("utf-8")
    if fmt == "pdf":
        from .writers.docx import render_docx
        from .writers.pdf import render_pdf

        return render_pdf(render_docx(prepared.document))
    raise UserError(f"不支持的格式“{fmt}”", hint="可用格式：" + "、".join(FORMATS))


def build_file(
    facts_path: Path,
    *,
    out: Path | None = None,
    template: str | None = None,
    formats: Sequence[str] = ("docx",),
    draft: bool = False,
) -> list[Path]:
    """Build one facts file into the requested formats; return the files written.

    The library entry point (the CLI goes through :mod:`batch`, which adds staging and pools).
    """
    prepared = prepare(facts_path, template, draft=draft)
    return write_formats(prepared, output_paths(facts_path, prepared.document, out, formats))
