"""The window's one door to the accounts: signing in at the start, the first account,
the idle lock's password, and the administrator's accounts dialog.

Widgets get plain rows (AccountRow) and sentences (UserError); no widget opens the
database or sees an ORM object. Passwords pass through here to the services and are
kept nowhere.
"""

from __future__ import annotations

from dataclasses import dataclass

from desktop.db.writing import WriterWait
from desktop.domain.roles import MANAGE_ACCOUNTS, SETTINGS, role_name
from desktop.services import accounts, settings, signed_in, wards
from desktop.services.accounts import AccountRow
from desktop.services.database import Database, LoginNeeded, open_database
from desktop.services.signed_in import SignedInAccount


@dataclass
class StartLogin:
    """Signing in when the program starts: opens an encrypted database with the
    account's password (`database` None), or checks it on a database already open."""

    url: str | None
    wait: WriterWait | None
    database: Database | None = None

    @classmethod
    def open(cls, url: str | None, wait: WriterWait | None) -> tuple[StartLogin, bool]:
        """Open the database if it can be opened without a login; (the login to use,
        whether someone must sign in). Raises UserError for a database that cannot be
        opened at all (too new, damaged, read-only…)."""
        try:
            database = open_database(url, wait)
        except LoginNeeded:
            return cls(url, wait), True
        return cls(url, wait, database), accounts.remember_accounts_exist(database)

    def sign_in(self, name: str, password: str) -> Database:
        """The database open and the person signed in (signed_in.current()); raises
        UserError (LoginRefused, SignInRefused) with the sentence to show, leaving
        nothing open that was not open before."""
        login = accounts.login(name, password)
        database = self.database
        opened_here = database is None
        if database is None:
            database = open_database(self.url, self.wait, login=login)
        try:
            accounts.remember_accounts_exist(database)
            accounts.sign_in(database, login)
        except BaseException:
            if opened_here:
                database.close()
            raise
        self.database = database
        return database

    def close(self) -> None:
        """Nobody signed in (Esc at the login): let go of what was opened."""
        if self.database is not None:
            self.database.close()
            self.database = None


def working_text(account: SignedInAccount) -> str:
    """ "Nguyễn Văn A (Trực ban)" for the status bar and the lock."""
    return f"{account.display_name} ({role_name(account.role)})"


class AccountsGateway:
    """Accounts through the services, for the main window and its dialogs."""

    def __init__(self, database: Database) -> None:
        self.database = database

    # Who is working --------------------------------------------------------------------

    def current(self) -> SignedInAccount | None:
        return signed_in.current()

    def accounts_exist(self) -> bool:
        """Whether the database has accounts (told to signed_in as well)."""
        return accounts.remember_accounts_exist(self.database)

    def may_manage_accounts(self) -> bool:
        return signed_in.current() is not None and signed_in.may(MANAGE_ACCOUNTS)

    def may_change_settings(self) -> bool:
        return signed_in.may(SETTINGS)

    @property
    def encrypted(self) -> bool:
        return self.database.encrypted

    @property
    def can_encrypt(self) -> bool:
        return self.database.can_encrypt

    def is_empty(self) -> bool:
        """No ward and no account yet: a new database (the first start offers the first
        account)."""
        with self.database.session() as session:
            return wards.current_ward(session) is None and not accounts.accounts_exist(session)

    # The first account -----------------------------------------------------------------

    def check_new_account(self, name: str, password: str) -> None:
        """Refuse (UserError) a bad login name or a password the rules refuse."""
        accounts.check_new_password(accounts.clean_account_name(name), password)

    def create_first_admin(self, name: str, display_name: str, password: str) -> str:
        """Create the first administrator (encrypting a SQLite file) and sign them in;
        the recovery key to show once ("" when nothing was encrypted)."""
        recovery_key = accounts.create_first_admin(self.database, name, display_name, password)
        accounts.sign_in(self.database, accounts.login(name, password))
        return recovery_key

    # The idle lock ---------------------------------------------------------------------

    def idle_lock_minutes(self) -> int:
        with self.database.session() as session:
            return settings.load_idle_lock_minutes(session)

    def set_idle_lock_minutes(self, minutes: int) -> int:
        with self.database.session() as session:
            return settings.save_idle_lock_minutes(session, minutes)

    def check_password(self, password: str) -> bool:
        """Whether it is the signed-in person's password; SignInRefused when they may no
        longer go on (disabled, locked): they are signed out then."""
        return accounts.check_password(self.database, password)

    def sign_out(self) -> None:
        """Sign the person out (audited); nothing when nobody is signed in."""
        accounts.sign_out(self.database)

    # The accounts dialog ---------------------------------------------------------------

    def list_accounts(self) -> list[AccountRow]:
        with self.database.session() as session:
            return accounts.list_accounts(session)

    def add_account(self, name: str, display_name: str, role: str, password: str) -> AccountRow:
        return accounts.add_account(self.database, name, display_name, role, password)

    def change_account(self, name: str, display_name: str, role: str, version: int) -> AccountRow:
        return accounts.change_account(
            self.database, name, display_name=display_name, role=role, expected_version=version
        )

    def set_disabled(
        self, name: str, disabled: bool, version: int, new_password: str | None = None
    ) -> AccountRow:
        return accounts.set_disabled(
            self.database, name, disabled, new_password=new_password, expected_version=version
        )

    def reset_password(self, name: str, new_password: str) -> None:
        accounts.reset_password(self.database, name, new_password)

    def change_own_password(self, old_password: str, new_password: str) -> None:
        accounts.change_own_password(self.database, old_password, new_password)

    def renew_recovery_key(self) -> str:
        return accounts.renew_recovery_key(self.database)
