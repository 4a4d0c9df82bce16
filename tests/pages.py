"""Reading a page as a person does: its words without the markup."""

from __future__ import annotations

import html
import re


def text_of(response) -> str:
    """The page's words, without tags, entities read, runs of spaces collapsed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.get_data(as_text=True))).split())


def html_of(response) -> str:
    """The page as served (for tests that read its markup); it must have been found."""
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)
