"""The facts file as YAML text that the form edits: new values in, the file's text out, with every
line the clerk did not touch left as it was (comments, blank lines, key order, quoting).

ruamel.yaml's round-trip mode keeps comments, order and quotes; three things are added here:

- **Every scalar is text**, as the project's loader reads it (``load/``): the resolver knows only
  the nulls the loader knows (``~``, ``null``, an empty value), so ``2024`` stays plain and a clerk
  who types ``null`` gets it quoted.
- **Values are merged into the existing nodes** (:func:`sync`): an unchanged value keeps its node
  and style; list items that moved keep their nodes, so comments travel with them.
- **Only the edited lines change** (:func:`merge`): ruamel re-spaces a few things it reads (``[甲,  乙]``,
  ``键:    值``, ``---``). Its output for the unedited document is diffed against its output for the
  edited one, and only those changed lines are applied to the clerk's original text.

:meth:`YamlDoc.render` checks its result by reading it back with the project's own loader: the
data must be exactly what the form holds, or nothing is returned for writing.
"""

from __future__ import annotations

import difflib
import io
import json
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import CommentMark, YAMLError
from ruamel.yaml.resolver import VersionedResolver
from ruamel.yaml.scalarstring import (
    DoubleQuotedScalarString,
    LiteralScalarString,
    SingleQuotedScalarString,
)
from ruamel.yaml.tokens import CommentToken
from ruamel.yaml.util import load_yaml_guess_indent

from ..errors import FactsError
from ..load import parse_text

#: The loader's nulls (``load/builder.py``): plain ``~``, ``null``, ``Null``, ``NULL`` or nothing.
_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_NULL_TAG = "tag:yaml.org,2002:null"


class TextResolver(VersionedResolver):
    """Plain scalars are text, except the nulls; no ints, floats, booleans or dates."""

    @property
    def versioned_resolver(self) -> dict[Any, list[tuple[str, re.Pattern[str]]]]:
        return {first: [(_NULL_TAG, _NULL)] for first in ("", "~", "n", "N")}


class NotEditable(Exception):
    """The text cannot be edited as a form (the page falls back to editing the text itself)."""


def _yaml(indent: tuple[int, int, int] = (2, 4, 2)) -> YAML:
    yaml = YAML(typ="rt")
    yaml.Resolver = TextResolver
    yaml.preserve_quotes = True
    yaml.width = 1 << 16  # never fold a clerk's long line
    yaml.allow_unicode = True
    mapping, sequence, offset = indent
    yaml.indent(mapping=mapping, sequence=sequence, offset=offset)
    return yaml


