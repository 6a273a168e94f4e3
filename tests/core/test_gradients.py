import numpy as np
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from tests.core.oracle import close, fd_gradient
from xorgui.core.model.costs import get_cost
from xorgui.core.model.network import Network, Spec

HIDDEN = ["sigmoid", "tanh", "relu", "linear"]


@st.composite
def problems(draw):
    widths = draw(st.lists(st.integers(1, 8), min_size=2, max_size=5))
    cost = draw(st.sampled_from(["half-sse", "sse", "mse", "cross-entropy"]))
    n_layers = len(widths) - 1
    hidden = tuple(draw(st.sampled_from(HIDDEN)) for _ in range(n_layers - 1))
    if cost == "cross-entropy":
        output = "softmax" if widths[-1] > 1 and draw(st.booleans()) else "sigmoid"
    else:
        output = draw(st.sampled_from(HIDDEN))
    spec = Spec(tuple(widths), hidden + (output,), draw(st.booleans()), cost, draw(st.sampled_from(["mean", "sum"])))
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    m = draw(st.integers(1, 5))
    X = rng.normal(size=(m, widths[0]))  # noqa: N806
    if output == "softmax":
        Y = np.eye(widths[-1])[rng.integers(0, widths[-1], m)]  # noqa: N806
    else:
        Y = rng.random((m, widths[-1]))  # noqa: N806
    net = Network(spec, rng.normal(0, 0.8, spec.n_params))
    return net, X, Y


def _away_from_relu_kinks(net, fwd):
    for n, name in enumerate(net.spec.activations, start=1):
        if name == "relu" and np.min(np.abs(fwd.z[n])) < 1e-2:
            return False
    return True


@settings(max_examples=150, deadline=None)
@given(problems())
def test_backprop_gradients_equal_central_finite_differences(problem):
    net, X, Y = problem  # noqa: N806
    fwd = net.forward(X)
    assume(_away_from_relu_kinks(net, fwd))
    bwd = net.backward(fwd, Y)
    probe = Network(net.spec, np.arange(net.spec.n_params, dtype=float))
    # the stencil's rounding error grows with the cost it differences: about 1e-11 · C at h = 1e-4
    floor = 1e-9 * max(1.0, abs(net.loss(X, Y)))
    for n in range(1, net.spec.N + 1):
        for (i, j), index in np.ndenumerate(probe.W[n].astype(int)):
            assert close(bwd.dC_dW[n][i, j], fd_gradient(net, X, Y, index), floor=floor), (n, i, j)
        if net.spec.bias:
            for i, index in enumerate(probe.b[n].astype(int)):
                assert close(bwd.dC_db[n][i], fd_gradient(net, X, Y, index), floor=floor), (n, i)


@settings(max_examples=60, deadline=None)
@given(problems())
def test_backward_is_pure(problem):
    net, X, Y = problem  # noqa: N806
    before = net.theta.copy()
    fwd = net.forward(X)
    first = net.backward(fwd, Y)
    second = net.backward(fwd, Y)
    assert np.array_equal(net.theta, before)
    for n in range(1, net.spec.N + 1):
        assert np.array_equal(first.dC_dW[n], second.dC_dW[n])
        assert np.array_equal(first.delta[n], second.delta[n])


def test_delta_is_the_derivative_of_each_samples_cost_by_its_sum():
    spec = Spec((2, 3, 2), ("tanh", "sigmoid"), True, "sse", "sum")
    net = Network(spec, np.random.default_rng(5).normal(size=spec.n_params))
    X = np.array([[0.3, -1.2]])  # noqa: N806
    Y = np.array([[1.0, 0.0]])  # noqa: N806
    delta = net.backward(net.forward(X), Y).delta
    cost = get_cost("sse")
    for n in (1, 2):
        for i in range(spec.dims[n]):
            h = 1e-5
            c = [cost.per_sample(net.forward(X, z_offset=(n, i, s * h)).yhat - Y, Y).sum() for s in (1, -1)]
            assert close(delta[n][0, i], (c[0] - c[1]) / (2 * h), rel=1e-7)


def test_mean_reduction_is_the_sum_divided_by_the_number_of_samples():
    spec = Spec((2, 2, 1))
    net = Network(spec, np.random.default_rng(1).normal(size=spec.n_params))
    X = np.random.default_rng(2).random((4, 2))  # noqa: N806
    Y = np.array([[0.0], [1], [1], [0]])  # noqa: N806
    mean = net.backward(net.forward(X), Y)
    summed = Network(spec.with_(reduction="sum"), net.theta).backward(net.forward(X), Y)
    assert np.allclose(summed.dC_dW[1], 4 * mean.dC_dW[1], rtol=1e-14)
