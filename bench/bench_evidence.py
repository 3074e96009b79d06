"""S4 (issue 12): the CPU one evidence upload can cost, before and after the per-request bounds.

Builds office documents that are tiny on the wire but unpack to 199 MB each (one part of zero bytes,
which deflate shrinks about a thousandfold), then checks the same files two ways in this same run:

- baseline: every file checked on its own, as the upload form did before (`check_upload` per file; each
  unpacks its 199 MB to verify it, and nothing bounds the sum);
- bounded: the request's files checked together (`check_uploads`): at most EVIDENCE_MAX_FILES files, and at
  most EVIDENCE_MAX_UNZIPPED_BYTES unpacked across them, read from the zip directories first.

Prints CPU seconds (time.process_time) for 20 files (the issue's case) and for 10 (the default file limit,
so the byte budget is what stops them), and the ratios. No database. About 15 s on a laptop.

    .venv/bin/python bench/bench_evidence.py            # or: make bench
"""

import io
import os
import sys
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["DEBUG"] = "1"
os.environ["DJANGO_SETTINGS_MODULE"] = "elca.settings"
os.environ.setdefault("LOG_LEVEL", "WARNING")

import django  # noqa: E402

django.setup()

from django.core.exceptions import ValidationError  # noqa: E402
from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402

from workspace.evidence import check_upload, check_uploads  # noqa: E402

MB = 1024 * 1024


def expanding_docx(unpacked: int) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
        archive.writestr("word/media/zeros.bin", b"\0" * unpacked)
    return out.getvalue()


def uploads(data: bytes, count: int) -> list:
    return [SimpleUploadedFile(f"minutes-{n}.docx", data) for n in range(count)]


def baseline(files) -> tuple[int, int]:
    accepted = refused = 0
    for upload in files:
        try:
            check_upload(upload)
            accepted += 1
        except ValidationError:
            refused += 1
    return accepted, refused


def bounded(files) -> tuple[int, int]:
    checked, errors = check_uploads(files)
    return len(checked), len(errors)


def cpu(function, files) -> tuple[float, tuple[int, int]]:
    started = time.process_time()
    outcome = function(files)
    return time.process_time() - started, outcome


def main():
    data = expanding_docx(199 * MB)
    print(f"one file: {len(data) / 1024:.0f} KB on the wire, 199 MB unpacked")
    for count in (20, 10):
        before, (accepted, refused) = cpu(baseline, uploads(data, count))
        after, (kept, errors) = cpu(bounded, uploads(data, count))
        print(
            f"{count} files: baseline {before:.2f} s CPU ({accepted} accepted, {refused} refused); "
            f"bounded {after:.3f} s CPU ({kept} checked, {errors} refused); "
            f"bounded/baseline = {after / before:.3f}"
        )


if __name__ == "__main__":
    main()
