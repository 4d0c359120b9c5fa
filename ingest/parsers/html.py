"""HTML reports (a saved government web page): keep the article, drop site chrome, tables as tab rows."""

from __future__ import annotations

import re
from pathlib import Path

from assistant.core.errors import MissingDependencyError
from assistant.core.settings import Settings
from ingest.parsers import table_lines
from ingest.parsers.txt import decode_bytes
from ingest.tables import span_grid

_CHROME_TAGS = ("script", "style", "nav", "header", "footer", "aside", "form", "noscript", "iframe", "button", "select")
_CHROME_NAMES = re.compile(r"nav|menu|breadcrumb|crumb|footer|header|sidebar|share|toolbar|banner|topbar|bottom", re.IGNORECASE)
_CONTENT_NAMES = re.compile(r"article|content|zoom|trs_editor|detail|main|text|zw", re.IGNORECASE)
_BLOCKS = ("p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "section", "article", "main", "blockquote", "pre", "title")


def _names(tag) -> str:
    attrs = getattr(tag, "attrs", None) or {}
    return " ".join([attrs.get("id") or "", *(attrs.get("class") or [])])


def _drop_chrome(root) -> None:
    for tag in root.find_all(_CHROME_TAGS):
        tag.decompose()
    for tag in root.find_all(True):
        if tag.decomposed:
            continue
        names = _names(tag)
        if names.strip() and _CHROME_NAMES.search(names) and not _CONTENT_NAMES.search(names):
            tag.decompose()


def _article(soup):
    """The element holding the report: <article>, <main>, a content-named div, else <body>."""
    for candidate in (soup.find("article"), soup.find("main")):
        if candidate is not None:
            return candidate
    named = [t for t in soup.find_all(["div", "section", "td"]) if _CONTENT_NAMES.search(_names(t))]
    if named:
        return max(named, key=lambda t: len(t.get_text()))
    return soup.body or soup


def _span(cell, attr: str) -> int:
    """A cell's rowspan/colspan as a number (1 when absent or not a number: "2;" and "" occur)."""
    m = re.match(r"\s*(\d+)", str(cell.get(attr) or ""))
    return int(m.group(1)) if m else 1


def _rows(table) -> list:
    """The <tr> of a table, not of tables nested inside it."""
    return [tr for tr in table.find_all("tr") if tr.find_parent("table") is table]


def html_to_text(markup: str) -> str:
    """Report text of an HTML page."""
    try:
        from bs4 import BeautifulSoup, NavigableString
    except ImportError:
        raise MissingDependencyError(package="beautifulsoup4", hint="pip install beautifulsoup4") from None
    soup = BeautifulSoup(markup, "html.parser")
    _drop_chrome(soup)
    root = _article(soup)
    for table in root.find_all("table"):
        if table.find_parent("table") is not None:
            continue
        rows = span_grid([[(c.get_text("", strip=True), _span(c, "rowspan"), _span(c, "colspan"))
                           for c in tr.find_all(["td", "th"], recursive=False)] for tr in _rows(table)])
        table.replace_with(NavigableString("\n".join(table_lines(rows)) + "\n"))
    for br in root.find_all("br"):
        br.replace_with(NavigableString("\n"))
    for block in root.find_all(_BLOCKS):
        block.insert_before(NavigableString("\n"))
        block.append(NavigableString("\n"))
    lines = [re.sub(r"[ \r\f\v]+", " ", line).strip(" ") for line in root.get_text().split("\n")]
    return "\n".join(lines)


def read_html(path: Path, settings: Settings) -> str:
    """The text of a .html/.htm report."""
    raw = Path(path).read_bytes()
    m = re.search(rb"charset=[\"']?([A-Za-z0-9_-]+)", raw[:4096])
    markup = None
    if m:
        try:
            markup = raw.decode(m.group(1).decode("ascii"))
        except (LookupError, UnicodeDecodeError):
            markup = None
    return html_to_text(markup if markup is not None else decode_bytes(raw, str(path)))
