"""An encrypted file of pseudonyms, so a model's answer can be restored after the conversation is over.

The mapping holds the original personal data, so it is only ever written encrypted: Scrypt turns a
passphrase into a key and AES-GCM both hides and authenticates the content, so a wrong passphrase and
a tampered file are caught the same way, before anything is parsed.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import tempfile
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from hkaigov.domain.errors import InputError
from hkaigov.pii.redact import Pseudonymiser

__all__ = ["load_vault", "save_vault"]

FORMAT = "hkaigov-pii-vault"
VERSION = 1
_AAD = b"hkaigov-pii-vault/1"  # binds the ciphertext to this format and version
_BINARY_FIELDS = ("salt", "nonce", "ciphertext")


def _derive_key(passphrase: str, salt: bytes) -> bytes:
    return Scrypt(salt=salt, length=32, n=2**14, r=8, p=1).derive(passphrase.encode("utf-8", "surrogatepass"))


def _check_passphrase(passphrase: str) -> None:
    if not isinstance(passphrase, str) or not passphrase:
        raise InputError("the vault needs a non-empty passphrase")


def save_vault(path: str | os.PathLike[str], pseudonymiser: Pseudonymiser, passphrase: str) -> None:
    """Encrypt the pseudonym mapping to `path`, replacing it atomically; the file is readable by its owner only."""
    _check_passphrase(passphrase)
    salt, nonce = os.urandom(16), os.urandom(12)
    plaintext = json.dumps({"pseudonyms": dict(pseudonymiser.mapping)}).encode("ascii")
    ciphertext = AESGCM(_derive_key(passphrase, salt)).encrypt(nonce, plaintext, _AAD)
    document = {
        "format": FORMAT,
        "version": VERSION,
        "kdf": "scrypt",
        "salt": base64.b64encode(salt).decode("ascii"),
        "nonce": base64.b64encode(nonce).decode("ascii"),
        "ciphertext": base64.b64encode(ciphertext).decode("ascii"),
    }
    _write_atomically(Path(path), (json.dumps(document, indent=2) + "\n").encode("ascii"))


def _write_atomically(path: Path, data: bytes) -> None:
    """Write beside the target then rename, so a crash leaves either the old vault or the new one."""
    try:
        fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise InputError(f"{path}: cannot write vault: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            os.chmod(temporary, 0o600)
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        if isinstance(exc, OSError):
            raise InputError(f"{path}: cannot write vault: {exc.strerror or exc}") from None
        raise


def load_vault(path: str | os.PathLike[str], passphrase: str) -> Pseudonymiser:
    """Decrypt a vault written by `save_vault`; new values get numbers after the saved ones."""
    _check_passphrase(passphrase)
    where = os.fspath(path)
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise InputError(f"{where}: cannot read vault: {exc.strerror or exc}") from None
    try:
        document = json.loads(raw)
    except ValueError:  # also not UTF-8
        document = None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise InputError(f"{where}: not a hkaigov PII vault")
    if document.get("version") != VERSION or document.get("kdf") != "scrypt":
        raise InputError(
            f"{where}: unsupported vault version {document.get('version')!r} (kdf {document.get('kdf')!r}); "
            f"this hkaigov reads version {VERSION} with scrypt"
        )
    try:
        salt, nonce, ciphertext = [base64.b64decode(document[name], validate=True) for name in _BINARY_FIELDS]
        if len(salt) != 16 or len(nonce) != 12:
            raise ValueError("bad salt or nonce length")
        plaintext = AESGCM(_derive_key(passphrase, salt)).decrypt(nonce, ciphertext, _AAD)
        return Pseudonymiser.from_mapping(json.loads(plaintext)["pseudonyms"])
    except (KeyError, TypeError, ValueError, AttributeError, InvalidTag, InputError):
        raise InputError(f"{where}: wrong passphrase or damaged vault") from None
