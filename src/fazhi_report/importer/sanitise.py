"""Characters a facts file cannot hold, taken out of the imported text with a warning each.

Control characters (Word's manual line break ``\\x0b``, cell marks, form feeds) and zero-width
characters are invisible in the report and refused by the facts loader; removing them changes
nothing a reader sees, and the warning names the paragraph in case one stood for a break.
"""

from __future__ import annotations

import dataclasses

from ..load.slips import BAD_CHAR, ZERO_WIDTH
from .sources import Para


def sanitised(paragraphs: list[Para]) -> tuple[list[Para], list[str]]:
    """The paragraphs without invisible characters, and a warning per paragraph that had any."""
    out: list[Para] = []
    warnings: list[str] = []
    for para in paragraphs:
        clean = ZERO_WIDTH.sub("", BAD_CHAR.sub("", para.text)).strip()
        if clean != para.text:
            warnings.append(f"{para.describe()}含有不可见的控制字符，已删除")
        if clean:
            out.append(dataclasses.replace(para, text=clean))
    return out, warnings
