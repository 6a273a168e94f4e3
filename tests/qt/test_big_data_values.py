import re

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from tests.core.test_snapshot_budget import by_hand, xor_points
from tests.qt.conftest import wait_for
from tests.qt.person import rest_on
from xorgui.core.model.network import Spec, default_activations
from xorgui.core.training.setup import Setup

DIMS = (2, 24, 12, 1)  # 10 000 samples × 36 hidden neurons: 8.6 MB of z, a and δ, over the snapshot's budget


def shown(text, name):
    """The number a text shows after ``name =``."""
    return float(re.search(re.escape(name) + r" = (\S+)", text).group(1).rstrip(","))


@pytest.fixture
def big(qtbot, window):
    window.resize(1440, 860)
    window.controller.rebuild(Setup(spec=Spec(DIMS, default_activations(3)), init="glorot",
                                    custom=xor_points(10_000)))
    return wait_for(qtbot, window, lambda s: s.dims == DIMS, timeout=30000)


def test_a_sample_the_snapshot_does_not_hold_shows_its_own_values_on_the_graph_and_in_the_inspector(
        qtbot, window, big):
    assert big.rows < 9999
    box = window.findChild(QWidget, "sampleBox")
    box.setFocus()
    qtbot.keyClick(box, Qt.Key.Key_Up)  # from the batch to the last sample
    assert window.network_view.sample == 9999
    want = by_hand(big, 9999)
    text = rest_on(qtbot, window.network_view, "z:2:1")
    assert shown(text, "z(2)_1") == pytest.approx(want["z"][2][1], rel=1e-7)
    assert shown(text, "a(2)_1") == pytest.approx(want["a"][2][1], rel=1e-7)
    view = window.network_view
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.anchor("z:1:7"))
    qtbot.waitUntil(lambda: window.inspector.value_edit.text() != "")
    assert float(window.inspector.value_edit.text()) == pytest.approx(want["z"][1][7], rel=1e-7)


def test_the_batch_of_a_big_data_set_shows_the_means_over_every_sample(qtbot, window, big):
    hand = [by_hand(big, s) for s in range(0, 10_000)]
    text = rest_on(qtbot, window.network_view, "z:1:5")
    assert "on average over the 10000 samples" in text
    assert shown(text, "z(1)_5") == pytest.approx(sum(h["z"][1][5] for h in hand) / 10_000, rel=1e-7)
    assert shown(text, "a(1)_5") == pytest.approx(sum(h["a"][1][5] for h in hand) / 10_000, rel=1e-7)
