"""The material library (素材库) in the desktop app: the Ctrl+K quick-search palette, the
library page, and the controller that runs their work on the database worker.

Built on the Qt-free `consultant_app.library`; see docs/library.md.
"""

from ui.library.controller import ContactRef, LibraryController
from ui.library.page import LibraryPage
from ui.library.palette import QuickSearchPalette

__all__ = ["ContactRef", "LibraryController", "LibraryPage", "QuickSearchPalette"]
