"""The light theme's colours for painted items (resources/styles/app.qss uses the same values)."""

from __future__ import annotations

from PySide6.QtGui import QColor

TEXT = QColor("#1F2329")
MUTED = QColor("#646A73")
FAINT = QColor("#8F959E")
BORDER = QColor("#DEE0E3")
PAGE = QColor("#F5F6F7")
CARD = QColor("#FFFFFF")
SELECTED = QColor("#1677FF")
SELECTED_FILL = QColor("#F0F6FF")
HOVER_FILL = QColor("#FAFBFC")
RED = QColor("#F5222D")  # overdue
RED_TEXT = QColor("#CF1322")
GREEN = QColor("#52C41A")  # due today
GREEN_TEXT = QColor("#389E0D")
YELLOW = QColor("#FAAD14")  # no next step planned
GREY = QColor("#BFBFBF")  # next step on a later day
ORANGE = QColor("#FA8C16")  # going cold (a rotting card's edge)
ORANGE_TEXT = QColor("#D46B08")
ORANGE_FILL = QColor("#FFF7E8")  # a rotting card's background
MAGENTA = QColor("#EB2F96")  # birthdays
MAGENTA_TEXT = QColor("#C41D7F")
