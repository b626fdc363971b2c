"""Chinese punctuation (GB/T 15834): half-width marks next to Chinese text become full-width.

URLs, decimals (3.5), times (10:30), thousands (1,000) and standard numbers (GB/T 9704-2012) are
left exactly as they are: only a mark that touches a Chinese character is changed.
"""

from __future__ import annotations

import re

_CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef\u201c\u201d\u2018\u2019\u2014\u2026"
_PROTECT = re.compile(
    r"(?:https?|ftp)://[^\s\u3000-\u303f\uff00-\uffef\u4e00-\u9fff]+|[\w.+-]+@[\w-]+\.[\w.-]+"
)
_SIMPLE = {",": "，", ";": "；", "?": "？", "!": "！"}
_IS_CJK = re.compile(f"[{_CJK}]")
_SPECIAL_DATE = re.compile(r"“(\d{1,2})[.．](\d{1,2})”")


def is_cjk(char: str) -> bool:
    return bool(char) and bool(_IS_CJK.match(char))


def fix_punctuation(text: str) -> str:
    """Return ``text`` with half-width punctuation next to Chinese characters made full-width."""
    if not _IS_CJK.search(text):
        return text
    pieces: list[str] = []
    last = 0
    for match in _PROTECT.finditer(text):
        pieces.append(_fix(text[last : match.start()]))
        pieces.append(match.group())
        last = match.end()
    pieces.append(_fix(text[last:]))
    return "".join(pieces)


def _fix(text: str) -> str:
    # A mark made full-width can make its neighbour "next to Chinese" too (":," → "：，"), so
    # apply the rules until nothing changes; that keeps the fix idempotent.
    for _ in range(8):
        fixed = _fix_once(text)
        if fixed == text:
            break
        text = fixed
    return text


def _fix_once(text: str) -> str:
    text = _quotes(text)
    text = _parens(text)
    chars = list(text)
    for i, ch in enumerate(chars):
        prev = _neighbour(chars, i, -1)
        nxt = _neighbour(chars, i, 1)
        if ch in _SIMPLE:
            if ch == "," and prev.isdigit() and nxt.isdigit():
                continue
            if is_cjk(prev) or is_cjk(nxt):
                chars[i] = _SIMPLE[ch]
                _drop_space_after(chars, i)
        elif ch == ":":
            if is_cjk(prev) or (is_cjk(nxt) and not prev.isdigit()):
                chars[i] = "："
                _drop_space_after(chars, i)
        elif ch == "." and is_cjk(prev) and (nxt == "" or is_cjk(nxt) or nxt in " \n"):
            if i + 2 < len(chars) and chars[i + 1] == "." and chars[i + 2] == ".":
                continue
            chars[i] = "。"
            _drop_space_after(chars, i)
    return _SPECIAL_DATE.sub(r"“\1·\2”", "".join(chars))


def _neighbour(chars: list[str], i: int, step: int) -> str:
    j = i + step
    while 0 <= j < len(chars) and chars[j] == " ":
        j += step
    return chars[j] if 0 <= j < len(chars) else ""


def _drop_space_after(chars: list[str], i: int) -> None:
    # "如下: 内容" → "如下：内容": a full-width mark carries its own space.
    j = i + 1
    while (
        j < len(chars)
        and chars[j] == " "
        and (j + 1 >= len(chars) or is_cjk(chars[j + 1]) or chars[j + 1].isdigit())
    ):
        chars[j] = ""
        j += 1


def _quotes(text: str) -> str:
    if text.count('"') == 0 or text.count('"') % 2:
        return text
    out = []
    opening = True
    for ch in text:
        if ch == '"':
            out.append("“" if opening else "”")
            opening = not opening
        else:
            out.append(ch)
    return "".join(out)


_PAREN = re.compile(r"\(([^()]*)\)")


def _parens(text: str) -> str:
    def repl(match: re.Match[str]) -> str:
        inner = match.group(1)
        before = text[match.start() - 1] if match.start() else ""
        after = text[match.end()] if match.end() < len(text) else ""
        if _IS_CJK.search(inner) or is_cjk(before) or is_cjk(after):
            return f"（{inner}）"
        return match.group()

    previous = None
    while previous != text:
        previous = text
        text = _PAREN.sub(repl, text)
    return text
