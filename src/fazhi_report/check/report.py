"""A check's outcome as data (:class:`RuleResult`, :class:`CheckReport`) and its two printable
forms, the ✓/✗ text and the JSON for CI. Pure functions: the CLI prints what they return."""

from __future__ import annotations

import json
from pathlib import Path

from msgspec import Struct
from msgspec.structs import asdict

from ..ooxml import InputKind


class RuleResult(Struct, frozen=True):
    """One rule's verdict: ``found`` says what the document has, ``expected`` what it should."""

    id: str
    name: str
    ok: bool
    found: str
    expected: str

    def line(self) -> str:
        if self.ok:
            return f"✓ {self.name}：发现{self.found}"
        return f"✗ {self.name}：发现{self.found}，应为{self.expected}"


class CheckReport(Struct, frozen=True):
    """The audit of one file: every rule's result, and what the file was converted from."""

    path: Path
    results: list[RuleResult]
    converted_from: InputKind | None = None

    @property
    def ok(self) -> bool:
        return all(r.ok for r in self.results)

    @property
    def failed(self) -> list[RuleResult]:
        return [r for r in self.results if not r.ok]

    @property
    def note(self) -> str | None:
        """Said before the results when the file was not a .docx to begin with."""
        if self.converted_from is None:
            return None
        return (
            f"注意：该文件{self.converted_from.description}；已用 LibreOffice 临时转换为 .docx 后检查，"
            "转换可能改变个别格式。建议在 Word 或 WPS 中另存为 .docx 后再检查一次。"
        )


def render_text(report: CheckReport) -> str:
    """The ✓/✗ lines a clerk reads, with a closing line when every rule passed."""
    lines = [f"检查 {report.path}："]
    if report.note:
        lines.append(report.note)
    lines += [result.line() for result in report.results]
    if report.ok:
        lines.append(f"全部 {len(report.results)} 项检查通过。")
    return "\n".join(lines)


def render_json(report: CheckReport) -> str:
    """The report for CI: file, ok, every rule; ``converted_from`` and ``note`` if converted."""
    data: dict[str, object] = {"file": str(report.path), "ok": report.ok}
    if report.converted_from is not None:
        data["converted_from"] = report.converted_from.id
        data["note"] = report.note
    data["rules"] = [asdict(r) for r in report.results]
    return json.dumps(data, ensure_ascii=False, indent=2)
