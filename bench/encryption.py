"""What the encryption at rest costs at city scale (issue #14, item 6): the same work on
the same 60,000-household ward, plain and encrypted (SQLCipher), in the same run.

    python bench/encryption.py [--households 60000] [--repeat 15] [--import-residents 10000]

Uses the cached demo ward of bench/reports.py (`denkhuya demo --households 60000
--today 2026-11-30`, about 200,000 residents, built once), copies it twice into a work
folder beside the cache (same disk), encrypts one copy as creating the first account
does (Database.encrypt), and then times, taking turns plain / encrypted so that the
shared machine's noise falls on both alike:

- the registry's search page (the first 200 households for a typed search), its
  count, and the whole ward sorted by the head's name (first page, both ways), each on
  the open window's warm connection, and once on a fresh connection (cold page cache:
  every page read is decrypted);
- an import of a household list (bench/import.py's messy file), each run into a fresh
  copy of the ward;
- the campaign report, PDF and Excel;
- a backup onto another folder (the encrypted one: page copy re-encrypted with the
  backup's own key, checked, sealed, packed with its key block into one file).

It prints the medians, the ratio encrypted / plain for each, and the goal (≤ 1.3×).
The machine is shared and noisy: medians over several runs, not single timings.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from reports import demo_file  # noqa: E402

from desktop.db.keyring import Login  # noqa: E402
from desktop.services import registry  # noqa: E402
from desktop.services.backup import backup_database, encrypt_plain_copies  # noqa: E402
from desktop.services.database import Database, open_database  # noqa: E402
from desktop.services.importing import ImportOptions, import_file  # noqa: E402
from desktop.services.progress import Progress  # noqa: E402
from desktop.services.reporting.export import ReportRequest, export_report  # noqa: E402

TODAY = date(2026, 11, 30)
GOAL = 1.3
ADMIN = Login("quantri", "Mật khẩu của bàn trực 2026")


def seconds(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def prepare(source: Path, work: Path) -> tuple[Path, Path, float, float]:
    """Two copies of the ward at this version's schema; the second encrypted. Returns
    their files, how long encrypting took, and then encrypting an old plain copy."""
    if work.exists():
        shutil.rmtree(work)
    plain_file, encrypted_file = work / "ro" / "denkhuya.sqlite3", work / "ma" / "denkhuya.sqlite3"
    for path in (plain_file, encrypted_file):
        path.parent.mkdir(parents=True)
    shutil.copy(source, plain_file)
    upgraded = open_database(f"sqlite:///{plain_file}")  # to this version's schema
    if upgraded.backup_before_upgrade is not None:
        upgraded.backup_before_upgrade.unlink()
    upgraded.close()
    shutil.copy(plain_file, encrypted_file)
    to_encrypt = open_database(f"sqlite:///{encrypted_file}")
    took = seconds(lambda: to_encrypt.encrypt(ADMIN))
    # An automatic copy made before the encryption: encrypted too, into its container.
    automatic = (
        encrypted_file.parent / "sao-luu-tu-dong" / "denkhuya-coc-leu-2026-11-29-1845.sqlite3"
    )
    automatic.parent.mkdir()
    shutil.copy(plain_file, automatic)
    copy_took = seconds(lambda: encrypt_plain_copies(to_encrypt))
    shutil.rmtree(automatic.parent)
    to_encrypt.close()
    return plain_file, encrypted_file, took, copy_took


def open_copy(path: Path, encrypted: bool) -> Database:
    return open_database(f"sqlite:///{path}", login=ADMIN if encrypted else None)


def fresh_copy(path: Path, encrypted: bool, folder: Path) -> Database:
    """A copy of the ward to import into (an import changes it)."""
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir()
    target = folder / "denkhuya.sqlite3"
    shutil.copy(path, target)
    if encrypted:
        shutil.copy(path.with_name(path.name + ".khoa"), target.with_name(target.name + ".khoa"))
    return open_copy(target, encrypted)


class Bench:
    def __init__(self, databases: dict[str, Database], repeat: int) -> None:
        self.databases, self.repeat = databases, repeat
        self.rows: list[tuple[str, float, float]] = []

    def measure(self, label: str, work: Callable[[Database], object], repeat: int = 0) -> None:
        timings: dict[str, list[float]] = {"plain": [], "encrypted": []}
        for _ in range(repeat or self.repeat):
            for which, database in self.databases.items():
                timings[which].append(seconds(lambda d=database: work(d)))
        plain = statistics.median(timings["plain"])
        encrypted = statistics.median(timings["encrypted"])
        self.rows.append((label, plain, encrypted))
        print(_line(label, plain, encrypted), flush=True)


def _line(label: str, plain: float, encrypted: float) -> str:
    ratio = encrypted / plain if plain else float("inf")
    verdict = "đạt" if ratio <= GOAL else "CHƯA ĐẠT"
    return f"{label:46} {_shown(plain):>10} {_shown(encrypted):>10} {ratio:6.2f}×  {verdict}"


def _shown(value: float) -> str:
    return f"{value * 1000:.1f} ms" if value < 1 else f"{value:.2f} s"


def search_page(text: str, descending: bool = False) -> Callable[[Database], object]:
    query = registry.HouseholdQuery(text=text, sort=registry.SORT_BY_HEAD, descending=descending)

    def work(database: Database) -> object:
        with database.session() as session:
            return registry.list_households(session, query, TODAY)

    return work


def search_count(text: str) -> Callable[[Database], object]:
    query = registry.HouseholdQuery(text=text, sort=registry.SORT_BY_HEAD)

    def work(database: Database) -> object:
        with database.session() as session:
            return registry.count_households(session, query, TODAY)

    return work


def cold(work: Callable[[Database], object]) -> Callable[[Database], object]:
    """The same on a fresh connection: SQLite's page cache empty (the system's file
    cache stays warm for both, as on a desk that has been on all evening)."""

    def again(database: Database) -> object:
        database.engine.dispose()
        return work(database)

    return again


def report(kind: str, out: Path) -> Callable[[Database], object]:
    def work(database: Database) -> object:
        with database.session() as session:
            return export_report(session, ReportRequest("campaign"), out.with_suffix(kind),
                                 Progress())  # fmt: skip

    return work


def backup_into(folder: Path) -> Callable[[Database], object]:
    def work(database: Database) -> object:
        target = folder / "sao-luu.sqlite3"
        target.unlink(missing_ok=True)
        return backup_database(database, target)

    return work


def import_rows(work: Path, files: dict[str, Path], listing: Path, repeat: int, bench: Bench):
    timings: dict[str, list[float]] = {"plain": [], "encrypted": []}
    for _ in range(repeat):
        for which, source in files.items():
            database = fresh_copy(source, which == "encrypted", work / f"nhap-{which}")
            try:

                def run(d: Database = database) -> None:
                    with d.session() as session:
                        import_file(session, listing, ImportOptions(today=TODAY))

                timings[which].append(seconds(run))
            finally:
                database.close()
    plain, encrypted = statistics.median(timings["plain"]), statistics.median(timings["encrypted"])
    bench.rows.append(("import", plain, encrypted))
    return plain, encrypted


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--households", type=int, default=60_000)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--import-residents", type=int, default=10_000)
    parser.add_argument("--import-repeat", type=int, default=5)
    args = parser.parse_args()

    source = demo_file(args.households)
    work = ROOT / "bench" / ".cache" / "encryption-work"
    print(f"Phường mẫu: {source.name} ({source.stat().st_size / 1e6:.0f} MB)", flush=True)
    plain_file, encrypted_file, took, copy_took = prepare(source, work)
    print(f"Mã hóa cả phường (Database.encrypt, qua bản chép kiểm tra): {took:.2f} s")
    print(f"Mã hóa một bản sao tự động cũ thành tệp sao lưu mã hóa: {copy_took:.2f} s")
    opening = {
        "plain": statistics.median(
            seconds(lambda: open_copy(plain_file, False).close()) for _ in range(3)
        ),
        "encrypted": statistics.median(
            seconds(lambda: open_copy(encrypted_file, True).close()) for _ in range(3)
        ),
    }
    print(
        f"Mở cơ sở dữ liệu: {_shown(opening['plain'])} không mã hóa, "
        f"{_shown(opening['encrypted'])} mã hóa (gồm Argon2id của mật khẩu)\n"
    )
    databases = {
        "plain": open_copy(plain_file, False),
        "encrypted": open_copy(encrypted_file, True),
    }
    bench = Bench(databases, args.repeat)
    print(
        f"{'Đo (trung vị)':46} {'không mã':>10} {'mã hóa':>10} {'tỉ lệ':>7}  (mục tiêu ≤ {GOAL}×)"
    )
    for label, text in [
        ("tìm “nguyen thi uoc”: trang đầu", "nguyen thi uoc"),
        ("tìm “nguyen”: trang đầu", "nguyen"),
        ("tìm số định danh “0101”: trang đầu", "0101"),
    ]:
        search_page(text)(databases["plain"])  # warm both the same way
        search_page(text)(databases["encrypted"])
        bench.measure(label, search_page(text))
    bench.measure("tìm “nguyen”: đếm (thanh trạng thái)", search_count("nguyen"))
    bench.measure("sắp theo tên chủ hộ A→Z: trang đầu", search_page(""))
    bench.measure("sắp theo tên chủ hộ Z→A: trang đầu", search_page("", descending=True))
    bench.measure("tìm “nguyen”, kết nối mới (cache trống)", cold(search_page("nguyen")))
    bench.measure("sắp A→Z, kết nối mới (cache trống)", cold(search_page("")))
    out = work / "bao-cao"
    bench.measure("báo cáo chiến dịch → PDF", report(".pdf", out), max(3, args.repeat // 2))
    bench.measure("báo cáo chiến dịch → Excel", report(".xlsx", out), max(3, args.repeat // 2))
    usb = work / "usb"
    usb.mkdir()
    bench.measure("sao lưu ra tệp", backup_into(usb), 3)
    for database in databases.values():
        database.close()

    import importlib

    import_bench = importlib.import_module("import")
    listing = work / f"ds-ho-{args.import_residents}.xlsx"
    import_bench.write_list(listing, args.import_residents)
    plain, encrypted = import_rows(
        work, {"plain": plain_file, "encrypted": encrypted_file}, listing, args.import_repeat, bench
    )
    print(_line(f"nhập danh sách {args.import_residents:,} nhân khẩu", plain, encrypted))
    worst = max(bench.rows, key=lambda row: row[2] / row[1])
    print(f"\nTỉ lệ lớn nhất: {worst[2] / worst[1]:.2f}× ({worst[0]})")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
