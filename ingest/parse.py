"""Past reports (files) into the shared report model.

``parse_file`` dispatches on the suffix to a parser that returns plain text; ``parse_text`` turns
that text into an ``AnnualReport``: normalise → sections → tables → metadata → narrative facts.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from pathlib import Path

from assistant.core.errors import EmptyFileError, FileTooLargeError, InputFileError, UnsupportedFormatError
from assistant.core.labels import SECTION_KEYS
from assistant.core.report import AnnualReport, Closing, Sections, SourceInfo, Table2, Table3, Table4
from assistant.core.settings import Settings
from ingest.chrome import strip_chrome
from ingest.facts import extract_facts
from ingest.meta import detect_format
from ingest.normalize import normalize_text
from ingest.profile_vote import VoteInput, vote_profile
from ingest.sections import split_report
from ingest.tables import extract_t2, extract_t3, extract_t4

MB = 1024 * 1024
# Raise when the parser reads reports differently (metadata, sections): libraries re-read older reports.
# 1: title/落款/text metadata; 2: page chrome dropped, profile voted with evidence, heading variants.
PARSER_VERSION = 2


def _txt(path: Path, settings: Settings) -> str:
    from ingest.parsers.txt import read_txt

    return read_txt(path, settings)


def _docx(path: Path, settings: Settings) -> str:
    from ingest.parsers.docx import read_docx

    return read_docx(path, settings)


def _pdf(path: Path, settings: Settings) -> str:
    from ingest.parsers.pdf import read_pdf

    return read_pdf(path, settings)


def _html(path: Path, settings: Settings) -> str:
    from ingest.parsers.html import read_html

    return read_html(path, settings)


def _doc(path: Path, settings: Settings) -> str:
    from ingest.parsers.doc import read_doc

    return read_doc(path, settings)


PARSERS: dict[str, Callable[[Path, Settings], str]] = {
    ".txt": _txt, ".docx": _docx, ".pdf": _pdf, ".html": _html, ".htm": _html, ".doc": _doc,
}


def read_report_text(path: Path, settings: Settings) -> str:
    """The plain text of a report file (size and emptiness checked before any parsing).

    :raises InputFileError: missing or unreadable.
    :raises FileTooLargeError: larger than ``settings.max_file_mb``.
    :raises EmptyFileError: no bytes, or no text after extraction.
    :raises UnsupportedFormatError: no parser for the suffix.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in PARSERS:
        raise UnsupportedFormatError(file=str(path), suffix=suffix or path.name, valid=", ".join(sorted(PARSERS)))
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise InputFileError(file=str(path), reason=exc.strerror or type(exc).__name__) from None
    if not path.is_file():
        raise InputFileError(file=str(path), reason="not a file")
    if size > settings.max_file_mb * MB:
        raise FileTooLargeError(file=str(path), size_mb=round(size / MB, 1), limit_mb=settings.max_file_mb)
    if size == 0:
        raise EmptyFileError(file=str(path))
    text = PARSERS[suffix](path, settings)
    if not text.strip():
        raise EmptyFileError(file=str(path))
    return text


def parse_file(path: Path, settings: Settings) -> AnnualReport:
    """Parse one report file (.txt/.docx/.pdf/.html/.htm/.doc) into an ``AnnualReport``.

    ``report.source`` records the file, the sha256 of its bytes, the headings as written and
    the parser's warnings. Raises the ReportError subclasses of ``read_report_text`` and the parsers.
    """
    path = Path(path)
    text = read_report_text(path, settings)
    report = parse_text(text, source=str(path))
    assert report.source is not None
    report.source.sha256 = hashlib.sha256(path.read_bytes()).hexdigest()
    return report


# A table caption left on its own line once the tab rows are gone ("第二十条第（一）项").
_TABLE_CAPTION = re.compile(r"^第二十条第[（(][一二三四五六七八九十]+[）)]项$")


def _prose(lines: list[str]) -> str:
    """Section body without table rows (tab lines) and bare table captions."""
    kept = (line.strip() for line in lines if "\t" not in line)
    return "\n".join(line for line in kept if line and not _TABLE_CAPTION.match(line))


def parse_text(text: str, source: str = "") -> AnnualReport:
    """Parse report text (any of the seed layouts) into an ``AnnualReport``."""
    if not text.strip():
        raise EmptyFileError(file=source)
    norm, chrome = strip_chrome(normalize_text(text))
    split = split_report(norm)
    fmt = detect_format(norm)
    warnings: list[str] = []
    body = {key: split.sections.get(key, []) for key in SECTION_KEYS}
    t2 = extract_t2(body["active"], fmt, warnings)
    t3 = extract_t3(body["requests"], warnings)
    t4 = extract_t4(body["review_litigation"], warnings)
    sections = Sections(**{key: _prose(lines) for key, lines in body.items()})
    preamble = "\n".join(split.preamble)
    vote = vote_profile(VoteInput(
        title=split.title, preamble=preamble, body=_prose(norm.split("\n")), plan_text=sections.problems,
        closing_organ=split.closing_organ, closing_date=split.closing_date, chrome=chrome,
        file_name=Path(source).name if source else "", before_title="\n".join(split.before_title)))
    profile = vote.profile
    missing = [k for k in SECTION_KEYS if k not in split.section_keys]
    warnings += [f"missing_section:{k}" for k in missing]
    return AnnualReport(
        format_version=fmt,  # type: ignore[arg-type]
        profile=profile,
        title=split.title,
        preamble=preamble,
        sections=sections,
        t2=Table2.model_validate(t2),
        t3=Table3.model_validate(t3),
        t4=Table4.model_validate(t4),
        facts=extract_facts(sections.overview, sections.problems, sections.other),
        closing=Closing(organ=split.closing_organ, date=split.closing_date),
        source=SourceInfo(
            file=source,
            sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
            headings=split.headings,
            section_keys=split.section_keys,
            year_inferred_from=vote.year_from,
            warnings=warnings,
            parser_version=PARSER_VERSION,
            preamble_heading=split.preamble_heading,
        ),
        profile_evidence=vote.evidence,
    )
