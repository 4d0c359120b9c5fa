"""Report metadata: format version (spec §3), reporting unit and report year (spec §7.3)."""

from __future__ import annotations

import re

# Words that only the 2019 trial layout (国办公开办函〔2019〕60号) uses.
_MARKERS_2019 = ("本年新制作数量", "本年新公开数量", "对外公开总数量", "上一年项目数量", "本年增/减",
                 "第二十条第（九）项", "政府集中采购", "采购总金额", "其他对外管理服务事项")
_NORMATIVE_2019 = re.compile(r"(?<!行政)规范性文件")
_MARKERS_2021 = ("本年制发件数", "本年废止件数", "现行有效件数", "本年处理决定数量", "本年收费金额")


def detect_format(text: str) -> str:
    """ "2019" if the text uses the 2019 trial table wording, else "2021"."""
    compact = "".join(text.split())  # str.split's whitespace is re's \s; 5× quicker than a sub
    hits_2019 = sum(m in compact for m in _MARKERS_2019)
    hits_2021 = sum(m in compact for m in _MARKERS_2021)
    if _NORMATIVE_2019.search(compact) and "行政规范性文件" not in compact:
        hits_2019 += 1
    return "2019" if hits_2019 > hits_2021 else "2021"
