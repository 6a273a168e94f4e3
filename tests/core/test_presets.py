"""Each classic configuration behaves as the brief says."""

import numpy as np
import pytest

from xorgui.core.training.presets import PRESETS, get_preset

BOOLEAN = {(0, 0, 0, 1): "AND", (0, 1, 1, 1): "OR", (1, 1, 1, 0): "NAND", (1, 0, 0, 0): "NOR"}


def _train(name, seed):
    trainer = get_preset(name).setup.with_(seed=seed).trainer()
    trainer.run(10**7)
    return trainer


def test_there_are_six_documented_presets():
    assert len(PRESETS) == 6
    for p in PRESETS.values():
        assert p.title and len(p.notes) > 40
    with pytest.raises(ValueError, match="known"):
        get_preset("nope")


def test_onehot_2_10_2_learns_one_hot_targets():
    for seed in range(3):
        t = _train("onehot-2-10-2", seed)
        yhat = t.net.forward(t.data.X).yhat
        assert t.net.spec.dims == (2, 10, 2) and t.epoch == t.config.epochs
        assert t.error_rates[-1] == 0.0
        assert np.max(np.abs(yhat - t.data.Y)) < 0.1


def test_bias_2_2_1_usually_solves_xor_with_and_or_hidden_units():
    solved, and_or = 0, 0
    for seed in range(10):
        t = _train("bias-2-2-1", seed)
        if t.error_rates[-1] == 0.0:
            solved += 1
            hidden = t.net.forward(t.data.X).a[1] >= 0.5
            kinds = {BOOLEAN.get(tuple(col.astype(int))) for col in hidden.T}
            and_or += kinds in ({"AND", "OR"}, {"NAND", "OR"})
    assert solved >= 6 and and_or >= solved - 1


def test_bias_2_2_1_starts_from_weights_in_zero_one():
    net = get_preset("bias-2-2-1").setup.network()
    assert np.all((net.theta >= 0) & (net.theta < 1))


def test_nobias_2_3_1_ends_near_the_tutorial_outputs():
    for seed in range(3):
        t = _train("nobias-2-3-1", seed)
        assert t.epoch == 60000 and not t.net.spec.bias
        yhat = t.net.forward(t.data.X).yhat[:, 0]
        assert yhat == pytest.approx([0.01, 0.99, 0.99, 0.002], abs=0.005)


def test_linear_2_3_1_fits_exactly_for_most_seeds_and_stalls_near_002_for_some():
    fitted, stalled = 0, []
    for seed in range(30):
        t = _train("linear-2-3-1", seed)
        err = np.max(np.abs(t.net.forward(t.data.X).yhat - t.data.Y))
        if err < 1e-10:
            fitted += 1
        else:
            stalled.append(err)
    assert fitted > 15 and stalled
    assert 0.01 < np.median(stalled) < 0.03 and max(stalled) < 0.05


def test_online_noisy_2_2_1_usually_reaches_zero_misclassification_and_sometimes_sticks():
    reached, stuck_mse = 0, []
    for seed in range(5):
        t = _train("online-noisy-2-2-1", seed)
        assert len(t.data.X) == 200 and t.epoch <= 2000
        if t.error_rates[-1] == 0.0:
            reached += 1
        else:
            stuck_mse.append(2 * t.losses[-1])  # half-SSE of one output: MSE is twice it
    assert reached >= 3
    assert all(0.08 < m < 0.16 for m in stuck_mse)


def test_the_schedule_halves_the_learning_rate_only_after_a_rise_past_epoch_20():
    setup = get_preset("online-noisy-2-2-1").setup
    t = setup.with_(n_points=40, config=setup.config.with_(learning_rate=3.0, shuffle=True)).trainer()
    halvings = 0
    while not t.done:
        before = t.learning_rate
        t.run(1)
        if t.learning_rate != before:
            halvings += 1
            assert t.learning_rate == before / 2 and t.epoch > 20 and t.losses[-1] > t.losses[-2]
        elif t.epoch > 20 and not t.done:
            assert t.losses[-1] <= t.losses[-2]
    assert halvings >= 1 and t.learning_rate >= 1e-6


def test_no_hidden_layer_never_classifies_all_four():
    for seed in range(5):
        t = _train("no-hidden-2-1", seed)
        assert t.net.spec.dims == (2, 1)
        assert min(t.error_rates) >= 0.25
        assert t.losses[-1] > 0.12  # the plateau: ½·mean of (ŷ − y)² at best 0.125
