"""Typesetting rules shared by the writers: text widths, the 禁则 and where lines break.

Format-neutral: widths are counted in full-width characters on the 28-character grid of
:mod:`fazhi_report.layout`, so the .docx writer estimates lines and pages with them and the .docx
and .html writers break a long title (梯形/菱形) at the same places.
"""

from __future__ import annotations

import functools
import math
import re

from . import layout
from .patterns import lazy

# Characters Word would otherwise draw with the Latin font (they sit in ranges shared by both
# scripts): they are full-width in a Chinese report, so they count as one character.
AMBIGUOUS = frozenset("“”‘’—…·")
# Line-breaking rules (禁则) the estimate follows: what may not begin a line and what may not end one.
NO_LINE_START = frozenset("，。、；：？！）》」』】〕〉”’…—·%,.;:?!)]}")
NO_LINE_END = frozenset("（《「『【〔〈“‘([{")
# Marks Word (w:overflowPunct, on by default) and LibreOffice let hang past the right margin
# rather than pushing the character before them down.
HANGING = frozenset("，。、；：？！,.")


# ---------------------------------------------------------------------------------------------
# Widths, on the 28-character grid


def text_width(text: str) -> float:
    """Display width of ``text`` in full-width characters (ASCII counts ½)."""
    narrow = sum(1 for ch in text if ord(ch) < 0x2000 and ch not in AMBIGUOUS)
    return len(text) - narrow / 2


def latin_width(text: str) -> float:
    """Width in full-width characters of digits, “.” and spaces in Times New Roman."""
    return sum(
        layout.LATIN_DIGIT_WIDTH if ch.isdigit() else layout.LATIN_NARROW_WIDTH for ch in text
    )


def line_chars(style: layout.TextStyle) -> float:
    """How many characters of ``style`` a full line holds (28 三号, 32 四号 …)."""
    return layout.PAGE.chars_per_line * layout.SIZE_SAN / style.size_pt


_TOKEN = lazy(r"[A-Za-z0-9%.\-+/:]+|.", re.DOTALL)


def estimate_lines(text: str, first_indent: float = 0.0, width: float | None = None) -> int:
    """Lines ``text`` takes in a paragraph ``width`` characters wide (default: the 28-char grid).

    A greedy fill that keeps Latin words and numbers whole and follows the 禁则: a comma or full
    stop that does not fit hangs past the margin, another closing mark never begins a line (the
    character before it goes down with it) and an opening mark never ends one. An estimate:
    LibreOffice adds a little space around digits, so lines with many of them may differ.
    """
    avail = float(layout.PAGE.chars_per_line) if width is None else width
    lines, x = 1, first_indent
    previous_width = 0.0
    previous = ""
    for token in _TOKEN.findall(text):
        w = text_width(token)
        if x + w <= avail or (token in HANGING and x <= avail):
            x += w
        else:
            lines += 1
            # 禁则: the character before a closing mark, or an opening mark, goes down too.
            kept_together = token[0] in NO_LINE_START or previous in NO_LINE_END
            x = previous_width + w if kept_together else w
        previous_width, previous = w, token[-1]
    return lines


# ---------------------------------------------------------------------------------------------
# Title lines (梯形/菱形)

_TITLE_BREAKS: tuple[tuple[str, float], ...] = (
    # (where, penalty): “|” marks the break; the lower the penalty, the more natural the break.
    (" ", 0.0),  # between two issuing organs' names
    ("|关于", 0.0),  # the 事由 starts with 关于
    ("关于|", 0.5),
    ("|暨", 0.5),
    ("|和", 1.5),
    ("|及", 1.5),
    ("|的报告", 1.0),
    ("年度|", 2.0),
    ("的|", 2.0),
    ("、|", 2.0),
)
_TITLE_ANY_BREAK = 6.0


def title_max_chars() -> int:
    """How many 二号 title characters the 版心 holds on one line (20)."""
    return math.floor(layout.PAGE.text_width_twips / (layout.TITLE.size_pt * layout.TWIPS_PER_PT))


