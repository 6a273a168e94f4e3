import numpy as np
import pytest

from xorgui.core.model.build import init_network
from xorgui.core.model.data import make_dataset
from xorgui.core.model.network import Spec
from xorgui.core.training.config import TrainConfig
from xorgui.core.training.setup import Setup
from xorgui.core.training.trainer import Trainer

SPECS = [
    Spec((2, 3, 1), ("sigmoid", "sigmoid"), False, "half-sse", "sum"),
    Spec((2, 4, 3, 2), ("tanh", "relu", "sigmoid"), True, "mse", "mean"),
    Spec((2, 5, 2), ("sigmoid", "softmax"), True, "cross-entropy", "mean"),
    Spec((2, 3, 1), ("relu", "linear"), True, "sse", "sum"),
    Spec((2, 1), ("sigmoid",), True, "cross-entropy", "sum"),
]


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: f"{s.dims}-{s.cost}")
def test_a_batch_epoch_is_one_gradient_step_of_the_pure_backward(spec):
    data = make_dataset("xor", n_outputs=spec.dims[-1])
    net = init_network(spec, 3, "uniform", 1.0)
    loss_before = net.loss(data.X, data.Y)
    expected = net.copy()
    bwd = expected.backward(expected.forward(data.X), data.Y)
    lr = 0.7
    for n in range(1, spec.N + 1):
        expected.W[n][...] -= lr * bwd.dC_dW[n]
        if spec.bias:
            expected.b[n][...] -= lr * bwd.dC_db[n]
    trainer = Trainer(net, data, TrainConfig(learning_rate=lr))
    stats = trainer.run(1)
    assert np.allclose(net.theta, expected.theta, rtol=1e-12, atol=1e-15)
    assert stats.loss[0] == pytest.approx(loss_before, rel=1e-9)


@pytest.mark.parametrize("mode,batch", [("online", 1), ("minibatch", 3)])
def test_online_and_minibatch_epochs_apply_sequential_updates(mode, batch):
    spec = Spec((2, 3, 1), ("sigmoid", "sigmoid"), True, "half-sse", "mean")
    data = make_dataset("noisy-xor", n_points=8, seed=1)
    net = init_network(spec, 0, "uniform", 1.0)
    expected = net.copy()
    config = TrainConfig(learning_rate=0.3, mode=mode, batch_size=batch, shuffle=True, seed=9)
    order = np.random.default_rng(9).permutation(8)
    losses = []
    for s in range(0, 8, batch):
        rows = order[s:s + batch]
        fwd = expected.forward(data.X[rows])
        losses.extend(expected.per_sample_cost(fwd, data.Y[rows]))
        bwd = expected.backward(fwd, data.Y[rows])
        for n in (1, 2):
            expected.W[n][...] -= 0.3 * bwd.dC_dW[n]
            expected.b[n][...] -= 0.3 * bwd.dC_db[n]
    stats = Trainer(net, data, config).run(1)
    assert np.allclose(net.theta, expected.theta, rtol=1e-12)
    assert stats.loss[0] == pytest.approx(np.mean(losses), rel=1e-12)


@pytest.mark.parametrize("shuffle", [True, False])
def test_the_next_epochs_order_is_told_without_drawing_it(shuffle):
    spec = Spec((2, 3, 1), ("sigmoid", "sigmoid"), True, "half-sse", "mean")
    data = make_dataset("noisy-xor", n_points=8, seed=1)
    config = TrainConfig(learning_rate=0.3, mode="online", shuffle=shuffle, seed=9)
    told, alone = Trainer(init_network(spec, 0), data, config), Trainer(init_network(spec, 0), data, config)
    draws = np.random.default_rng(9)  # what the trainer draws its orders from, epoch by epoch
    for _ in range(3):
        order = told.next_order()
        assert np.array_equal(told.next_order(), order)  # telling it draws nothing
        assert np.array_equal(order, draws.permutation(8) if shuffle else np.arange(8))
        told.run(1)
        alone.run(1)
    assert np.array_equal(told.net.theta, alone.net.theta)


def test_chunks_do_not_change_the_result():
    setup = Setup()
    one, many = setup.trainer(), setup.trainer()
    one.run(1500)
    for _ in range(1500):
        many.run(1)
    assert np.array_equal(one.net.theta, many.net.theta)
    assert one.losses == many.losses and one.epoch == many.epoch == 1500


def test_the_same_seed_gives_bit_identical_runs_and_another_seed_does_not():
    setup = Setup(config=TrainConfig(mode="online", epochs=50), dataset="noisy-xor", n_points=40)
    a, b, c = setup.trainer(), setup.trainer(), setup.with_(seed=1).trainer()
    for t in (a, b, c):
        t.run(50)
    assert np.array_equal(a.net.theta, b.net.theta) and a.losses == b.losses
    assert not np.array_equal(a.net.theta, c.net.theta)


