"""Templates: finding them, rendering them in a sandbox with a budget, and checking them.

- :mod:`.lookup`: the search path (a user's folder, then the built-ins), ``template.yaml``,
  :class:`TemplateInfo`;
- :mod:`.rendering`: the Jinja environment, the Markdown-safe output and filters, :func:`render`;
- :mod:`.sandbox`: the environment whose compiled templates charge every loop, call, operator and
  output to a budget; :mod:`.budget`: the limits and what a render has spent;
  :mod:`.guards`: operations refused before they run because their result would pass a limit;
- :mod:`.usage`: which facts a render reads, and which template line wrote each output line
  (``fazhi-report templates check``, :mod:`fazhi_report.commands.templates`, reads it).

A template's ``样式`` is :mod:`fazhi_report.style`'s: the resolved style is read by the tree, the
writers and ``check`` as well, and a .docx declares it without any template.

The built-in templates themselves are data, installed as ``fazhi_report/templates`` (hence this
package's other name).
"""

from __future__ import annotations

from .lookup import ENTRY, TemplateInfo, builtin_root, find_template, list_builtin
from .rendering import md_escape, render

__all__ = [
    "ENTRY",
    "TemplateInfo",
    "builtin_root",
    "find_template",
    "list_builtin",
    "md_escape",
    "render",
]
