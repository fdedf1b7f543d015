"""The PySide6 front end: windows, models, delegates and dialogs over the Qt-free core."""
