"""installer/: what can be checked of the frozen build and the Windows installer without
building them (the build itself: installer/ci_frozen.sh on Linux, the Windows workflow).

The Inno Setup script must agree with the spec and the program (its version, the files
it packs, the data folder it must never remove), its Vietnamese messages must keep Inno
Setup's placeholders, and what the spec leaves out must be nothing the program imports.
"""

from __future__ import annotations

import ast
import ctypes
import json
import os
import re
import shutil
import struct
import subprocess
import sys
import sysconfig
import tomllib
from pathlib import Path

import pytest

from desktop.data_folder import APP_DIR_NAME

ROOT = Path(__file__).resolve().parent.parent
INSTALLER = ROOT / "installer"
sys.path.insert(0, str(INSTALLER))

import estimate_windows  # noqa: E402
import freeze_lists  # noqa: E402
import linux_libraries  # noqa: E402
import make_icon  # noqa: E402
import trim_icu  # noqa: E402

ISS = INSTALLER / "denkhuya.iss"
ISL = INSTALLER / "Vietnamese.isl"
SPEC = INSTALLER / "denkhuya.spec"
WORKFLOW = ROOT / ".github" / "workflows" / "windows.yml"
SITE_PACKAGES = Path(sysconfig.get_paths()["platlib"])


def _project() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def _iss() -> str:
    return ISS.read_text(encoding="utf-8-sig")


def _sections(text: str) -> dict[str, list[str]]:
    """An .iss or .isl file's lines by section, without comments and blank lines."""
    sections: dict[str, list[str]] = {}
    current = ""
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith(";"):
            continue
        if re.fullmatch(r"\[\w+\]", line):
            current = line[1:-1]
            sections.setdefault(current, [])
        else:
            sections.setdefault(current, []).append(line)
    return sections


def _directives(lines: list[str]) -> dict[str, str]:
    return dict(line.split("=", 1) for line in lines if "=" in line)


def _define(name: str) -> str:
    found = re.search(rf'#define {name} "([^"]*)"', _iss())
    assert found, f"#define {name} missing from denkhuya.iss"
    return found.group(1)


# --- the Inno Setup script -------------------------------------------------------------


def test_the_installer_script_and_messages_are_utf8_with_a_bom():
    # Inno Setup 6 reads Vietnamese from an .iss or .isl only as UTF-8 with a BOM.
    for path in (ISS, ISL):
        data = path.read_bytes()
        assert data.startswith(b"\xef\xbb\xbf"), path.name
        data.decode("utf-8")


def test_the_installer_version_is_the_programs():
    assert _define("AppVersion") == _project()["version"]
    setup = _directives(_sections(_iss())["Setup"])
    assert setup["AppVersion"] == "{#AppVersion}"
    assert setup["OutputBaseFilename"] == "DenKhuya-{#AppVersion}-cai-dat"


def test_it_installs_per_user_without_administrator_rights():
    setup = _directives(_sections(_iss())["Setup"])
    assert setup["PrivilegesRequired"] == "lowest"
    assert "PrivilegesRequiredOverridesAllowed" not in setup  # no "for all users" offer
    # {autopf} is %LOCALAPPDATA%\Programs for a per-user install.
    assert setup["DefaultDirName"] == "{autopf}\\DenKhuya"
    assert re.fullmatch(r"\{\{[0-9A-F-]{36}\}", setup["AppId"])


def test_it_packs_the_folder_the_spec_builds_and_starts_its_executable():
    spec = SPEC.read_text(encoding="utf-8")
    assert 'name="denkhuya"' in spec  # EXE and COLLECT: dist/denkhuya/denkhuya(.exe)
    sections = _sections(_iss())
    (files,) = sections["Files"]
    assert files.startswith('Source: "..\\dist\\denkhuya\\*"; DestDir: "{app}";')
    assert "recursesubdirs" in files
    assert _define("AppExe") == "denkhuya.exe"
    for script in (INSTALLER / "build.sh", WORKFLOW):
        assert "--distpath dist" in script.read_text(encoding="utf-8")


