"""The key file beside an encrypted database: who may open it, and how.

An encrypted database (SQLCipher, desktop.db.encryption) is opened with a random
32-byte data key that is never written anywhere as it is. The key file
`<database>.khoa` beside it holds that key sealed once for each account and once for
the recovery key:

- Each account has an X25519 key pair. Its private key is encrypted (AES-GCM) with a
  key derived from the account's password by Argon2id (a salt per account), so a
  wrong password is recognised and refused. The data key is sealed to the public key
  (an ephemeral X25519 exchange, HKDF-SHA256, AES-GCM). Sealing needs only public
  keys: when an account is removed, the data key is changed and sealed again for
  everyone left without asking anyone for a password.
- The recovery key, printed once at setup for the station chief's safe, is 140
  random bits written as 28 letters and digits; its key pair is derived from it by
  Argon2id in the same way.
- An HMAC under the data key covers the list of recipients: nobody without the data
  key can slip a public key of their own in, to be given the next data key.
- Failed attempts per name, the time a name stays locked, and the failures still to
  be written to the audit trail: an encrypted database cannot count them inside
  itself before it is opened. These are the only parts written without the data key.

The file is JSON, replaced atomically (written beside, synced, renamed; owner only),
and changed under a lock file (`<database>.khoa.lock`) so that two desks never lose
each other's change. Backups carry the same recipients sealed to their own data key
(`block`), so a backup opens with the logins and the recovery key of the data it holds.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import secrets
import time
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, NamedTuple

from desktop.db.drivers import KEY_BYTES
from desktop.domain.errors import UserError
from desktop.domain.roles import LOCK_AFTER_FAILURES, LOCK_MINUTES

KEY_FILE_SUFFIX = ".khoa"
LOCK_SUFFIX = ".lock"
FORMAT, VERSION = "denkhuya-khoa", 1
READY, SWITCHING = "ready", "switching"
# The name failed recovery-key attempts are counted and audited under (account names
# are lower-case letters, digits and . _ -, so it cannot be one).
RECOVERY_NAME = "(khóa khôi phục)"
# Argon2id as RFC 9106's second recommendation: 3 passes over 64 MiB, 4 lanes; about
# 0.1 s here, which is what each guess at a password costs whoever copied the files.
COST = {"t": 3, "m": 65_536, "p": 4}
# What a key file may ask for (a doctored file must not make the program hang).
_MAX_COST = {"t": 10, "m": 1_048_576, "p": 16}
RECOVERY_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford's: no I, L, O, U
RECOVERY_LENGTH = 28  # 28 × 5 = 140 bits
_KEEP_PENDING, _KEEP_NAMES = 500, 200
_LOCK_WAIT_SECONDS = 30.0
_SEAL_INFO = b"denkhuya/khoa/seal/v1"
_MAC_INFO = b"denkhuya/khoa/mac/v1"


class Login(NamedTuple):
    """An account's name and password (never shown: not in a traceback, not in a log)."""

    name: str
    password: str

    def __repr__(self) -> str:
        return f"Login(name={self.name!r}, password=‹ẩn›)"


class RecoveryLogin(NamedTuple):
    """The recovery key, as printed at setup (dashes and spaces do not matter)."""

    recovery_key: str

    def __repr__(self) -> str:
        return "RecoveryLogin(recovery_key=‹ẩn›)"


class FailedLogin(NamedTuple):
    """A failed attempt to open an encrypted database, for the audit trail."""

    name: str
    at: datetime  # UTC, naive (as the audit trail stores times)


class LoginNeeded(UserError):
    """The database (or backup) is encrypted and nobody logged in."""


class LoginRefused(UserError):
    """A wrong name, password or recovery key, or a name locked after failures."""


class KeyFileDamaged(UserError):
    """The key file cannot be read, or its list of recipients was changed by hand."""


WRONG_LOGIN = "Tên đăng nhập hoặc mật khẩu không đúng."


def key_file_path(database: Path) -> Path:
    """`denkhuya.sqlite3` → `denkhuya.sqlite3.khoa`."""
    return database.with_name(database.name + KEY_FILE_SUFFIX)


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


# The recovery key -----------------------------------------------------------------------


def new_recovery_key() -> str:
    """28 random letters and digits in groups of four: K7QF-3M9P-…"""
    symbols = "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(RECOVERY_LENGTH))
    return "-".join(symbols[i : i + 4] for i in range(0, RECOVERY_LENGTH, 4))


