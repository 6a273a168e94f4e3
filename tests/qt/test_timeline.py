import numpy as np
from PySide6.QtCore import QPoint, Qt

from tests.qt.conftest import wait_for
from xorgui.core.session.command import SetSpeed
from xorgui.core.training.setup import Setup


def step_to(qtbot, window, epochs):
    window.controller.send(SetSpeed(None))
    window.controller.play()
    wait_for(qtbot, window, lambda s: s.epoch >= epochs)
    with qtbot.waitSignal(window.controller.runningChanged):
        window.controller.pause()
    qtbot.waitUntil(lambda: window.snapshot.live and window.timeline.latest == window.snapshot.epoch)


def test_scrubbing_shows_an_earlier_epoch_in_every_view(qtbot, window):
    step_to(qtbot, window, 200)
    latest = window.snapshot.epoch
    window.network_view.select("w:1:0:1")
    window.timeline.slider.setValue(120)
    snap = wait_for(qtbot, window, lambda s: not s.live)
    fresh = Setup().trainer()
    fresh.run(120)
    assert snap.epoch == 120 and np.array_equal(snap.weights[1], fresh.net.W[1])
    assert window.network_view.snapshot is snap and window.boundary_plot.snapshot is snap
    assert window.inspector.explanation.fwd.a[1][0, 0] == snap.a[1][0, 0]
    assert window.loss_plot.marker.isVisible() and window.loss_plot.marker.value() == 120
    assert "viewing epoch 120" in window.timeline.label.text() and window.controller.history.size == latest
    qtbot.mouseClick(window.timeline.live_button, Qt.MouseButton.LeftButton)
    snap = wait_for(qtbot, window, lambda s: s.live)
    assert snap.epoch == latest and not window.loss_plot.marker.isVisible()


def test_branching_continues_from_that_epoch_with_new_settings_and_keeps_the_old_curve(qtbot, window):
    step_to(qtbot, window, 150)
    window.timeline.slider.setValue(60)
    wait_for(qtbot, window, lambda s: not s.live and s.epoch == 60)
    window.controls.lr_edit.setText("0.25")
    qtbot.keyClick(window.controls.lr_edit, Qt.Key.Key_Return)
    window.controls.epochs_spin.setValue(5000)
    window.controls.epochs_spin.editingFinished.emit()
    with qtbot.assertNotEmitted(window.controller.snapshotChanged, wait=300):
        pass  # the settings are held: the view stays on epoch 60
    assert window.snapshot.epoch == 60 and not window.snapshot.live and window.timeline.branch_button.isEnabled()
    bar, message = window.statusBar(), window.statusBar().currentMessage()
    assert message.startswith("Viewing a past epoch: the new settings apply")
    room = window.status_label.geometry().left()  # messages are drawn left of the status text
    assert bar.fontMetrics().horizontalAdvance(message) < room, "the message has no room to show"
    gen = window.snapshot.generation
    qtbot.mouseClick(window.timeline.branch_button, Qt.MouseButton.LeftButton)
    snap = wait_for(qtbot, window, lambda s: s.generation > gen)
    assert snap.epoch == 60 and snap.live and snap.learning_rate == 0.25 and snap.setup.config.epochs == 5000
    assert window.controller.history.size == 60 and len(window.loss_plot.overlays) == 1
    with qtbot.waitSignal(window.controller.snapshotChanged):
        window.action_step.trigger()
    fresh = Setup().trainer()
    fresh.run(60)
    fresh.set_learning_rate(0.25)
    fresh.run(1)
    assert window.snapshot.epoch == 61 and np.allclose(window.snapshot.weights[1], fresh.net.W[1], rtol=1e-14)


def test_settings_changed_while_viewing_apply_to_the_run_when_it_goes_on(qtbot, window):
    step_to(qtbot, window, 100)
    latest = window.snapshot.epoch
    for go_on in ("live", "step"):
        window.timeline.slider.setValue(40)
        wait_for(qtbot, window, lambda s: not s.live and s.epoch == 40)
        lr = 0.5 if go_on == "live" else 2.0
        window.controls.lr_edit.setText(str(lr))
        qtbot.keyClick(window.controls.lr_edit, Qt.Key.Key_Return)
        if go_on == "live":
            qtbot.mouseClick(window.timeline.live_button, Qt.MouseButton.LeftButton)
        else:
            window.action_step.trigger()
        # the rate's own answer (live, at the latest epoch) may be shown before the step's
        expected = latest + (go_on == "step")
        snap = wait_for(qtbot, window, lambda s, lr=lr, e=expected: s.live and s.learning_rate == lr and s.epoch == e)
        qtbot.wait(100)
        assert window.snapshot.epoch == expected and not window.timeline_link.held  # nothing more was trained
    fresh = Setup().trainer()  # the step from the live end ran at the rate set while viewing
    fresh.run(latest)
    fresh.set_learning_rate(2.0)
    fresh.run(1)
    assert np.allclose(snap.weights[1], fresh.net.W[1], rtol=1e-12)


def test_the_slider_keeps_its_width_under_a_drag_from_live_into_the_past(qtbot, window):
    step_to(qtbot, window, 2000)
    latest = window.snapshot.epoch  # 2 000 or more: the run may go past it before it pauses
    slider = window.timeline.slider
    width = slider.width()
    handle = QPoint(slider.width() - 6, slider.height() // 2)  # the handle sits at the live end
    qtbot.mousePress(slider, Qt.MouseButton.LeftButton, pos=handle)
    for x in range(slider.width() - 20, slider.width() // 2, -40):  # drag it back, a step at a time
        qtbot.mouseMove(slider, QPoint(x, slider.height() // 2))
        qtbot.wait(20)
        assert slider.width() == width  # "viewing epoch … of …" takes no room from the slider under the hand
    qtbot.mouseRelease(slider, Qt.MouseButton.LeftButton, pos=QPoint(slider.width() // 2, slider.height() // 2))
    snap = wait_for(qtbot, window, lambda s: not s.live)
    assert "viewing epoch" in window.timeline.label.text() and slider.width() == width and snap.epoch < latest
