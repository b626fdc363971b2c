"""Characters XML 1.0 cannot hold (so neither can a .docx): one pattern for every stage.

The loader reports them by line and field, the model refuses them in data that does not come from
a file, and the writer drops any that still arrive rather than let lxml fail mid-write.
"""

from __future__ import annotations

from .patterns import lazy

#: The ranges, for patterns that refuse these and more (the loader adds what YAML mishandles).
XML_INVALID_RANGES = "\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff"
XML_INVALID = lazy(f"[{XML_INVALID_RANGES}]")


def invisible_character(text: str) -> str | None:
    """The Chinese message for the first character XML cannot hold in ``text``, or None."""
    bad = XML_INVALID.search(text)
    if bad is None:
        return None
    return f"含有不可见的控制字符 U+{ord(bad.group()):04X}（多见于从网页或 Word 粘贴），请删除"