def plain(node: Any) -> Any:
    """A ruamel node as the project's loader reads it: dicts, lists, text and None."""
    if isinstance(node, dict):
        return {str(k): plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [plain(v) for v in node]
    if node is None:
        return None
    return str(node)


class YamlDoc:
    """One facts file's text and its round-trip document; :meth:`render` gives the edited text."""

    def __init__(self, text: str, path: Path) -> None:
        self.path = path
        self.original = text
        self.indent = guess_indent(text)
        try:
            self.doc = _yaml(self.indent).load(text)
        except YAMLError as exc:
            raise NotEditable(str(exc)) from None
        if not isinstance(self.doc, CommentedMap):
            raise NotEditable("not a mapping")
        self.base = self._dump()

    def data(self) -> dict[str, Any]:
        value = plain(self.doc)
        assert isinstance(value, dict)
        return value

    def render(self, data: dict[str, Any]) -> str:
        """The file's text holding ``data``.

        It reads back through the loader as ``data`` exactly; or, where the clerk typed what the
        loader refuses (a key with a full-width colon, say), the loader says so with its own
        message, as ``validate`` would for that file. Otherwise :class:`NotEditable` (a bug: the
        caller writes nothing).
        """
        sync(self.doc, data)
        edited = self._dump()
        merged = [merge(self.original, self.base, edited, by_line=b) for b in (True, False)]
        for text in (*merged, edited):
            if _reads_as(text, data, self.path):
                return text
        if _refused(edited, self.path):
            return edited
        raise NotEditable("the edited text does not read back as the form's values")

    def _dump(self) -> str:
        out = io.StringIO()
        _yaml(self.indent).dump(self.doc, out)
        return out.getvalue()


def guess_indent(text: str) -> tuple[int, int, int]:
    """(mapping, sequence, offset) indentation as the file writes it; the project's own files
    (init, import, the examples) use 2, 4, 2: ``主要举措:`` then ``  - 标题:``."""
    try:
        _, indent, offset = load_yaml_guess_indent(text)
    except Exception:  # any file the guess cannot read is refused by the load that follows
        return (2, 4, 2)
    if not isinstance(indent, int) or not isinstance(offset, int) or indent < 2:
        return (2, 4, 2)
    mapping = indent if offset == 0 else max(2, indent - offset)
    return (mapping, indent, offset)


def _reads_as(text: str, data: dict[str, Any], path: Path) -> bool:
    try:
        return parse_text(text, path).data == data
    except FactsError:
        return False


def _refused(text: str, path: Path) -> bool:
    """Whether the loader finds a problem in ``text`` (which explains what it did not read)."""
    try:
        return bool(parse_text(text, path).problems)
    except FactsError:
        return True


# --- new values into the document ------------------------------------------------------------


def sync(node: Any, new: Any) -> Any:
    """``new`` (plain data) as a node, reusing ``node`` and its comments where they still fit."""
    if isinstance(new, dict):
        if isinstance(node, CommentedMap):
            _sync_map(node, new)
            return node
        return _node(new)
    if isinstance(new, list):
        if isinstance(node, CommentedSeq):
            _sync_seq(node, new)
            return node
        return _node(new)
    if not isinstance(node, dict | list) and plain(node) == new:
        return node  # unchanged: keeps its quotes and block style
    return _scalar(new, node)


def _sync_map(node: CommentedMap, new: dict[str, Any]) -> None:
    for key in [k for k in node if str(k) not in new]:
        _remove(node, key)
    existing = {str(k): k for k in node}
    previous: Any = None  # the key before, in the form's order, that the map has
    for name, value in new.items():
        if name in existing:
            key = existing[name]
            node[key] = sync(node[key], value)
        else:
            key = name
            _insert_after(node, previous, key, _node(value))
        previous = key


def _remove(node: CommentedMap, key: Any) -> None:
    keys = list(node)
    tail = _detach_tail(node, key)
    del node[key]
    node.ca.items.pop(key, None)  # ruamel keeps it, for a key of that name added later
    before = keys.index(key) - 1
    if tail and before >= 0:  # the lines below a removed entry stay where they were
        _attach_tail(node, keys[before], tail)


def _insert_after(node: CommentedMap, previous: Any, key: str, value: Any) -> None:
    """A new entry goes right under the one before it, above that one's blank line."""
    where = 0 if previous is None else list(node).index(previous) + 1
    tail = "" if previous is None else _detach_tail(node, previous)
    node.insert(where, key, value)
    if tail:
        _attach_tail(node, key, tail)


def _sync_seq(node: CommentedSeq, new: list[Any]) -> None:
    """Items the form kept or moved keep their nodes (and comments); edited ones are synced into
    the node they replace; the rest are new."""
    chosen = _pairing([_fingerprint(plain(item)) for item in node], [_fingerprint(v) for v in new])
    # The lines below the list (a blank line before the next key) stay below it.
    tail = _detach_tail(node, len(node) - 1) if len(node) else ""
    items = [
        _node(value) if index is None else sync(node[index], value)
        for index, value in zip(chosen, new, strict=True)
    ]
    comments = {
        j: node.ca.items[index]
        for j, index in enumerate(chosen)
        if index is not None and index in node.ca.items
    }
    list.clear(node)
    list.extend(node, items)
    node.ca.items.clear()
    node.ca.items.update(comments)
    if tail and len(node):
        _attach_tail(node, len(node) - 1, tail)


def _pairing(old: list[str], wanted: list[str]) -> list[int | None]:
    """For each wanted item, the old item whose node it takes (None: a new node).

    Unchanged runs pair up in order, an edited item takes the node of the one it replaced, and
    an item that moved finds its old node wherever it was.
    """
    chosen: list[int | None] = [None] * len(wanted)
    for tag, i1, i2, j1, j2 in _opcodes(old, wanted):
        if tag in ("equal", "replace"):
            for offset in range(min(i2 - i1, j2 - j1)):
                chosen[j1 + offset] = i1 + offset
    free = set(range(len(old))) - {i for i in chosen if i is not None}
    for j, fingerprint in enumerate(wanted):
        index = chosen[j]
        if index is not None and old[index] == fingerprint:
            continue
        match = next((i for i in sorted(free) if old[i] == fingerprint), None)
        if match is not None:
            if index is not None:
                free.add(index)
            chosen[j] = match
            free.discard(match)
    return chosen


# --- comment lines below an entry ------------------------------------------------------------
#
# ruamel keeps the blank lines and full-line comments below an entry in the comment token of the
# entry's last scalar, after its end-of-line comment. When an entry is added after it (or the
# entry is removed), those lines belong below the new last entry, not between the two.

#: Where a map entry's (slot 2) and a list item's (slot 0) end-of-line comment token is kept.
_SLOT = {True: 2, False: 0}


def _leaf(node: Any, key: Any) -> tuple[dict[Any, Any], Any, int]:
    """The comment table, key and slot of the token after the last scalar of ``node[key]``."""
    value = node[key]
    if isinstance(value, CommentedMap | CommentedSeq) and len(value):
        last = list(value)[-1] if isinstance(value, CommentedMap) else len(value) - 1
        return _leaf(value, last)
    return node.ca.items, key, _SLOT[isinstance(node, CommentedMap)]


def _detach_tail(node: Any, key: Any) -> str:
    """Remove and return the lines after the end-of-line part of ``node[key]``'s token."""
    table, where, slot = _leaf(node, key)
    tokens = table.get(where)
    token = tokens[slot] if tokens and len(tokens) > slot else None
    if not isinstance(token, CommentToken) or "\n" not in token.value:
        return ""
    line, _, rest = token.value.partition("\n")
    token.value = line + "\n"
    return rest


def _attach_tail(node: Any, key: Any, tail: str) -> None:
    table, where, slot = _leaf(node, key)
    tokens = table.setdefault(where, [None, None, None, None])
    while len(tokens) <= slot:
        tokens.append(None)
    token = tokens[slot]
    if isinstance(token, CommentToken):
        token.value += tail
    else:
        tokens[slot] = CommentToken("\n" + tail, CommentMark(0), None)


def _fingerprint(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=False)


def _node(value: Any) -> Any:
    if isinstance(value, dict):
        mapping = CommentedMap()
        for key, item in value.items():
            mapping[str(key)] = _node(item)
        return mapping
    if isinstance(value, list):
        return CommentedSeq(_node(item) for item in value)
    return _scalar(value, None)


_QUOTED = (DoubleQuotedScalarString, SingleQuotedScalarString)


def _scalar(value: Any, like: Any) -> Any:
    """A new value in the style of the one it replaces: quoted stays quoted, ``|`` stays ``|``."""
    if value is None:
        return None
    text = str(value)
    if isinstance(like, _QUOTED) and "\n" not in text:
        return type(like)(text)
    if "\n" in text:
        # A block keeps each line as typed; the emitter quotes instead where a block cannot.
        return LiteralScalarString(text)
    return text  # a folded (``>``) value typed anew is plain: folding would change its lines


# --- only the edited lines -------------------------------------------------------------------


def merge(original: str, base: str, edited: str, *, by_line: bool = True) -> str:
    """``edited`` − ``base`` applied to ``original``: the lines the edit changed in ruamel's
    rendering, everything else as the clerk's file has it.

    ``base`` is ruamel's rendering of ``original`` unedited; where the two agree (the usual case:
    the project's own files come back byte for byte) the result is ``edited`` itself. Where
    ruamel re-spaced a stretch of lines, ``by_line`` pairs them line for line (one edited line
    among re-spaced ones); otherwise an edit inside the stretch takes it as ruamel writes it
    (re-indented lines cannot be mixed with the clerk's). :meth:`YamlDoc.render` tries both.
    """
    if original == base:
        return edited
    ours, theirs, new = _lines(original), _lines(base), _lines(edited)
    chunks = _chunks(theirs, ours, by_line)
    out: list[str] = []
    for tag, i1, i2, j1, j2 in _opcodes(theirs, new):
        if tag == "equal":
            out.extend(_unedited(chunks, theirs, ours, i1, i2))
        else:
            out.extend(new[j1:j2])
    return "".join(out)


def _lines(text: str) -> list[str]:
    return text.splitlines(keepends=True)


def _opcodes(a: Sequence[str], b: Sequence[str]) -> list[tuple[str, int, int, int, int]]:
    return list(difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes())


#: A piece of ruamel's rendering (lines i1:i2) and the clerk's lines (j1:j2) it stands for.
_Chunk = tuple[int, int, int, int]


def _chunks(base: Sequence[str], original: Sequence[str], by_line: bool) -> list[_Chunk]:
    """Lines one by one where ruamel wrote as many as the clerk; any other stretch it re-wrote
    (or left out) as one chunk."""
    chunks: list[_Chunk] = []
    for tag, i1, i2, j1, j2 in _opcodes(base, original):
        if tag == "equal" or (by_line and tag == "replace" and i2 - i1 == j2 - j1):
            # line for line (re-spaced lines too: one edited line leaves its neighbours alone)
            chunks += [(i1 + k, i1 + k + 1, j1 + k, j1 + k + 1) for k in range(i2 - i1)]
        else:
            chunks.append((i1, i2, j1, j2))
    return chunks


def _unedited(
    chunks: Sequence[_Chunk], base: Sequence[str], original: Sequence[str], start: int, end: int
) -> list[str]:
    """The clerk's lines for ruamel's unedited lines ``start:end``; a re-spaced stretch that the
    edit cut into is left as ruamel writes it."""
    out: list[str] = []
    for i1, i2, j1, j2 in chunks:
        if i1 == i2:  # lines only the clerk's file has (ruamel dropped them): keep them here
            if start <= i1 < end or i1 == end == len(base):
                out.extend(original[j1:j2])
        elif start <= i1 and i2 <= end:
            out.extend(original[j1:j2])
        elif i1 < end and start < i2:
            out.extend(base[max(i1, start) : min(i2, end)])
    return out