def test_the_files_the_script_reads_exist_or_are_made_by_the_spec():
    setup = _directives(_sections(_iss())["Setup"])
    icon = setup["SetupIconFile"].replace("\\", "/")
    assert icon == f"../{make_icon.ICON_FILE}"  # written by the spec before the installer
    (language,) = _sections(_iss())["Languages"]
    assert 'MessagesFile: "compiler:Default.isl,Vietnamese.isl"' in language
    assert ISL.is_file()
    assert (ROOT / "resources" / "icons" / "denkhuya.svg").is_file()


def test_start_menu_and_desktop_shortcuts():
    icons = _sections(_iss())["Icons"]
    assert len(icons) == 2
    start_menu, desktop = icons
    assert start_menu.startswith('Name: "{autoprograms}\\{#AppName}"; Filename: "{app}\\{#AppExe}"')
    assert desktop.startswith('Name: "{autodesktop}\\{#AppName}"; Filename: "{app}\\{#AppExe}"')
    assert desktop.endswith("Tasks: desktopicon")
    (task,) = _sections(_iss())["Tasks"]
    assert task.startswith('Name: "desktopicon"')
    assert "unchecked" not in task  # ticked by default
    assert _define("AppName") == "Đèn Khuya"


def test_the_uninstaller_keeps_the_data_folder():
    assert _define("DataFolderName") == APP_DIR_NAME
    sections = _sections(_iss())
    assert "UninstallDelete" not in sections  # it removes only what it installed
    for line in sections.get("InstallDelete", []):
        assert line == 'Type: filesandordirs; Name: "{app}\\_internal"'
    code = "\n".join(sections["Code"])
    # The program may not go into the data folder (it would go with the program) …
    assert "ExpandConstant('{localappdata}\\{#DataFolderName}')" in code
    assert "CurPageID = wpSelectDir" in code and "Pos(Data, Chosen) = 1" in code
    # … and the uninstaller says where the data stayed.
    assert "usPostUninstall" in code and "CustomMessage('DataKept')" in code


def test_every_custom_message_the_script_uses_is_translated():
    used = set(re.findall(r"\{cm:(\w+)", _iss())) | set(
        re.findall(r"CustomMessage\('(\w+)'\)", _iss())
    )
    translated = _directives(_sections(ISL.read_text(encoding="utf-8-sig"))["CustomMessages"])
    assert used == {
        "CreateDesktopIcon",
        "AdditionalIcons",
        "LaunchProgram",
        "DataFolderNotForProgram",
        "DataKept",
    }
    assert used <= set(translated)


# --- the Vietnamese messages -----------------------------------------------------------

