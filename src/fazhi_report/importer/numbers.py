"""The 序次语 a heading starts with, and the rank each kind has among the others.

公文 nest 一、 > （一） > 1. > （1）; reports also use 第一部分 above them, ① below, and the
one-character forms ㈠ and ⑴, “1）” for （1）. Word's automatic numbering reads the same, since
the reader puts the label Word draws in front of the text. The lenient patterns of
:mod:`fazhi_report.conventions` (a mark written wrong is still a mark) are the first four.
"""

from __future__ import annotations

from ..conventions import H1, H2, H3, H4
from ..patterns import lazy

PART, CN, PAREN_CN, ARABIC, PAREN_ARABIC, CIRCLED = 0, 1, 2, 3, 4, 5
_PART = lazy(r"^第([一二三四五六七八九十]{1,3})(?:部分|章|篇)\s*[：:、.．]?\s*")
_CIRCLED = lazy(r"^([①②③④⑤⑥⑦⑧⑨⑩])\s*")
# ㈠㈡ (one character for （一）), ⑴⑵ and “1）” (one for （1）).
_PAREN_CN_CHAR = lazy(r"^([㈠㈡㈢㈣㈤㈥㈦㈧㈨㈩])\s*")
_PAREN_ARABIC_OTHER = lazy(r"^(?:([⑴⑵⑶⑷⑸⑹⑺⑻⑼⑽])|(\d{1,2})[)）])\s*")
_AFTER_NUMBER = lazy(r"^[、.．\s]+")


def numbering(text: str) -> tuple[int, str] | None:
    """(rank, text after the number) for a paragraph that starts with a 序次语, else None."""
    for rank, pattern in (
        (PART, _PART),
        (CN, H1),
        (PAREN_CN, H2),
        (PAREN_CN, _PAREN_CN_CHAR),
        (ARABIC, H3),
        (PAREN_ARABIC, H4),
        (PAREN_ARABIC, _PAREN_ARABIC_OTHER),
        (CIRCLED, _CIRCLED),
    ):
        match = pattern.match(text)
        if match:
            rest = text[match.end() :]
            if rank in (PAREN_CN, PAREN_ARABIC):
                rest = _AFTER_NUMBER.sub("", rest, count=1)  # “（一）、” is still （一）
            return rank, rest.strip()
    return None


def is_numbered(text: str) -> bool:
    return numbering(text) is not None
