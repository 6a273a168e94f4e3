import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.core.oracle import close, fd_gradient
from xorgui.core.explanation.explain import explain
from xorgui.core.explanation.graph import layout
from xorgui.core.model.data import Dataset, make_dataset
from xorgui.core.model.network import Network, Spec
from xorgui.core.model.params import all_params
from xorgui.core.training.config import TrainConfig
from xorgui.core.training.trainer import Trainer
from xorgui.core.walkthrough.phases import HIDDEN, OUTPUT, OUTPUT_CE, edge_rows
from xorgui.core.walkthrough.walk import walk

RNG = np.random.default_rng(5)
CUSTOM = Dataset("custom", RNG.normal(0, 1, (5, 3)), RNG.normal(0, 1, (5, 2)))
# (spec, data): the default, softmax with cross-entropy, tanh/linear on data of one's own, sums, no biases
CONFIGS = [
    (Spec((2, 2, 1)), make_dataset("xor")),
    (Spec((2, 3, 2), ("sigmoid", "softmax"), True, "cross-entropy"), make_dataset("xor", 2)),
    (Spec((2, 2, 1), ("tanh", "sigmoid"), True, "cross-entropy", "sum"), make_dataset("xor")),
    (Spec((3, 4, 3, 2), ("tanh", "tanh", "linear"), True, "sse", "sum"), CUSTOM),
    (Spec((3, 3, 2), ("relu", "linear"), False, "mse"), CUSTOM),
    (Spec((2, 3, 1), ("sigmoid", "sigmoid"), False, "sse", "sum"), make_dataset("noisy-xor", n_points=23)),
]


def _net(spec, seed=0):
    return Network(spec, np.random.default_rng(seed).normal(0, 0.8, spec.n_params))


@pytest.mark.parametrize("spec, data", CONFIGS)
def test_a_batch_walkthrough_ends_bit_for_bit_where_one_batch_step_of_the_trainer_does(spec, data):
    net = _net(spec)
    w = walk(net, data, None, 0.7)
    trainer = Trainer(net.copy(), data, TrainConfig(learning_rate=0.7, mode="batch"))
    trainer.run(1)
    assert np.array_equal(w.theta_after, trainer.net.theta)
    assert np.array_equal(w.theta_before, net.theta)  # the network walked through is left as it was
    after = w.network_after()
    for n in range(1, spec.N + 1):
        up = w.update(n)
        assert np.array_equal(up.new_W, after.W[n])
        assert (up.new_b is None) == (not spec.bias)
        if spec.bias:
            assert np.array_equal(up.new_b, after.b[n])


@pytest.mark.parametrize("spec, data", CONFIGS)
@pytest.mark.parametrize("sample", [0, 3])
def test_an_online_walkthrough_ends_where_the_trainer_ends_after_that_one_sample(spec, data, sample):
    net = _net(spec, 1)
    w = walk(net, data, sample, 0.3)
    one = Dataset("one", data.X[sample:sample + 1], data.Y[sample:sample + 1])
    trainer = Trainer(net.copy(), one, TrainConfig(learning_rate=0.3, mode="online"))
    trainer.run(1)
    assert np.array_equal(w.theta_after, trainer.net.theta)
    assert w.rows.tolist() == [sample] and not w.batch


@pytest.mark.parametrize("spec, data", CONFIGS)
@pytest.mark.parametrize("sample", [None, 2])
def test_every_number_is_the_one_explain_gives_for_the_same_state(spec, data, sample):
    net = _net(spec, 2)
    w = walk(net, data, sample, 0.5)
    for ref in all_params(spec):
        ex = explain(net, data, ref, sample, cap=0, learning_rate=0.5)
        assert np.array_equal(w.forward(ref.n).z[:, ref.i], ex.fwd.z[ref.n][:, ref.i])
        assert np.array_equal(w.forward(ref.n).a[:, ref.i], ex.fwd.a[ref.n][:, ref.i])
        back = w.backward(ref.n)
        assert np.array_equal(back.delta[:, ref.i], ex.delta.delta)
        if back.rule == HIDDEN:
            assert np.array_equal(back.g_prime[:, ref.i], ex.delta.g_prime)
            for k, _, _, product in ex.delta.terms:
                assert np.array_equal(back.terms[:, k, ref.i], product)
        grad, up = w.gradient(ref.n), w.update(ref.n)
        if ref.kind == "w":
            assert np.array_equal(grad.dW_terms[:, ref.i, ref.j], ex.per_sample)
            assert grad.dC_dW[ref.i, ref.j] == ex.gradient
            assert up.W[ref.i, ref.j] - up.step_W[ref.i, ref.j] == ex.new_value
        elif ref.kind == "b":
            assert np.array_equal(grad.db_terms[:, ref.i], ex.per_sample)
            assert grad.dC_db[ref.i] == ex.gradient
            assert up.b[ref.i] - up.step_b[ref.i] == ex.new_value


@settings(max_examples=25, deadline=None)
@given(widths=st.lists(st.integers(1, 4), min_size=2, max_size=4), seed=st.integers(0, 10**6),
       cost=st.sampled_from(["half-sse", "sse", "mse", "cross-entropy"]), reduction=st.sampled_from(["mean", "sum"]),
       hidden=st.sampled_from(["sigmoid", "tanh", "linear"]), sample=st.sampled_from([None, 1]))