# Inno Setup's placeholders in the English messages (Default.isl) that have any.
PLACEHOLDERS = {
    "SetupWindowTitle": "%1", "UninstallAppFullTitle": "%1", "SetupLdrStartupMessage": "%1",
    "LastErrorMessage": "%1 %2 %3", "SetupFileMissing": "%1", "InvalidParameter": "%1",
    "WindowsServicePackRequired": "%1 %2", "NotOnThisPlatform": "%1",
    "OnlyOnThisPlatform": "%1", "OnlyOnTheseArchitectures": "%1",
    "WinVersionTooLowError": "%1 %2", "WinVersionTooHighError": "%1 %2",
    "SetupAppRunningError": "%1", "UninstallAppRunningError": "%1",
    "ErrorCreatingDir": "%1", "ErrorTooManyFilesInDir": "%1",
    "AboutSetupMessage": "%1 %2 %3 %4",
    "WelcomeLabel1": "[name]", "WelcomeLabel2": "[name/ver]", "SelectDirDesc": "[name]",
    "SelectDirLabel3": "[name]", "DiskSpaceMBLabel": "[mb]", "DiskSpaceWarning": "%1 %2",
    "BadDirName32": "%1", "DirExists": "%1", "DirDoesntExist": "%1",
    "SelectTasksLabel2": "[name]", "BadGroupName": "%1", "ReadyLabel1": "[name]",
    "PreparingDesc": "[name]", "PreviousInstallNotCompleted": "[name]",
    "InstallingLabel": "[name]", "FinishedHeadingLabel": "[name]",
    "FinishedLabelNoIcons": "[name]", "FinishedLabel": "[name]",
    "FinishedRestartLabel": "[name]", "FinishedRestartMessage": "[name]",
    "RunEntryExec": "%1", "RunEntryShellExec": "%1", "ErrorInternal2": "%1",
    "ErrorFunctionFailedNoCode": "%1", "ErrorFunctionFailed": "%1 %2",
    "ErrorFunctionFailedWithMessage": "%1 %2 %3", "ErrorExecutingProgram": "%1",
    "SourceDoesntExist": "%1", "UninstallDisplayNameMark": "%1 %2",
    "UninstallDisplayNameMarks": "%1 %2 %3", "UninstallNotFound": "%1",
    "UninstallOpenError": "%1", "UninstallUnsupportedVer": "%1",
    "UninstallUnknownEntry": "%1", "ConfirmUninstall": "%1", "UninstallStatusLabel": "%1",
    "UninstalledAll": "%1", "UninstalledMost": "%1", "UninstalledAndNeedsRestart": "%1",
    "UninstallDataCorrupted": "%1", "StatusUninstalling": "%1",
    "ShutdownBlockReasonInstallingApp": "%1", "ShutdownBlockReasonUninstallingApp": "%1",
    "NameAndVersion": "%1 %2", "UninstallProgram": "%1", "LaunchProgram": "%1",
    "DataFolderNotForProgram": "%1", "DataKept": "%1",
}  # fmt: skip
_PLACEHOLDER = re.compile(r"%\d|\[name/ver\]|\[name\]|\[mb\]")


def _messages() -> dict[str, str]:
    sections = _sections(ISL.read_text(encoding="utf-8-sig"))
    return _directives(sections["Messages"]) | _directives(sections["CustomMessages"])


def test_the_vietnamese_messages_keep_inno_setups_placeholders():
    for name, text in _messages().items():
        found = " ".join(sorted(set(_PLACEHOLDER.findall(text))))
        assert found == PLACEHOLDERS.get(name, ""), f"{name}={text}"


def test_the_pages_buttons_and_uninstall_questions_are_vietnamese():
    messages = _messages()
    options = _directives(_sections(ISL.read_text(encoding="utf-8-sig"))["LangOptions"])
    assert options == {
        "LanguageName": "Tiếng Việt",
        "LanguageID": "$042A",
        "LanguageCodePage": "0",
    }
    assert messages["ButtonNext"] == "&Tiếp >"
    assert messages["ButtonCancel"] == "Hủy"
    assert messages["WelcomeLabel1"] == "Chào mừng đến với trình cài đặt [name]"
    assert messages["ConfirmUninstall"].endswith(
        "Dữ liệu của phường (cơ sở dữ liệu, bản sao lưu) được giữ lại."
    )
    shown = (
        "WizardSelectDir",
        "WizardSelectTasks",
        "WizardReady",
        "WizardInstalling",
        "FinishedLabel",
        "UninstalledAll",
        "ExitSetupMessage",
        "SetupAppRunningError",
    )
    for name in shown:
        assert re.search("[ạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹđ]", messages[name]), name


# --- the spec's lists ------------------------------------------------------------------


def _qt_modules_imported() -> set[str]:
    found = set()
    for path in (ROOT / "desktop").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            found |= {name.split(".")[1] for name in names if name.startswith("PySide6.")}
    return found


def test_the_qt_modules_left_out_are_none_the_program_imports():
    imported = _qt_modules_imported()
    assert {"QtCore", "QtGui", "QtWidgets"} <= imported
    assert imported <= set(freeze_lists.QT_MODULES_USED)
    assert not set(freeze_lists.QT_MODULES_USED) & set(freeze_lists.QT_MODULES_UNUSED)


