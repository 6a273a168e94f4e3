import itertools
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.core.oracle import close
from xorgui.core.explanation.explain import explain, iter_paths
from xorgui.core.explanation.pathgraph import path_edges, path_subgraph
from xorgui.core.model.build import network_from_arrays
from xorgui.core.model.data import Dataset, make_dataset
from xorgui.core.model.network import Network, Spec
from xorgui.core.model.params import ParamRef, all_params, parse_param


def _net(dims, acts, bias=True, cost="half-sse", reduction="mean", seed=0):
    spec = Spec(dims, acts, bias, cost, reduction)
    return Network(spec, np.random.default_rng(seed).normal(0, 1, spec.n_params))


def _backprop_value(net, bwd, data, ref, sample):
    """The gradient read off Network.backward, for one sample or the batch."""
    if sample is None:
        if ref.kind == "w":
            return bwd.dC_dW[ref.n][ref.i, ref.j]
        return bwd.dC_db[ref.n][ref.i] if ref.kind == "b" else bwd.delta[ref.n][:, ref.i].mean()
    delta = bwd.delta[ref.n][sample, ref.i]
    return delta * (net.forward(data.X).a[ref.n - 1][sample, ref.j] if ref.kind == "w" else 1.0)


@settings(max_examples=40, deadline=None)
@given(widths=st.lists(st.integers(1, 4), min_size=2, max_size=5), seed=st.integers(0, 10**6),
       cost=st.sampled_from(["half-sse", "sse", "mse", "cross-entropy"]), sample=st.sampled_from([None, 0, 2]))
def test_sum_over_paths_equals_delta_recursion_equals_backprop(widths, seed, cost, sample):
    widths[0] = 2
    net = _net(tuple(widths), ("tanh",) * (len(widths) - 2) + ("sigmoid",), cost=cost, seed=seed)
    data = Dataset("random", make_dataset("xor").X, np.random.default_rng(seed).random((4, widths[-1])))
    bwd = net.backward(net.forward(data.X), data.Y)
    for ref in all_params(net.spec):
        ex = explain(net, data, ref, sample, cap=10**6)
        assert ex.path_count == len(ex.paths) == math.prod(widths[ref.n + 1:])
        # 1e-12 relative to the magnitudes summed: terms of both signs may cancel
        scale = sum(abs(p.product) for p in ex.paths) + np.abs(ex.per_sample).sum()
        assert abs(sum(p.product for p in ex.paths) - ex.gradient) <= 1e-12 * scale
        assert abs(ex.gradient - _backprop_value(net, bwd, data, ref, sample)) <= 1e-12 * scale
        d = ex.delta
        if d.terms:
            recursion = d.g_prime * sum(term[1] * term[2] for term in d.terms)
            # relative to the terms' magnitudes: terms of both signs may cancel to a tiny δ
            magnitude = np.abs(d.g_prime) * sum(np.abs(term[1] * term[2]) for term in d.terms)
        else:
            recursion = d.delta if d.dC_dyhat is None else d.dC_dyhat * d.g_prime
            magnitude = np.abs(recursion)
        assert np.all(np.abs(recursion - d.delta) <= 1e-12 * magnitude)
        assert np.all(np.abs(d.delta - bwd.delta[ref.n][ex.rows, ref.i]) <= 1e-12 * magnitude)
        assert close(ex.gradient, ex.finite_difference, rel=1e-6, floor=1e-9)


def test_path_count_is_exact_and_listing_is_capped_for_wide_networks():
    net = _net((2, 100, 100, 100, 2), ("sigmoid",) * 4, seed=1)
    data = make_dataset("xor", n_outputs=2)
    ex = explain(net, data, ParamRef("w", 1, 3, 1), 0, cap=5)
    assert ex.path_count == 100 * 100 * 2 and len(ex.paths) == 5
    bwd = net.backward(net.forward(data.X[:1]), data.Y[:1])
    assert ex.gradient == pytest.approx(bwd.delta[1][0, 3] * data.X[0, 1], abs=1e-300)
    assert close(ex.gradient, ex.finite_difference)


def test_each_path_lists_its_neurons_and_factors_in_chain_rule_order():
    net = _net((2, 2, 2, 1), ("sigmoid", "sigmoid", "sigmoid"), seed=4)
    data = make_dataset("xor")
    fwd = net.forward(data.X[1:2])
    path = next(iter_paths(net, fwd, data.Y[1:2], ParamRef("w", 1, 1, 0)))
    assert path.neurons == ((3, 0), (2, 0), (1, 1))
    names = [f.name for f in path.factors]
    assert names == ["∂C/∂ŷ_0", "g'(z(3)_0)", "w(3)_00", "g'(z(2)_0)", "w(2)_01", "g'(z(1)_1)", "a(0)_0"]
    assert path.product == pytest.approx(np.prod([f.value[0] for f in path.factors]), rel=1e-15)
    assert path.factors[2].value[0] == net.W[3][0, 0] and path.factors[4].value[0] == net.W[2][0, 1]


