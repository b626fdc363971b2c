"""Templates: finding them, rendering them in a sandbox with a budget, and checking them.

- :mod:`.rendering`: the search path, ``template.yaml``, the Jinja environment, :func:`render`;
- :mod:`.sandbox`: the environment whose compiled templates charge every loop, call, operator and
  output to a budget; :mod:`.budget`: the limits and what a render has spent;
  :mod:`.guards`: operations refused before they run because their result would pass a limit;
- :mod:`.usage`: which facts a render reads, and which template line wrote each output line;
- :mod:`.check`: ``fazhi-report templates check`` (imports the build, so it is not loaded here).

The built-in templates themselves are data, installed as ``fazhi_report/templates``.
"""

from __future__ import annotations

from .rendering import (
    ENTRY,
    TemplateInfo,
    builtin_root,
    find_template,
    list_builtin,
    md_escape,
    render,
)

__all__ = [
    "ENTRY",
    "TemplateInfo",
    "builtin_root",
    "find_template",
    "list_builtin",
    "md_escape",
    "render",
]
