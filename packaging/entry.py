"""PyInstaller's entry script: the frozen app starts where `consultant-app` does."""

from __future__ import annotations

import sys

from ui.app import main

if __name__ == "__main__":
    sys.exit(main())
