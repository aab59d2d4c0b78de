"""PostgreSQL's client tools, pg_dump and pg_restore: finding them, and running them
with the connection of a database's URL, the password in their environment only.

The tools are looked up on PATH, then in the usual installation folders
(`C:\\Program Files\\PostgreSQL\\<n>\\bin`, `/usr/lib/postgresql/<n>/bin`); one
older than the server cannot read it. A machine without a usable one is a refusal that
gives the command to run by hand. The log shows the tools' arguments, which never
carry the password (PGPASSWORD in the child's environment, or the user's pgpass file).
What a backup or a restore does with them is desktop.services.server_backup.
"""

from __future__ import annotations

import os
import queue
import re
import shutil
import subprocess
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import URL, Engine, make_url, text

from desktop.domain.errors import UserError
from desktop.logs import log, redact
from desktop.services.progress import Cancelled, Progress

DUMP, RESTORE = "pg_dump", "pg_restore"
# The URL's query parameters libpq also reads from the environment.
_LIBPQ_ENVIRONMENT = {
    "host": "PGHOST",
    "port": "PGPORT",
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "connect_timeout": "PGCONNECT_TIMEOUT",
    "target_session_attrs": "PGTARGETSESSIONATTRS",
}
_CONNECT_TIMEOUT_SECONDS = "10"
# The tools' messages in English: desktop.db.connecting reads why a connection failed.
_ENGLISH = {"LC_MESSAGES": "C", "LANGUAGE": "C"}


def offline_environment() -> dict[str, str]:
    """The environment of pg_restore reading an archive (no server, no password)."""
    return {**os.environ, **_ENGLISH}


# The connection, for the tools ---------------------------------------------------------


@dataclass(frozen=True)
class Server:
    """Where the tools connect, read from the database's URL."""

    host: str | None
    port: int | None
    user: str | None
    password: str | None
    database: str
    options: tuple[tuple[str, str], ...] = ()

    @classmethod
    def from_url(cls, url: str) -> Server:
        parsed = make_url(url)
        options = tuple(
            (name, value if isinstance(value, str) else value[-1])
            for name, value in parsed.query.items()
            if name in _LIBPQ_ENVIRONMENT
        )
        return cls(
            parsed.host, parsed.port, parsed.username, parsed.password, parsed.database or "",
            options,
        )  # fmt: skip

    def arguments(self) -> list[str]:
        """The connection on the command line: never the password."""
        found = [f"--host={self.host}"] if self.host else []
        found += [f"--port={self.port}"] if self.port else []
        found += [f"--username={self.user}"] if self.user else []
        return [*found, f"--dbname={self.database}"]

    def shown(self) -> str:
        """-h HOST -p PORT -U USER -d DATABASE, for a command the user types."""
        found = [f"-h {self.host}"] if self.host else []
        found += [f"-p {self.port}"] if self.port else []
        found += [f"-U {self.user}"] if self.user else []
        return " ".join([*found, f"-d {self.database}"])

    def environment(self) -> dict[str, str]:
        """The tools' environment: the password, the URL's options, English messages
        (read to tell a refused connection), and no waiting for a password prompt."""
        environment = dict(os.environ)
        environment.setdefault("PGCONNECT_TIMEOUT", _CONNECT_TIMEOUT_SECONDS)
        for name, value in self.options:
            environment[_LIBPQ_ENVIRONMENT[name]] = value
        if self.password is not None:
            environment["PGPASSWORD"] = self.password
        return {**environment, **_ENGLISH}


def backup_command(server: Server, target: Path) -> str:
    return f'pg_dump -Fc {server.shown()} -f "{target}"'


def restore_command(server: Server, backup: Path) -> str:
    return (
        f"pg_restore --clean --if-exists --single-transaction --no-owner --no-privileges "
        f'{server.shown()} "{backup}"'
    )


# Finding the tools ---------------------------------------------------------------------


def tool_candidates(name: str) -> list[Path]:
    """The programs called `name` on this machine: on PATH first, then in PostgreSQL's
    usual installation folders, newest version first."""
    found: list[Path] = []
    on_path = shutil.which(name)
    if on_path:
        found.append(Path(on_path))
    if os.name == "nt":
        roots = {
            Path(os.environ.get(variable) or default) / "PostgreSQL"
            for variable, default in (
                ("ProgramFiles", r"C:\Program Files"),
                ("ProgramW6432", r"C:\Program Files"),
                ("ProgramFiles(x86)", r"C:\Program Files (x86)"),
            )
        }
        executable = f"{name}.exe"
    else:
        roots, executable = {Path("/usr/lib/postgresql")}, name
    folders = [folder for root in roots if root.is_dir() for folder in root.iterdir()]
    for folder in sorted(folders, key=_version_of_folder, reverse=True):
        program = folder / "bin" / executable
        if program.is_file() and program not in found:
            found.append(program)
    return found


