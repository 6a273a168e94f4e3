"""A field for one real number, typed as one writes it (0.5, -1e3, 2.5e-1); anything else is refused where typed."""

from __future__ import annotations

import math

from PySide6.QtCore import QPoint, Signal
from PySide6.QtWidgets import QLineEdit, QToolTip, QWidget

from xorgui.core.model.notation import num
from xorgui.core.model.parsing import written_float
from xorgui.qt.widgets import tip

BAD = "QLineEdit { border: 1px solid #b00020; background: #fff0f0; }"


def parse_number(text: str, limit: float) -> float:
    """Return the number ``text`` writes, or raise ValueError saying why it is none.

    A minus sign may be typed as "−"; "−0" reads 0. The number must be
    finite and at most ``limit`` either side of 0.
    """
    cleaned = text.strip().replace("−", "-")  # a comma is refused: "1,000" and "1,5" would be guesses
    try:
        value = written_float(cleaned)
    except ValueError:
        raise ValueError(f"“{text.strip()}” is not a number; type one such as 0.5, -2 or 1e3") from None
    if not math.isfinite(value):
        raise ValueError(f"“{text.strip()}” is not a finite number")
    if abs(value) > limit:
        raise ValueError(f"{num(value)} is too large: at most {num(limit)} either side of 0")
    return value + 0.0  # −0 reads 0


class NumberField(QLineEdit):
    """A line for one real number.

    Enter (or leaving the field) reads what was typed: a number is kept
    and ``valueEntered`` sent if it changed; anything else turns the field
    red, says why in a tooltip at the field, and the value stays as it was.

    Signals
    -------
    valueEntered(float)
        A new value was typed.
    """

    valueEntered = Signal(float)

    def __init__(self, value: float = 0.0, limit: float = 1e6, hint: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.limit, self.hint = limit, hint  # the hint is the tooltip while what is typed is a number
        self.setToolTip(tip(hint))
        self.problem = ""  # why the text typed is no number ("" if it is one)
        self._value = value
        self.setText(num(value))
        self.editingFinished.connect(self._read)

    def value(self) -> float:
        """Return the last number entered (or set)."""
        return self._value

    def set_value(self, value: float) -> None:
        """Show ``value`` (no signal); a problem shown is cleared."""
        self._value = float(value)
        self._set_problem("")
        self.setText(num(value))

    def _read(self) -> None:
        try:
            value = parse_number(self.text(), self.limit)
        except ValueError as exc:
            self._set_problem(str(exc))
            return
        self._set_problem("")
        self.setText(num(value))
        if value != self._value:
            self._value = value
            self.valueEntered.emit(value)

    def _set_problem(self, problem: str) -> None:
        self.problem = problem
        self.setStyleSheet(BAD if problem else "")
        self.setToolTip(tip(problem or self.hint))
        if problem:
            QToolTip.showText(self.mapToGlobal(QPoint(0, self.height())), problem, self)
