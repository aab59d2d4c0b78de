"""`denkhuya --self-test`: does everything that breaks when the program is frozen work?

A frozen program (PyInstaller, installer/) can start and still miss what its analysis
did not see: a module imported only by name, the Alembic migrations (read as files), the
bundled fonts, OR-Tools' and osmium's native libraries. Each check below runs one of
those for real, in a temporary folder, through the same services as the window and the
commands: every module of the program imports; a new database is made by the
migrations; SQLCipher, cryptography and Argon2 encrypt and read back; a small demo ward
is written; a tiny OpenStreetMap extract is loaded; a night is planned with OR-Tools
along its streets; the walk sheets, an Excel report and a PDF report are written and
read back, the PDF's Vietnamese text in the bundled fonts; the PostgreSQL driver loads.

One Vietnamese line a check on stdout; the first check that fails stops the run with
its traceback on stderr (only the demo's invented people are in the data). Exit code 0
when every check passed, 1 otherwise. No window is opened: nothing here needs a screen.
It runs alike from a checkout (`python -m desktop --self-test`, tests/test_self_test.py)
and frozen (installer/ci_frozen.sh).
"""

from __future__ import annotations

import importlib
import pkgutil
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

import desktop

if TYPE_CHECKING:
    from desktop.services.database import Database

EXIT_OK, EXIT_FAILED = 0, 1
# A fixed day inside 2000–2099 (DemoOptions), so the demo ward is the same at every run.
DEMO_DAY = date(2026, 3, 6)
DEMO_HOUSEHOLDS = 40
# The grid of the tiny map: streets every STREET_SPACING_M metres around the demo station.
STREET_SPACING_M = 400.0
STREETS_EACH_WAY = 9
# Written into the reports by the demo ward; read back from the Excel and PDF files.
WARD_NAME = "Cốc Lếu"
# Modules that only run inside another program's machinery.
NOT_IMPORTED = ("desktop.db.migrations", "desktop.__main__")


@dataclass
class Run:
    """What the checks hand on to each other: the temporary folder and the database."""

    folder: Path
    database: Database | None = None


def check_imports(run: Run) -> str:
    """Every module of the program imports (a frozen build lacks what it did not see)."""
    names = [
        module.name
        for module in pkgutil.walk_packages(desktop.__path__, "desktop.")
        if not module.name.startswith(NOT_IMPORTED)
    ]
    if len(names) < 100:  # the program has some 300; fewer means the walk saw little
        raise AssertionError(f"chỉ thấy {len(names)} mô-đun của chương trình")
    for name in names:
        importlib.import_module(name)
    return f"{len(names)} mô-đun"


def check_database(run: Run) -> str:
    """A new SQLite database in the temporary folder, made by every Alembic migration."""
    from sqlalchemy import inspect

    from desktop.db.schema import HEAD_REVISION, current_revision
    from desktop.services.database import open_database

    path = run.folder / "tu-kiem-tra.sqlite3"
    run.database = database = open_database(f"sqlite:///{path.as_posix()}")
    revision = current_revision(database.engine)
    if revision != HEAD_REVISION:
        raise AssertionError(f"phiên bản lược đồ {revision}, cần {HEAD_REVISION}")
    tables = len(inspect(database.engine).get_table_names())
    return f"lược đồ {revision}, {tables} bảng"


def check_encryption(run: Run) -> str:
    """The native libraries behind encrypted databases and accounts: SQLCipher writes a
    file that is not plain SQLite and reads it back with its key; AES-GCM and X25519
    (cryptography) seal and open; Argon2 derives a key."""
    import secrets

    from argon2.low_level import Type, hash_secret_raw
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    from desktop.db import drivers

    path = run.folder / "ma-hoa.sqlite3"
    key = secrets.token_bytes(drivers.KEY_BYTES)
    connection = drivers.connect(path, key)
    try:
        version = connection.execute("PRAGMA cipher_version").fetchone()[0]
        connection.execute("CREATE TABLE thu (chu TEXT)")
        connection.execute("INSERT INTO thu VALUES (?)", (WARD_NAME,))
        connection.commit()
    finally:
        connection.close()
    if path.read_bytes().startswith(b"SQLite format 3"):
        raise AssertionError("tệp SQLCipher không được mã hoá")
    connection = drivers.connect(path, key)
    try:
        (read,) = connection.execute("SELECT chu FROM thu").fetchone()
    finally:
        connection.close()
    ours, theirs = X25519PrivateKey.generate(), X25519PrivateKey.generate()
    shared = ours.exchange(theirs.public_key())
    nonce = secrets.token_bytes(12)
    sealed = AESGCM(shared).encrypt(nonce, WARD_NAME.encode(), None)
    opened = AESGCM(shared).decrypt(nonce, sealed, None).decode()
    derived = hash_secret_raw(b"mat-khau", b"muoi-tu-kiem-tra", 1, 8192, 1, 32, Type.ID)
    if read != WARD_NAME or opened != WARD_NAME or len(derived) != 32:
        raise AssertionError("dữ liệu mã hoá đọc lại không đúng")
    return f"SQLCipher {version}, AES-GCM, X25519, Argon2"


