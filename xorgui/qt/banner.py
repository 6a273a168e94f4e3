"""The banner over the graph: why training stopped or what went wrong, with the one action that helps."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton

from xorgui.qt.widgets import named


class Banner(QFrame):
    """A red-framed line of text with one button; hidden while there is nothing to say.

    Signals: ``actionClicked(str)`` the kind of the message whose button was
    clicked (as given to ``say``).
    """

    actionClicked = Signal(str)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("divergenceBanner")
        self.setStyleSheet("#divergenceBanner { background: #fde8e8; border: 1px solid #b00020; }")
        self.label = named(QLabel(wordWrap=True), "bannerText")
        self.button = named(QPushButton(), "bannerButton")
        row = QHBoxLayout(self)
        row.addWidget(self.label, 1)
        row.addWidget(self.button)
        self.kind = ""
        self.button.clicked.connect(lambda: self.actionClicked.emit(self.kind))
        self.hide()

    def say(self, kind: str, text: str, button: str) -> None:
        """Show ``text`` with a button labelled ``button``; ``kind`` names the message ('' hides the banner)."""
        self.kind = kind
        if kind:
            if self.label.text() != text:
                self.label.setText(text)
            self.button.setText(button)
        self.setVisible(bool(kind))
