import numpy as np
from PySide6.QtCore import Qt

from tests.qt.conftest import _trainer_processes, wait_for
from xorgui.core.config import TrainConfig
from xorgui.core.study import Study, default_workers


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
    result = dialog.result
    expected = Study(setup, 60, 10)
    expected.run(800)
    assert np.array_equal(result.seeds, np.arange(10, 70))
    assert np.array_equal(result.solved_at, expected.result().solved_at)
    assert dialog.table.rowCount() == 60 and "of 60 runs solved" in dialog.summary.text()
    assert "60 runs × 800 epochs in " in dialog.summary.text()
    assert dialog.progress.value() == dialog.progress.maximum() == 800
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
    dialog.runs.setValue(1000)  # enough runs for a worker process per CPU
    with qtbot.waitSignal(window.controller.studyProgress, timeout=10000):
        dialog.run_button.click()
    assert len(_trainer_processes()) == default_workers(1000)  # the host and its workers
    with qtbot.waitSignal(window.controller.studyFinished, check_params_cb=lambda r: r is None, timeout=10000):
        dialog.cancel_button.click()
    assert dialog.summary.text() == "Cancelled." and dialog.run_button.isEnabled()
    assert len(_trainer_processes()) == 1  # the workers stopped before the host answered; the host goes on
    dialog.close()


def test_closing_the_app_during_a_study_stops_every_process(qtbot, window):
    window.controller.rebuild(window.snapshot.setup.with_(config=TrainConfig(epochs=10**6)))
    window.show_study()
    window.study_dialog.runs.setValue(1000)
    with qtbot.waitSignal(window.controller.studyProgress, timeout=10000):
        window.study_dialog.run_button.click()
    assert len(_trainer_processes()) == default_workers(1000)
    window.study_dialog.close()
    window.controller.shutdown()
    assert _trainer_processes() == []
