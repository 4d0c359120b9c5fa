"""HTML reports (a saved government web page): keep the article, drop site chrome, tables as tab rows.

Every pass over the tree is linear: one walk emits the text (no ``insert_before`` per element), and the
text length of each candidate article is computed bottom-up once. A page above ``max_html_mb`` is refused.
"""

from __future__ import annotations

import re
from pathlib import Path

from assistant.core.errors import HtmlTooLargeError, MissingDependencyError
from assistant.core.settings import Settings
from ingest.parsers import MB, table_lines
from ingest.parsers.txt import decode_bytes
from ingest.tables import span_grid

_CHROME_TAGS = ("script", "style", "nav", "header", "footer", "aside", "form", "noscript", "iframe", "button", "select")
_CHROME_NAMES = re.compile(r"nav|menu|breadcrumb|crumb|footer|header|sidebar|share|toolbar|banner|topbar|bottom", re.IGNORECASE)
_CONTENT_NAMES = re.compile(r"article|content|zoom|trs_editor|detail|main|text|zw", re.IGNORECASE)
PARSER = "lxml"  # C speed (html.parser took 10 s per MB here); python-docx already depends on lxml
_BLOCKS = ("p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "section", "article", "main", "blockquote", "pre", "title")


def _names(tag) -> str:
    attrs = getattr(tag, "attrs", None) or {}
    return " ".join([attrs.get("id") or "", *(attrs.get("class") or [])])


def _drop_chrome(root) -> None:
    """Remove site chrome: chrome tags, and elements whose id/class names chrome (one pass over the tags)."""
    from bs4 import Tag

    doomed = []
    for tag in root.descendants:
        if not isinstance(tag, Tag):
            continue
        if tag.name in _CHROME_TAGS:
            doomed.append(tag)
            continue
        names = _names(tag)
        if names.strip() and _CHROME_NAMES.search(names) and not _CONTENT_NAMES.search(names):
            doomed.append(tag)
    for tag in doomed:
        if not tag.decomposed and tag.parent is not None:
            tag.decompose()


def _is_text(node) -> bool:
    from bs4 import CData, NavigableString

    return node.__class__ in (NavigableString, CData)  # not comments, doctype, script strings


def _text_lengths(root) -> dict[int, int]:
    """``{id(tag): length of its text}`` for every tag under ``root``, in one post-order walk."""
    from bs4 import Tag

    lengths: dict[int, int] = {}
    stack: list[tuple[object, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        if not isinstance(node, Tag):
            continue
        if done:
            lengths[id(node)] = sum(len(str(c)) if _is_text(c) else lengths.get(id(c), 0) for c in node.contents)
        else:
            stack.append((node, True))
            stack.extend((c, False) for c in node.contents if isinstance(c, Tag))
    return lengths


def _article(soup):
    """The element holding the report: <article>, <main>, the longest content-named div, else <body>."""
    for candidate in (soup.find("article"), soup.find("main")):
        if candidate is not None:
            return candidate
    named = [t for t in soup.find_all(["div", "section", "td"]) if _CONTENT_NAMES.search(_names(t))]
    if named:
        lengths = _text_lengths(soup)
        return max(named, key=lambda t: lengths.get(id(t), 0))
    return soup.body or soup


def _span(cell, attr: str) -> int:
    """A cell's rowspan/colspan as a number (1 when absent or not a number: "2;" and "" occur)."""
    m = re.match(r"\s*(\d+)", str(cell.get(attr) or ""))
    return int(m.group(1)) if m else 1


def _rows(table) -> list:
    """The <tr> of a table, not of tables nested inside it."""
    return [tr for tr in table.find_all("tr") if tr.find_parent("table") is table]


def _table_text(table) -> str:
    """A table as tab rows, rowspan/colspan spread over the cells they cover (blanks stay blank)."""
    rows = span_grid([[(c.get_text("", strip=True), _span(c, "rowspan"), _span(c, "colspan"))
                       for c in tr.find_all(["td", "th"], recursive=False)] for tr in _rows(table)])
    return "\n".join(table_lines(rows)) + "\n"


def _walk_text(root) -> str:
    """The text of ``root`` in document order: blocks on their own lines, <br> as a line break, each
    outermost table as tab rows (one walk, nothing inserted into the tree)."""
    from bs4 import Tag

    out: list[str] = []
    stack: list[object] = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, Tag):
            if node.name == "br":
                out.append("\n")
            elif node.name == "table" and node is not root:
                out.append(_table_text(node))
            else:
                block = node.name in _BLOCKS
                if block:
                    out.append("\n")
                    stack.append("\n")
                stack.extend(reversed(node.contents))
        elif isinstance(node, str) and (_is_text(node) or node.__class__ is str):
            out.append(str(node))
    return "".join(out)


def html_to_text(markup: str) -> str:
    """Report text of an HTML page."""
    try:
        from bs4 import BeautifulSoup
    except ImportError:
        raise MissingDependencyError(package="beautifulsoup4", hint="pip install beautifulsoup4") from None
    soup = BeautifulSoup(markup, PARSER)
    _drop_chrome(soup)
    root = _article(soup)
    lines = [re.sub(r"[ \r\f\v]+", " ", line).strip(" ") for line in _walk_text(root).split("\n")]
    return "\n".join(lines)


def read_html(path: Path, settings: Settings) -> str:
    """The text of a .html/.htm report.

    :raises HtmlTooLargeError: the page is larger than ``settings.max_html_mb``.
    """
    size = Path(path).stat().st_size
    if size > settings.max_html_mb * MB:
        raise HtmlTooLargeError(file=str(path), size_mb=round(size / MB, 1), limit_mb=settings.max_html_mb)
    raw = Path(path).read_bytes()
    m = re.search(rb"charset=[\"']?([A-Za-z0-9_-]+)", raw[:4096])
    markup = None
    if m:
        try:
            markup = raw.decode(m.group(1).decode("ascii"))
        except (LookupError, UnicodeDecodeError):
            markup = None
    return html_to_text(markup if markup is not None else decode_bytes(raw, str(path)))
