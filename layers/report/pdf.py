"""DOCX → PDF with LibreOffice headless (Debian ``libreoffice-writer-nogui``).

The PDF is the DOCX converted, not a second layout of the same content: the tables stay tables, the fonts
are embedded, and the two files cannot disagree. A private LibreOffice profile per call lets conversions run
side by side.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from gis.errors import AtlasError

#: Seconds allowed for one conversion (LibreOffice's first start on a cold machine takes a few seconds).
TIMEOUT_S = 180
_BINARIES = ("soffice", "libreoffice")


class PdfUnavailableError(AtlasError, OSError):
    """LibreOffice is not installed or the conversion failed."""


def soffice() -> str:
    """Path of the LibreOffice binary, or a clear error naming the package to install."""
    for name in _BINARIES:
        found = shutil.which(name)
        if found:
            return found
    raise PdfUnavailableError(
        "LibreOffice is not installed: the PDF is made from the DOCX with it",
        hint="install the Debian package libreoffice-writer-nogui, or write the DOCX (--out FILE.docx)",
        message_zh="未安装 LibreOffice：PDF 由 DOCX 转换而来",
        hint_zh="请安装 Debian 软件包 libreoffice-writer-nogui，或输出 DOCX（--out FILE.docx）",
    )


def docx_to_pdf(docx: bytes) -> bytes:
    """Convert DOCX bytes to PDF bytes with LibreOffice headless."""
    binary = soffice()
    with tempfile.TemporaryDirectory(prefix="fpa-report-") as tmp:
        work = Path(tmp)
        src = work / "report.docx"
        src.write_bytes(docx)
        profile = (work / "profile").as_uri()
        cmd = [
            binary,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(work),
            str(src),
        ]
        try:
            done = subprocess.run(cmd, capture_output=True, timeout=TIMEOUT_S, check=False)
        except subprocess.TimeoutExpired:
            raise PdfUnavailableError(
                f"LibreOffice did not finish the PDF within {TIMEOUT_S} s",
                hint="try again, or write the DOCX and convert it in Word/WPS",
                message_zh=f"LibreOffice 未能在 {TIMEOUT_S} 秒内生成 PDF",
                hint_zh="请重试，或输出 DOCX 后在 Word/WPS 中另存为 PDF",
            ) from None
        out = work / "report.pdf"
        if done.returncode != 0 or not out.is_file():
            detail = (done.stderr or done.stdout).decode("utf-8", "replace").strip().splitlines()
            raise PdfUnavailableError(
                "LibreOffice could not convert the report: "
                + (detail[-1] if detail else f"exit {done.returncode}"),
                hint="write the DOCX (--out FILE.docx) and convert it in Word/WPS",
                message_zh="LibreOffice 无法转换报告",
                hint_zh="请输出 DOCX（--out FILE.docx）后在 Word/WPS 中另存为 PDF",
            )
        return out.read_bytes()
