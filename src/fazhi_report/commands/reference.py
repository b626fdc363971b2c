"""``schema`` and ``indicators``: the reference a clerk's editor or a county's program reads."""

from __future__ import annotations

from pathlib import Path

from ..catalogue import listing
from ..schema import schema_json
from ..writing import atomic_write


def schema(output: Path | None) -> str | None:
    """The JSON Schema of a facts file: its text, or written to ``output`` (then None)."""
    text = schema_json()
    if output is None:
        return text
    atomic_write(output, text.encode("utf-8"))
    return None


def indicators(area: str | None, *, as_json: bool) -> str:
    """The standard indicators (one ``area`` of them), as a table or JSON."""
    return listing(area, as_json_text=as_json)
