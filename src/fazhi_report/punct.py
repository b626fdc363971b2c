"""Chinese punctuation (GB/T 15834): half-width marks next to Chinese text become full-width.

URLs, e-mail addresses, decimals (3.5), times (10:30), thousands (1,000) and standard numbers
(GB/T 9704-2012) are left exactly as they are: only a mark that touches a Chinese character is
changed.
"""

from __future__ import annotations

import re

from .patterns import lazy

#: What counts as Chinese beside a mark: the CJK ideographs, CJK and full-width punctuation, and
#: the Chinese quotes, dash and ellipsis (code point ranges, inclusive).
_CJK_RANGES = (
    (0x3400, 0x4DBF),
    (0x4E00, 0x9FFF),
    (0xF900, 0xFAFF),
    (0x3000, 0x303F),
    (0xFF00, 0xFFEF),
)
_CJK_MARKS = frozenset("\u201c\u201d\u2018\u2019\u2014\u2026")
_CJK = "".join(f"\\u{low:04x}-\\u{high:04x}" for low, high in _CJK_RANGES) + "".join(
    f"\\u{ord(c):04x}" for c in sorted(_CJK_MARKS)
)


#: A URL runs to the first space, Chinese character or character a URL cannot hold (RFC 3986);
#: an e-mail address is ASCII (“联系邮箱abc@x.cn”: the address starts at “a”). Compiled on first
#: use: a class of every Chinese character costs milliseconds to compile, and most reports hold
#: no URL.
_URL = lazy(
    rf"(?:https?|ftp)://[^\s\"<>{_CJK}]+|[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+"
)


#: Marks that end a sentence or clause rather than a URL when they come last (as autolinkers
#: read them): in “详见https://a.gov.cn/x,下同” the comma is the sentence's, and so full-width.
_URL_TRAILING = ".,:;!?'*_~"
#: Where the stand-in for a URL comes from: more characters than a facts file can hold.
_PRIVATE_USE = (range(0xE000, 0xF900), range(0xF0000, 0x10FFFE))
_SIMPLE = {",": "，", ";": "；", "?": "？", "!": "！"}
#: The marks a pass may make full-width (quotes and brackets have passes of their own).
_CHANGEABLE = frozenset({*_SIMPLE, ":", "."})
_SPECIAL_DATE = lazy(r"“(\d{1,2})[.．](\d{1,2})”")


def is_cjk(char: str) -> bool:
    """Whether ``char`` (its first character) is Chinese, as the rules read it."""
    if not char:
        return False
    code = ord(char[0])
    return any(low <= code <= high for low, high in _CJK_RANGES) or char[0] in _CJK_MARKS


def has_cjk(text: str) -> bool:
    """Whether any character of ``text`` is Chinese (a test, not a regex class of 28,000
    characters to compile)."""
    return any(map(is_cjk, text))


def fix_punctuation(text: str) -> str:
    """Return ``text`` with half-width punctuation next to Chinese characters made full-width."""
    # Without Chinese nothing is next to Chinese; this also keeps straight quotes in English text.
    if not has_cjk(text):
        return text
    # Each URL is held out as one private-use character, so the text around it is fixed as one
    # piece: brackets and quotes around a URL pair up, and no mark inside a URL is touched.
    present = set(text)
    mark = next(chr(c) for block in _PRIVATE_USE for c in block if chr(c) not in present)
    urls: list[str] = []

    def hold(match: re.Match[str]) -> str:
        url = _without_trailing(match.group())
        urls.append(url)
        return mark + match.group()[len(url) :]

    held = _URL.sub(hold, text) if "://" in text or "@" in text else text
    pieces = _Fixer(mark).fix(held).split(mark)
    return "".join(piece + url for piece, url in zip(pieces, [*urls, ""], strict=True))


def _without_trailing(url: str) -> str:
    """The URL without the marks that end the sentence after it (an unmatched ")" included)."""
    while url and (
        url[-1] in _URL_TRAILING or (url[-1] == ")" and url.count(")") > url.count("("))
    ):
        url = url[:-1]
    return url


class _Fixer:
    """The rules, with ``mark`` (a held-out URL) counting as no character at all beside a mark:
    a mark next to a URL is judged by its other side, and the space after it goes, as at the end
    of the text."""

    def __init__(self, mark: str) -> None:
        self.mark = mark

    def fix(self, text: str) -> str:
        # A mark made full-width can make its neighbour "next to Chinese" too (":," → "：，"), one
        # more at each pass for a run read right to left (",,,中"): apply the rules until nothing
        # changes, which keeps the fix idempotent. Every change is one-way (half-width to
        # full-width, a space dropped), so this ends.
        while True:
            fixed = self._once(text)
            if fixed == text:
                return text
            text = fixed

    def _once(self, text: str) -> str:
        text = _quotes(text)
        text = _parens(text)
        chars = list(text)
        for i, ch in enumerate(chars):
            if ch not in _CHANGEABLE:
                continue
            prev = self._neighbour(chars, i, -1)
            nxt = self._neighbour(chars, i, 1)
            if ch in _SIMPLE:
                if ch == "," and prev.isdigit() and nxt.isdigit():
                    continue  # 1,000; only full-width digits (１,０００) are also Chinese
                if is_cjk(prev) or is_cjk(nxt):
                    chars[i] = _SIMPLE[ch]
                    self._drop_space_after(chars, i)
            elif ch == ":":
                if is_cjk(prev) or is_cjk(nxt):
                    chars[i] = "："
                    self._drop_space_after(chars, i)
            elif ch == "." and is_cjk(prev) and (nxt in ("", "\n") or is_cjk(nxt)):
                chars[i] = "。"
                self._drop_space_after(chars, i)
        return _SPECIAL_DATE.sub(r"“\1·\2”", "".join(chars))

    def _neighbour(self, chars: list[str], i: int, step: int) -> str:
        j = i + step
        while 0 <= j < len(chars) and chars[j] == " ":
            j += step
        return chars[j] if 0 <= j < len(chars) and chars[j] != self.mark else ""

    def _drop_space_after(self, chars: list[str], i: int) -> None:
        # "如下: 内容" → "如下：内容": a full-width mark carries its own space.
        j = i + 1
        while (
            j < len(chars)
            and chars[j] == " "
            and (
                j + 1 >= len(chars)
                or chars[j + 1] == self.mark
                or is_cjk(chars[j + 1])
                or chars[j + 1].isdigit()
            )
        ):
            chars[j] = ""
            j += 1


def _quotes(text: str) -> str:
    if text.count('"') % 2:
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


_PAREN = lazy(r"\(([^()]*)\)")


def _parens(text: str) -> str:
    def repl(match: re.Match[str]) -> str:
        inner = match.group(1)
        before = text[match.start() - 1] if match.start() else ""
        after = text[match.end()] if match.end() < len(text) else ""
        if has_cjk(inner) or is_cjk(before) or is_cjk(after):
            return f"（{inner}）"
        return match.group()

    # Nested brackets convert from the inside out, one level a pass of the fixer's loop.
    return _PAREN.sub(repl, text)
