"""Legacy Word (.doc) reports: converted to .docx with LibreOffice, then read as .docx."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from assistant.core.errors import DocConversionError, MissingSofficeError
from assistant.core.settings import Settings
from ingest.parsers.docx import read_docx

TIMEOUT_S = 120


def run_in_group(cmd: list[str], timeout: float) -> int:
    """Run ``cmd`` in its own process group; on timeout kill the whole group (soffice starts a
    soffice.bin child that would outlive its wrapper) and re-raise. :returns: the exit code."""
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        return proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        raise


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
            run_in_group(cmd, TIMEOUT_S)
        except (subprocess.TimeoutExpired, OSError) as exc:
            raise DocConversionError(file=str(path), reason=type(exc).__name__) from None
        converted = Path(tmp) / (Path(path).stem + ".docx")
        if not converted.is_file():
            raise DocConversionError(file=str(path), reason="no output")
        return read_docx(converted, settings)
