import pickle

import numpy as np
import pytest

from xorgui.core.model.datacheck import custom_data
from xorgui.core.model.network import Spec, default_activations
from xorgui.core.session.derived import derive
from xorgui.core.session.persample import MIN_ROWS, SAMPLE_BUDGET, held_rows
from xorgui.core.session.snapshot import take_snapshot
from xorgui.core.training.setup import Setup


def xor_points(m, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.random((m, 2))  # noqa: N806
    return custom_data(X, ((X[:, :1] > 0.5) != (X[:, 1:] > 0.5)).astype(float), f"{m} points")


def trained(dims, m, activations=None, epochs=2, **spec):
    spec = Spec(dims, activations or default_activations(len(dims) - 1), **spec)
    trainer = Setup(spec=spec, init="glorot", custom=xor_points(m)).trainer()
    trainer.run(epochs)
    return take_snapshot(trainer)


def by_hand(snap, sample):
    """z, a and δ of one sample, written out layer by layer from the snapshot's weights (sigmoid, half-SSE)."""
    a, zs, acts = snap.data.X[sample], [None], [snap.data.X[sample]]
    for W, b in zip(snap.weights[1:], snap.biases[1:]):  # noqa: N806
        z = W @ a + b
        a = 1 / (1 + np.exp(-z))
        zs.append(z)
        acts.append(a)
    deltas = [None] * len(zs)
    deltas[-1] = (acts[-1] - snap.data.Y[sample]) * acts[-1] * (1 - acts[-1])
    for n in range(len(zs) - 2, 0, -1):
        deltas[n] = acts[n] * (1 - acts[n]) * (snap.weights[n + 1].T @ deltas[n + 1])
    return {"z": zs, "a": acts, "delta": deltas}


def test_the_snapshot_of_ten_thousand_samples_on_a_huge_network_stays_under_the_budget():
    snap = trained((2, 500, 196, 1), 10_000, epochs=1)
    hidden = sum(arr.nbytes for kind in (snap.z, snap.a, snap.delta) for arr in kind[1:-1])
    assert 0 < hidden <= SAMPLE_BUDGET and snap.rows == held_rows(snap.dims, 10_000) < 10_000
    weights = sum(w.nbytes for w in snap.weights[1:])
    assert len(pickle.dumps(snap)) < SAMPLE_BUDGET + 4 * weights + 2**20  # was 170 MB
    assert snap.a[-1].shape == snap.z[-1].shape == snap.delta[-1].shape == (10_000, 1)  # ŷ of every sample
    assert np.array_equal(snap.a[0], snap.data.X)


def test_a_snapshot_over_the_budget_gives_every_samples_values_as_a_hand_computation_does():
    snap = trained((2, 300, 100, 1), 2000)
    assert MIN_ROWS <= snap.rows < 2000
    for sample in (0, snap.rows - 1, snap.rows, 1999):  # held, the last held, the first worked out, the last
        want = by_hand(snap, sample)
        for kind in ("z", "a", "delta"):
            for n in range(1 if kind != "a" else 0, 4):
                got = snap.sample_values(kind, n, sample)
                assert got == pytest.approx(want[kind][n], rel=1e-9, abs=1e-15), (kind, n, sample)


def test_a_snapshot_over_the_budget_holds_the_means_over_all_samples():
    snap = trained((2, 300, 100, 1), 2000)
    hand = [by_hand(snap, s) for s in range(2000)]
    for n in range(1, 4):
        assert snap.sample_values("z", n, None) == pytest.approx(np.mean([h["z"][n] for h in hand], axis=0), rel=1e-9)
        assert snap.sample_values("a", n, None) == pytest.approx(np.mean([h["a"][n] for h in hand], axis=0), rel=1e-9)
    assert snap.sample_values("a", 0, None) == pytest.approx(snap.data.X.mean(axis=0))


def test_a_small_snapshot_keeps_every_sample_of_every_layer():
    trainer = Setup().trainer()
    trainer.run(3)
    snap = take_snapshot(trainer)
    net, data = trainer.net, trainer.data
    fwd = net.forward(data.X)
    bwd = net.backward(fwd, data.Y)
    assert snap.rows == 4
    for n in range(1, 3):
        assert np.array_equal(snap.z[n], fwd.z[n]) and np.array_equal(snap.a[n], fwd.a[n])
        assert np.array_equal(snap.delta[n], bwd.delta[n])
        assert np.array_equal(snap.sample_values("a", n, None), fwd.a[n].mean(axis=0))
        assert np.array_equal(snap.sample_values("z", n, 2), fwd.z[n][2])


def test_the_budget_counts_the_hidden_layers_and_keeps_at_least_a_few_samples():
    assert held_rows((2, 2, 1), 4) == 4 and held_rows((2, 1), 10_000) == 10_000
    assert held_rows((2, 500, 196, 1), 10_000) == SAMPLE_BUDGET // (24 * 696)
    assert held_rows((2, 512, 512, 1), 3) == 3


@pytest.mark.parametrize("activations, reduction, scale", [
    (("sigmoid", "sigmoid", "sigmoid"), "mean", 1.0),
    (("relu", "tanh", "sigmoid"), "sum", 1.0),
    (("tanh", "relu", "sigmoid"), "mean", 40.0),  # huge weights: saturated tanh neurons, dead ReLUs
])
def test_a_snapshot_over_the_budget_has_the_batch_gradients_loss_and_diagnostics_of_every_sample(
        activations, reduction, scale):
    spec = Spec((2, 300, 100, 1), activations, reduction=reduction)
    trainer = Setup(spec=spec, init="normal", init_scale=scale, custom=xor_points(2000)).trainer()
    snap = take_snapshot(trainer)
    assert snap.rows < 2000
    net, X, Y = trainer.net, trainer.data.X, trainer.data.Y  # noqa: N806
    fwd = net.forward(X)
    bwd = net.backward(fwd, Y)
    for n in (1, 2, 3):
        assert snap.dC_dW[n] == pytest.approx(bwd.dC_dW[n], rel=1e-9, abs=1e-15)
        assert snap.dC_db[n] == pytest.approx(bwd.dC_db[n], rel=1e-9, abs=1e-15)
        assert np.array_equal(snap.z[n][:snap.rows], fwd.z[n][:snap.rows])
    assert snap.loss == pytest.approx(net.loss(X, Y), rel=1e-12)
    whole = derive(net, fwd, Y, list(bwd.dC_dW[1:]) + list(bwd.dC_db[1:]),
                                                net.loss(X, Y), trainer.learning_rate)
    assert [(f.n, f.i, f.kind, f.reason) for f in snap.derived.findings] == \
        [(f.n, f.i, f.kind, f.reason) for f in whole.findings]
    assert np.array_equal(snap.derived.wrong, whole.wrong) and snap.derived.verdict == whole.verdict
    assert snap.derived.sample_costs == pytest.approx(whole.sample_costs, rel=1e-12)
    if scale > 1:
        assert {f.kind for f in whole.findings} == {"saturated", "dead"}
