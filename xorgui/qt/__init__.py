"""The desktop app: everything that imports PySide6 or pyqtgraph."""