@pytest.mark.parametrize(
    "destination",
    [
        "PySide6/Qt/lib/libQt6Core.so.6",
        "PySide6/Qt6Widgets.dll",
        "PySide6/Qt6PrintSupport.dll",
        "PySide6/Qt6Svg.dll",
        "PySide6/plugins/platforms/qwindows.dll",
        "PySide6/Qt/plugins/platforms/libqxcb.so",
        "PySide6/Qt/plugins/platforms/libqoffscreen.so",
        "PySide6/plugins/imageformats/qsvg.dll",
        "PySide6/plugins/iconengines/qsvgicon.dll",
        "PySide6/plugins/styles/qmodernwindowsstyle.dll",
        "PySide6/Qt/plugins/printsupport/libcupsprintersupport.so",
        "PySide6/Qt/plugins/platformthemes/libqxdgdesktopportal.so",
        "PySide6/plugins/imageformats/qico.dll",
        "ortools/.libs/libortools.so.9",
        "numpy.libs/libscipy_openblas64_-63c857e7.dll",
    ],
)
def test_the_libraries_and_plugins_the_program_needs_stay(destination):
    assert freeze_lists.keep_binary(destination)
    assert freeze_lists.keep_binary(destination.replace("/", "\\"))


@pytest.mark.parametrize(
    "destination",
    [
        "PySide6/opengl32sw.dll",
        "PySide6/Qt6Network.dll",
        "PySide6/Qt/lib/libQt6Network.so.6",
        "PySide6/Qt/plugins/platforms/libqvnc.so",
        "PySide6/Qt/plugins/platforms/libqeglfs.so",
        "PySide6/plugins/platforms/qdirect2d.dll",
        "PySide6/plugins/imageformats/qtiff.dll",
        "PySide6/plugins/imageformats/qwebp.dll",
        "PySide6/plugins/platforminputcontexts/qtvirtualkeyboardplugin.dll",
        "PySide6/plugins/tls/qopensslbackend.dll",
        "PySide6/plugins/networkinformation/qnetworklistmanager.dll",
        "PySide6/Qt/plugins/egldeviceintegrations/libqeglfs-kms-integration.so",
        "PySide6/Qt/plugins/platformthemes/libqgtk3.so",
        "PySide6/plugins/imageformats/qjpeg.dll",
        "PySide6/Qt/plugins/imageformats/libqgif.so",
    ],
)
def test_the_qt_pieces_nothing_uses_go(destination):
    assert not freeze_lists.keep_binary(destination)


def test_qts_translations_and_type_stubs_go_the_programs_resources_stay():
    assert not freeze_lists.keep_data("PySide6/Qt/translations/qtbase_de.qm")
    assert not freeze_lists.keep_data("PySide6\\translations\\qt_fr.qm")
    assert not freeze_lists.keep_data("PySide6/QtCore.pyi")
    assert freeze_lists.keep_data("resources/fonts/NotoSans-Regular.ttf")
    assert freeze_lists.keep_data("desktop/db/migrations/versions/0001_registry.py")


def test_the_libraries_only_a_left_out_plugin_needs_go_with_it():
    # The GTK theme needs GTK's libraries, which need GLib; Qt needs GLib too.
    imports = {
        "plugins/libqgtk3.so": ["libgtk-3.so.0", "libQt6Gui.so.6"],
        "libgtk-3.so.0": ["libpango-1.0.so.0", "libglib-2.0.so.0"],
        "libpango-1.0.so.0": ["libharfbuzz.so.0", "libglib-2.0.so.0"],
        "libharfbuzz.so.0": [],
        "libglib-2.0.so.0": [],
        "libQt6Gui.so.6": ["libQt6Core.so.6"],
        "libQt6Core.so.6": ["libglib-2.0.so.0"],
        "QtGui.abi3.so": ["libQt6Gui.so.6"],
        "libpdfium.so": [],  # loaded with ctypes: nothing needs it, it stays
    }
    kept = [name for name in imports if name != "plugins/libqgtk3.so"]
    lonely = freeze_lists.orphans(kept, ["plugins/libqgtk3.so"], imports.__getitem__)
    assert lonely == {"libgtk-3.so.0", "libpango-1.0.so.0", "libharfbuzz.so.0"}