def title_lines(title: str, max_chars: float | None = None) -> list[str]:
    """Break a long title into lines of about equal width at natural points (梯形/菱形).

    Each line holds at most ``max_chars`` (default: as many 二号 characters as the 版心 holds).
    The split minimises how far each line is from the average width plus a penalty for breaking
    anywhere but a natural point (between two organs' names, before 关于 …).
    """
    return list(_title_lines(title, max_chars))


@functools.lru_cache(maxsize=64)
def _title_lines(title: str, max_chars: float | None) -> tuple[str, ...]:
    # Cached: the .docx and the web page of one report break the same title.
    if max_chars is None:
        max_chars = title_max_chars()
    title = title.strip()
    total = text_width(title)
    if total <= max_chars:
        return (title,)
    breaks = _title_break_points(title)
    for count in range(math.ceil(total / max_chars), len(title) + 1):
        lines = _split_title(title, breaks, count, max_chars)
        if lines:
            return tuple(lines)
    return (title,)


def _widths_between(title: str, bounds: list[int]) -> list[list[float]]:
    """``text_width`` of ``title[bounds[i]:bounds[j]].strip()`` for every ``i < j``, from
    running sums (each width once, not once for every line count and start tried)."""
    running = [0.0]
    for ch in title:
        running.append(running[-1] + text_width(ch))
    widths = [[0.0] * len(bounds) for _ in bounds]
    for i, start in enumerate(bounds):
        for j in range(i + 1, len(bounds)):
            a, b = start, bounds[j]
            while a < b and title[a].isspace():
                a += 1
            while b > a and title[b - 1].isspace():
                b -= 1
            widths[i][j] = running[b] - running[a]
    return widths


def _title_break_points(title: str) -> dict[int, float]:
    """Position → penalty of breaking before ``title[position]``."""
    points: dict[int, float] = {}
    for i in range(1, len(title)):
        before, after = title[i - 1], title[i]
        if before.isascii() and after.isascii() and before.isalnum() and after.isalnum():
            continue  # never inside a number or a Latin word
        if after in NO_LINE_START or before in NO_LINE_END:
            continue
        penalty = _TITLE_ANY_BREAK
        for pattern, cost in _TITLE_BREAKS:
            if pattern == " ":
                hit = " " in (before, after)
            else:
                left, _, right = pattern.partition("|")
                hit = title.endswith(left, 0, i) and title.startswith(right, i)
            if hit:
                penalty = min(penalty, cost)
        points[i] = penalty
    return points


def _split_title(
    title: str, breaks: dict[int, float], count: int, max_chars: float
) -> list[str] | None:
    """The best ``count``-line split (dynamic programming over the allowed break points)."""
    target = text_width(title) / count
    bounds = [0, *sorted(breaks), len(title)]
    width = _widths_between(title, bounds)
    inf = math.inf
    # best[k][j]: cost of setting title[:bounds[j]] as k lines; back[k][j]: where line k starts.
    best = [[inf] * len(bounds) for _ in range(count + 1)]
    back = [[0] * len(bounds) for _ in range(count + 1)]
    best[0][0] = 0.0
    for k in range(1, count + 1):
        for j in range(1, len(bounds)):
            for i in range(j):
                if best[k - 1][i] == inf:
                    continue
                line = width[i][j]
                if line > max_chars or line == 0:
                    continue
                cost = best[k - 1][i] + abs(line - target)
                if j < len(bounds) - 1:
                    cost += breaks[bounds[j]]
                if cost < best[k][j]:
                    best[k][j], back[k][j] = cost, i
    end = len(bounds) - 1
    if best[count][end] == inf:
        return None
    lines: list[str] = []
    j = end
    for k in range(count, 0, -1):
        i = back[k][j]
        lines.append(title[bounds[i] : bounds[j]].strip())
        j = i
    return lines[::-1]
