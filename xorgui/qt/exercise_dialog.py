"""Exercise mode: a quantity of the next update is hidden, the learner types it, the app grades it and names the slip.

The update is the one the step-through takes apart (``command.Walk``: the
batch in batch mode, the first sample of the epoch online), of the network
on view. While the dialog is open the window is blocked (window-modal), so
that its graph, inspector and status bar cannot give the answer away; the
dialog shows what a hand calculation needs instead: the network, the
sample, η and every parameter. A teacher's sheet is written from here too.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from xorgui.core.session.command import Walk
from xorgui.core.session.stepping import StepWalk
from xorgui.core.walkthrough import writer
from xorgui.core.walkthrough.grading import RELATIVE, Grade, grade
from xorgui.core.walkthrough.lines import sample_of
from xorgui.core.walkthrough.quantity import KINDS, Quantity, pick, question
from xorgui.qt.sheet_files import write_sheet
from xorgui.qt.widgets import named

if TYPE_CHECKING:
    from xorgui.qt.controller import Controller

CHOICES = {"random": KINDS, "z (a sum)": ("z",), "a (an activation)": ("a",), "δ": ("delta",),
           "∂C/∂w": ("dw",), "∂C/∂b": ("db",), "the cost C": ("cost",), "a weight after the update": ("w_new",),
           "a bias after the update": ("b_new",)}
RULE = (f"Right if it agrees to the digits you type (within half a unit of the last one: 0.59 stands for "
        f"0.585 … 0.595), or within a relative {RELATIVE:g}.")


class ExerciseDialog(QDialog):
    """Ask, check, explain; and write a teacher's sheet (Markdown and PDF with its answer key)."""

    def __init__(self, controller: Controller, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("exerciseDialog")
        self.setWindowTitle("Exercise: check your hand calculation")
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.controller = controller
        self.part: StepWalk | None = None
        self.quantity: Quantity | None = None
        self.last_grade: Grade | None = None
        self._asked = -1  # the id of the Walk command whose answer is awaited
        self._kinds: tuple[str, ...] = KINDS
        self._seed: int | None = None
        self.kind_box = named(QComboBox(), "exerciseKind")
        self.kind_box.addItems(list(CHOICES))
        self.ask_button = named(QPushButton("New exercise"), "exerciseAsk")
        self.question = named(QLabel("…"), "exerciseQuestion")
        self.question.setWordWrap(True)
        font = QFont(self.question.font())
        font.setPointSizeF(font.pointSizeF() * 1.3)
        self.question.setFont(font)
        self.answer = named(QLineEdit(placeholderText="your number, e.g. 0.59 or -1.2e-3"), "exerciseAnswer")
        self.check_button = named(QPushButton("Check"), "exerciseCheck")
        self.rule = named(QLabel(RULE), "exerciseRule")
        self.rule.setWordWrap(True)
        self.verdict = named(QPlainTextEdit(readOnly=True), "exerciseVerdict")
        self.given = named(QPlainTextEdit(readOnly=True), "exerciseGiven")
        for text in (self.verdict, self.given):
            text.setFont(QFont("monospace"))
        # the verdict is read whole (a long step wraps); the given values are a table (each line stays one)
        self.given.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.count_spin = named(QSpinBox(minimum=1, maximum=50, value=6), "sheetCount")
        self.seed_spin = named(QSpinBox(minimum=0, maximum=2**31 - 1, value=1), "sheetSeed")
        self.sheet_button = named(QPushButton("Write the sheet…"), "sheetWrite")
        for button in (self.ask_button, self.check_button, self.sheet_button):
            button.setAutoDefault(False)  # Enter in the answer checks it, and only that
        self._build()
        self.ask_button.clicked.connect(lambda: self.ask())
        self.check_button.clicked.connect(self.check)
        self.answer.returnPressed.connect(self.check)
        self.sheet_button.clicked.connect(self._sheet_dialog)
        controller.walkReady.connect(self._on_walk)
        controller.errorOccurred.connect(self._on_error)
        self.resize(760, 620)

    def _build(self) -> None:
        top = QHBoxLayout()
        top.addWidget(QLabel("Ask for"))
        top.addWidget(self.kind_box, 1)
        top.addWidget(self.ask_button)
        row = QHBoxLayout()
        row.addWidget(self.answer, 1)
        row.addWidget(self.check_button)
        sheet = QGroupBox("A teacher's sheet: exercises on small networks, Markdown and PDF, with the answer key")
        form = QFormLayout(sheet)
        form.addRow("exercises", self.count_spin)
        form.addRow("seed", self.seed_spin)
        form.addRow(self.sheet_button)
        box = QVBoxLayout(self)
        box.addLayout(top)
        box.addWidget(self.question)
        box.addLayout(row)
        box.addWidget(self.rule)
        box.addWidget(self.verdict, 2)
        box.addWidget(QLabel("Given (the network on view, before the update):"))
        box.addWidget(self.given, 3)
        box.addWidget(sheet)

    # --- asking and checking -----------------------------------------------------------------------

    def ask(self, kinds: tuple[str, ...] | None = None, seed: int | None = None) -> None:
        """Take the next update of the network on view apart and ask for one of its quantities of ``kinds``.

        ``kinds`` defaults to the choice in the dialog; ``seed`` makes the
        pick repeatable (None: a new one each time).
        """
        self._kinds = kinds if kinds is not None else CHOICES[self.kind_box.currentText()]
        self._seed = seed
        self.quantity, self.last_grade = None, None
        self.question.setText("Taking the next update apart…")
        self.verdict.clear()
        self.rule.setText(RULE)  # the last answer's tolerance is not this one's
        self._asked = self.controller.send(Walk(0))

    def _on_walk(self, cmd_id: int, part: StepWalk) -> None:
        if cmd_id != self._asked:
            return
        self.part = part
        w = part.walk
        try:
            self.quantity = pick(w, self._seed, self._kinds)
        except ValueError as exc:  # e.g. a bias asked of a network without biases
            self.question.setText(str(exc))
            return
        self.question.setText(f"What is {question(w, self.quantity)}?")
        self.given.setPlainText(given_text(part))
        self.answer.clear()
        self.answer.setFocus()

    def _on_error(self, text: str) -> None:
        """Say in the dialog why the update awaited was not taken apart (too big, say), instead of waiting on."""
        if self._asked >= 0 and self.controller.handled >= self._asked and self.quantity is None:
            self._asked = -1
            self.question.setText(text)

    def check(self) -> None:
        """Grade the number typed; say right or wrong, the rule, and when wrong the slip and the correct step."""
        if self.part is None or self.quantity is None:
            return
        try:
            self.last_grade = g = grade(self.part.walk, self.quantity, self.answer.text())
        except ValueError as exc:
            self.verdict.setPlainText(str(exc))
            self.rule.setText(RULE)  # no number, no tolerance of its own
            return
        self.rule.setText(f"Tolerance: {g.rule}.")
        self.verdict.setPlainText(g.message)

    # --- the teacher's sheet -----------------------------------------------------------------------

    def _sheet_dialog(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Write the exercise sheet into")
        if folder:
            self.write_sheet(folder)

    def write_sheet(self, folder: str) -> list[str]:
        """Write the sheet of the chosen count and seed into ``folder``; say so (or why not) below the answer."""
        try:
            written = write_sheet(folder, self.count_spin.value(), self.seed_spin.value())
        except (OSError, ValueError) as exc:  # a FileAccessError (an OSError) names the file
            self.verdict.setPlainText(f"Cannot write the sheet: {exc}")
            return []
        self.verdict.setPlainText("Wrote " + ", ".join(written))
        return written


def given_text(part: StepWalk) -> str:
    """Return what a hand calculation of the update needs: network, cost, samples, η, the parameters."""
    w = part.walk
    lines = list(writer.summary(w))
    if len(w.rows) > 1:
        lines.append("samples: " + "; ".join(sample_of(w, r) for r in range(len(w.rows))))
    if part.updates > 1:
        lines.append(f"(the first of the {part.updates} updates of the next Step, in the trainer's order)")
    params = writer.parameters(w)  # not every section: with 10 000 samples they took 1.8 s to write
    return "\n".join(lines + ["", params.title + ":", *params.lines])
