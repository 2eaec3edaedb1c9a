"""Hong Kong personal-data scanner and redactor.

`scan_text` finds entities in one string; `redact_text` rewrites a string with an operator;
`scan_files` streams findings out of files. Scanning and redaction are separate modules on purpose:
a redactor can take findings from anywhere (another tool, a reviewer's corrections).
"""

from __future__ import annotations

from hkaigov.pii.findings import EntityType, Finding, Record

__all__ = ["EntityType", "Finding", "Record"]
