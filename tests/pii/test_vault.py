from __future__ import annotations

import base64
import json
import os
import stat
import sys
from pathlib import Path

import pytest

from hkaigov.domain.errors import InputError
from hkaigov.pii.findings import Finding
from hkaigov.pii.redact import Operator, Pseudonymiser, redact_text
from hkaigov.pii.vault import load_vault, save_vault

PASSPHRASE = "correct horse battery staple"


@pytest.fixture
def conversation() -> Pseudonymiser:
    pseudonymiser = Pseudonymiser()
    pseudonymiser.pseudonym_for("陳大文", "PERSON")
    pseudonymiser.pseudonym_for("Ｚ６８３３６５（Ａ）", "HKID")
    pseudonymiser.pseudonym_for("chan.taiman@example.com.hk", "EMAIL")
    pseudonymiser.pseudonym_for("Wong Siu Ming", "PERSON")
    return pseudonymiser


@pytest.fixture
def vault(tmp_path: Path, conversation: Pseudonymiser) -> Path:
    path = tmp_path / "chat.vault"
    save_vault(path, conversation, PASSPHRASE)
    return path


def test_vault_round_trip_restores_a_models_answer(vault: Path, conversation: Pseudonymiser) -> None:
    loaded = load_vault(vault, PASSPHRASE)
    assert dict(loaded.mapping) == dict(conversation.mapping)
    answer = "[PERSON_1] ([HKID_1]) can reach [PERSON_2] at [EMAIL_1]."
    assert (
        loaded.restore(answer) == "陳大文 (Ｚ６８３３６５（Ａ）) can reach Wong Siu Ming at chan.taiman@example.com.hk."
    )


def test_a_loaded_vault_continues_the_conversation(vault: Path) -> None:
    loaded = load_vault(str(vault), PASSPHRASE)
    text = "Wong Siu Ming and Lee Ka Yan"
    findings = [Finding(0, 13, "PERSON", 1.0), Finding(18, 28, "PERSON", 1.0)]
    assert redact_text(text, findings, Operator.PSEUDONYM, pseudonymiser=loaded).text == "[PERSON_2] and [PERSON_3]"


def test_vault_file_is_the_documented_json_and_holds_no_plaintext(vault: Path) -> None:
    raw = vault.read_bytes()
    document = json.loads(raw)
    assert set(document) == {"format", "version", "kdf", "salt", "nonce", "ciphertext"}
    assert (document["format"], document["version"], document["kdf"]) == ("hkaigov-pii-vault", 1, "scrypt")
    assert len(base64.b64decode(document["salt"])) == 16
    assert len(base64.b64decode(document["nonce"])) == 12
    for secret in ("Wong", "chan.taiman", "PERSON_1", "\\u9673"):
        assert secret.encode() not in raw


def test_each_save_uses_a_fresh_salt_and_nonce(tmp_path: Path, conversation: Pseudonymiser) -> None:
    first, second = tmp_path / "a.vault", tmp_path / "b.vault"
    save_vault(first, conversation, PASSPHRASE)
    save_vault(second, conversation, PASSPHRASE)
    one, two = json.loads(first.read_text()), json.loads(second.read_text())
    assert one["salt"] != two["salt"] and one["nonce"] != two["nonce"] and one["ciphertext"] != two["ciphertext"]


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
def test_vault_is_readable_by_its_owner_only(vault: Path) -> None:
    assert stat.S_IMODE(vault.stat().st_mode) == 0o600


def test_saving_again_replaces_the_vault_and_leaves_no_temporary_file(vault: Path, conversation: Pseudonymiser) -> None:
    conversation.pseudonym_for("9123 4567", "HK_PHONE")
    save_vault(vault, conversation, PASSPHRASE)
    assert os.listdir(vault.parent) == [vault.name]
    assert load_vault(vault, PASSPHRASE).mapping["[HK_PHONE_1]"] == "9123 4567"


def test_saving_into_a_missing_directory_is_an_input_error(tmp_path: Path, conversation: Pseudonymiser) -> None:
    target = tmp_path / "missing" / "chat.vault"
    with pytest.raises(InputError, match="cannot write vault"):
        save_vault(target, conversation, PASSPHRASE)


def test_wrong_passphrase_is_an_input_error_naming_the_file(vault: Path) -> None:
    with pytest.raises(InputError) as caught:
        load_vault(vault, "not the passphrase")
    assert str(caught.value) == f"{vault}: wrong passphrase or damaged vault"


@pytest.mark.parametrize("field", ["ciphertext", "nonce", "salt"])
def test_tampered_vault_is_an_input_error_naming_the_file(vault: Path, field: str) -> None:
    document = json.loads(vault.read_text())
    data = bytearray(base64.b64decode(document[field]))
    data[len(data) // 2] ^= 0x01
    document[field] = base64.b64encode(bytes(data)).decode()
    vault.write_text(json.dumps(document))
    with pytest.raises(InputError) as caught:
        load_vault(vault, PASSPHRASE)
    assert str(caught.value) == f"{vault}: wrong passphrase or damaged vault"


@pytest.mark.parametrize(
    "change", [{"ciphertext": "!!not base64!!"}, {"salt": 42}, {"nonce": "AAAA"}, {"ciphertext": None}]
)
def test_malformed_fields_are_a_damaged_vault(vault: Path, change: dict[str, object]) -> None:
    document = json.loads(vault.read_text()) | change
    vault.write_text(json.dumps(document))
    with pytest.raises(InputError, match="wrong passphrase or damaged vault"):
        load_vault(vault, PASSPHRASE)


@pytest.mark.parametrize(
    "content",
    [b"just some notes\n", b"\x89PNG\r\n\x1a\n\x00\xff", b'{"format": "something-else"}', b"[1, 2, 3]", b""],
)
def test_a_file_that_is_not_a_vault_is_an_input_error_naming_it(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "notes.txt"
    path.write_bytes(content)
    with pytest.raises(InputError) as caught:
        load_vault(path, PASSPHRASE)
    assert str(caught.value) == f"{path}: not a hkaigov PII vault"


def test_a_future_vault_version_is_refused_by_name(vault: Path) -> None:
    vault.write_text(json.dumps(json.loads(vault.read_text()) | {"version": 2}))
    with pytest.raises(InputError, match=rf"{vault.name}: unsupported vault version 2"):
        load_vault(vault, PASSPHRASE)


def test_a_missing_vault_is_an_input_error_naming_it(tmp_path: Path) -> None:
    path = tmp_path / "absent.vault"
    with pytest.raises(InputError, match=rf"{path.name}: cannot read vault"):
        load_vault(path, PASSPHRASE)


def test_an_empty_passphrase_is_refused(tmp_path: Path, conversation: Pseudonymiser) -> None:
    with pytest.raises(InputError, match="non-empty passphrase"):
        save_vault(tmp_path / "chat.vault", conversation, "")
    with pytest.raises(InputError, match="non-empty passphrase"):
        load_vault(tmp_path / "chat.vault", "")


def test_an_empty_pseudonymiser_round_trips(tmp_path: Path) -> None:
    path = tmp_path / "empty.vault"
    save_vault(path, Pseudonymiser(), PASSPHRASE)
    assert dict(load_vault(path, PASSPHRASE).mapping) == {}
