"""Who is working in this process, and whether their role lets them do something.

The command line signs a person in after opening the database (--user and
DENKHUYA_PASSWORD), the window after its login dialog. While the database has no
account at all the program behaves as it did before accounts existed: everything is
allowed and the audit trail names the operating-system user. Once accounts exist,
nothing is allowed until someone signs in.

Services call require() before they do what a role may not (export, report, backup…),
so a script or a window cannot go around the menu that hides it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from desktop.domain.errors import UserError
from desktop.domain.roles import FULL_PERSONAL_NUMBERS, PERMISSION_WORDS, allowed, role_name


class NotAllowed(UserError):
    """The person signed in (or nobody) may not do this; `permission` says what."""

    def __init__(self, message: str, permission: str | None = None) -> None:
        super().__init__(message)
        self.permission = permission


@dataclass(frozen=True)
class SignedInAccount:
    """The account at the keyboard, as the process knows it."""

    id: int
    name: str
    display_name: str
    role: str


_current: SignedInAccount | None = None
_accounts_exist = False
# Work the program does by itself (the automatic daily copy), not on anyone's request.
_by_the_program: ContextVar[bool] = ContextVar("by_the_program", default=False)


def current() -> SignedInAccount | None:
    return _current


def sign_in(account: SignedInAccount) -> None:
    global _current, _accounts_exist
    _current = account
    _accounts_exist = True


def sign_out() -> None:
    global _current
    _current = None


def set_accounts_exist(exist: bool) -> None:
    """Told by whoever opens the database: whether it holds any account."""
    global _accounts_exist
    _accounts_exist = exist


def accounts_exist() -> bool:
    return _accounts_exist


def reset() -> None:
    """Nobody signed in and no accounts known (a new database; tests)."""
    global _current, _accounts_exist
    _current = None
    _accounts_exist = False


@contextmanager
def by_the_program() -> Iterator[None]:
    """Within this block the program works by itself (the automatic daily copy runs
    for whoever is signed in, even a role that may not make a backup by hand)."""
    token = _by_the_program.set(True)
    try:
        yield
    finally:
        _by_the_program.reset(token)


def may(permission: str) -> bool:
    """Whether the person signed in may do this (anyone, while no account exists)."""
    if _by_the_program.get():
        return True
    if _current is None:
        return not _accounts_exist
    return allowed(_current.role, permission)


def require(permission: str) -> None:
    """Refuse (NotAllowed, one sentence) what the person signed in may not do."""
    if may(permission):
        return
    words = PERMISSION_WORDS.get(permission, permission)
    if _current is None:
        raise NotAllowed(f"Cần đăng nhập để {words}.", permission)
    raise NotAllowed(f"Vai trò {role_name(_current.role)} không được {words}.", permission)


def masks_personal_numbers() -> bool:
    """Whether ID numbers and phones must be shown and exported masked."""
    return not may(FULL_PERSONAL_NUMBERS)


def actor_name() -> str | None:
    """The account's name for the audit trail, or None while nobody is signed in."""
    return _current.name if _current is not None else None
