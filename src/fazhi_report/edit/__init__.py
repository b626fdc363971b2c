"""``fazhi-report edit``: the facts file as a form in the local browser, the report beside it.

By concern:

- ``opening``: what a path opens as (a facts file; a new one from ``init``'s sample; a report
  imported first);
- ``yamldoc``: the form's values back into the file's own text, only the edited lines changed
  (ruamel.yaml round trip, every scalar text as the loader reads it);
- ``session``: one open file — checking it as ``validate`` and ``build`` do, the html preview,
  saving (atomic, ``.bak``, refused when the file changed on disk), building through
  ``batch.build_file``;
- ``notes``: a problem or warning → the field it is about (one function);
- ``form``: the fields the page draws, read from the facts model's JSON Schema;
- ``server``: the local HTTP server and its guards (token, Host, Origin); ``static/`` the page.

Nothing here prints: the CLI's ``edit`` command shows the address and stops the server on Ctrl+C.
None of this is imported by any other command.
"""

from __future__ import annotations

from .server import Editor, start

__all__ = ["Editor", "start"]