def check_demo(run: Run) -> str:
    """A small demo ward: households, residents, a campaign with its teams and nights."""
    from desktop.services.demo import DemoOptions, create_demo_ward

    options = DemoOptions(households=DEMO_HOUSEHOLDS, today=DEMO_DAY, ward_name=WARD_NAME)
    with run.database.session(writing=True) as session:
        summary = create_demo_ward(session, options)
    if summary.households != DEMO_HOUSEHOLDS or summary.campaign is None:
        raise AssertionError(f"phường mẫu có {summary.households} hộ, không có chiến dịch")
    return (
        f"{summary.households} hộ, {summary.residents} nhân khẩu, "
        f"{summary.campaign.teams} tổ công tác"
    )


def check_map(run: Run) -> str:
    """A tiny OpenStreetMap extract written with osmium (.osm.pbf) and loaded as the map."""
    from desktop.services.maps.loading import load_map

    path = write_tiny_map(run.folder / "ban-do-nho.osm.pbf")
    with run.database.session() as session:
        result = load_map(session, path)
    if result.info.ways == 0:
        raise AssertionError("bản đồ không có đoạn đường nào")
    return f"{result.info.ways} đoạn đường, {result.info.named_streets} tên phố"


def check_plan(run: Run) -> str:
    """Tonight's routes by OR-Tools, walked along the map's streets (igraph), and the
    teams' walk sheets as a PDF."""
    from desktop.services.planning import PlanRequest, load_planning_input, plan_night
    from desktop.services.planning.network import walking_map
    from desktop.services.planning.sheets import print_walk_sheets

    with run.database.session() as session:
        planning = load_planning_input(session, PlanRequest(day=DEMO_DAY))
        plan = plan_night(planning, time_limit=0.5)
        stops = sum(len(route.stops) for route in plan.routes)
        if plan.solver != "ortools" or stops == 0:
            raise AssertionError(f"bộ giải “{plan.solver}” xếp {stops} hộ")
        if not planning.streets or walking_map(planning).streets is None:
            raise AssertionError("lộ trình không đi theo đường phố của bản đồ")
        sheets = run.folder / "phieu-di-ho.pdf"
        pages = print_walk_sheets(session, planning, plan, sheets)
    return f"{len(plan.routes)} tổ, {stops} hộ; phiếu đi hộ {pages} trang"


def check_excel(run: Run) -> str:
    """The campaign report as .xlsx (openpyxl, lxml), read back with python-calamine."""
    from python_calamine import CalamineWorkbook

    path = run.folder / "bao-cao.xlsx"
    _export_campaign_report(run, path)
    workbook = CalamineWorkbook.from_path(str(path))
    text = " ".join(
        str(cell)
        for name in workbook.sheet_names
        for row in workbook.get_sheet_by_name(name).to_python()
        for cell in row
    )
    if WARD_NAME not in text:
        raise AssertionError(f"không đọc lại được “{WARD_NAME}” trong tệp Excel")
    return f"{len(workbook.sheet_names)} trang tính, {path.stat().st_size // 1024} KB"


def check_pdf(run: Run) -> str:
    """The campaign report as a PDF in the bundled fonts, its Vietnamese text read back
    with PDFium (the preview's renderer)."""
    import pypdfium2

    from desktop.reports.official_layout import NATIONAL_TITLE

    path = run.folder / "bao-cao.pdf"
    _export_campaign_report(run, path)
    data = path.read_bytes()
    fonts = [name for name in ("LiberationSerif", "NotoSans") if name.encode() in data]
    if not fonts:
        raise AssertionError("tệp PDF không dùng phông chữ kèm theo chương trình")
    document = pypdfium2.PdfDocument(data)
    try:
        pages = len(document)
        page = document[0]
        text = page.get_textpage().get_text_range()
        width = page.render(scale=0.25).width  # PDFium draws the page (the preview's way)
    finally:
        document.close()
    wanted = (NATIONAL_TITLE, WARD_NAME.upper())  # the letterhead: "CÔNG AN PHƯỜNG CỐC LẾU"
    missing = [phrase for phrase in wanted if phrase not in " ".join(text.split())]
    if missing or width == 0:
        raise AssertionError(f"không đọc lại được “{missing[0]}” trong tệp PDF")
    return f"{pages} trang, phông {', '.join(fonts)}"


def _export_campaign_report(run: Run, path: Path) -> None:
    from desktop.services.progress import Progress
    from desktop.services.reporting.export import CAMPAIGN, ReportRequest, export_report

    with run.database.session() as session:
        export_report(session, ReportRequest(kind=CAMPAIGN), path, Progress())


