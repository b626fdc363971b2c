"""The page estimate: on which page of the 22-line grid each item of the body starts."""

from __future__ import annotations

from collections.abc import Sequence

from ... import layout
from .wordml import Item, Para


def estimate_pages(items: Sequence[Item]) -> list[int]:
    """Page (from 1) on which each item starts, on the 22-line grid.

    Follows keep-with-next the way LibreOffice 7.4 was measured to: a chain of keep-with-next
    paragraphs and the first line of the paragraph after it move to the next page whole when
    they would straddle a page break and fit on one page (Word may move fewer lines).
    """
    per_page = layout.PAGE.lines_per_page
    pages: list[int] = []
    line = 0  # grid lines used so far, counted from the top of page 1
    for index, item in enumerate(items):
        if isinstance(item, Para) and item.page_break_before and line % per_page:
            line += per_page - line % per_page
        if _keeps(item):
            chain = 0
            for follower in items[index:]:
                if _keeps(follower):
                    chain += follower.lines
                else:
                    chain += min(1, follower.lines)
                    break
            room = per_page - line % per_page
            if room < chain <= per_page:
                line += room
        pages.append(line // per_page + 1)
        line += item.lines
    return pages


def _keeps(item: Item) -> bool:
    return isinstance(item, Para) and (item.keep_next or item.style.keep_next)
