"""The check's rules, one module per concern (page set-up, text, footer, 版头 and 版记,
content), and
:data:`RULES`, the order they run and print in."""

from __future__ import annotations

from .base import Audit, Rule, Verdict
from .content import date, mandated, numbering, punctuation
from .footer import page_numbers
from .marks import end_matter, header
from .page import char_grid, line_grid, margins, page_size
from .text import fonts, indent, quote_fonts, theme_fonts

RULES: tuple[Rule, ...] = (
    page_size,
    margins,
    line_grid,
    char_grid,
    fonts,
    theme_fonts,
    quote_fonts,
    indent,
    page_numbers,
    header,
    end_matter,
    date,
    punctuation,
    numbering,
    mandated,
)

__all__ = ["RULES", "Audit", "Rule", "Verdict"]
