"""The status line says what holds now: the speed only while running, why training stopped, divergence in words."""

from PySide6.QtCore import Qt

from tests.qt.conftest import wait_for
from tests.qt.person import choose, type_into
from xorgui.core.session.command import SetSpeed


def test_the_speed_shows_while_running_and_goes_when_paused(qtbot, window):
    qtbot.keyClick(window.network_view, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: " epochs/s" in window.status_label.text() and window.epochs_per_second > 0)
    qtbot.keyClick(window.network_view, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: not window.controller.running)
    snap = window.snapshot
    assert window.status_label.text().startswith(f"epoch {snap.epoch:,} ")
    assert "epochs/s" not in window.status_label.text()


def test_reaching_the_epoch_limit_says_so(qtbot, window):
    type_into(qtbot, window.controls.epochs_spin, "3")
    wait_for(qtbot, window, lambda s: s.config.epochs == 3)
    qtbot.keyClick(window.network_view, Qt.Key.Key_Space)
    wait_for(qtbot, window, lambda s: s.epoch == 3)
    qtbot.waitUntil(lambda: not window.controller.running)
    assert "the epoch limit (3) is reached" in window.status_label.text()


def test_after_a_branch_the_note_on_held_settings_goes(qtbot, window):
    for _ in range(4):
        qtbot.keyClick(window.network_view, Qt.Key.Key_Right)
    wait_for(qtbot, window, lambda s: s.epoch == 4)
    window.timeline.slider.setValue(2)
    wait_for(qtbot, window, lambda s: not s.live)
    type_into(qtbot, window.controls.lr_edit, "0.25")
    qtbot.waitUntil(lambda: window.statusBar().currentMessage().startswith("Viewing a past epoch"))
    gen = window.snapshot.generation
    qtbot.mouseClick(window.timeline.branch_button, Qt.MouseButton.LeftButton)
    wait_for(qtbot, window, lambda s: s.generation > gen and s.live)
    assert window.statusBar().currentMessage() == ""


def test_a_diverged_run_is_said_in_words_in_the_status_and_the_banner(qtbot, window):
    c = window.controls
    for box, text in ((c.hidden_box, "relu"), (c.output_box, "linear"), (c.cost_box, "sse")):
        choose(qtbot, box, text)
    wait_for(qtbot, window, lambda s: s.spec.activations == ("relu", "linear"))
    type_into(qtbot, c.lr_edit, "80")
    wait_for(qtbot, window, lambda s: s.learning_rate == 80)
    window.controller.send(SetSpeed(None))
    qtbot.keyClick(window.network_view, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: window.banner.isVisible(), timeout=10000)
    text = window.status_label.text()
    assert "diverged" in text and "nan" not in text.lower().replace("not a number", "")
