import numpy as np
import pytest

from xorgui.core.training.history_views import KeptValues, describe_epoch
from xorgui.core.training.loss_history import EXACT_EPOCHS, LossHistory
from xorgui.core.training.thinning import block_extremes


def series(n, seed=0):
    """A loss that falls with noise and spikes, and a rate in steps of 1/4, for epochs 1 … n."""
    rng = np.random.default_rng(seed)
    loss = np.exp(-np.arange(n) / (n / 5)) * (1 + 0.1 * rng.random(n))
    loss[rng.integers(0, n, 5)] *= 30
    rate = rng.integers(0, 5, n) / 4
    return loss, rate


def fill(history, loss, rate, chunks):
    start = 0
    for size in chunks:
        history.extend(loss[start:start + size], rate[start:start + size])
        start += size
    history.extend(loss[start:], rate[start:])


def test_block_extremes_agrees_with_a_loop_over_the_groups():
    rng = np.random.default_rng(1)
    values = rng.integers(0, 6, (500, 2)).astype(float)
    values[rng.integers(0, 500, 20), 0] = np.nan
    groups = np.sort(rng.integers(0, 60, 500))
    expected = set()
    for g in np.unique(groups):
        rows = np.flatnonzero(groups == g)
        for column in values[rows].T:
            key = np.where(np.isnan(column), np.inf, column)
            expected |= {rows[np.argmin(key)], rows[np.argmax(key)]}
    assert block_extremes(values, groups).tolist() == sorted(expected)
    assert block_extremes(np.empty(0), np.empty(0, dtype=int)).size == 0


def test_a_run_up_to_the_capacity_keeps_every_epoch():
    loss, rate = series(1000)
    h = LossHistory(capacity=1000)
    fill(h, loss, rate, [1, 2, 300, 7])
    assert h.rows == 1000 and h.stride == 1 and h.thinned_until == 0
    assert h.epochs.tolist() == list(range(1, 1001))
    assert np.array_equal(h.loss, loss) and np.array_equal(h.error_rate, rate)
    assert h.at(457) == (loss[456], rate[456]) and describe_epoch(h, 457).startswith("epoch 457: loss ")


def test_a_long_run_stays_under_the_capacity_with_true_epochs_and_every_block_extreme():
    loss, rate = series(100_000)
    h = LossHistory(capacity=1000)
    fill(h, loss, rate, np.random.default_rng(2).integers(1, 3000, 60))
    assert h.rows <= 1000 and h.stride > 1 and h.last_epoch == h.epochs[-1] == 100_000
    assert np.all(np.diff(h.epochs) > 0)
    assert np.array_equal(h.loss, loss[h.epochs - 1]) and np.array_equal(h.error_rate, rate[h.epochs - 1])
    assert loss.max() in h.loss and loss.min() in h.loss and rate.max() in h.error_rate
    kept = set(h.epochs.tolist())
    for first in range(1, h.thinned_until + 1, h.stride):  # every block, from the full series
        block = np.arange(first, min(first + h.stride, h.thinned_until + 1))
        for values in (loss, rate):
            assert block[np.argmin(values[block - 1])] in kept and block[np.argmax(values[block - 1])] in kept
    assert set(range(h.thinned_until + 1, 100_001)) <= kept  # after the last thinning: every epoch


def test_thinning_does_not_depend_on_how_the_epochs_arrive():
    loss, rate = series(20_000, seed=3)
    one, many = LossHistory(capacity=256), LossHistory(capacity=256)
    fill(one, loss, rate, [1] * 5000)
    fill(many, loss, rate, [4999, 3, 10_000])
    assert np.array_equal(one.epochs, many.epochs) and one.stride == many.stride
    for cut in range(15_000, 15_400, 13):  # wherever a run stops, its latest epoch is kept
        h = LossHistory(capacity=256)
        h.extend(loss[:cut], rate[:cut])
        assert h.epochs[-1] == h.last_epoch == cut and h.at(cut) == (loss[cut - 1], rate[cut - 1])


