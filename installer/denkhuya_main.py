"""The frozen program's entry point (installer/denkhuya.spec): `denkhuya` of pyproject."""

import sys

from desktop.__main__ import main

if __name__ == "__main__":
    sys.exit(main())