def test_the_epoch_limit_and_error_rate_are_kept():
    trainer = Setup(config=TrainConfig(epochs=30)).trainer()
    stats = trainer.run(100)
    assert trainer.epoch == 30 and len(stats.loss) == 30 and trainer.done
    assert trainer.run(10).loss.size == 0
    assert set(np.unique(stats.error_rate)) <= {0, 0.25, 0.5, 0.75, 1}


def test_divergence_stops_training_and_says_why():
    setup = Setup(spec=Spec((2, 3, 1), ("relu", "linear"), True, "sse", "sum"),
                  config=TrainConfig(learning_rate=50.0), init="uniform")
    trainer = setup.trainer()
    trainer.run(5000)
    assert trainer.stop_reason and "learning rate" in trainer.stop_reason
    assert not np.isfinite(trainer.losses[-1]) and np.all(np.isfinite(trainer.losses[:-1]))
    assert trainer.epoch == len(trainer.losses) < 5000


def test_learning_rate_changes_without_a_reset():
    trainer = Setup().trainer()
    trainer.run(10)
    trainer.set_learning_rate(0.05)
    assert trainer.learning_rate == 0.05 and trainer.epoch == 10
    with pytest.raises(ValueError, match="positive finite"):
        trainer.set_learning_rate(float("nan"))


def test_a_data_set_that_does_not_fit_the_network_is_refused():
    with pytest.raises(ValueError, match="inputs"):
        Trainer(init_network(Spec((3, 1), ("sigmoid",))), make_dataset("xor"), TrainConfig())


@pytest.mark.parametrize("bad", [0.0, -1.0, float("nan"), float("inf")])
def test_bad_learning_rates_are_refused(bad):
    with pytest.raises(ValueError, match="learning rate"):
        TrainConfig(learning_rate=bad)


def test_a_long_run_keeps_its_history_bounded_and_every_figure_true():
    from xorgui.core.training.loss_history import LossHistory

    setup = Setup(config=TrainConfig(epochs=20_000))
    bounded, plain = setup.trainer(), setup.trainer()
    bounded.history = LossHistory(capacity=500)
    stats = [bounded.run(700).loss for _ in range(30)]
    every = plain.run(20_000)
    assert bounded.epoch == 20_000 and bounded.history.rows <= 500 and bounded.history.last_epoch == 20_000
    assert np.array_equal(np.concatenate(stats), every.loss)  # each run() still returns all its epochs
    epochs = bounded.history.epochs
    assert np.array_equal(bounded.history.loss, every.loss[epochs - 1])
    assert np.array_equal(bounded.history.error_rate, every.error_rate[epochs - 1])
    assert bounded.losses[-1] == bounded.history.loss[-1] and len(bounded.losses) == bounded.history.rows


def test_the_schedule_takes_the_same_steps_with_a_thinned_history():
    from xorgui.core.training.loss_history import LossHistory
    from xorgui.core.training.presets import get_preset

    setup = get_preset("online-noisy-2-2-1").setup
    setup = setup.with_(n_points=40, config=setup.config.with_(learning_rate=3.0, shuffle=True, epochs=600))
    thinned, whole = setup.trainer(), setup.trainer()
    thinned.history = LossHistory(capacity=16)
    for _ in range(120):
        thinned.run(5)
    whole.run(600)
    assert thinned.history.rows <= 16 and whole.history.rows == whole.epoch
    assert whole.learning_rate < 3.0  # the rules did halve η: they had something to agree on
    assert np.array_equal(thinned.net.theta, whole.net.theta) and thinned.learning_rate == whole.learning_rate
    assert thinned.epoch == whole.epoch and thinned.stop_reason == whole.stop_reason


def test_a_wide_network_with_a_timeline_buffers_little_of_theta_at_once():
    from xorgui.core.training.timeline import Timeline

    setup = Setup(spec=Spec((2, 300, 300, 1), ("sigmoid",) * 3), config=TrainConfig(epochs=40))  # ~the widest
    trainer = setup.trainer()
    trainer.timeline = Timeline(trainer.net.theta.copy(), budget=8 * trainer.net.theta.nbytes)
    import tracemalloc

    tracemalloc.start()
    trainer.run(40)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert trainer.epoch == 40 and trainer.timeline.capacity == 8
    assert peak < 40 * 2**20  # θ is 0.7 MB: 512 rows of it would be 375 MB
