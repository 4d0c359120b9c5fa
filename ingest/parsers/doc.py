"""Legacy Word (.doc) reports: converted to .docx with LibreOffice, then read as .docx."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from assistant.core.errors import DocConversionError, MissingSofficeError
from assistant.core.settings import Settings
from ingest.parsers.docx import read_docx

TIMEOUT_S = 120


def read_doc(path: Path, settings: Settings) -> str:
    """The text of a .doc report.

    :raises MissingSofficeError: LibreOffice (soffice) is not installed.
    :raises DocConversionError: the conversion failed or timed out.
    """
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        raise MissingSofficeError(file=str(path), package="LibreOffice (soffice)")
    with tempfile.TemporaryDirectory(prefix="nianbao-doc-") as tmp:
        cmd = [soffice, "--headless", f"-env:UserInstallation=file://{tmp}/profile",
               "--convert-to", "docx", "--outdir", tmp, str(Path(path).resolve())]
        try:
            subprocess.run(cmd, capture_output=True, timeout=TIMEOUT_S, check=False)
        except (subprocess.TimeoutExpired, OSError) as exc:
            raise DocConversionError(file=str(path), reason=type(exc).__name__) from None
        converted = Path(tmp) / (Path(path).stem + ".docx")
        if not converted.is_file():
            raise DocConversionError(file=str(path), reason="no output")
        return read_docx(converted, settings)
