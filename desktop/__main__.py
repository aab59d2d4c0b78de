"""`denkhuya` and `python -m desktop`: the command line, or the window when no command.

`denkhuya --self-test` (alone) runs desktop.self_test instead: the checks of what breaks
when the program is frozen (installer/), with exit code 0 when all pass.
"""

from __future__ import annotations

import sys

SELF_TEST = "--self-test"


def main(argv: list[str] | None = None) -> int:
    from desktop.services.private_files import start_scratch

    argv = sys.argv[1:] if argv is None else argv
    # Temporary files stay in this process's private scratch folder, and what a killed
    # process left behind is removed now (desktop.services.private_files).
    start_scratch()
    if argv == [SELF_TEST]:
        from desktop.self_test import run_self_test

        return run_self_test()
    from desktop.cli import run

    return run(argv)


if __name__ == "__main__":
    sys.exit(main())
