"""The facts file's schema: its JSON Schema, and which keys the facts model allows where.

The loader asks which keys a mapping allows (to tell a slip from prose) and validation asks it
for hints; both walk the pydantic model here. The lists of keys every other module uses are
derived from the model here too (:func:`top_keys`, :func:`publication_keys`), and so is the one
answer to “which key did the clerk write, Chinese or English” (:func:`written_key`). The model (and json) are imported inside the
functions, so importing this module (and so the loader) costs nothing until a question is asked.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pydantic import BaseModel


def schema_json() -> str:
    """The JSON Schema of a facts file (Chinese keys), for editors to complete and check."""
    import json  # only this command needs it; validate and build never load json

    from .model import ReportFacts  # start-up: load/ reads template.yaml without the model

    schema = ReportFacts.model_json_schema(by_alias=True)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "法治政府建设年度报告事实文件"
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"


def model_at(parent: tuple[str | int, ...]) -> Any:
    """The facts model of the mapping at ``parent`` (keys Chinese or English), or None for a
    free-form mapping (数据, 章节标题) or a path the model does not have."""
    from .model import ReportFacts  # start-up: load/ reads template.yaml without the model

    model: Any = ReportFacts
    for part in parent:
        if model is None:
            return None
        if isinstance(part, int):
            continue
        found = next((f for n, f in model.model_fields.items() if part in (f.alias, n)), None)
        if found is None:
            return None
        model = inner_model(found.annotation)
    return model


def allowed_keys(parent: tuple[str | int, ...]) -> list[str]:
    """Chinese keys the facts model allows in the mapping at ``parent`` ([] for free-form ones)."""
    model = model_at(parent)
    if model is None:
        return []
    return [f.alias or n for n, f in model.model_fields.items()]


def inner_model(annotation: Any) -> Any:
    """The model a field's annotation holds (``list[Measure] | None`` → ``Measure``), or None
    for a plain value or a free-form mapping."""
    from pydantic import BaseModel

    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    if getattr(annotation, "__origin__", None) is dict:
        return None  # 数据, 章节标题: free keys
    for arg in getattr(annotation, "__args__", ()):
        found = inner_model(arg)
        if found is not None:
            return found
    return None


@functools.cache
def top_keys() -> tuple[str, ...]:
    """The facts file's top-level Chinese keys, in the order a facts file is written."""
    return tuple(allowed_keys(()))


@functools.cache
def keys_in(*parts: str) -> frozenset[str]:
    """The top-level keys of these parts of the report (``公文要素``, ``设置``, ``数据``, ``正文``:
    :data:`fazhi_report.model.PART`, written beside each field of the model)."""
    from .model import PART, ReportFacts  # start-up: load/ reads template.yaml without the model

    return frozenset(
        f.alias or n
        for n, f in ReportFacts.model_fields.items()
        if isinstance(f.json_schema_extra, dict) and f.json_schema_extra.get(PART) in parts
    )


@functools.cache
def publication_keys() -> tuple[str, ...]:
    """The 政府信息公开 fields (under ``公开``), in the order the portals print them."""
    return tuple(allowed_keys(("公开",)))


def written_key(
    data: Mapping[str, Any], key: str, parent: tuple[str | int, ...] = ()
) -> str | None:
    """The key ``data`` (the mapping at ``parent``) has for the field whose Chinese key is
    ``key``: that key, or the field's English name; None when the clerk wrote neither."""
    if key in data:
        return key
    model = model_at(parent)
    if model is None:
        return None
    name = next((n for n, f in model.model_fields.items() if f.alias == key), None)
    return name if name is not None and name in data else None


@functools.cache
def all_keys() -> frozenset[str]:
    """Every Chinese key the facts model has, at any level."""
    from .model import ReportFacts  # start-up: load/ reads template.yaml without the model

    keys: set[str] = set()
    todo: list[type[BaseModel]] = [ReportFacts]
    done: set[type[BaseModel]] = set()
    while todo:
        model = todo.pop()
        if model in done:
            continue
        done.add(model)
        for name, info in model.model_fields.items():
            keys.add(info.alias or name)
            inner = inner_model(info.annotation)
            if inner is not None:
                todo.append(inner)
    return frozenset(keys)