def normal_recovery_key(text: str) -> str | None:
    """The symbols of a typed recovery key (O read as 0, I and L as 1), or None when it
    cannot be one."""
    kept = "".join(c for c in text.upper() if c not in " -\t")
    kept = kept.translate(str.maketrans("OIL", "011"))
    if len(kept) != RECOVERY_LENGTH or any(c not in RECOVERY_ALPHABET for c in kept):
        return None
    return kept


# Cryptography ---------------------------------------------------------------------------


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: Any) -> bytes:
    if not isinstance(text, str):
        raise ValueError("not base64 text")
    return base64.b64decode(text, validate=True)


class _Wrong(Exception):
    """A password, recovery key or sealed key that does not open."""


def _stretch(secret: bytes, salt: bytes, cost: dict[str, int]) -> bytes:
    from argon2.low_level import Type, hash_secret_raw

    if not isinstance(cost, dict) or not all(
        type(cost.get(k)) is int and 1 <= cost[k] <= _MAX_COST[k] for k in _MAX_COST
    ):
        raise _Wrong
    return hash_secret_raw(secret, salt, cost["t"], max(cost["m"], 8 * cost["p"]), cost["p"],
                           32, Type.ID)  # fmt: skip


def _password_bytes(password: str) -> bytes:
    return unicodedata.normalize("NFC", password).encode("utf-8")


def _account_context(name: str) -> bytes:
    return b"denkhuya/khoa/account/" + name.encode("utf-8")


def _seal(data_key: bytes, public: bytes) -> bytes:
    """The data key readable only with the private key of `public`."""
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    ephemeral = X25519PrivateKey.generate()
    ephemeral_public = ephemeral.public_key().public_bytes_raw()
    shared = ephemeral.exchange(X25519PublicKey.from_public_bytes(public))
    wrapping = _hkdf(shared, _SEAL_INFO + ephemeral_public + public)
    nonce = os.urandom(12)
    return ephemeral_public + nonce + AESGCM(wrapping).encrypt(nonce, data_key, _SEAL_INFO)


def _unseal(sealed: bytes, private) -> bytes:
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PublicKey
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    if len(sealed) < 32 + 12 + 16:
        raise _Wrong
    ephemeral_public, nonce, body = sealed[:32], sealed[32:44], sealed[44:]
    public = private.public_key().public_bytes_raw()
    try:
        shared = private.exchange(X25519PublicKey.from_public_bytes(ephemeral_public))
        key = AESGCM(_hkdf(shared, _SEAL_INFO + ephemeral_public + public)).decrypt(
            nonce, body, _SEAL_INFO
        )
    except (InvalidTag, ValueError):
        raise _Wrong from None
    if len(key) != KEY_BYTES:
        raise _Wrong
    return key


def _hkdf(secret: bytes, info: bytes) -> bytes:
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF

    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=info).derive(secret)


def key_id(data_key: bytes) -> str:
    """A short name for a data key that tells nothing of it: which key the database
    answers to now, for a desk whose key no longer opens it."""
    return _hkdf(data_key, b"denkhuya/khoa/id")[:8].hex()


def _mac(data_key: bytes, recipients: dict[str, Any]) -> str:
    message = json.dumps(recipients, sort_keys=True, separators=(",", ":")).encode("utf-8")
    return _b64(hmac.new(_hkdf(data_key, _MAC_INFO), message, hashlib.sha256).digest())


def _account_entry(name: str, password: str, data_key: bytes) -> dict[str, Any]:
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    private = X25519PrivateKey.generate()
    salt, nonce = os.urandom(16), os.urandom(12)
    wrapping = _stretch(_password_bytes(password), salt, COST)
    wrapped = AESGCM(wrapping).encrypt(nonce, private.private_bytes_raw(), _account_context(name))
    public = private.public_key().public_bytes_raw()
    return {
        "salt": _b64(salt),
        "cost": dict(COST),
        "public": _b64(public),
        "private": _b64(nonce + wrapped),
        "sealed": _b64(_seal(data_key, public)),
    }


def _recovery_private(symbols: str, entry: dict[str, Any]):
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

    seed = _stretch(symbols.encode("ascii"), _unb64(entry["salt"]), entry["cost"])
    return X25519PrivateKey.from_private_bytes(seed)


