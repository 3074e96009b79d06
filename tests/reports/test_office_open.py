"""Every office file a report exports opens in LibreOffice (issue 14, office files): each XLSX and DOCX is
converted to PDF by `soffice --headless`, which fails on a file it cannot read; the DOCX prints on A4.

Where LibreOffice is missing the test is skipped with the reason, except in CI (REQUIRE_BROWSER=1: .ci/run
installs every system package the suite needs and skips nothing).
"""

import os
import shutil
import subprocess

import pytest
from pypdf import PdfReader

from reports.d32 import build_d32
from reports.docx_render import render_docx
from reports.progress import build_progress
from reports.xlsx import render_xlsx

A4_POINTS = (595, 842)  # portrait, rounded


def soffice() -> str:
    found = shutil.which("soffice")
    if found:
        return found
    if os.environ.get("REQUIRE_BROWSER") == "1":
        pytest.fail("soffice is missing: apt-get install -y libreoffice-writer-nogui libreoffice-calc-nogui")
    pytest.skip("soffice is missing (apt-get install -y libreoffice-writer-nogui libreoffice-calc-nogui)")


def test_every_export_opens_in_libreoffice(project, periods, wp3, tmp_path):
    program = soffice()
    period = periods[-1]
    files = {
        "d32.xlsx": render_xlsx(build_d32(project, period)),
        "progress-sheets.xlsx": render_xlsx(build_progress(project, period)),
        "progress.docx": render_docx(build_progress(project, period)),
    }
    for name, content in files.items():
        (tmp_path / name).write_bytes(content)
    out = tmp_path / "pdf"
    result = subprocess.run(  # noqa: S603 - fixed argv, our own files
        [
            program,
            f"-env:UserInstallation=file://{tmp_path}/profile",  # its own profile: parallel runs do not clash
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out),
            *(str(tmp_path / name) for name in files),
        ],
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert result.returncode == 0, result.stderr
    for name in files:
        pdf = out / f"{name.rsplit('.', 1)[0]}.pdf"  # each file its own stem, so its own PDF
        assert pdf.exists(), f"LibreOffice could not convert {name}: {result.stdout} {result.stderr}"
    pages = PdfReader(out / "progress.pdf").pages
    assert len(pages) > 0
    for page in pages:
        width, height = round(float(page.mediabox.width)), round(float(page.mediabox.height))
        assert tuple(sorted((width, height))) == A4_POINTS
