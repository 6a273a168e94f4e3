import numpy as np

from xorgui.core.training.timeline import Timeline


def test_short_runs_keep_every_epoch():
    t = Timeline(np.zeros(9))
    t.add(1, np.arange(1, 501)[:, None] * np.ones((1, 9)))
    assert t.size == 501 and t.stride == 1
    epoch, theta, before = t.at(123)
    assert epoch == 123 and theta[0] == 123 and before[0] == 122


def test_a_million_epochs_of_2_2_1_stay_under_200_mb_and_evenly_spaced():
    t = Timeline(np.zeros(9))
    block = np.zeros((10_000, 9))
    for start in range(1, 1_000_001, 10_000):
        block[:, 0] = np.arange(start, start + 10_000)
        t.add(start, block)
    assert t.nbytes <= 200 * 2**20
    assert t.last_epoch == 1_000_000 and t.stride == 1  # 72 bytes an epoch: all of them fit
    epoch, theta, _ = t.at(654_321)
    assert epoch == 654_321 and theta[0] == 654_321


def test_a_tight_budget_thins_to_an_even_stride():
    t = Timeline(np.zeros(4), budget=64 * 4 * 8)  # room for 64 entries
    t.add(1, np.arange(1, 1001)[:, None] * np.ones((1, 4)))
    recorded = t.epochs[: t.size]
    assert t.size <= 64 and t.stride == 16 and np.all(recorded % 16 == 0) and recorded[0] == 0
    epoch, theta, _ = t.at(1000)
    assert epoch == 992 and theta[0] == 992


def test_truncate_forgets_the_future():
    t = Timeline(np.zeros(2))
    t.add(1, np.ones((10, 2)))
    t.truncate(4)
    assert t.last_epoch == 4 and t.size == 5


def test_a_trainer_with_a_timeline_records_the_weights_after_each_epoch():
    from xorgui.core.training.config import TrainConfig
    from xorgui.core.training.setup import Setup

    for mode in ("batch", "online"):
        setup = Setup(config=TrainConfig(mode=mode, epochs=100))
        recorded, plain = setup.trainer(), setup.trainer()
        recorded.timeline = Timeline(recorded.net.theta.copy())
        recorded.run(37)
        for k in range(1, 38):
            plain.run(1)
            epoch, theta, _ = recorded.timeline.at(k)
            assert epoch == k and np.array_equal(theta, plain.net.theta)
        assert np.array_equal(recorded.net.theta, plain.net.theta)


def test_a_network_too_wide_for_sixteen_entries_stays_within_the_budget():
    t = Timeline(np.zeros(1000), budget=5 * 8000)  # θ takes 8 kB: room for 5 entries
    t.add(1, np.arange(1, 101)[:, None] * np.ones((1, 1000)))
    assert t.capacity == 5 and t.thetas.nbytes <= 5 * 8000 and t.size <= 5
    epoch, theta, _ = t.at(100)
    assert epoch == t.last_epoch and theta[0] == epoch and t.epochs[0] == 0


def test_a_buffer_grown_to_its_capacity_holds_no_more_than_it():
    t = Timeline(np.zeros(9), budget=72 * 3000)  # capacity 3000: not a power of two times 1024
    t.add(1, np.ones((2999, 9)))
    assert len(t.thetas) == t.capacity == 3000 and t.thetas.base is None and t.epochs.base is None
    assert t.nbytes <= 3000 * 80
