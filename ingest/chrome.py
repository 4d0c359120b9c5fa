"""Page chrome: the lines a government portal puts around a report, recognised and set aside.

A report saved or copied from a portal carries its breadcrumb ("当前位置:街镇>河包镇>政务公开>"), the page's
meta line ("发布日期：… 来源：… 字体大小:【 A- A A+ 】"), an 目录 of the headings, and the site footer. They must
not become the title, a heading or the 落款, but they are evidence of the unit and the year, so they are
returned beside the kept lines rather than thrown away.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assistant.core.textpatterns import HEADING_START

_BREADCRUMB_START = re.compile(r"^\s*(?:当前位置|您的位置|您现在的位置|您当前的位置|当前所在位置|所在位置|位置)\s*[:：]")
_SEPARATOR = re.compile(r"\s*(?:>>|>|»|＞|→|/)\s*")
_HOME = re.compile(r"^\s*(?:网站首页|首页|主页|政府首页)\s*(?:>>|>|»|＞|→)")
_META = re.compile(
    r"发布日期|发布时间|更新时间|生成日期|成文日期|浏览次数|浏览量|阅读次数|访问量|点击数|点击率|字体大小|字号\s*[:：]|"
    r"【\s*[大中小]\s*[大中小]?\s*[大中小]?\s*】|A-\s*A\s*A\+|【\s*(?:打印|关闭|收藏|打印本页|关闭窗口)\s*】|打印本页|关闭窗口|"
    r"分享到|扫一扫|索引号|信息索引|发布机构|发文机关|公开方式|公开范围|公开时限|主题分类|体裁分类|信息来源\s*[:：]|"
    r"^\s*来源\s*[:：]|^\s*文号\s*[:：]|^\s*作者\s*[:：]|^\s*责任编辑")
_FOOTER = re.compile(
    r"主办单位|承办单位|版权所有|网站标识码|ICP备|公网安备|技术支持|联系我们|网站地图|上一篇|下一篇|相关链接|返回顶部|"
    r"分享至|微信扫一扫|建议使用.{0,12}浏览器|无障碍|适老化|^\s*(?:打印|关闭|收藏)\s*$")
_CONTENTS = re.compile(r"^\s*目\s*录\s*$")
_CONTENTS_ITEM = re.compile(r"(?:\.{3,}|…{2,}|·{3,}|-{3,})\s*\d{0,3}\s*$|^\s*[（(]?[一二三四五六七八九十\d]+[)）]?\s*[、.．]?\s*\S{2,40}\s+\d{1,3}\s*$")
_ARROWS = re.compile(r">>|>|»|＞")
_OPEN_BRACKET = re.compile(r"^[（(]")
_MAX_CHROME = 160


@dataclass
class Chrome:
    """Lines set aside as page chrome, by kind, with their line numbers in the original text."""

    breadcrumb: list[str] = field(default_factory=list)
    meta: list[str] = field(default_factory=list)
    contents: list[str] = field(default_factory=list)
    footer: list[str] = field(default_factory=list)

    def all(self) -> list[tuple[str, str]]:
        """(kind, line) of every chrome line."""
        return ([("breadcrumb", x) for x in self.breadcrumb] + [("page", x) for x in self.meta]
                + [("contents", x) for x in self.contents] + [("page", x) for x in self.footer])


def breadcrumb_parts(line: str) -> list[str]:
    """The items of a breadcrumb line ("当前位置:街镇>河包镇>政务公开>" → ["街镇", "河包镇", "政务公开"])."""
    body = _BREADCRUMB_START.sub("", line)
    return [p.strip() for p in _SEPARATOR.split(body) if p.strip()]


def _is_breadcrumb(line: str) -> bool:
    if _BREADCRUMB_START.match(line):
        return True
    return bool(_HOME.match(line)) or len(_ARROWS.findall(line)) >= 2 and "。" not in line


def strip_chrome(text: str) -> tuple[str, Chrome]:
    """``text`` without page chrome lines, and the chrome found (tab lines — tables — are never chrome)."""
    chrome = Chrome()
    kept: list[str] = []
    in_contents = False
    listed: set[str] = set()  # the 目录's items: the first one seen again is the report's own heading
    for line in text.split("\n"):
        body = line.strip()
        if "\t" in line or not body or len(body) > _MAX_CHROME:
            if "\t" in line or body:
                in_contents = False
            kept.append(line)
            continue
        if _CONTENTS.match(body):
            in_contents = True
            chrome.contents.append(body)
            continue
        if in_contents:
            item = _CONTENTS_ITEM.sub("", body).strip(" .…·-")
            if item in listed:
                in_contents = False
            elif HEADING_START.match(body) or _CONTENTS_ITEM.search(body) or _OPEN_BRACKET.match(body):
                chrome.contents.append(body)
                listed.add(item)
                continue
        in_contents = False
        # A 目录 line's leader dots: what (?:\.{3,}|…{2,}|·{3,}) would find, found without a regex (each line asks).
        if ("..." in body or "……" in body or "···" in body) and _CONTENTS_ITEM.search(body):
            chrome.contents.append(body)
        elif _is_breadcrumb(body):
            chrome.breadcrumb.append(body)
        elif "。" not in body and _META.search(body):
            chrome.meta.append(body)
        elif "。" not in body and _FOOTER.search(body):
            chrome.footer.append(body)
        else:
            kept.append(line)
    return "\n".join(kept), chrome
