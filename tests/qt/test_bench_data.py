"""The many-samples part of ``xorgui bench --gui`` measures what it says (its figures are not tested)."""

import numpy as np

from xorgui.core.model.classes import are_classes
from xorgui.qt.bench_data import MANY, flipped, many_samples, scroll_figures, snapshots


def test_the_data_set_is_ten_thousand_two_input_samples_of_two_classes():
    data = many_samples()
    assert data.X.shape == (MANY, 2) and data.Y.shape == (MANY, 1) and are_classes(data.Y)
    assert 0.4 < data.Y.mean() < 0.6  # both classes, about evenly


def test_the_scroll_goes_from_the_first_row_to_the_last(qtbot):
    figures = scroll_figures(many_samples(2_000), steps=20)
    assert figures["reached_end"] == 1.0 and figures["steps"] == 19


def test_flipped_data_are_other_data_to_the_views():
    snap = snapshots(many_samples(10), 0)[0]
    other = flipped(snap)
    assert other.data != snap.data and np.array_equal(other.data.Y, 1 - snap.data.Y)


def test_the_snapshot_figures_count_the_per_sample_arrays_a_snapshot_would_take_whole():
    from xorgui.qt.bench_data import snapshot_figures

    figures = snapshot_figures(many_samples(50), (2, 3, 1))
    assert figures["rows"] == 50 and figures["whole_mb"] == 3 * 8 * 50 * 4 / 2**20
    assert figures["mb"] > 0 and figures["peak_mb"] > 0
