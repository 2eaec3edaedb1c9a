"""Settings come from HKAIGOV_* environment variables; bad values are named by their variable."""

from __future__ import annotations

from pathlib import Path

import pytest

from hkaigov.domain.errors import InputError
from hkaigov.store.db import load_settings
from hkaigov.store.settings import Settings


def test_settings_read_hkaigov_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("HKAIGOV_DATA_DIR", str(tmp_path / "reg"))
    monkeypatch.setenv("HKAIGOV_DATABASE_URL", "postgresql://u@db.example:5432/reg")
    monkeypatch.setenv("HKAIGOV_MAX_UPLOAD_MB", "2.5")
    s = Settings()
    assert s.data_dir == tmp_path / "reg"
    assert s.url == "postgresql://u@db.example:5432/reg"
    assert s.max_upload_bytes == int(2.5 * 1024 * 1024)
    assert s.blob_dir == tmp_path / "reg" / "evidence"


def test_default_url_is_sqlite_file_in_the_data_dir(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("HKAIGOV_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("HKAIGOV_DATABASE_URL", raising=False)
    monkeypatch.delenv("HKAIGOV_MAX_UPLOAD_MB", raising=False)
    s = Settings()
    assert s.database_url is None
    assert s.url == f"sqlite:///{tmp_path / 'hkaigov.db'}"
    assert s.max_upload_bytes == 25 * 1024 * 1024


def test_default_data_dir_is_under_home(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("HKAIGOV_DATA_DIR", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    assert Settings().data_dir == tmp_path / ".local" / "share" / "hkaigov"


def test_unrelated_environment_is_ignored(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HKAIGOV_SOMETHING_ELSE", "x")
    monkeypatch.setenv("DATABASE_URL", "postgresql://elsewhere/db")
    assert Settings().database_url is None


@pytest.mark.parametrize("value", ["0", "-1", "lots"])
def test_bad_upload_limit_names_the_variable(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv("HKAIGOV_MAX_UPLOAD_MB", value)
    with pytest.raises(InputError) as err:
        load_settings()
    assert len(err.value.problems) == 1
    assert err.value.problems[0].startswith("HKAIGOV_MAX_UPLOAD_MB: ")
