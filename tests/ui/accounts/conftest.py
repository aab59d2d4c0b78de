"""An encrypted demo ward with an account of each role, made once with the services
(demo, then create_first_admin) and copied for each test, and cheap Argon2id."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from argon2 import PasswordHasher, Type
from PySide6.QtWidgets import QWidget

from desktop.db import keyring
from desktop.domain.roles import DUTY, ENTRY, LEADER
from desktop.services import accounts, signed_in
from desktop.services.database import Database, open_database
from desktop.services.demo import DemoOptions, create_demo_ward
from desktop.services.progress import Progress
from tests.conftest import TODAY

QUICK_HASHER = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1, type=Type.ID)
QUICK_KEYS = {"t": 1, "m": 8, "p": 1}
ADMIN_PASSWORD = "đèn-khuya-2026"
PASSWORD = "mat-khau-123"
# login name → (shown name, role); each has PASSWORD, the administrator ADMIN_PASSWORD
PEOPLE = {
    "truc.ban": ("Trần Văn Trực", DUTY),
    "lanh.dao": ("Hoàng Văn Lãnh", LEADER),
    "nhap.lieu": ("Lò Thị Nhập", ENTRY),
}


@pytest.fixture(autouse=True)
def quick_hashes(monkeypatch) -> None:
    """Cheap Argon2id for passwords and key copies (as tests/services/test_accounts.py)."""
    monkeypatch.setattr(accounts, "HASHER", QUICK_HASHER)
    monkeypatch.setattr(accounts, "_dummy_hash", None)
    monkeypatch.setattr(keyring, "COST", QUICK_KEYS)


@pytest.fixture(scope="session")
def encrypted_demo_template(tmp_path_factory, migrated_template: Path) -> Path:
    """A 30-household demo ward, encrypted by its first administrator "quan.tri", with
    an account of every other role (PEOPLE)."""
    path = tmp_path_factory.mktemp("encrypted-demo") / "denkhuya.sqlite3"
    shutil.copy(migrated_template, path)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(accounts, "HASHER", QUICK_HASHER)
        patch.setattr(keyring, "COST", QUICK_KEYS)
        database = open_database(f"sqlite:///{path}")
        options = DemoOptions(households=30, seed=1, ward_name="Cốc Lếu", today=TODAY)
        with database.session() as session:
            create_demo_ward(session, options, Progress())
        accounts.create_first_admin(database, "quan.tri", "Nguyễn Văn Quản", ADMIN_PASSWORD)
        accounts.sign_in(database, accounts.login("quan.tri", ADMIN_PASSWORD))
        for name, (shown, role) in PEOPLE.items():
            accounts.add_account(database, name, shown, role, PASSWORD)
        database.close()
        signed_in.reset()
    return path


@pytest.fixture
def encrypted_demo(tmp_path, encrypted_demo_template: Path) -> str:
    """The URL of this test's copy of the encrypted demo ward (with its key file)."""
    path = tmp_path / "ma-hoa" / "denkhuya.sqlite3"
    path.parent.mkdir()
    for source in (encrypted_demo_template, keyring.key_file_path(encrypted_demo_template)):
        shutil.copy(source, path.parent / source.name)
    return f"sqlite:///{path}"


@pytest.fixture
def open_as(encrypted_demo) -> Callable[[str], Database]:
    """Open the encrypted demo signed in as one of its accounts (closed at the end)."""
    opened: list[Database] = []

    def open_signed_in(name: str) -> Database:
        password = ADMIN_PASSWORD if name == "quan.tri" else PASSWORD
        login = accounts.login(name, password)
        database = open_database(encrypted_demo, login=login)
        opened.append(database)
        accounts.remember_accounts_exist(database)
        accounts.sign_in(database, login)
        return database

    yield open_signed_in
    for database in opened:
        database.close()


def visible_menu_texts(window: QWidget) -> list[str]:
    """Every menu item the person can see, as "Menu ▸ Item" without the & marks."""
    texts = []
    for menu_action in window.menuBar().actions():
        menu = menu_action.menu()
        if not menu_action.isVisible() or menu is None:
            continue
        for action in menu.actions():
            if action.isVisible() and not action.isSeparator():
                texts.append(f"{menu_action.text()} ▸ {action.text()}".replace("&", ""))
    return texts