def test_a_tutorial_network_gives_the_hand_computed_numbers():
    # 2-2-1, sigmoid, SSE, given weights; the numbers below are worked out by
    # hand with math.exp, independently of the core.
    W1, b1 = [[0.1, 0.2], [0.3, 0.4]], [0.5, 0.6]  # noqa: N806
    W2, b2 = [[0.7, 0.8]], [0.9]  # noqa: N806
    spec = Spec((2, 2, 1), ("sigmoid", "sigmoid"), True, "sse", "mean")
    net = network_from_arrays(spec, [W1, W2], [b1, b2])
    s = lambda v: 1 / (1 + math.exp(-v))  # noqa: E731
    x, y = (1.0, 0.0), 1.0
    h = [s(W1[i][0] * x[0] + W1[i][1] * x[1] + b1[i]) for i in range(2)]
    out = s(W2[0][0] * h[0] + W2[0][1] * h[1] + b2[0])
    d2 = 2 * (out - y) * out * (1 - out)
    d1 = [h[i] * (1 - h[i]) * W2[0][i] * d2 for i in range(2)]
    ex = explain(net, make_dataset("xor"), parse_param("w:1:1:0", spec), sample=2)
    assert ex.fwd.a[1][0].tolist() == pytest.approx(h, rel=1e-15)
    assert ex.fwd.yhat[0, 0] == pytest.approx(out, rel=1e-15)
    assert ex.gradient == pytest.approx(d1[1] * x[0], rel=1e-14)
    ex2 = explain(net, make_dataset("xor"), parse_param("w:2:0:1", spec), sample=2)
    assert ex2.gradient == pytest.approx(d2 * h[1], rel=1e-14)
    assert f"{ex2.gradient:.8f}" == f"{d2 * h[1]:.8f}"


def test_the_cost_can_be_overridden():
    net = _net((2, 2, 1), ("sigmoid", "sigmoid"))
    data = make_dataset("xor")
    half = explain(net, data, ParamRef("b", 2, 0), 0)
    full = explain(net, data, ParamRef("b", 2, 0), 0, cost="sse")
    assert full.gradient == pytest.approx(2 * half.gradient, rel=1e-14) and full.cost == "sse"


@pytest.mark.parametrize("text,message", [("w:3:0:0", "layer must be 1…2"), ("w:1:2:0", "neurons 0…1"),
                                          ("w:1:0:5", "neurons 0…1"), ("q:1:0", "expected w:n:i:j"),
                                          ("w:1:0", "expected"), ("z:a:0", "whole numbers")])
def test_bad_parameter_names_are_refused_clearly(text, message):
    with pytest.raises(ValueError, match=message):
        parse_param(text, Spec())


def test_biases_cannot_be_named_in_a_network_without_them():
    with pytest.raises(ValueError, match="no biases"):
        parse_param("b:1:0", Spec(bias=False))


@pytest.mark.parametrize("dims", [(2, 1), (2, 2, 1), (2, 3, 2, 2), (3, 2, 4, 1)])
def test_the_path_subgraph_is_the_union_of_the_enumerated_paths(dims):
    net = _net(dims, ("sigmoid",) * (len(dims) - 1), seed=1)
    X = np.random.default_rng(0).random((1, dims[0]))  # noqa: N806
    fwd = net.forward(X)
    for ref in all_params(net.spec):
        edges, neurons = set(), set()
        for path in iter_paths(net, fwd, np.zeros((1, dims[-1])), ref):
            e, v = path_edges(path, ref)
            edges |= set(e)
            neurons |= set(v)
        assert (edges, neurons) == path_subgraph(dims, ref), ref.name


def test_a_batch_of_many_samples_lists_a_bounded_few_and_still_reduces_over_all():
    net = _net((2, 40, 30, 1), ("sigmoid",) * 3, seed=2)
    rng = np.random.default_rng(3)
    data = Dataset("many", rng.random((10_000, 2)), rng.random((10_000, 1)))
    ref = ParamRef("w", 1, 4, 1)
    ex = explain(net, data, ref, None)
    listed = len(ex.rows)
    assert 1 <= listed < 10_000 and ex.samples == 10_000 and ex.batch
    assert all(len(a) == listed for a in ex.fwd.a) and len(ex.Y) == listed and len(ex.delta.delta) == listed
    assert all(len(f.value) == listed for p in ex.paths for f in p.factors)
    bwd = net.backward(net.forward(data.X), data.Y)
    assert ex.gradient == pytest.approx(bwd.dC_dW[1][4, 1], rel=1e-12)
    whole = list(itertools.islice(iter_paths(net, net.forward(data.X), data.Y, ref, 1 / 10_000), len(ex.paths)))
    assert [p.product for p in ex.paths] == pytest.approx([p.product for p in whole], rel=1e-12)  # over all samples
    assert len(ex.per_sample) == 10_000
    small = explain(net, Dataset("four", data.X[:4], data.Y[:4]), ref, None)
    assert len(small.rows) == 4  # a few samples are all listed
