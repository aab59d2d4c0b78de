"""installer/: what can be checked of the frozen build and the Windows installer without
building them (the build itself: installer/ci_frozen.sh on Linux, the Windows workflow).

The Inno Setup script must agree with the spec and the program (its version, the files
it packs, the data folder it must never remove), its Vietnamese messages must keep Inno
Setup's placeholders, and what the spec leaves out must be nothing the program imports.
"""

from __future__ import annotations

import ast
import json
import os
import re
import struct
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from desktop.data_folder import APP_DIR_NAME

ROOT = Path(__file__).resolve().parent.parent
INSTALLER = ROOT / "installer"
sys.path.insert(0, str(INSTALLER))

import freeze_lists  # noqa: E402
import make_icon  # noqa: E402

ISS = INSTALLER / "denkhuya.iss"
ISL = INSTALLER / "Vietnamese.isl"
SPEC = INSTALLER / "denkhuya.spec"
WORKFLOW = ROOT / ".github" / "workflows" / "windows.yml"


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
    assert 'tomllib.load(file)["project"]["dependencies"]' in workflow
    assert 'project["dependencies"]' in (INSTALLER / "build.sh").read_text(encoding="utf-8")


def test_the_build_output_is_not_committed():
    ignored = (ROOT / ".gitignore").read_text(encoding="utf-8").split()
    assert "build/" in ignored and "dist/" in ignored
