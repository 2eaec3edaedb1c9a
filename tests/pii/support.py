"""Files the PII tests make for themselves."""

from __future__ import annotations

from pathlib import Path

from tests.pdf import pdf_bytes


def write_pdf(path: Path, pages: list[str]) -> None:
    path.write_bytes(pdf_bytes(pages))
