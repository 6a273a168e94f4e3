import numpy as np
import pytest

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
