"""Writing the facts file as a clerk reads it: Chinese keys, block style, comments where the
importer wants a second look, and quotes only where YAML needs them.

PyYAML decides each scalar: its emitter's own analysis says whether the text can stand plain in
a block (no leading indicator, no “: ” or “ #” inside …); anything else is single- or
double-quoted by PyYAML itself. The project's loader reads every scalar as text, so ``2023`` or
``是`` need no quotes — only the texts it reads as empty (``~``, ``null``) do. :func:`emit` is
checked by re-reading its output with that loader (see ``importer.run``).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

import yaml
from msgspec import Struct
from yaml.emitter import Emitter

from ..patterns import lazy
from ..schema import top_keys

_NULLS = ("", "~", "null", "Null", "NULL")
INDENT = "  "


def ordered(facts: dict[str, Any]) -> dict[str, Any]:
    """``facts`` in the order a facts file is written (the model's); a key the model does not
    have is a bug here, never dropped."""
    order = top_keys()
    unknown = set(facts) - set(order)
    if unknown:
        raise ValueError(f"facts keys the model does not have: {sorted(unknown)}")
    return {key: facts[key] for key in order if key in facts}


#: Top-level keys written without a blank line above: the report's front matter, one per line.
_FRONT = top_keys()[: top_keys().index("公开")]  # who, when, to whom: the 公文's front matter
_TOGETHER = frozenset(_FRONT) | {"上年度", "汇总", "数据附表", "附注"}
#: Prose keys written as one line when they hold one paragraph.
_SINGLE = ("内容", "导语", "问题导语", "计划导语", "其他", "结语")


class Noted(Struct, frozen=True):
    """A value with a comment the facts file prints above it."""

    value: Any
    comment: str


def plain(value: Any) -> Any:
    """``value`` without its comments: the data the facts file holds."""
    if isinstance(value, Noted):
        return plain(value.value)
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


def written(facts: dict[str, Any]) -> dict[str, Any]:
    """The data the emitted file holds: ``facts`` without comments, one-paragraph prose as a
    line of text (which the model reads as that one paragraph)."""

    def shape(key: str | None, value: Any) -> Any:
        if isinstance(value, list) and _single(key, value):
            return value[0]
        while isinstance(value, Noted):
            value = value.value
        if isinstance(value, dict):
            return {k: shape(k, v) for k, v in value.items()}
        if isinstance(value, list):
            return [shape(None, v) for v in value]
        return plain(value)

    return {k: shape(k, v) for k, v in facts.items()}


def _single(key: str | None, value: list[Any]) -> bool:
    return (
        key in _SINGLE
        and len(value) == 1
        and isinstance(plain(value[0]), str)
        and not isinstance(value[0], Noted)
    )


#: Text PyYAML's analysis always lets stand plain: a Chinese character first, then nothing YAML
#: reads as syntax (no ASCII space, colon, hash or quote) and nothing unprintable or breaking a
#: line. Most of a report's paragraphs are such text; deciding them here skips the analysis.
_PLAIN = lazy(
    r"[\u4e00-\u9fff][^\x00-\x20\x7f-\xa0:#'\"\\\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff]*"
)


def scalar(text: str) -> str:
    """``text`` as a YAML scalar on one line: plain where YAML allows, else quoted by PyYAML."""
    if _PLAIN.fullmatch(text) and not text[-1].isspace():
        return text
    if text not in _NULLS and "\n" not in text:
        analysis = Emitter.analyze_scalar(_ANALYSER, text)
        if analysis.allow_block_plain and not analysis.multiline and text == text.strip():
            return text
    dumped = yaml.safe_dump([text], allow_unicode=True, width=1 << 30, default_style='"')
    return dumped.removeprefix("- ").rstrip("\n")


class _Analyser(Emitter):
    def __init__(self) -> None:  # analyze_scalar needs no stream
        self.allow_unicode = True


_ANALYSER = _Analyser()


def emit(header: list[str], facts: dict[str, Any], footer: Sequence[str] = ()) -> str:
    """The facts file: ``header`` as comment lines, ``facts`` in block style, ``footer``."""
    lines = [_comment(line, "") for line in header]
    for key, value in facts.items():
        if key not in _TOGETHER and lines:
            lines.append("")
        lines += _entry(key, value, "")
    if footer:
        lines += ["", *(_comment(line, "") for line in footer)]
    return "\n".join(lines) + "\n"


def _comment(text: str, indent: str) -> str:
    return f"{indent}# {text}".rstrip() if text else f"{indent}#"


def _entry(key: str, value: Any, indent: str) -> Iterator[str]:
    while isinstance(value, Noted):
        yield from (_comment(line, indent) for line in value.comment.splitlines())
        value = value.value
    head = f"{indent}{scalar(key)}:"
    if isinstance(value, dict | list) and not value:
        yield f"{head} {'{}' if isinstance(value, dict) else '[]'}"
    elif isinstance(value, dict):
        yield head
        for k, v in value.items():
            yield from _entry(k, v, indent + INDENT)
    elif isinstance(value, list):
        if _single(key, value):
            yield f"{head} {scalar(value[0])}"
            return
        yield head
        for item in value:
            yield from _item(item, indent + INDENT)
    else:
        yield f"{head} {scalar(str(value))}"


def _item(value: Any, indent: str) -> Iterator[str]:
    while isinstance(value, Noted):
        yield from (_comment(line, indent) for line in value.comment.splitlines())
        value = value.value
    if isinstance(value, dict) and value:
        for n, (key, inner) in enumerate(value.items()):
            lines = list(_entry(key, inner, indent + INDENT))
            if n:
                yield from lines
                continue
            # The first key shares the dash's line (“- 标题: …”); its comments go above the dash.
            at = 0
            while lines[at].lstrip().startswith("#"):
                yield indent + lines[at].lstrip()
                at += 1
            yield f"{indent}- {lines[at][len(indent) + len(INDENT) :]}"
            yield from lines[at + 1 :]
    elif isinstance(value, dict | list) and not value:
        yield f"{indent}- {'{}' if isinstance(value, dict) else '[]'}"
    else:
        yield f"{indent}- {scalar(str(value))}"