def test_exactly_the_documented_number_of_epochs_is_kept_whole():
    h = LossHistory()
    loss = np.linspace(1.0, 0.0, EXACT_EPOCHS)
    h.extend(loss, np.zeros(EXACT_EPOCHS))
    assert h.rows == EXACT_EPOCHS and h.stride == 1 and h.nbytes <= 24 * EXACT_EPOCHS
    h.extend([0.5], [0.25])
    assert h.rows <= EXACT_EPOCHS // 2 + 1 and h.last_epoch == EXACT_EPOCHS + 1 and h.nbytes <= 24 * EXACT_EPOCHS
    assert h.at(1) == (1.0, 0.0) and h.at(EXACT_EPOCHS + 1) == (0.5, 0.25)


def test_truncating_for_a_branch_keeps_the_figures_up_to_there_and_goes_on_after():
    loss, rate = series(5000, seed=4)
    h = LossHistory(capacity=200)
    h.extend(loss, rate)
    version = h.version
    h.truncate(3000)
    assert h.last_epoch == 3000 and h.epochs[-1] <= 3000 and h.thinned_until <= 3000 and h.version > version
    h.extend([7.0], [1.0])
    assert h.last_epoch == h.epochs[-1] == 3001 and h.at(3001) == (7.0, 1.0)
    assert np.array_equal(h.loss[:-1], loss[h.epochs[:-1] - 1])


def test_describing_an_epoch_says_when_it_is_one_of_a_thinned_block():
    loss, rate = series(4000, seed=5)
    h = LossHistory(capacity=100)
    h.extend(loss, rate)
    epoch = next(e for e in range(1, h.thinned_until) if h.at(e) is None)
    first, last, rows = h.rows_of(epoch)
    block = slice(first - 1, last)
    text = describe_epoch(h, epoch)
    assert text.startswith(f"epochs {first}–{last} (kept as their extremes): loss ")
    assert f"{loss[block].min():.8g} … {loss[block].max():.8g}" in text
    assert f"misclassified {100 * rate[block].min():.1f} … {100 * rate[block].max():.1f} %" in text
    assert set(h.epochs[rows]) <= set(range(first, last + 1))


def test_a_diverged_epoch_is_said_in_words():
    h = LossHistory()
    h.extend([0.3, np.inf, np.nan], [0.5, 0.5, 0.5])
    assert describe_epoch(h, 2).endswith("training diverged, misclassified 50.0 %")
    assert "not a number: training diverged" in describe_epoch(h, 3)
    assert describe_epoch(h, 1) == "epoch 1: loss 0.3, misclassified 50.0 %"


def test_kept_values_read_like_the_list_they_replace():
    h = LossHistory()
    h.extend([0.5, 0.25, 0.125], [1.0, 0.5, 0.0])
    losses = KeptValues(h, 0)
    assert len(losses) == 3 and losses[-1] == 0.125 and losses == [0.5, 0.25, 0.125] and losses != [0.5]
    assert bool(losses) and not KeptValues(LossHistory(), 0)
    assert list(losses) == [0.5, 0.25, 0.125] and np.array(losses).tolist() == [0.5, 0.25, 0.125]
    assert isinstance(losses[1:], np.ndarray) and min(KeptValues(h, 1)) == 0.0
    with pytest.raises(IndexError):
        KeptValues(LossHistory(), 0)[-1]


def test_a_reader_learns_which_leading_rows_a_thinning_left_as_they_were():
    loss, rate = series(50_000, seed=6)
    h = LossHistory(capacity=1024)
    h.extend(loss[:2000], rate[:2000])  # thinned once: stride 8
    seen = 0
    for start in range(2000, 50_000, 700):
        version, before = h.version, h.epochs.copy()
        h.extend(loss[start:start + 700], rate[start:start + 700])
        unchanged = h.unchanged_rows(version)
        assert np.array_equal(h.epochs[:unchanged], before[:unchanged])
        if h.version != version:
            seen += 1
            assert unchanged < len(before) and (unchanged > 0 or h.stride > 8)
    assert seen > 3 and h.unchanged_rows(h.version) == h.rows and h.unchanged_rows(0) == 0