def test_a_library_something_kept_needs_stays_though_a_left_out_plugin_needs_it_too():
    imports = {"plugin.so": ["libshared.so.1"], "kept.so": ["libshared.so.1"]}
    imports["libshared.so.1"] = []
    lonely = freeze_lists.orphans(["kept.so", "libshared.so.1"], ["plugin.so"], imports.get)
    assert lonely == set()


def test_windows_names_of_a_library_differ_only_in_case():
    # Qt6Core.dll asks for MSVCP140.dll; the left-out Qt6Network.dll for msvcp140.dll.
    imports = {
        "PySide6\\QtCore.pyd": ["Qt6Core.dll", "python3.dll"],
        "PySide6\\Qt6Network.dll": ["msvcp140.dll", "Qt6Core.dll"],
        "PySide6\\Qt6Core.dll": ["MSVCP140.dll", "KERNEL32.dll"],
        "PySide6\\msvcp140.dll": ["KERNEL32.dll"],
        "PySide6\\libssl-3.dll": [],
    }
    kept = ["PySide6\\QtCore.pyd", "PySide6\\Qt6Core.dll", "PySide6\\msvcp140.dll"]
    kept.append("PySide6\\libssl-3.dll")
    imports["PySide6\\Qt6Network.dll"].append("LIBSSL-3.DLL")
    lonely = freeze_lists.orphans(kept, ["PySide6\\Qt6Network.dll"], imports.__getitem__)
    assert lonely == {"libssl-3.dll"}


# --- the Linux libraries: symbol tables out, one copy of each ----------------------------


def _elf_with_loads(path: Path, loads: list[tuple[int, int, int]]) -> Path:
    """A 64-bit little-endian ELF header and program headers (offset, address, align)."""
    header = bytearray(64)
    header[:6] = b"\x7fELF\x02\x01"
    struct.pack_into("<Q", header, 32, 64)  # program headers right after the header
    struct.pack_into("<HH", header, 54, 56, len(loads))
    table = b"".join(
        struct.pack("<IIQQQQQQ", 1, 4, offset, address, address, 16, 16, align)
        for offset, address, align in loads
    )
    path.write_bytes(bytes(header) + table)
    return path


def test_a_library_loads_only_if_each_segments_offset_agrees_with_its_address(tmp_path):
    aligned = _elf_with_loads(tmp_path / "a.so", [(0, 0, 0x1000), (0x1E8CF10, 0x1E8DF10, 0x1000)])
    assert linux_libraries.load_segments_aligned(aligned)
    # What binutils' strip made of NumPy's OpenBLAS, which auditwheel had patched.
    broken = _elf_with_loads(tmp_path / "b.so", [(0, 0, 0x1000), (0x1621098, 0x166B000, 0x1000)])
    assert not linux_libraries.load_segments_aligned(broken)


def _library(name: str) -> Path:
    found = sorted(SITE_PACKAGES.glob(name))
    if not found or not sys.platform.startswith("linux") or not shutil.which("strip"):
        pytest.skip(f"{name}: a Linux wheel's library and binutils' strip")
    return found[0]


def test_stripping_keeps_a_library_loadable_and_leaves_the_ones_strip_would_break(tmp_path):
    # SQLAlchemy's compiled module comes with its symbol table; NumPy's OpenBLAS is one
    # that auditwheel rewrote, which strip would make unloadable.
    module = _library("sqlalchemy/util/_collections_cy.cpython-*-linux-gnu.so")
    openblas = _library("numpy.libs/libscipy_openblas64_*.so")
    for source in (module, openblas):
        shutil.copy2(source, tmp_path / source.name)
    done = linux_libraries.strip_folder(tmp_path)
    stripped = tmp_path / module.name
    assert done.libraries == 1 and done.saved > 0
    assert stripped.stat().st_size < module.stat().st_size
    assert linux_libraries.load_segments_aligned(stripped)
    ctypes.CDLL(str(stripped))  # the dynamic linker still loads it
    assert done.left == [openblas.name]
    assert (tmp_path / openblas.name).read_bytes() == openblas.read_bytes()


