"""`python -m ui` starts the app, as the `consultant-app` command does."""

import sys

from ui.app import main

sys.exit(main())