def write_tiny_map(path: Path) -> Path:
    """A grid of named streets around the demo ward's police station, as .osm.pbf."""
    import osmium

    from desktop.services.demo.ward import STATION_LAT, STATION_LON
    from desktop.services.planning.geometry import to_lat_lon

    half = STREET_SPACING_M * (STREETS_EACH_WAY - 1) / 2
    steps = [index * STREET_SPACING_M - half for index in range(STREETS_EACH_WAY)]
    node_ids: dict[tuple[int, int], int] = {}
    writer = osmium.SimpleWriter(str(path), overwrite=True)
    try:
        for row, north in enumerate(steps):
            for column, east in enumerate(steps):
                lat, lon = to_lat_lon((east, north), (STATION_LAT, STATION_LON))
                node_id = len(node_ids) + 1
                node_ids[(row, column)] = node_id
                writer.add_node(osmium.osm.mutable.Node(id=node_id, location=(lon, lat)))
        way_id = 0
        for index in range(STREETS_EACH_WAY):
            for name, nodes in (
                (f"Phố Ngang {index + 1}", [node_ids[(index, c)] for c in range(len(steps))]),
                (f"Đường Dọc {index + 1}", [node_ids[(r, index)] for r in range(len(steps))]),
            ):
                way_id += 1
                tags = {"highway": "residential", "name": name}
                writer.add_way(osmium.osm.mutable.Way(id=way_id, nodes=nodes, tags=tags))
    finally:
        writer.close()
    return path


def check_postgres_driver(run: Run) -> str:
    """psycopg, which SQLAlchemy and psycopg each load by name, and its libpq: an engine
    for a server's address is made (nothing is connected). The frozen program must carry
    it (a desk of a station with a server); a checkout may leave it out (the optional
    "postgres" part), and says so."""
    from desktop.db.engine import make_engine
    from desktop.domain.errors import UserError

    try:
        engine = make_engine("postgresql+psycopg://kiem-tra@127.0.0.1:5432/denkhuya")
    except UserError:
        if getattr(sys, "frozen", False):
            raise
        return 'bỏ qua: bản mã nguồn này chưa cài psycopg (pip install ".[postgres]")'
    import psycopg

    engine.dispose()
    libpq = psycopg.pq.version()  # 170004 is 17.4
    return f"psycopg {psycopg.__version__}, libpq {libpq // 10000}.{libpq % 10000}"


CHECKS: tuple[tuple[str, Callable[[Run], str]], ...] = (
    ("Nạp mọi mô-đun của chương trình", check_imports),
    ("Tạo cơ sở dữ liệu tạm và chạy các bước nâng cấp (Alembic)", check_database),
    ("Mã hoá cơ sở dữ liệu và khoá (SQLCipher, cryptography, Argon2)", check_encryption),
    ("Tạo phường mẫu nhỏ", check_demo),
    ("Nạp bản đồ OpenStreetMap nhỏ (osmium)", check_map),
    ("Lập lộ trình bằng OR-Tools theo đường phố (igraph), in phiếu đi hộ", check_plan),
    ("Ghi báo cáo Excel và đọc lại (openpyxl, python-calamine)", check_excel),
    ("Ghi báo cáo PDF tiếng Việt bằng phông chữ kèm theo (reportlab, PDFium)", check_pdf),
    ("Trình kết nối máy chủ PostgreSQL (psycopg, libpq)", check_postgres_driver),
)


def run_self_test(out: TextIO | None = None, errors: TextIO | None = None) -> int:
    """Run every check in a temporary folder; print one line each; return the exit code."""
    out = out or sys.stdout
    errors = errors or sys.stderr
    where = "bản đóng gói" if getattr(sys, "frozen", False) else "mã nguồn"
    print(f"Đèn Khuya tự kiểm tra ({where}, Python {sys.version.split()[0]}):", file=out)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="denkhuya-tu-kiem-tra-") as folder:
        run = Run(Path(folder))
        try:
            for number, (label, check) in enumerate(CHECKS, 1):
                began = time.perf_counter()
                try:
                    detail = check(run)
                except Exception as error:
                    print(f"  {number}. {label}: LỖI ({type(error).__name__}: {error})", file=out)
                    traceback.print_exc(file=errors)
                    print(f"Tự kiểm tra: KHÔNG ĐẠT ở bước {number}.", file=out, flush=True)
                    return EXIT_FAILED
                seconds = time.perf_counter() - began
                print(f"  {number}. {label}: đạt — {detail} ({seconds:.1f} giây)", file=out)
        finally:
            if run.database is not None:
                run.database.close()
    seconds = time.perf_counter() - started
    print(f"Tự kiểm tra: cả {len(CHECKS)} bước đều đạt ({seconds:.1f} giây).", file=out)
    return EXIT_OK
