import numpy as np
import pyqtgraph as pg
import pytest
from PySide6.QtCore import QPoint, Qt

from tests.qt.conftest import _trainer_processes, wait_for
from xorgui.core.session.command import StartStudy
from xorgui.core.study.study import Study
from xorgui.core.training.config import TrainConfig


def test_a_study_runs_in_the_trainer_and_a_run_opens_in_the_explorer(qtbot, window):
    setup = window.snapshot.setup.with_(config=TrainConfig(learning_rate=4.0, epochs=800), init="uniform")
    window.controls.show_setup(setup)
    window.controller.rebuild(setup)
    wait_for(qtbot, window, lambda s: s.setup == setup)
    window.show_study()
    dialog = window.study_dialog
    dialog.runs.setValue(60)
    dialog.first_seed.setValue(10)
    with qtbot.waitSignal(window.controller.studyFinished, timeout=20000):
        qtbot.mouseClick(dialog.run_button, Qt.MouseButton.LeftButton)
    result = dialog.study_result
    expected = Study(setup, 60, 10)
    expected.run(800)
    assert np.array_equal(result.seeds, np.arange(10, 70))
    assert np.array_equal(result.solved_at, expected.result().solved_at)
    assert dialog.table.rowCount() == 60 and "of 60 runs solved" in dialog.summary.text()
    assert "60 runs × 800 epochs in " in dialog.summary.text()
    assert dialog.progress.value() == dialog.progress.maximum() == 800
    assert 0 < result.stuck.sum() < 60  # both kinds of run, for the checks below
    _check_table_and_plots(qtbot, dialog, result)
    stuck = int(np.flatnonzero(result.stuck)[0]) if result.stuck.any() else 0
    dialog.open_seed(int(result.seeds[stuck]))
    snap = wait_for(qtbot, window, lambda s: s.setup.seed == int(result.seeds[stuck]))
    assert np.array_equal(snap.weights[1], setup.with_(seed=int(result.seeds[stuck])).network().W[1])
    dialog.close()


def test_a_study_can_be_cancelled(qtbot, window):
    setup = window.snapshot.setup.with_(config=TrainConfig(learning_rate=1.0, epochs=10**6))
    window.controller.rebuild(setup)
    wait_for(qtbot, window, lambda s: s.setup == setup)
    window.show_study()
    dialog = window.study_dialog
    dialog.runs.setValue(20_000)  # enough runs for a thread per CPU
    with qtbot.waitSignal(window.controller.studyProgress, timeout=10000):
        dialog.run_button.click()
    assert len(_trainer_processes()) == 1  # its threads need no process of their own
    with qtbot.waitSignal(window.controller.studyFinished, check_params_cb=lambda r: r is None, timeout=10000):
        dialog.cancel_button.click()
    assert dialog.summary.text() == "Cancelled." and dialog.run_button.isEnabled()
    assert len(_trainer_processes()) == 1  # the host goes on
    dialog.close()


def test_closing_the_app_during_a_study_stops_every_process(qtbot, window):
    setup = window.snapshot.setup.with_(config=TrainConfig(epochs=10**6))
    window.controller.rebuild(setup)
    window.show_study()
    window.study_dialog.runs.setValue(20_000)
    with qtbot.waitSignal(window.controller.studyProgress, timeout=10000):
        window.study_dialog.run_button.click()
    assert len(_trainer_processes()) == 1
    window.study_dialog.close()
    window.controller.shutdown()
    assert _trainer_processes() == []


def _column(table, col):
    return [table.item(row, col).text() for row in range(table.rowCount())]


def _check_table_and_plots(qtbot, dialog, result):
    table = dialog.table
    epochs = [-1 if t == "stuck" else int(t) for t in _column(table, 1)]
    assert epochs == sorted(np.where(result.stuck, -1, result.solved_at).tolist())  # stuck first, then by epoch
    header = table.horizontalHeader()
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton,
                     pos=QPoint(header.sectionViewportPosition(2) + 5, header.height() // 2))
    losses = [float(t) for t in _column(table, 2)]
    assert losses == sorted(losses) and len(losses) == 60  # by the number, not the text
    by_seed = dict(zip(map(int, _column(table, 0)), losses))
    assert all(by_seed[int(s)] == pytest.approx(loss, rel=1e-5) for s, loss in zip(result.seeds, result.final_loss))
    solved_bars, = [i for i in dialog.histogram.getPlotItem().items if isinstance(i, pg.BarGraphItem)]
    stuck_bars, = [i for i in dialog.stuck_plot.getPlotItem().items if isinstance(i, pg.BarGraphItem)]
    assert solved_bars.opts["height"].sum() == (~result.stuck).sum()
    assert stuck_bars.opts["height"].sum() == result.stuck.sum()
    x0, x1 = stuck_bars.opts["x0"], stuck_bars.opts["x1"]
    assert x0.min() <= result.final_loss[result.stuck].min() and x1.max() >= result.final_loss[result.stuck].max()


def test_a_study_that_cannot_start_says_why_in_the_dialog(qtbot, window):
    window.show_study()
    dialog = window.study_dialog
    with qtbot.waitSignal(window.controller.studyFinished, timeout=10000) as blocker:
        window.controller.send(StartStudy(10**9, 0))  # about 700 GB of arrays
    assert isinstance(blocker.args[0], str)
    assert dialog.summary.text().startswith("The study could not start: 1,000,000,000 runs of [2, 2, 1] need about")
    assert dialog.run_button.isEnabled() and not dialog.cancel_button.isEnabled()
    window.controller.step()  # the explorer goes on
    wait_for(qtbot, window, lambda s: s.epoch == 1)
    dialog.close()


def test_closing_the_study_window_cancels_the_study_and_the_explorer_goes_on(qtbot, window):
    window.controller.rebuild(window.snapshot.setup.with_(config=TrainConfig(epochs=10**6)))
    window.show_study()
    dialog = window.study_dialog
    dialog.runs.setValue(1000)
    with qtbot.waitSignal(window.controller.studyProgress, timeout=10000):
        dialog.run_button.click()
    with qtbot.waitSignal(window.controller.studyFinished, check_params_cb=lambda r: r is None, timeout=10000):
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible() and len(_trainer_processes()) == 1
    window.controller.step()
    wait_for(qtbot, window, lambda s: s.epoch == 1)


def test_before_the_first_study_each_histogram_says_what_it_will_show_and_its_axis_is_whole(qtbot, window):
    window.network_view.setFocus()
    qtbot.keyClick(window.network_view, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.study_dialog is not None and window.study_dialog.isVisible())
    dialog = window.study_dialog
    for plot, title in ((dialog.histogram, "runs solved"), (dialog.stuck_plot, "runs stuck")):
        item = plot.getPlotItem()
        assert item.titleLabel.text == title
        view_top = item.getViewBox().sceneBoundingRect().top()
        assert view_top >= plot.fontMetrics().height() / 2  # room above the plot for its top tick's label
    dialog.close()
