import numpy as np
import pytest

from xorgui.core.explanation.diagnostics import diagnose_sums
from xorgui.core.explanation.logic import unit_logic
from xorgui.core.model.network import Spec
from xorgui.core.session.derived import network_verdict
from xorgui.core.session.snapshot import take_snapshot
from xorgui.core.training.setup import Setup


def test_a_snapshot_holds_read_only_copies_that_training_does_not_touch():
    trainer = Setup().trainer()
    stats = trainer.run(5)
    snap = take_snapshot(trainer, generation=3, stats=stats)
    w1 = snap.weights[1].copy()
    trainer.run(50)
    assert np.array_equal(snap.weights[1], w1) and snap.epoch == 5 and snap.generation == 3
    for arr in (snap.weights[1], snap.biases[2], snap.a[1], snap.delta[2], snap.dC_dW[1], snap.epoch_losses):
        assert not arr.flags.writeable
        with pytest.raises(ValueError):
            arr[...] = 0
    assert snap.weights[0] is None and snap.dims == (2, 2, 1)


def test_a_snapshot_has_the_gradients_losses_and_last_update():
    trainer = Setup().trainer()
    trainer.run(9)
    before = trainer.net.copy()
    stats = trainer.run(1)
    snap = take_snapshot(trainer, stats=stats)
    assert snap.epoch_losses.tolist() == trainer.losses[-1:]
    assert np.allclose(snap.last_dW[1], trainer.net.W[1] - before.W[1], rtol=0, atol=1e-15)
    fresh = trainer.net.backward(trainer.net.forward(trainer.data.X), trainer.data.Y)
    assert np.array_equal(snap.dC_dW[2], fresh.dC_dW[2])
    assert snap.loss == trainer.net.loss(trainer.data.X, trainer.data.Y)
    assert np.array_equal(snap.network().theta, trainer.net.theta)


@pytest.mark.parametrize("dims, activations, cost", [
    ((2, 2, 1), ("sigmoid", "sigmoid"), "sse"),
    ((2, 3, 2), ("tanh", "softmax"), "cross-entropy"),
    ((2, 4, 1), ("relu", "sigmoid"), "cross-entropy"),
    ((2, 3, 2), ("sigmoid", "sigmoid"), "half-sse"),
])
def test_a_snapshot_carries_its_derived_data_equal_to_an_independent_computation(dims, activations, cost):
    trainer = Setup(spec=Spec(dims, activations, cost=cost), seed=4).trainer()
    trainer.run(3)
    snap = take_snapshot(trainer)
    d = snap.derived
    net, X, Y = snap.network(), snap.data.X, snap.data.Y
    yhat = net.forward(X).yhat
    if cost == "sse":  # C of one sample, written out
        expected = ((yhat - Y) ** 2).sum(axis=1)
    elif cost == "half-sse":
        expected = 0.5 * ((yhat - Y) ** 2).sum(axis=1)
    elif activations[-1] == "softmax":
        expected = -(Y * np.log(yhat)).sum(axis=1)
    else:
        expected = -(Y * np.log(yhat) + (1 - Y) * np.log(1 - yhat)).sum(axis=1)
    assert np.allclose(d.sample_costs, expected, rtol=1e-10, atol=0)
    predicted = yhat.argmax(axis=1) if dims[-1] > 1 else (yhat[:, 0] > 0.5)
    truth = Y.argmax(axis=1) if dims[-1] > 1 else (Y[:, 0] > 0.5)
    assert d.wrong.tolist() == (predicted != truth).tolist() and snap.error_rate == np.mean(predicted != truth)
    assert list(d.units) == unit_logic(net) and list(d.findings) == diagnose_sums(activations, snap.z)
    assert d.verdict == network_verdict(snap)
    assert d.unit(1, 0) == unit_logic(net)[0] and d.unit(9, 9) is None


def test_the_derived_data_of_a_diverged_network_says_so():
    trainer = Setup(seed=1).trainer()
    trainer.net.W[1][0, 0] = np.inf
    d = take_snapshot(trainer).derived
    assert d.verdict is not None and d.verdict.startswith("Training diverged")