def test_a_library_two_wheels_carry_alike_is_kept_once_the_other_a_link_to_it(tmp_path):
    library = _library("numpy.libs/libquadmath-*.so*")
    for folder in ("numpy.libs", "scipy.libs"):
        (tmp_path / folder).mkdir()
        shutil.copy2(library, tmp_path / folder / library.name)
    (tmp_path / "other.libs").mkdir()
    different = tmp_path / "other.libs" / library.name  # same name, other bytes: stays
    different.write_bytes(library.read_bytes() + b"\0")
    linked = linux_libraries.link_duplicates(tmp_path)
    assert linked == [f"scipy.libs/{library.name}"]
    link = tmp_path / "scipy.libs" / library.name
    assert link.is_symlink() and os.readlink(link) == f"../numpy.libs/{library.name}"
    assert link.read_bytes() == library.read_bytes()
    assert not different.is_symlink()


# --- Qt's ICU data, trimmed on Linux ------------------------------------------------------


def _icu_data() -> Path:
    found = sorted(SITE_PACKAGES.glob("PySide6/Qt/lib/libicudata.so.*"))
    if not found or not shutil.which("ld") or not shutil.which("nm"):
        pytest.skip("PySide6's ICU for Linux and binutils")
    return found[0]


def test_the_icu_package_is_read_and_written_back_byte_for_byte():
    library = _icu_data()
    _, offset, size = trim_icu.data_symbol(library)
    with library.open("rb") as file:
        file.seek(offset)
        data = file.read(size)
    package = trim_icu.read_package(data)
    assert len(package.items) > 3000
    assert trim_icu.write_package(package) == data


@pytest.mark.parametrize(
    ("item", "size", "kept"),
    [
        ("icudt73l/coll/vi.res", 37_104, True),  # Vietnamese collation
        ("icudt73l/coll/root.res", 301_712, True),
        ("icudt73l/coll/ucadata.icu", 570_256, True),
        ("icudt73l/vi_VN.res", 1_000, True),
        ("icudt73l/zone/en.res", 1_000, True),
        ("icudt73l/res_index.res", 10_000, True),  # each tree's index, not a locale
        ("icudt73l/zone/pool.res", 10_000, True),
        ("icudt73l/zoneinfo64.res", 150_000, True),
        ("icudt73l/uts46.nrm", 59_760, True),
        ("icudt73l/ibm-5348_P100-1997.cnv", 1_500, True),  # windows-1258, one byte
        ("icudt73l/coll/zh.res", 712_800, False),
        ("icudt73l/lang/fr.res", 20_000, False),
        ("icudt73l/de_AT.res", 1_000, False),
        ("icudt73l/brkitr/cjdict.dict", 2_000_000, False),
        ("icudt73l/rbnf/vi.res", 10_000, False),
        ("icudt73l/translit/root.res", 10_000, False),
        ("icudt73l/gb18030.cnv", 300_000, False),
    ],
)
def test_the_icu_data_kept_is_roots_vietnamese_englishs_and_what_is_no_locales(item, size, kept):
    assert trim_icu.keep_item(item, size) is kept


def _check_icu(library: Path) -> subprocess.CompletedProcess:
    environment = dict(os.environ, LD_PRELOAD=str(library), QT_QPA_PLATFORM="offscreen")
    return subprocess.run(
        [sys.executable, str(INSTALLER / "check_icu.py")],
        env=environment,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )


def test_qt_collates_cases_and_names_time_in_vietnamese_with_the_trimmed_icu(tmp_path):
    trimmed = tmp_path / _icu_data().name
    shutil.copy2(_icu_data(), trimmed)
    before, after, items, kept = trim_icu.trim_library(trimmed)
    assert after < before / 4 and kept < items / 3
    done = _check_icu(trimmed)
    assert done.returncode == 0, done.stdout + done.stderr
    assert str(trimmed) in done.stdout and "ĐƯỜNG NGUYỄN TRÃI" in done.stdout


def test_the_icu_check_fails_when_the_data_qt_needs_is_missing(tmp_path, monkeypatch):
    empty = tmp_path / _icu_data().name
    shutil.copy2(_icu_data(), empty)
    monkeypatch.setattr(trim_icu, "keep_item", lambda name, size: False)
    trim_icu.trim_library(empty)
    done = _check_icu(empty)
    assert done.returncode == 1
    assert "KHÔNG ĐẠT" in done.stdout