def _version_of_folder(folder: Path) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", folder.name)) or (0,)


def tool_version(program: Path) -> int | None:
    """The major version of a PostgreSQL tool ("pg_dump (PostgreSQL) 15.18" → 15)."""
    try:
        answer = subprocess.run(
            [str(program), "--version"],
            capture_output=True,
            text=True,
            timeout=30,
            creationflags=NO_WINDOW,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    match = re.search(r"\)\s*(\d+)", answer.stdout)
    return int(match.group(1)) if match else None


def find_tool(name: str, server_major: int, command: str) -> Path:
    """The program `name` (pg_dump, pg_restore) that can work with a server of version
    `server_major`; refuses (UserError) with `command`, the command to run by hand,
    when the machine has none, or only older ones."""
    older = []
    for program in tool_candidates(name):
        version = tool_version(program)
        if version is not None and version >= server_major:
            return program
        if version is not None:
            older.append(version)
    where = (
        f"trên máy này chỉ có {name} bản {max(older)}, cũ hơn máy chủ PostgreSQL {server_major}"
        if older
        else f"không tìm thấy {name} (công cụ của PostgreSQL) trên máy này"
    )
    raise UserError(
        f"Cơ sở dữ liệu nằm trên máy chủ PostgreSQL {server_major} nên sao lưu và khôi phục "
        f"phải dùng {name}, nhưng {where}. Hãy làm việc này trên máy chủ, hoặc cài PostgreSQL "
        f"{server_major} trở lên (Windows: thư mục “C:\\Program Files\\PostgreSQL\\"
        f"{server_major}\\bin”; Debian: gói postgresql-client), hoặc tự chạy lệnh: {command}"
    )


def server_major(engine: Engine) -> int:
    with engine.connect() as connection:
        number = connection.execute(text("SHOW server_version_num")).scalar()
    return int(number) // 10000


# Running a tool ------------------------------------------------------------------------

NO_WINDOW = getattr(subprocess, "CREATENO_WINDOW", 0)  # no console flashing up on Windows
_POLL_SECONDS = 0.1


def start_tool(argv: list[str], environment: dict[str, str], **streams: Any) -> subprocess.Popen:
    """Start one tool (tests watch what it is given here)."""
    return subprocess.Popen(argv, env=environment, creationflags=NO_WINDOW, **streams)


@dataclass
class Finished:
    code: int
    errors: list[str]


def run_tool(
    argv: list[str],
    server: Server,
    progress: Progress,
    on_line: Callable[[str], None] = lambda line: None,
) -> Finished:
    """Run a tool that writes its result to a file, reading its messages (stderr) as
    they come; Cancel from `progress` ends it."""
    log.info("Chạy %s", " ".join(argv))
    process = start_tool(
        argv, server.environment(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    lines: queue.Queue[str | None] = queue.Queue()

    def read() -> None:
        assert process.stderr is not None
        for raw in process.stderr:
            lines.put(raw.decode("utf-8", "replace").rstrip())
        lines.put(None)

    reader = threading.Thread(target=read, daemon=True)
    errors: list[str] = []
    with process:  # its pipe closed and the process waited for, whatever happens
        reader.start()
        try:
            while True:
                try:
                    line = lines.get(timeout=_POLL_SECONDS)
                except queue.Empty:
                    if progress.cancelled:
                        raise Cancelled from None
                    continue
                if line is None:
                    break
                if _is_error(line):
                    errors.append(line)
                on_line(line)
        except BaseException:
            process.kill()
            raise
        finally:
            reader.join(timeout=5)
    return Finished(process.returncode, errors)


def _is_error(line: str) -> bool:
    return bool(re.search(r"\b(error|fatal|ERROR|FATAL|could not)\b", line))


def tool_failure(name: str, finished: Finished, server: Server, what: str) -> UserError:
    """A tool that failed: a refused connection in its own sentence, otherwise the
    tool's first complaint (redacted), logged as a warning."""
    from desktop.db.connecting import REFUSED, ServerRefused, kind_of

    message = redact(finished.errors[0] if finished.errors else f"mã lỗi {finished.code}")
    log.warning("%s thất bại (%s): %s", name, finished.code, " | ".join(finished.errors[:5]))
    kind = kind_of(Exception(message))
    if kind != REFUSED and "connection" in message.lower():
        url = URL.create("postgresql", server.user, None, server.host, server.port, server.database)
        return ServerRefused(kind, url)
    detail = re.sub(rf"^{name}:\s*(error:\s*)?", "", message)
    return UserError(f"{what}: {name} báo “{detail}”.")
