"""``fazhi-report templates list|show|export|check``; above all ``check``: does a template still
make a complete, well-formed report?

The template is rendered against facts files (by default every example) exactly as ``build``
renders it, with a :class:`~fazhi_report.templating.usage.FactsTracker` watching. For each facts
file:

- errors: the template's own errors (``文件:行``); headings with nothing under them (traced to
  the template line that wrote them); mandated items the facts contain but the report does not
  print; ``check``'s rules the built .docx fails;
- notes: mandated items the facts themselves lack; facts the template never reads.

``check`` returns a :class:`TemplateReport`; the CLI prints its lines.
"""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from importlib import resources
from pathlib import Path

from msgspec import Struct, field

from ..build import Prepared, prepare, render_format
from ..check import audit
from ..check.rules.content import mandated_matches
from ..errors import FactsError, Problem, UserError
from ..load import expand
from ..load.source import format_path
from ..mandate import ITEMS
from ..scaffold import export_template
from ..templating import ENTRY, list_builtin
from ..templating.budget import Limits, watched
from ..templating.lookup import TemplateInfo, builtin_root, find_template, shown
from ..templating.usage import FactsTracker, unused_facts
from ..tree import empty_headings


class Finding(Struct):
    error: bool
    text: str


class FileReport(Struct):
    facts: Path
    findings: list[Finding] = field(default_factory=list)

    @property
    def errors(self) -> int:
        return sum(f.error for f in self.findings)

    def add(self, error: bool, text: str) -> None:
        self.findings.append(Finding(error, text))


class TemplateReport(Struct):
    template: TemplateInfo
    files: list[FileReport]

    @property
    def errors(self) -> int:
        return sum(f.errors for f in self.files)

    def lines(self) -> list[str]:
        """The report as the CLI prints it: ✗ for errors, · for notes."""
        notes = sum(len(f.findings) for f in self.files) - self.errors
        out = [
            f"检查模板 {self.template.name}（{self.template.folder}），事实文件 {len(self.files)} 个："
        ]
        for report in self.files:
            if not report.findings:
                out.append(f"✓ {report.facts}：没有发现问题")
                continue
            mark = "✗" if report.errors else "✓"
            out.append(f"{mark} {report.facts}：")
            out += [f"  {'✗' if f.error else '·'} {f.text}" for f in report.findings]
        verdict = f"共 {self.errors} 处错误、{notes} 处提示。"
        out.append(verdict if self.errors else f"模板可以使用：{verdict}")
        return out


def default_facts() -> list[Path]:
    """Every facts file among the examples beside the built-in templates (a source checkout: the
    county's report and its units included), else the packaged sample that ``init`` writes."""
    folder = builtin_root().parent / "examples"
    examples = list(expand([folder]).files) if folder.is_dir() else []
    if examples:
        return examples
    return [Path(str(resources.files("fazhi_report") / "sample.yaml"))]


def check_template(
    info: TemplateInfo, facts_files: Sequence[Path] = (), limits: Limits | None = None
) -> TemplateReport:
    """Render ``info`` against each facts file (default :func:`default_facts`) and report."""
    files = list(facts_files) or default_facts()
    return TemplateReport(info, [_check_one(info, path, limits) for path in files])


def _check_one(info: TemplateInfo, facts: Path, limits: Limits | None) -> FileReport:
    report = FileReport(facts)
    tracker = FactsTracker()
    try:
        with watched(limits, tracker):
            prepared = prepare(facts, str(info.folder), draft=True)
    except FactsError as exc:
        report.add(True, "事实文件有误，无法检查：\n    " + exc.render().replace("\n", "\n    "))
        return report
    except UserError as exc:  # the template's own errors name their file and line
        report.add(True, exc.message)
        return report
    for heading in empty_headings(prepared.document):
        where = tracker.line_locations.get(heading.line or 0)
        at = f"{shown(where[0])}:{where[1]}  " if where else ""
        report.add(True, f"{at}标题“{heading.number}{heading.text}”下面没有内容")
    missing = _mandated(prepared, report)
    _layout(prepared, report, order_only=missing)
    for path in unused_facts(prepared.source.data, tracker):
        line, column = prepared.source.locate(path)
        problem = Problem(str(facts), line, column, format_path(path), "模板没有使用这项事实")
        report.add(False, problem.render())
    return report


def _mandated(prepared: Prepared, report: FileReport) -> bool:
    """Mandated items missing from the report: the template's fault when the facts have them.
    True if any is missing."""
    headings = [h.number + h.text for h in prepared.document.headings(1)]
    matches, _ = mandated_matches(headings)
    data = prepared.source.data
    missing = False
    for item, found in zip(ITEMS, matches, strict=True):
        if found:
            continue
        missing = True
        name = item.name
        given = [key for key in item.keys if data.get(key)]
        if given:
            report.add(True, f"法定内容“{name}”没有印出（事实文件写了“{'、'.join(given)}”）")
        else:
            report.add(False, f"事实文件没有“{name}”的内容，报告缺少这一项法定内容")
    return missing


def _layout(prepared: Prepared, report: FileReport, *, order_only: bool) -> None:
    """``check``'s rules on the .docx the template builds. Missing mandated items are
    :func:`_mandated`'s to report (``order_only``); the content rule then adds nothing."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "report.docx"
        path.write_bytes(render_format(prepared, "docx"))
        results = audit(path)
    for result in results:
        if result.ok or (result.id == "mandated" and order_only):
            continue
        report.add(True, f"check 的“{result.name}”未通过：{result.found}（应为{result.expected}）")


def listing() -> list[TemplateInfo]:
    """``templates list``: the built-in templates."""
    return list_builtin()


def source(name: str) -> str:
    """``templates show``: a template's entry file, as the search path finds it from here."""
    info = find_template(name, Path.cwd())
    return (info.folder / ENTRY).read_text(encoding="utf-8")


def export(name: str, folder: Path) -> Path:
    """``templates export``: a built-in template copied into ``folder``, to be edited there."""
    return export_template(name, folder)


def run_templates_check(spec: str, facts: Sequence[Path], seconds: float | None) -> TemplateReport:
    """``templates check``: the template named on the command line, checked."""
    info = find_template(spec, Path.cwd())
    limits = Limits(seconds=seconds) if seconds else None
    return check_template(info, facts, limits)
