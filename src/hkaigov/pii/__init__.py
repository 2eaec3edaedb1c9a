"""Hong Kong personal-data scanner and redactor.

`scan_text` finds entities in one string; `redact_text` rewrites a string with an operator;
`scan_files` streams findings out of files. Scanning and redaction are separate modules on purpose:
a redactor can take findings from anywhere (another tool, a reviewer's corrections).
"""

from __future__ import annotations

from hkaigov.pii.findings import EntityType, Finding, Record
from hkaigov.pii.pipeline import scan_files
from hkaigov.pii.redact import Operator, Pseudonymiser, Redaction, redact_text
from hkaigov.pii.scanner import Scanner, ScanOptions, scan_text

__all__ = [
    "EntityType",
    "Finding",
    "Operator",
    "Pseudonymiser",
    "Record",
    "Redaction",
    "ScanOptions",
    "Scanner",
    "redact_text",
    "scan_files",
    "scan_text",
]
