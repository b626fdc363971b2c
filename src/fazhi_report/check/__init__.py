"""``fazhi-report check``: audit any .docx against GB/T 9704-2012 and the report's mandated items.

The package holds the audit only: ``parts`` recognises the report's parts (标题, 主送, headings,
署名, 成文日期, attachments, 版记), ``rules`` judges them, ``report`` turns the verdicts into text
or JSON. Reading the .docx — properties resolved through the whole style chain, numbering labels,
sections — is :mod:`fazhi_report.ooxml`'s, shared with ``import``. Every layout number comes from
:mod:`fazhi_report.layout`, the module the .docx writer reads too; this package only measures.
Nothing here prints: the CLI prints what :func:`check_report` returns.
"""

from __future__ import annotations

from pathlib import Path

from ..ooxml import Document, open_docx, read_docx
from ..style import Style, from_properties
from .parts import Parts, read_parts
from .report import CheckReport, RuleResult, render_json, render_text
from .rules import RULES, Audit


def check_report(path: Path | str, style: Style | None = None) -> CheckReport:
    """Audit the file at ``path``: a .docx, or a .doc/.wps converted through LibreOffice.

    Fonts and the page-number form are judged by ``style`` when given (``check --template``),
    else by the 样式 the document declares in its properties (a report built with a template's
    样式), else by the defaults. Raises InputFileError when the file cannot be read as a report.
    """
    path = Path(path)
    with open_docx(path) as opened:
        results = audit_document(read_docx(opened.docx), style)
    return CheckReport(path, results, opened.converted_from)


def audit(path: Path | str, style: Style | None = None) -> list[RuleResult]:
    """Every rule's verdict on the file at ``path`` (see :func:`check_report`)."""
    return check_report(path, style).results


def audit_document(doc: Document, style: Style | None = None) -> list[RuleResult]:
    """Every rule's verdict on a document already read."""
    problems: list[str] = []
    if style is None:
        style, problems = from_properties(doc.properties)
    context = Audit(doc, read_parts(doc), style, problems)
    results = []
    for rule in RULES:
        ok, found, expected = rule.judge(context)
        results.append(RuleResult(rule.id, rule.name, ok, found, expected))
    return results


__all__ = [
    "CheckReport",
    "Parts",
    "RuleResult",
    "audit",
    "audit_document",
    "check_report",
    "read_parts",
    "render_json",
    "render_text",
]
