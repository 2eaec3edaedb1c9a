"""One settings object for the register, read from `HKAIGOV_*` environment variables."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


def _default_data_dir() -> Path:
    return Path.home() / ".local" / "share" / "hkaigov"


class Settings(BaseSettings):
    """`HKAIGOV_DATABASE_URL` (default: SQLite file `hkaigov.db` in the data directory),
    `HKAIGOV_DATA_DIR` (default `~/.local/share/hkaigov`; evidence files live under it) and
    `HKAIGOV_MAX_UPLOAD_MB` (largest evidence file accepted, default 25)."""

    model_config = SettingsConfigDict(env_prefix="HKAIGOV_", extra="ignore")

    database_url: str | None = None
    data_dir: Path = Field(default_factory=_default_data_dir)
    max_upload_mb: float = Field(default=25.0, gt=0)

    @property
    def url(self) -> str:
        return self.database_url or f"sqlite:///{self.data_dir / 'hkaigov.db'}"

    @property
    def max_upload_bytes(self) -> int:
        return int(self.max_upload_mb * 1024 * 1024)

    @property
    def blob_dir(self) -> Path:
        return self.data_dir / "evidence"
