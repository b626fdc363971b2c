"""The imported text made fit for a facts file, each change with a warning naming the paragraph.

Control characters (Word's manual line break ``\\x0b``, cell marks, form feeds) and zero-width
characters are invisible in the report and refused by the facts loader; removing them changes
nothing a reader sees. A paragraph that is only a number (“一、” typed on its own line, or an
empty paragraph Word numbers) belongs to the text after it.
"""

from __future__ import annotations

from msgspec import structs

from ..errors import Problem
from ..load.slips import BAD_CHAR, ZERO_WIDTH
from .numbers import numbering
from .sources import Para


def sanitised(paragraphs: list[Para]) -> tuple[list[Para], list[Problem]]:
    """The paragraphs without invisible characters, and a warning per paragraph that had any."""
    out: list[Para] = []
    warnings: list[Problem] = []
    for para in paragraphs:
        clean = ZERO_WIDTH.sub("", BAD_CHAR.sub("", para.text)).strip()
        if clean != para.text:
            warnings.append(Problem.about("", f"{para.describe()}含有不可见的控制字符，已删除"))
        if clean:
            out.append(structs.replace(para, text=clean))
    return _joined_numbers(out, warnings), warnings


def _joined_numbers(paragraphs: list[Para], warnings: list[Problem]) -> list[Para]:
    out: list[Para] = []
    for para in paragraphs:
        last = out[-1] if out else None
        if last is not None and _only_a_number(last) and last.cell == para.cell:
            if numbering(para.text) is None:
                out[-1] = structs.replace(para, text=last.text + para.text)
                continue
            warnings.append(Problem.about("", f"{last.describe()}只有编号，没有文字，未导入"))
            out.pop()
        out.append(para)
    if out and _only_a_number(out[-1]):
        warnings.append(Problem.about("", f"{out[-1].describe()}只有编号，没有文字，未导入"))
        out.pop()
    return out


def _only_a_number(para: Para) -> bool:
    found = numbering(para.text)
    return found is not None and not found[1].strip("。.：:，, ")