def test_the_gradients_agree_with_finite_differences_of_the_update_s_cost(widths, seed, cost, reduction, hidden,
                                                                           sample):
    widths[0] = 2
    spec = Spec(tuple(widths), (hidden,) * (len(widths) - 2) + ("sigmoid",), seed % 2 == 0, cost, reduction)
    net = _net(spec, seed)
    data = Dataset("random", make_dataset("xor").X, np.random.default_rng(seed).random((4, widths[-1])))
    w = walk(net, data, sample, 1.0)
    rows = w.rows
    grads = np.concatenate([np.vstack([w.gradient(n).dC_dW.T,  # θ holds each layer's [Wᵀ; b] block
                                       *([w.gradient(n).dC_db[None]] if spec.bias else [])]).ravel()
                            for n in range(1, spec.N + 1)])
    for index in range(spec.n_params):
        assert close(grads[index], fd_gradient(net, data.X[rows], data.Y[rows], index), rel=1e-5, floor=1e-8)
    assert w.cost.value == pytest.approx(net.loss(data.X[rows], data.Y[rows]), rel=1e-12)


@pytest.mark.parametrize("spec, data", CONFIGS)
def test_each_phase_s_parts_add_up_to_its_result(spec, data):
    w = walk(_net(spec, 3), data, None, 0.1)
    for n in range(1, spec.N + 1):
        f = w.forward(n)
        bias = 0.0 if f.b is None else f.b
        assert np.allclose(f.terms.sum(axis=2) + bias, f.z, rtol=1e-12, atol=1e-12)
        b = w.backward(n)
        if b.rule == HIDDEN:
            assert np.allclose(b.terms.sum(axis=1), b.weighted, rtol=1e-12, atol=1e-12)
            assert np.allclose(b.g_prime * b.weighted, b.delta, rtol=1e-12, atol=1e-15)
        elif b.rule == OUTPUT:
            assert np.allclose(b.dC_dyhat * b.g_prime, b.delta, rtol=1e-12, atol=1e-15)
        else:
            assert b.rule == OUTPUT_CE and np.allclose(b.delta, w.cost.yhat - w.cost.y)
        g = w.gradient(n)
        assert np.allclose(g.dW_terms.sum(axis=0) * g.factor, g.dC_dW, rtol=1e-12, atol=1e-15)
    assert np.allclose(w.cost.terms.sum(axis=1), w.cost.per_sample, rtol=1e-12, atol=1e-15)


def test_the_phases_come_in_the_order_of_an_update_and_light_their_layer():
    spec = Spec((2, 3, 2, 1), ("sigmoid",) * 3)
    w = walk(_net(spec), make_dataset("xor"), 0, 1.0)
    assert [(p.kind, getattr(p, "n", None)) for p in w.phases] == [
        ("forward", 1), ("forward", 2), ("forward", 3), ("cost", None), ("backward", 3), ("backward", 2),
        ("backward", 1), ("gradient", 3), ("gradient", 2), ("gradient", 1), ("update", 1), ("update", 2),
        ("update", 3)]
    back = w.backward(1).lights
    assert back.neurons == ((1, 0), (1, 1), (1, 2)) and back.weight_layers == (2,) and back.direction == "backward"
    assert w.backward(3).lights.weight_layers == ()
    lay = layout(spec.dims)
    for layers in [(1,), (2,), (3,), (1, 3)]:
        rows = edge_rows(spec.dims, layers)
        assert sorted(set(lay.edge_ref[rows, 0].tolist())) == sorted(layers)
        assert len(rows) == sum(spec.dims[n] * spec.dims[n - 1] for n in layers)


def test_the_phases_are_read_only_copies_that_later_training_does_not_change():
    net, data = _net(Spec((2, 2, 1))), make_dataset("xor")
    w = walk(net, data, None, 1.0)
    before = w.forward(1).W.copy()
    net.theta[...] = 0.0
    assert np.array_equal(w.forward(1).W, before)
    with pytest.raises(ValueError):
        w.gradient(1).dC_dW[0, 0] = 1.0
    with pytest.raises(ValueError, match="not one of the 4 samples"):
        walk(net, data, 4, 1.0)


def test_a_diverged_network_is_walked_written_and_graded_without_a_warning():
    from xorgui.core.walkthrough.grading import grade
    from xorgui.core.walkthrough.quantity import quantities
    from xorgui.core.walkthrough.writer import to_markdown, to_text

    spec = Spec((2, 3, 2), ("linear", "linear"), True, "mse")
    net = Network(spec, np.resize([1e300, -1e300], spec.n_params))
    for sample in (None, 1):
        w = walk(net, make_dataset("xor", 2), sample, 0.5)
        assert not np.all(np.isfinite(w.theta_after))
        text = to_text(w) + to_markdown(w)
        assert "NaN" in text and "∞" in text
        for q in quantities(w):
            g = grade(w, q, "0.5")
            assert g.right == (abs(g.true_value - 0.5) <= 0.05)  # false for NaN and ∞
