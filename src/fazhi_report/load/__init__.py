"""Stage 1, load: bytes on disk → plain data (dicts, lists, strings) with the position of every node.

Every scalar comes back as the exact text the clerk typed (a ``str``): YAML 1.1's implicit typing
(``012`` → 10, ``5.20`` → 5.2, ``on`` → True) never gets a chance to change a fact. The facts
model parses numbers, dates and quantities from that text itself.

The clerks who write these files use Chinese input methods, Windows editors and Word, so this
stage expects their typical slips and names each one: GBK files (read, with a warning), full-width
``：`` and spaces, tabs, duplicated keys in a copied file, invisible characters pasted from Word.
It never constructs Python objects from tags (``!!python/object`` is an error, never run), never
expands aliases, and bounds size, nesting and node count so a hostile file fails in well under a
second.

Problems that do not stop parsing (a duplicated key, a tag, a stray control character) are kept
in :attr:`Source.problems` and reported together with the model's problems by
:func:`fazhi_report.validate.validate_source`; only a YAML syntax error, an unreadable file or a
file that is not a mapping at all stop here.

By concern:

- ``source``: :class:`Source` (the result), paths as a clerk reads them, line and column of a
  byte offset or a text index;
- ``encoding``: reading the file within :data:`MAX_BYTES`, and bytes → text (encodings, files that
  are not text at all);
- ``builder``: the YAML event stream → data and positions, the depth and node limits, libyaml
  where it agrees with the pure-Python parser;
- ``slips``: the clerks' slips (full-width colon or space, a colon without a space, tabs,
  invisible characters) and PyYAML's syntax errors in Chinese, each with its hint;
- ``reader``: the entry points, :func:`read_source` and :func:`parse_text`;
- ``discover``: the facts files named, or found in folders (:func:`expand`).
"""

from __future__ import annotations

from .builder import FAST_LOADER, MAX_DEPTH, fast_loader_fits
from .discover import (
    FACTS_SUFFIXES,
    FolderTooLarge,
    Found,
    expand,
    files_in,
    is_facts_name,
    looks_like_facts,
)
from .encoding import MAX_BYTES, decode
from .reader import parse_text, read_source
from .slips import HINT_FULLWIDTH_COLON, HINT_FULLWIDTH_SPACE, value_slip
from .source import Path_, Source

__all__ = [
    "FACTS_SUFFIXES",
    "FAST_LOADER",
    "HINT_FULLWIDTH_COLON",
    "HINT_FULLWIDTH_SPACE",
    "MAX_BYTES",
    "MAX_DEPTH",
    "FolderTooLarge",
    "Found",
    "Path_",
    "Source",
    "decode",
    "expand",
    "fast_loader_fits",
    "files_in",
    "is_facts_name",
    "looks_like_facts",
    "parse_text",
    "read_source",
    "value_slip",
]