def _recovery_entry(recovery_key: str, data_key: bytes) -> dict[str, Any]:
    symbols = normal_recovery_key(recovery_key)
    assert symbols is not None
    entry: dict[str, Any] = {"salt": _b64(os.urandom(16)), "cost": dict(COST)}
    public = _recovery_private(symbols, entry).public_key().public_bytes_raw()
    entry.update(public=_b64(public), sealed=_b64(_seal(data_key, public)))
    return entry


def _account_private(name: str, entry: dict[str, Any], password: str):
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    wrapping = _stretch(_password_bytes(password), _unb64(entry["salt"]), entry["cost"])
    wrapped = _unb64(entry["private"])
    try:
        raw = AESGCM(wrapping).decrypt(wrapped[:12], wrapped[12:], _account_context(name))
    except (InvalidTag, ValueError):
        raise _Wrong from None
    return X25519PrivateKey.from_private_bytes(raw)


def _waste_a_guess(password: str) -> None:
    """As long as a real check takes: an unknown name must not answer sooner."""
    _stretch(_password_bytes(password), b"\0" * 16, COST)


# The key file ---------------------------------------------------------------------------

_RECIPIENT_FIELDS = ("salt", "cost", "public", "private")


@dataclass
class KeyFile:
    """The parsed content of a key file (or of a backup's key block)."""

    data: dict[str, Any]

    @classmethod
    def new(cls, first: Login, data_key: bytes) -> tuple[KeyFile, str]:
        """A key file for a freshly encrypted database, opened by `first` and by the
        recovery key returned with it."""
        recovery_key = new_recovery_key()
        keys = cls(
            {
                "format": FORMAT,
                "version": VERSION,
                "state": READY,
                "accounts": {first.name: _account_entry(first.name, first.password, data_key)},
                "recovery": _recovery_entry(recovery_key, data_key),
                "failures": {},
                "pending": [],
            }
        )
        keys._sign(data_key)
        return keys, recovery_key

    @classmethod
    def parse(cls, text: bytes | str, where: str) -> KeyFile:
        """Read key file JSON; KeyFileDamaged (naming `where`) when it is not one."""
        try:
            data = json.loads(text)
            valid = (
                isinstance(data, dict)
                and data.get("format") == FORMAT
                and isinstance(data.get("accounts"), dict)
                and isinstance(data.get("recovery"), dict | None)
                and isinstance(data.get("mac"), str)
            )
        except (ValueError, UnicodeDecodeError):
            valid = False
        if not valid:
            raise KeyFileDamaged(
                f"Tệp khóa “{where}” bị hỏng hoặc không phải tệp khóa của Đèn Khuya, nên không "
                "mở được dữ liệu; hãy chép lại tệp khóa đúng (đi cùng tệp dữ liệu) hoặc khôi "
                "phục từ bản sao lưu."
            )
        if data.get("version") != VERSION:
            raise KeyFileDamaged(
                f"Tệp khóa “{where}” do phiên bản Đèn Khuya mới hơn tạo; hãy cài phiên bản mới "
                "nhất để mở dữ liệu."
            )
        data.setdefault("failures", {})
        data.setdefault("pending", [])
        data.setdefault("state", READY)
        return cls(data)

    def to_json(self) -> bytes:
        return json.dumps(self.data, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8")

    # Recipients ------------------------------------------------------------------------

    @property
    def names(self) -> list[str]:
        return sorted(self.data["accounts"])

    def _recipients(self) -> dict[str, Any]:
        accounts = {
            name: {field: entry.get(field) for field in _RECIPIENT_FIELDS}
            for name, entry in self.data["accounts"].items()
        }
        recovery = self.data.get("recovery")
        kept = {field: recovery.get(field) for field in _RECIPIENT_FIELDS[:3]} if recovery else None
        return {"accounts": accounts, "recovery": kept}

    def _entries(self) -> list[dict[str, Any]]:
        recovery = self.data.get("recovery")
        return [*self.data["accounts"].values(), *([recovery] if recovery else [])]

    def verify(self, data_key: bytes) -> None:
        """Refuse (KeyFileDamaged) a list of recipients the data key did not sign."""
        expected = _mac(data_key, self._recipients())
        if not hmac.compare_digest(expected, str(self.data.get("mac"))):
            raise KeyFileDamaged(
                "Danh sách tài khoản trong tệp khóa đã bị sửa ngoài chương trình nên không "
                "được tin; hãy báo quản trị và khôi phục dữ liệu từ bản sao lưu."
            )

    def _sign(self, data_key: bytes) -> None:
        self.data["mac"] = _mac(data_key, self._recipients())
        self.data["key_id"] = key_id(data_key)

    @property
    def current_key_id(self) -> str | None:
        return self.data.get("key_id")

    def enrol(self, name: str, password: str, data_key: bytes) -> None:
        """Give `name` the data key behind `password` (replacing what it had)."""
        self.verify(data_key)
        if self.rotating:
            raise UserError(
                "Khóa dữ liệu đang được đổi ở một cửa sổ khác; hãy thử lại sau ít phút."
            )
        self.data["accounts"][name] = _account_entry(name, password, data_key)
        self._sign(data_key)

    def remove(self, name: str, data_key: bytes) -> bool:
        """Take `name`'s copy away; True when it had one."""
        self.verify(data_key)
        removed = self.data["accounts"].pop(name, None) is not None
        self._sign(data_key)
        return removed

    def unseal(self, login: Login | RecoveryLogin) -> list[bytes]:
        """The data key (and, while a change of key is unfinished, the next one) that
        the login opens; raises _Wrong (also for an entry damaged by hand)."""
        try:
            if isinstance(login, RecoveryLogin):
                symbols = normal_recovery_key(login.recovery_key)
                entry = self.data.get("recovery")
                if symbols is None or not isinstance(entry, dict):
                    raise _Wrong
                private = _recovery_private(symbols, entry)
            else:
                entry = self.data["accounts"].get(login.name)
                if not isinstance(entry, dict):
                    _waste_a_guess(login.password)
                    raise _Wrong
                private = _account_private(login.name, entry, login.password)
            keys = [_unseal(_unb64(entry["sealed"]), private)]
            if entry.get("next"):
                keys.append(_unseal(_unb64(entry["next"]), private))
        except (KeyError, ValueError, TypeError):
            raise _Wrong from None
        return keys

    # Changing the data key -----------------------------------------------------------

    @property
    def rotating(self) -> bool:
        return bool(self.data.get("next_mac"))

    def begin_rotation(self, data_key: bytes, new_key: bytes, recovery_key: str | None) -> None:
        """Seal `new_key` beside the current key for every recipient, with a new
        recovery key replacing the old one when given."""
        self.verify(data_key)
        if recovery_key is not None:
            self.data["recovery"] = _recovery_entry(recovery_key, data_key)
        for entry in self._entries():
            entry["next"] = _b64(_seal(new_key, _unb64(entry["public"])))
        self._sign(data_key)
        self.data["next_mac"] = _mac(new_key, self._recipients())
        self.data["next_key_id"] = key_id(new_key)

    def finish_rotation(self) -> None:
        """The database now uses the next key: it becomes the only one."""
        if not self.rotating:
            return
        for entry in self._entries():
            if entry.get("next"):
                entry["sealed"] = entry.pop("next")
        self.data["mac"] = self.data.pop("next_mac")
        self.data["key_id"] = self.data.pop("next_key_id", None)

    def cancel_rotation(self, data_key: bytes) -> None:
        for entry in self._entries():
            entry.pop("next", None)
        self.data.pop("next_mac", None)
        self.data.pop("next_key_id", None)
        self._sign(data_key)

    # Backups ---------------------------------------------------------------------------

    def block(self, backup_key: bytes) -> dict[str, Any]:
        """The recipients of this file, sealed to a backup's own data key."""
        accounts = {
            name: {
                **{field: entry[field] for field in _RECIPIENT_FIELDS},
                "sealed": _b64(_seal(backup_key, _unb64(entry["public"]))),
            }
            for name, entry in self.data["accounts"].items()
        }
        recovery = self.data.get("recovery")
        block: dict[str, Any] = {
            "format": FORMAT,
            "version": VERSION,
            "state": READY,
            "accounts": accounts,
            "recovery": {
                **{field: recovery[field] for field in _RECIPIENT_FIELDS[:3]},
                "sealed": _b64(_seal(backup_key, _unb64(recovery["public"]))),
            }
            if recovery
            else None,
        }
        KeyFile(block)._sign(backup_key)
        return block

    def adopt(self, other: KeyFile, data_key: bytes) -> None:
        """Take `other`'s recipients (a restored backup's), sealed to this file's data
        key; the counters of this file stay."""
        self.data["accounts"] = {
            name: {
                **{field: entry[field] for field in _RECIPIENT_FIELDS},
                "sealed": _b64(_seal(data_key, _unb64(entry["public"]))),
            }
            for name, entry in other.data["accounts"].items()
        }
        recovery = other.data.get("recovery")
        self.data["recovery"] = (
            {
                **{field: recovery[field] for field in _RECIPIENT_FIELDS[:3]},
                "sealed": _b64(_seal(data_key, _unb64(recovery["public"]))),
            }
            if recovery
            else None
        )
        self.data.pop("next_mac", None)
        self.data.pop("next_key_id", None)
        self._sign(data_key)

    # Failed attempts -------------------------------------------------------------------

    def locked_until(self, name: str, now: datetime) -> datetime | None:
        until = self.data["failures"].get(name, {}).get("locked_until")
        moment = _moment(until)
        return moment if moment is not None and moment > now else None

    def note_failure(self, name: str, now: datetime, counted: bool = True) -> datetime | None:
        """Count a failed attempt (and keep it for the audit trail); return until when
        the name is locked when this failure locks it."""
        pending = self.data["pending"]
        pending.append({"name": name, "at": now.isoformat(timespec="seconds")})
        del pending[:-_KEEP_PENDING]
        if not counted:
            return None
        failures = self.data["failures"]
        record = failures.setdefault(name, {"count": 0, "locked_until": None})
        record["count"] = int(record.get("count") or 0) + 1
        record["last"] = now.isoformat(timespec="seconds")
        until = None
        if record["count"] >= LOCK_AFTER_FAILURES:
            until = now + timedelta(minutes=LOCK_MINUTES)
            record.update(count=0, locked_until=until.isoformat(timespec="seconds"))
        if len(failures) > _KEEP_NAMES:
            for old in sorted(failures, key=lambda n: str(failures[n].get("last")))[:-_KEEP_NAMES]:
                failures.pop(old)
        return until

    def note_success(self, name: str) -> list[FailedLogin]:
        """Clear `name`'s count; return (and forget) the failures to be audited."""
        self.data["failures"].pop(name, None)
        taken = []
        for item in self.data["pending"]:
            moment = _moment(item.get("at")) if isinstance(item, dict) else None
            if moment is not None:
                taken.append(FailedLogin(str(item.get("name", "")), moment))
        self.data["pending"] = []
        return taken

    # An unfinished switch from a plain file (desktop.db.encryption) ------------------------

    @property
    def state(self) -> str:
        return str(self.data.get("state", READY))

    def begin_switch(self) -> None:
        self.data["state"] = SWITCHING

    def finish_switch(self) -> None:
        self.data["state"] = READY


def _moment(text: Any) -> datetime | None:
    try:
        return datetime.fromisoformat(text) if isinstance(text, str) else None
    except ValueError:
        return None


# Unlocking ------------------------------------------------------------------------------


def until_text(until: datetime) -> str:
    """A UTC moment as the desk's local HH:MM."""
    return f"{until.replace(tzinfo=UTC).astimezone():%H:%M}"


def unlock(keys: KeyFile, login: Login | RecoveryLogin | None, now: datetime) -> list[bytes]:
    """The data keys `login` opens in `keys`, counting a failure in `keys` (the caller
    saves it). Raises LoginNeeded without a login, LoginRefused for a wrong one or a
    locked name, and KeyFileDamaged for a list of recipients changed by hand."""
    if login is None:
        raise LoginNeeded("Dữ liệu được mã hóa: cần đăng nhập bằng một tài khoản để mở.")
    name = RECOVERY_NAME if isinstance(login, RecoveryLogin) else login.name
    until = keys.locked_until(name, now)
    if until is not None:
        keys.note_failure(name, now, counted=False)
        raise LoginRefused(
            f"Tài khoản “{name}” đang bị khóa vì nhập sai nhiều lần; hãy thử lại sau "
            f"{until_text(until)}."
        )
    if isinstance(login, RecoveryLogin) and normal_recovery_key(login.recovery_key) is None:
        raise LoginRefused(
            f"Khóa khôi phục gồm {RECOVERY_LENGTH} chữ và số, chia từng nhóm 4 (ví dụ "
            "K7QF-3M9P-…); hãy gõ lại đúng như trên tờ giấy đã cất."
        )
    try:
        found = keys.unseal(login)
    except _Wrong:
        locked = keys.note_failure(name, now)
        if locked is not None:
            raise LoginRefused(
                f"Sai {LOCK_AFTER_FAILURES} lần liên tiếp: “{name}” bị khóa {LOCK_MINUTES} "
                f"phút, đến {until_text(locked)}."
            ) from None
        if isinstance(login, RecoveryLogin):
            raise LoginRefused("Khóa khôi phục không đúng.") from None
        raise LoginRefused(WRONG_LOGIN) from None
    keys.verify(found[0])  # signed with the current key, also while it is being changed
    return found


def unlock_block(block: dict[str, Any], login: Login | RecoveryLogin | None, where: str) -> bytes:
    """The data key of a backup's key block; nothing is counted (a copy on a stick can
    be tried anywhere: only Argon2id's cost and the passwords' length protect it)."""
    keys = KeyFile.parse(json.dumps(block), where)
    if login is None:
        raise LoginNeeded(
            f"Bản sao lưu “{where}” được mã hóa: cần đăng nhập bằng một tài khoản của dữ liệu "
            "trong bản sao lưu (hoặc khóa khôi phục) để xem và khôi phục."
        )
    try:
        (key, *_later) = keys.unseal(login)
    except _Wrong:
        raise LoginRefused(
            f"Tên đăng nhập, mật khẩu hoặc khóa khôi phục không mở được bản sao lưu “{where}”: "
            "cần một tài khoản có trong dữ liệu lúc sao lưu."
        ) from None
    keys.verify(key)
    return key


# Reading and writing the file -----------------------------------------------------------


def load(path: Path) -> KeyFile:
    """The key file at `path` (KeyFileDamaged when it cannot be read as one)."""
    try:
        text = path.read_bytes()
    except OSError:
        raise KeyFileDamaged(
            f"Không đọc được tệp khóa “{path.name}”; hãy kiểm tra quyền của tệp rồi thử lại."
        ) from None
    return KeyFile.parse(text, path.name)


def being_written(path: Path) -> Path:
    """Where the next content of the key file is written before it takes its place:
    one fixed name, as it is written only under the lock; one a crash left is stale."""
    return path.with_name(f".{path.name}.dang-ghi")


def save(path: Path, keys: KeyFile) -> None:
    """Replace the key file at once (the caller holds its lock): written beside under
    another name for the owner only, synced, renamed over it, and the folder synced."""
    temporary = being_written(path)
    temporary.unlink(missing_ok=True)  # left by a crash
    descriptor = os.open(temporary, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    try:
        with os.fdopen(descriptor, "wb") as stream:
            stream.write(keys.to_json())
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    sync_folder(path.parent)


def remove(path: Path) -> None:
    path.unlink(missing_ok=True)
    sync_folder(path.parent)


def sync_folder(folder: Path) -> None:
    """Make a rename in `folder` survive a power cut (POSIX; Windows has no such call)."""
    if os.name != "posix":
        return
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


@contextmanager
def updating(path: Path) -> Iterator[KeyFile]:
    """Read the key file under its lock, let the block change it, and save it when it
    changed (also when the block raises: a counted failure must stay counted)."""
    with locked(path):
        keys = load(path)
        before = keys.to_json()
        try:
            yield keys
        finally:
            if keys.to_json() != before:
                save(path, keys)


@contextmanager
def locked(path: Path) -> Iterator[None]:
    """Hold the key file's lock (other desks wait for it, up to half a minute)."""
    lock_path = path.with_name(path.name + LOCK_SUFFIX)
    descriptor = os.open(lock_path, os.O_CREAT | os.O_RDWR, 0o600)
    try:
        deadline = time.monotonic() + _LOCK_WAIT_SECONDS
        while not _try_lock(descriptor):
            if time.monotonic() > deadline:
                raise UserError(
                    "Tệp khóa đang được một cửa sổ hoặc lệnh Đèn Khuya khác ghi quá lâu; hãy "
                    "thử lại."
                )
            time.sleep(0.05)
        yield
    finally:
        os.close(descriptor)  # the system frees the lock with it


def _try_lock(descriptor: int) -> bool:
    try:
        if os.name == "posix":
            import fcntl

            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        else:
            import msvcrt

            os.lseek(descriptor, 0, os.SEEK_SET)
            msvcrt.locking(descriptor, msvcrt.LK_NBLCK, 1)
        return True
    except OSError:
        return False
