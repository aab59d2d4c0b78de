"""`denkhuya` and `python -m desktop`: the command line, or the window when no command."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    from desktop.cli import run
    from desktop.services.private_files import start_scratch

    # Temporary files stay in this process's private scratch folder, and what a killed
    # process left behind is removed now (desktop.services.private_files).
    start_scratch()
    return run(sys.argv[1:] if argv is None else argv)


if __name__ == "__main__":
    sys.exit(main())
