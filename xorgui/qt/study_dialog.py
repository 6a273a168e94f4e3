"""The convergence-study window: many seeds at once, a histogram, the runs that got stuck."""

from __future__ import annotations

import math
import time

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from xorgui.core.model.notation import num
from xorgui.core.session.command import CancelStudy, StartStudy
from xorgui.core.study.result import StudyResult
from xorgui.core.training.setup import Setup
from xorgui.qt.widgets import named


class StudyDialog(QDialog):
    """Runs a study through the controller and shows its result.

    Signals: ``openRun(object)`` the Setup of a run, to open in the explorer.
    """

    openRun = Signal(object)

    def __init__(self, controller, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("studyDialog")
        self.setWindowTitle("Convergence study")
        self.controller = controller
        self.setup: Setup | None = None
        self.study_result: StudyResult | None = None  # QDialog.result() is the dialog's exit code
        self._started = 0.0
        self.runs = named(QSpinBox(minimum=1, maximum=100_000, value=1000), "studyRuns")
        self.first_seed = named(QSpinBox(minimum=0, maximum=2**31 - 1), "studyFirstSeed")
        self.run_button = named(QPushButton("Run"), "studyRun")
        self.cancel_button = named(QPushButton("Cancel"), "studyCancel")
        self.cancel_button.setEnabled(False)
        self.progress = named(QProgressBar(), "studyProgress")
        self.summary = named(QLabel("Trains many networks of the current configuration at once, one seed each.",
                                    wordWrap=True), "studySummary")
        self.histogram = pg.PlotWidget(background="w", objectName="studyHistogram")
        self.histogram.setLabel("bottom", "epochs to solve")
        self.histogram.setLabel("left", "runs")
        self.histogram.setTitle("runs solved")  # before the first study too: a title keeps the top tick in view
        self.stuck_plot = pg.PlotWidget(background="w", objectName="studyStuckLosses")
        self.stuck_plot.setLabel("bottom", "final loss of the stuck runs")
        self.stuck_plot.getAxis("bottom").enableAutoSIPrefix(False)  # losses as they are, not "65 (×0.001)"
        self.stuck_plot.setLabel("left", "runs")
        self.stuck_plot.setTitle("runs stuck")
        self.table = named(QTableWidget(0, 3), "studyTable")
        self.table.setHorizontalHeaderLabels(["seed", "epochs to solve", "final loss"])
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.setToolTip("Double-click a run to open it in the explorer; click a heading to sort")
        self.table.horizontalHeader().setSortIndicator(1, Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)
        self._build()
        self.run_button.clicked.connect(self.start)
        self.cancel_button.clicked.connect(lambda: self.controller.send(CancelStudy()))
        self.table.cellDoubleClicked.connect(self._open_row)
        controller.studyProgress.connect(self._on_progress)
        controller.studyFinished.connect(self._on_finished)

    def _build(self) -> None:
        row = QHBoxLayout()
        for widget in (QLabel("runs"), self.runs, QLabel("first seed"), self.first_seed, self.run_button,
                       self.cancel_button):
            row.addWidget(widget)
        box = QVBoxLayout(self)
        box.addLayout(row)
        box.addWidget(self.progress)
        box.addWidget(self.summary)
        plots = QHBoxLayout()
        plots.addWidget(self.histogram, 3)
        plots.addWidget(self.stuck_plot, 2)
        box.addLayout(plots, 2)
        box.addWidget(self.table, 1)
        self.resize(820, 640)

    def start(self) -> None:
        """Start a study of the explorer's current configuration (it pauses training)."""
        snap = self.controller.snapshot
        if snap is None or snap.setup is None:
            return
        self.setup, self.study_result, self._started = snap.setup, None, time.perf_counter()
        self.run_button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        self.progress.setValue(0)
        self.summary.setText(f"Training {self.runs.value()} runs of {list(snap.dims)}…")
        self.controller.send(StartStudy(self.runs.value(), self.first_seed.value()))

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        """Cancel a study under way, then close: the explorer would wait for it otherwise."""
        self._cancel_if_running()
        super().closeEvent(event)

    def reject(self) -> None:
        """Close on Escape as the close button does."""
        self._cancel_if_running()
        super().reject()

    def _cancel_if_running(self) -> None:
        if self.cancel_button.isEnabled():
            self.controller.send(CancelStudy())

    def _on_progress(self, progress: tuple) -> None:
        done, total = progress
        self.progress.setMaximum(max(total, 1))
        self.progress.setValue(done)

    def _on_finished(self, result: StudyResult | str | None) -> None:
        """Show the result; ``None`` means cancelled, a text why the study could not start or stopped."""
        self.run_button.setEnabled(True)
        self.cancel_button.setEnabled(False)
        if not isinstance(result, StudyResult):
            self.summary.setText("Cancelled." if result is None else result)
            return
        self.study_result = result
        self.progress.setValue(self.progress.maximum())
        seconds = time.perf_counter() - self._started
        timing = f"{len(result.seeds)} runs × {result.epochs} epochs in {seconds:.1f} s"
        self.summary.setText(f"{result.summary()}\n{timing}")
        self._draw_histogram(result)
        self._fill_table(result)

    def _draw_histogram(self, result: StudyResult) -> None:
        self.histogram.clear()
        solved = result.solved_at[~result.stuck]
        if solved.size:
            counts, edges = np.histogram(solved, bins=min(40, max(5, solved.size // 10)))
            self.histogram.addItem(pg.BarGraphItem(x0=edges[:-1], x1=edges[1:], height=counts,
                                                   brush=pg.mkBrush(94, 60, 153)))
        self.histogram.setTitle(f"{solved.size} runs solved")
        self.stuck_plot.clear()
        stuck = result.final_loss[result.stuck]
        stuck = stuck[np.isfinite(stuck)]
        if stuck.size:
            low, high = float(stuck.min()), float(stuck.max())
            if high - low < 1e-9 * max(high, 1e-12):  # one value: one bar around it
                low, high = low - max(abs(low), 1e-3) * 0.05, high + max(abs(high), 1e-3) * 0.05
            counts, edges = np.histogram(stuck, bins=30, range=(low, high))
            self.stuck_plot.addItem(pg.BarGraphItem(x0=edges[:-1], x1=edges[1:], height=counts,
                                                    brush=pg.mkBrush(230, 97, 1)))
        self.stuck_plot.setTitle(f"{int(result.stuck.sum())} runs stuck")

    def _fill_table(self, result: StudyResult) -> None:
        self.table.setSortingEnabled(False)  # else every row set re-sorts the table
        order = np.lexsort((result.seeds, np.where(result.stuck, -1, result.solved_at)))
        self.table.setRowCount(len(order))
        for row, k in enumerate(order):
            loss = float(result.final_loss[k])
            cells = ((str(result.seeds[k]), int(result.seeds[k])),
                     ("stuck", -1) if result.stuck[k] else (str(result.solved_at[k]), int(result.solved_at[k])),
                     # a run whose loss is not a number diverged: said in words, sorted after every loss
                     (num(loss), loss) if math.isfinite(loss) else ("diverged", math.inf))
            for col, (text, key) in enumerate(cells):
                self.table.setItem(row, col, _Item(text, key))
        # sorted by epochs to solve, the stuck runs first, as filled; a click on a heading sorts by another column
        self.table.horizontalHeader().setSortIndicator(1, Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)

    def _open_row(self, row: int, _column: int = 0) -> None:
        item = self.table.item(row, 0)
        if item is not None:
            self.open_seed(int(item.text()))

    def open_seed(self, seed: int) -> None:
        """Open the run with ``seed`` in the explorer (the setup the study used, with that seed)."""
        if self.setup is not None:
            self.openRun.emit(self.setup.with_(seed=seed))


class _Item(QTableWidgetItem):
    """A read-only cell that sorts by a number, not by its text ("stuck" counts as −1 epochs)."""

    def __init__(self, text: str, key: float) -> None:
        super().__init__(text)
        self.key = key
        self.setFlags(self.flags() & ~Qt.ItemFlag.ItemIsEditable)

    def __lt__(self, other: QTableWidgetItem) -> bool:
        return self.key < getattr(other, "key", 0)
