#!/usr/bin/env bash
# CI of the frozen program: build it (installer/build.sh), then run, timed,
#   1. its self-test (desktop/self_test.py),
#   2. `demo` on a new database (the default ward of 2,500 households),
#   3. the window on Qt's offscreen platform until its first paint (DENKHUYA_EXIT_AFTER_SHOW),
#   4. on Linux, Qt's ICU with the data the build trimmed (installer/check_icu.py: Vietnamese
#      collation, case and time-zone name, through build/venv's PySide6),
# check that the log file stayed empty and that the folder is within its size limit, and
# print one line of timings. Fails at the first step that fails.
#
#   bash installer/ci_frozen.sh              (Linux, from anywhere in the checkout)
#   bash installer/ci_frozen.sh --no-build   (check the dist/denkhuya/ already built;
#                                             .github/workflows/windows.yml, in Git Bash)
#
# FROZEN_SIZE_LIMIT_MB overrides the size limit: 250 MB on Windows (the goal for the
# installed folder); 290 MB on Linux (275 MB at this writing, with the PostgreSQL
# driver), where Qt brings its own ICU and the desktop's libraries (libstdc++, X11,
# CUPS and its TLS…) come along, so the figure only guards against a dependency or Qt module slipping in.
set -euo pipefail
cd "$(dirname "$0")/.."

build=1
[ "${1:-}" = "--no-build" ] && build=0

case "$(uname -s)" in
  MINGW* | MSYS* | CYGWIN*) windows=1 ;;
  *) windows=0 ;;
esac
limit_mb=${FROZEN_SIZE_LIMIT_MB:-$([ "$windows" = 1 ] && echo 250 || echo 290)}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
native() {  # a path as the Windows program reads it (C:/…), unchanged elsewhere
  if command -v cygpath >/dev/null 2>&1; then cygpath -m "$1"; else printf '%s\n' "$1"; fi
}
if [ "$windows" = 1 ]; then
  # platformdirs asks Windows for the folder: the runner's own, thrown away with it.
  data_folder="$(native "$LOCALAPPDATA")/DenKhuya"
else
  export XDG_DATA_HOME="$work/data"  # not the CI user's own data folder
  data_folder="$XDG_DATA_HOME/DenKhuya"
fi
export QT_QPA_PLATFORM=offscreen
unset DENKHUYA_DB

timings=""
timed() {  # timed LABEL COMMAND…: run it, add "LABEL N,N s" to the summary
  local label=$1 started ended seconds
  shift
  started=$(date +%s.%N)
  "$@"
  ended=$(date +%s.%N)
  seconds=$(awk -v a="$started" -v b="$ended" 'BEGIN { printf "%.1f", b - a }')
  echo "== $label: $seconds s"
  timings="$timings; $label $seconds s"
}

if [ "$build" = 1 ]; then
  timed "đóng gói" bash installer/build.sh
fi
program=dist/denkhuya/denkhuya
[ -x "$program" ] || [ -x "$program.exe" ] || { echo "Chưa có $program: hãy đóng gói trước." >&2; exit 1; }

timed "tự kiểm tra" "$program" --self-test
database="sqlite:///$(native "$work")/demo.sqlite3"
timed "phường mẫu" "$program" --db "$database" demo
open_window() {  # the window on the demo ward, closed by itself after its first paint
  DENKHUYA_EXIT_AFTER_SHOW=1 timeout 180 "$program" --db "$database" >"$work/first_paint.json"
}
timed "mở cửa sổ" open_window
echo "Cửa sổ vẽ xong lần đầu: $(cat "$work/first_paint.json")"

icu_data=$(find dist/denkhuya/_internal/PySide6/Qt/lib -name 'libicudata.so.*' -type f 2>/dev/null | head -n 1)
if [ "$windows" = 0 ] && [ -n "$icu_data" ] && [ -x build/venv/bin/python ]; then
  check_icu() { LD_PRELOAD="$PWD/$icu_data" build/venv/bin/python installer/check_icu.py; }
  timed "ICU rút gọn" check_icu
fi

if [ -s "$data_folder/denkhuya.log" ]; then
  echo "Chương trình đã ghi lỗi vào $data_folder/denkhuya.log:" >&2
  cat "$data_folder/denkhuya.log" >&2
  exit 1
fi

size_mb=$(du -sm dist/denkhuya | cut -f1)
echo "Thư mục dist/denkhuya: $size_mb MB (giới hạn $limit_mb MB); phần lớn nhất:"
du -sm dist/denkhuya/_internal/* | sort -rn | awk 'NR <= 8 { print "  " $0 }'
echo "Thời gian: ${timings#; }."
if [ "$size_mb" -gt "$limit_mb" ]; then
  echo "Thư mục dist/denkhuya ($size_mb MB) vượt giới hạn $limit_mb MB." >&2
  exit 1
fi
