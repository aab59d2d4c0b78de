#!/usr/bin/env bash
# Build the frozen program: dist/denkhuya/ with its executable dist/denkhuya/denkhuya.
#
#   bash installer/build.sh            (from the repository root)
#
# On a fresh Debian machine it installs what it lacks: the system packages with apt-get
# (PyInstaller's objdump, the shared libpython, the libraries Qt loads), and the
# program's dependencies (pyproject.toml) plus PyInstaller in their own virtual
# environment, build/venv, so the developer's .venv stays as it is. build/venv is made
# again when the dependencies change. PYTHON chooses the interpreter (default python3;
# Python 3.11 or newer). The frozen code is the checkout's desktop/ (installer/denkhuya.spec).
# Prints the folder's size and its biggest parts at the end.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
VENV=build/venv
PYINSTALLER_REQUIREMENT="pyinstaller>=6.10,<7"

# --- system packages ---------------------------------------------------------------------
# objdump (binutils) is how PyInstaller reads a library's dependencies on Linux; Qt's
# libraries need these even without a screen (the same list as .ci/run); PyInstaller
# bundles the shared libpython, which Debian's python3 does not install by itself.
QT_LIBS="libegl1 libgl1 libglx0 libopengl0 libxkbcommon0 libfontconfig1 libfreetype6 libdbus-1-3 libglib2.0-0 libx11-6"
if command -v apt-get >/dev/null 2>&1; then
  missing=""
  for package in binutils $QT_LIBS; do
    dpkg -s "$package" >/dev/null 2>&1 || missing="$missing $package"
  done
  "$PYTHON" -c "import venv, ensurepip" >/dev/null 2>&1 || missing="$missing python3-venv"
  libpython=$("$PYTHON" -c "import sysconfig as s, pathlib; v = s.get_config_var; print('' if (pathlib.Path(v('LIBDIR') or '') / (v('INSTSONAME') or '-')).exists() else 'libpython%d.%d' % __import__('sys').version_info[:2])")
  missing="$missing $libpython"
  if [ -n "${missing// /}" ]; then
    SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    $SUDO apt-get update -qq
    # shellcheck disable=SC2086
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing
  fi
fi

# --- the build environment ---------------------------------------------------------------
mkdir -p build
"$PYTHON" - "$PYINSTALLER_REQUIREMENT" > build/requirements.txt <<'EOF'
import sys
import tomllib

with open("pyproject.toml", "rb") as file:
    project = tomllib.load(file)["project"]
# The PostgreSQL driver too: a desk of a station with a server (README) is a frozen one.
postgres = project["optional-dependencies"]["postgres"]
print("\n".join([*project["dependencies"], *postgres, sys.argv[1]]))
EOF
if ! cmp -s build/requirements.txt "$VENV/requirements.txt" 2>/dev/null; then
  rm -rf "$VENV"
  "$PYTHON" -m venv "$VENV"
  "$VENV/bin/python" -m pip install --quiet --upgrade pip
  "$VENV/bin/python" -m pip install --quiet -r build/requirements.txt
  cp build/requirements.txt "$VENV/requirements.txt"
fi

# --- Qt's own dialogs in Vietnamese --------------------------------------------------------
# The .ts is the source; the .qm the program loads is compiled here, at build time.
"$VENV/bin/pyside6-lrelease" -silent -fail-on-unfinished -fail-on-invalid \
  resources/translations/qtbase_vi.ts -qm resources/translations/qtbase_vi.qm

# --- freeze ------------------------------------------------------------------------------
rm -rf dist/denkhuya
QT_QPA_PLATFORM=offscreen "$VENV/bin/pyinstaller" --noconfirm --log-level WARN \
  --distpath dist --workpath build/pyinstaller installer/denkhuya.spec

test -x dist/denkhuya/denkhuya
echo "Đã đóng gói: dist/denkhuya/ ($(du -sh dist/denkhuya | cut -f1)); phần lớn nhất:"
du -s dist/denkhuya/_internal/* | sort -rn \
  | awk 'NR <= 12 { printf "  %6.1f MB  %s\n", $1 / 1024, $2 }'
