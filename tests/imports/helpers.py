"""Files and steps the import page tests share."""

import csv
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

HEADERS = ["Reference", "Name", "Responsible", "Organisation", "Status", "Signature date"]


def csv_file(rows, headers=HEADERS, name="agreements.csv") -> SimpleUploadedFile:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(headers)
    writer.writerows(rows)
    return SimpleUploadedFile(name, buffer.getvalue().encode(), content_type="text/csv")


def sme_rows(count, partner="MAV", start=1):
    return [
        [f"R{n}", f"SME {n}", partner, f"Company {n}", "signed", "04.02.2022"]
        for n in range(start, start + count)
    ]


def url(name, *args):
    return reverse(f"imports:{name}", args=["ELCA", *args])


def upload(client, file, kind="sme-sme-agreements", mode="add"):
    return client.post(url("import"), {"kind": kind, "mode": mode, "file": file})