# --- the Windows estimate ----------------------------------------------------------------


def _pe_importing(*dlls: str) -> bytes:
    """A minimal 64-bit PE image whose import table names `dlls` (one section at 0x1000)."""
    pe, section_rva, raw = 0x40, 0x1000, 0x200
    image = bytearray(raw + 0x200)
    image[:2] = b"MZ"
    struct.pack_into("<I", image, 0x3C, pe)
    image[pe : pe + 4] = b"PE\0\0"
    optional_size = 240
    struct.pack_into("<H12xH", image, pe + 6, 1, optional_size)  # one section
    struct.pack_into("<H", image, pe + 24, 0x20B)  # PE32+
    struct.pack_into("<II", image, pe + 24 + 112 + 8, section_rva, 20 * (len(dlls) + 1))
    struct.pack_into("<8xIIII", image, pe + 24 + optional_size, 0x200, section_rva, 0x200, raw)
    names = raw + 20 * (len(dlls) + 1)
    for index, dll in enumerate(dlls):
        struct.pack_into("<12xI", image, raw + 20 * index, section_rva + names - raw)
        image[names : names + len(dll) + 1] = dll.encode() + b"\0"
        names += len(dll) + 1
    return bytes(image)


def test_the_estimate_follows_a_dlls_import_table():
    data = _pe_importing("ortools.dll", "libprotobuf.dll", "KERNEL32.dll")
    assert estimate_windows.pe_imports(data) == ["ortools.dll", "libprotobuf.dll", "KERNEL32.dll"]
    assert estimate_windows.pe_imports(b"\x7fELF") == []


def test_the_estimate_counts_each_linux_module_at_its_windows_size():
    wheels = estimate_windows.Wheels(
        sizes={
            "scipy/spatial/_ckdtree.cp311-win_amd64.pyd": 1,
            "PySide6/QtCore.pyd": 2,
            "ortools/constraint_solver/_pywrapcp.pyd": 3,
        }
    )
    assert (
        estimate_windows.windows_module(
            wheels, "scipy/spatial/_ckdtree.cpython-311-x86_64-linux-gnu.so"
        )
        == "scipy/spatial/_ckdtree.cp311-win_amd64.pyd"
    )
    assert estimate_windows.windows_module(wheels, "PySide6/QtCore.abi3.so") == "PySide6/QtCore.pyd"
    assert (
        estimate_windows.windows_module(wheels, "ortools/constraint_solver/_pywrapcp.so")
        == "ortools/constraint_solver/_pywrapcp.pyd"
    )
    assert estimate_windows.windows_module(wheels, "pypdfium2_raw/libpdfium.so") is None


# --- the interpreter of the frozen program: python -OO ----------------------------------


def test_the_program_works_without_docstrings_and_asserts_as_the_frozen_one_runs(tmp_path):
    """The spec compiles with optimize=2 and runs the interpreter as -OO: the self-test,
    a small demo ward and the window's first paint, from the checkout under -OO."""
    spec = SPEC.read_text(encoding="utf-8")
    assert "optimize=2," in spec
    assert '[("O", None, "OPTION"), ("O", None, "OPTION")]' in spec
    environment = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    environment["XDG_DATA_HOME"] = str(tmp_path / "data")
    environment.pop("DENKHUYA_DB", None)
    database = f"sqlite:///{(tmp_path / 'oo.sqlite3').as_posix()}"

    def run(*arguments: str, **extra: str) -> subprocess.CompletedProcess:
        done = subprocess.run(
            [sys.executable, "-OO", "-m", "desktop", *arguments],
            cwd=ROOT,
            env={**environment, **extra},
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=300,
        )
        assert done.returncode == 0, done.stdout + done.stderr
        return done

    assert "cả 9 bước đều đạt" in run("--self-test").stdout
    run("--db", database, "demo", "--households", "40")
    painted = run("--db", database, DENKHUYA_EXIT_AFTER_SHOW="1")
    assert json.loads(painted.stdout.splitlines()[-1])["first_paint_ms"] > 0
    log = tmp_path / "data" / APP_DIR_NAME / "denkhuya.log"
    assert not log.exists() or log.read_text(encoding="utf-8") == ""


