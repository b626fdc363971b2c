"""What the page draws the form from: the facts model's JSON Schema (the one ``schema`` emits), read
into a short list of fields per model, plus the names the page offers (indicators, templates).

The page has one widget per kind of field, not one per key, so a field added to the model appears
in the form without touching the page: ``text`` (one line), ``lines`` (paragraphs or a list of
texts; a file may write one text where a list is allowed), ``choice`` (an enum, 是/否), ``object``
(a nested model), ``objects`` (a list of models: add, remove, reorder), ``figures`` (数据: name and
value rows, the indicator catalogue offered as names) and ``pairs`` (章节标题: free keys).
"""

from __future__ import annotations

import functools
import json
from typing import Any

from ..catalogue import load
from ..model import ReportFacts
from ..schema import inner_model, schema_json
from ..templating import list_builtin

#: Keys whose free mapping holds quantities: the 数据 table, with the indicator catalogue.
FIGURES = frozenset({"数据"})
ROOT = "ReportFacts"


@functools.cache
def form_spec() -> dict[str, Any]:
    """``{"root": name, "models": {name: {"title", "description", "fields": [...]}}}``."""
    schema = json.loads(schema_json())
    english = _english_names()
    models = {ROOT: _model(schema, english.get(ROOT, {}))}
    for name, definition in schema.get("$defs", {}).items():
        models[name] = _model(definition, english.get(name, {}))
    return {"root": ROOT, "models": models}


def _model(definition: dict[str, Any], english: dict[str, str]) -> dict[str, Any]:
    required = set(definition.get("required", []))
    fields = [
        {
            "key": key,
            "name": english.get(key, key),
            "required": key in required,
            "description": _description(prop),
            **_kind(key, prop),
        }
        for key, prop in definition.get("properties", {}).items()
    ]
    return {
        "title": definition.get("title", ""),
        "description": definition.get("description", ""),
        "fields": fields,
    }


def _description(prop: dict[str, Any]) -> str:
    return str(prop.get("description", ""))


def _kind(key: str, prop: dict[str, Any]) -> dict[str, Any]:
    options = [o for o in prop.get("anyOf", [prop]) if o.get("type") != "null"]
    one = options[0] if options else prop
    if "$ref" in one:
        return {"kind": "object", "model": _ref(one["$ref"])}
    if "enum" in one:
        return {"kind": "choice", "choices": [v for v in one["enum"] if isinstance(v, str)]}
    if one.get("type") == "array":
        items = one.get("items", {})
        if "$ref" in items:
            return {"kind": "objects", "model": _ref(items["$ref"])}
        return {"kind": "lines"}
    if one.get("type") == "object":
        return {"kind": "figures" if key in FIGURES else "pairs"}
    return {"kind": "text"}


def _ref(ref: str) -> str:
    return ref.rsplit("/", 1)[-1]


def _english_names() -> dict[str, dict[str, str]]:
    """Per model: Chinese key → English field name (a file may use either; the model takes both)."""
    names: dict[str, dict[str, str]] = {}
    todo: list[Any] = [ReportFacts]
    while todo:
        model = todo.pop()
        if model.__name__ in names:
            continue
        names[model.__name__] = {(f.alias or n): n for n, f in model.model_fields.items()}
        todo += [m for f in model.model_fields.values() if (m := inner_model(f.annotation))]
    return names


def indicator_names() -> list[dict[str, str]]:
    """The catalogue's standard names, each with its usual units, for the 数据 name box."""
    return [
        {"name": i.name, "units": "、".join(i.units), "area": i.area}
        for i in load().indicators.values()
    ]


def template_names() -> list[dict[str, str]]:
    """The built-in templates, for the 模板 box (a folder name may be typed instead)."""
    return [{"name": t.name, "description": t.description} for t in list_builtin()]
