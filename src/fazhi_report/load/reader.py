"""The stage's entry points: a facts file, or its text, → :class:`Source`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from ..errors import FactsError, Problem
from .builder import FAST_LOADER, Builder, Fatal, fast_loader_fits
from .encoding import decode, read_bytes
from .slips import (
    BAD_CHAR,
    FACTS_SHAPE_HINT,
    bad_char_problems,
    colon_slip,
    key_like,
    lint,
    snippet,
)
from .source import Lines, Source


def read_source(path: Path) -> Source:
    """Read and parse a facts file; raise :class:`InputFileError` or :class:`FactsError`.

    Problems that do not stop parsing come back in ``Source.problems`` (see the package doc).
    """
    text, warnings = decode(read_bytes(path), str(path))
    return parse_text(text, path, warnings=warnings)


def parse_text(text: str, path: Path, *, warnings: list[Problem] | None = None) -> Source:
    """Parse YAML text into a :class:`Source` (positions recorded, every scalar a string).

    Raises :class:`FactsError` when the text cannot be read as a mapping at all (syntax error,
    too deep, empty, a list); other problems are returned in ``Source.problems``.
    """
    warnings = list(warnings or [])
    display = str(path)
    if text.startswith("\ufeff"):
        text = text[1:]
    lines = Lines(text)
    bad = [(m.start(), m.group()) for m in BAD_CHAR.finditer(text)]
    if bad:
        text = BAD_CHAR.sub("\ufffd", text)
    builder = Builder(display, lines)
    fast = FAST_LOADER is not yaml.SafeLoader and fast_loader_fits(text)
    try:
        try:
            root = builder.run(text, FAST_LOADER if fast else yaml.SafeLoader)
        except Fatal as fatal:
            if not (fast and fatal.syntax):
                raise
            builder = Builder(display, lines)
            root = builder.run(text)
    except Fatal as fatal:
        problems = [fatal.problem, *_findings(builder, bad, lines)]
        if fatal.syntax:
            problems += lint(text, display, skip={fatal.problem.line})
        raise FactsError(problems, warnings) from None
    source = Source(path, {}, builder.positions, builder.key_positions, warnings)
    source.problems = _findings(builder, bad, lines)
    source.quiet = builder.quiet
    source.hidden_keys = builder.hidden
    source.raw = builder.raw
    if root is None or root == "":
        raise FactsError(
            [
                Problem(
                    display, 1, 1, "", "文件是空的（或只有注释），没有任何事实", FACTS_SHAPE_HINT
                )
            ],
            warnings,
        )
    if not isinstance(root, dict):
        raise FactsError(_shape_problems(root, builder, text, display), warnings)
    source.data = root
    return source


def _findings(builder: Builder, bad: list[tuple[int, str]], lines: Lines) -> list[Problem]:
    """The builder's problems, then those of the characters replaced before parsing."""
    spans, quiet = builder.spans, builder.quiet
    return [*builder.problems, *bad_char_problems(bad, spans, lines, builder.display, quiet)]


def _shape_problems(root: Any, builder: Builder, text: str, display: str) -> list[Problem]:
    line, col = builder.positions.get((), (1, 1))

    def shape(message: str) -> Problem:
        return Problem(display, line, col, "", message, FACTS_SHAPE_HINT)

    if isinstance(root, list):
        return [shape("文件顶层是列表（以“- ”开头），不是“键: 值”映射")]
    problems = [
        Problem(display, n, m.start(1) + 1, "", *colon_slip(t, m))
        for n, t in enumerate(text.splitlines(), 1)
        if (m := key_like(t))
    ]
    if problems:  # each slip, once: the file read as one text is what they cause
        return problems
    return [shape(f"文件顶层是一段文字（“{snippet(str(root))}”），不是“键: 值”映射")]
