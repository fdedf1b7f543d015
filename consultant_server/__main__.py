"""``python -m consultant_server`` runs the same command line as ``consultant-server``."""

import sys

from consultant_server.cli import main

sys.exit(main())