def test_nothing_the_spec_leaves_out_is_imported_by_the_program_at_work(tmp_path):
    """Every module of the program imported and the self-test's work done in a fresh
    interpreter (the test session has imported more than the program does), with the
    modules left out for their fallbacks blocked as in the frozen program: the self-test
    passes, hashing falls back to Python's own SHA-256, and no module the spec excludes
    is loaded."""
    script = (
        "import json, sys\n"
        f"for name in {freeze_lists.EXCLUDED_WITH_FALLBACK!r}:\n"
        "    sys.modules[name] = None  # import fails, as in the frozen program\n"
        "from desktop.self_test import run_self_test\n"
        "code = run_self_test()\n"
        "import hashlib, desktop.app, desktop.ui.main_window\n"
        "loaded = sorted(name for name, module in sys.modules.items() if module)\n"
        "sha256 = type(hashlib.sha256()).__module__\n"
        "print(json.dumps({'code': code, 'modules': loaded, 'sha256': sha256}))\n"
    )
    environment = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    environment["XDG_DATA_HOME"] = str(tmp_path)
    done = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.splitlines()[-1])
    assert result["code"] == 0, done.stdout
    assert result["sha256"] == "_sha256"  # Python's own, not OpenSSL's
    loaded = [
        excluded
        for excluded in freeze_lists.EXCLUDED_MODULES
        for module in result["modules"]
        if module == excluded or module.startswith(excluded + ".")
    ]
    assert loaded == []


# --- the icon --------------------------------------------------------------------------


def test_the_icon_holds_every_size_as_png(qapp, tmp_path):
    # (qapp: the test session's QApplication, which make_icon uses when there is one)
    path = make_icon.write_icon(ROOT / "resources/icons/denkhuya.svg", tmp_path / "d.ico")
    data = path.read_bytes()
    reserved, kind, count = struct.unpack_from("<HHH", data)
    assert (reserved, kind, count) == (0, 1, len(make_icon.SIZES))
    for index, size in enumerate(make_icon.SIZES):
        width, height, _, _, _, bits, length, offset = struct.unpack_from(
            "<BBBBHHII", data, 6 + 16 * index
        )
        assert width == height == (0 if size == 256 else size)
        assert bits == 32
        image = data[offset : offset + length]
        assert image.startswith(b"\x89PNG\r\n\x1a\n")
        assert struct.unpack(">II", image[16:24]) == (size, size)  # the PNG's own header


# --- the scripts and the workflow ------------------------------------------------------


@pytest.mark.parametrize("script", ["build.sh", "ci_frozen.sh"])
def test_the_shell_scripts_parse(script):
    done = subprocess.run(["bash", "-n", str(INSTALLER / script)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_the_windows_workflow_builds_with_the_same_spec_and_keeps_the_installer():
    workflow = WORKFLOW.read_text(encoding="utf-8")
    assert "runs-on: windows-latest" in workflow
    assert "pyinstaller --noconfirm --distpath dist --workpath build/pyinstaller " in workflow
    assert "installer/denkhuya.spec" in workflow
    assert "bash installer/ci_frozen.sh --no-build" in workflow
    assert "choco install innosetup" in workflow
    assert "installer\\denkhuya.iss" in workflow
    assert "actions/upload-artifact" in workflow and "dist/installer/*.exe" in workflow
    # Its dependencies are pyproject's, read the same way as build.sh reads them.
    assert 'project = tomllib.load(file)["project"]' in workflow
    build = (INSTALLER / "build.sh").read_text(encoding="utf-8")
    for script in (workflow, build):
        assert 'project["dependencies"]' in script
        # and the PostgreSQL driver, for the desks of a station with a server
        assert 'project["optional-dependencies"]["postgres"]' in script


def test_the_build_output_is_not_committed():
    ignored = (ROOT / ".gitignore").read_text(encoding="utf-8").split()
    assert "build/" in ignored and "dist/" in ignored
