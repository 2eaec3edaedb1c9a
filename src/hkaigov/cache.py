"""Where hkaigov keeps files it can always rebuild: compiled pattern databases, cached model answers."""

from __future__ import annotations

import os
from pathlib import Path


def cache_dir(part: str) -> Path:
    """`$HKAIGOV_CACHE_DIR/hkaigov/<part>`, else under `$XDG_CACHE_HOME` or `~/.cache`."""
    base = os.environ.get("HKAIGOV_CACHE_DIR") or os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "hkaigov" / part
