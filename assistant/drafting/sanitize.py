"""Model output is text, not markup: what an LLM reply may not bring onto the clerk's screen or into a prompt.

A reply is shown with Markdown, so a link would be clickable and an image would be fetched by the browser the
moment it is displayed (a remote image is a beacon: it tells a third party that, when and where the draft was
read). ``plain_text`` removes images and keeps only the words of links; ``plain_stream`` does the same to a
reply that arrives token by token. ``header_value`` makes a unit name or year safe to put in a prompt header.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

# ![alt](url "title") and ![alt][ref]: the whole image goes, alt text included (it is the model's, not ours).
_MD_IMAGE = re.compile(r"!\[[^\]\n]{0,500}\]\s?(?:\([^)\n]{0,2000}\)|\[[^\]\n]{0,200}\])")
# [text](url) and [text][ref] keep their text.
_MD_LINK = re.compile(r"\[([^\]\n]{0,500})\]\s?(?:\([^)\n]{0,2000}\)|\[[^\]\n]{0,200}\])")
# [ref]: url   (a reference definition line)
_MD_REF_DEF = re.compile(r"^[ \t]{0,3}\[[^\]\n]{1,200}\]:[ \t]*\S+.*$", re.MULTILINE)
_HTML_IMAGE = re.compile(r"<\s*(?:img|image|picture|source|video|audio|iframe|object|embed|svg)\b[^>]{0,2000}>",
                         re.IGNORECASE)
_HTML_TAG = re.compile(r"</?\s*[a-zA-Z][a-zA-Z0-9-]{0,20}\b[^>]{0,2000}>")
# <https://…> autolinks, bare URLs (Markdown renderers link them) and www. addresses
_URL = re.compile(r"<?\b(?:[a-zA-Z][a-zA-Z0-9+.-]{1,15}://|www\.|mailto:|data:)[^\s<>()（）\"'，。；]*>?",
                  re.IGNORECASE)
_SPACES = re.compile(r"[ \t]{2,}")
# Safe cut points of a streamed reply: after these, no Markdown construct of the kinds above is still open.
_CUT = re.compile(r"[\n。！？；]")
_OPENERS = {"[": "]", "(": ")", "<": ">"}

# What a unit name or year in a prompt header may contain: Chinese, letters, digits, a few name characters.
_HEADER_DROP = re.compile(r"[^\u4e00-\u9fff0-9A-Za-z·（）\-]")
HEADER_MAX = 40


def plain_text(text: str) -> str:
    """``text`` without images, link targets, HTML tags or URLs; the words of a link stay."""
    text = _MD_IMAGE.sub("", text)
    text = _HTML_IMAGE.sub("", text)
    text = _MD_LINK.sub(lambda m: m.group(1), text)
    text = _MD_REF_DEF.sub("", text)
    text = _HTML_TAG.sub("", text)
    text = _URL.sub("", text)
    return "\n".join(_SPACES.sub(" ", line).rstrip() for line in text.split("\n"))


def has_markup(text: str) -> bool:
    """True when ``plain_text`` would change ``text`` (a link, image, tag or URL is in it)."""
    return plain_text(text) != "\n".join(_SPACES.sub(" ", line).rstrip() for line in text.split("\n"))


def _balanced(text: str) -> bool:
    return all(text.count(a) <= text.count(b) for a, b in _OPENERS.items())


def _safe_cut(buffer: str) -> int:
    """The end of the longest prefix of ``buffer`` that ends a sentence or line with no construct open; 0 if none."""
    for m in reversed(list(_CUT.finditer(buffer))):
        if _balanced(buffer[: m.end()]):
            return m.end()
    return 0


def plain_stream(chunks: Iterable[str]) -> Iterator[str]:
    """``plain_text`` applied to a reply that arrives in pieces: text is passed on a sentence at a time, once no
    link, image or tag that could still be completed is open in it."""
    buffer = ""
    for chunk in chunks:
        buffer += chunk
        cut = _safe_cut(buffer)
        if cut:
            yield plain_text(buffer[:cut])
            buffer = buffer[cut:]
    if buffer:
        yield plain_text(buffer)


def header_value(value: object) -> str:
    """A unit name or year as it may appear in a prompt's reference header: one line, no markup or fence
    characters, at most HEADER_MAX characters."""
    return _HEADER_DROP.sub("", plain_text(str(value)))[:HEADER_MAX]
