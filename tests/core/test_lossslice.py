import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from xorgui.core.explanation.lossslice import SPAN_LIMIT, loss_slice, loss_surface, span
from xorgui.core.model.data import make_dataset
from xorgui.core.model.params import parse_param
from xorgui.core.training.setup import Setup


@pytest.mark.parametrize("name", ["w:1:0:1", "b:2:0", "w:2:0:0"])
def test_the_slice_passes_through_the_current_cost_with_the_gradient_as_slope(name):
    setup = Setup(init="uniform", seed=5)
    net, data = setup.network(), make_dataset("xor")
    bwd = net.backward(net.forward(data.X), data.Y)
    ref = parse_param(name, net.spec)
    g = bwd.dC_dW[ref.n][ref.i, ref.j] if ref.kind == "w" else bwd.dC_db[ref.n][ref.i]
    s = loss_slice(net, data, ref, g, lr=0.5)
    current = net.W[ref.n][ref.i, ref.j] if ref.kind == "w" else net.b[ref.n][ref.i]
    assert s.current == current and s.cost == net.loss(data.X, data.Y)
    k = int(np.argmin(np.abs(s.values - s.current)))
    h = s.values[1] - s.values[0]
    near = (s.costs[k + 1] - s.costs[k - 1]) / (2 * h)
    assert near == pytest.approx(g, rel=0.05, abs=1e-4)  # slope of the curve near the current value
    assert s.step == pytest.approx(current - 0.5 * g) and s.values[0] < min(s.current, s.step)
    assert s.tangent(np.array([s.current])) == pytest.approx([s.cost])


def test_a_huge_learning_rate_overshoots():
    setup = Setup(init="uniform", seed=2)
    net, data = setup.network(), make_dataset("xor")
    ref = parse_param("b:2:0", net.spec)
    g = net.backward(net.forward(data.X), data.Y).dC_db[2][0]
    small, huge = loss_slice(net, data, ref, g, 0.1), loss_slice(net, data, ref, g, 500.0)
    assert small.step_cost < small.cost < huge.step_cost
    assert huge.values[-1] - huge.values[0] > 500 * abs(g)


def test_a_sum_has_no_slice():
    net = Setup().network()
    with pytest.raises(ValueError, match="weight or a bias"):
        loss_slice(net, make_dataset("xor"), parse_param("z:1:0"), 0.0, 1.0)


any_float = st.floats(allow_nan=True, allow_infinity=True)


@given(st.lists(any_float, min_size=1, max_size=6), st.floats(1e-3, 10.0), st.floats(0.0, 3.0))
def test_a_span_is_finite_ordered_and_covers_the_finite_points(points, pad, share):
    lo, hi = span(np.array(points), pad, share)
    assert np.isfinite([lo, hi]).all() and lo < hi and -SPAN_LIMIT <= lo and hi <= SPAN_LIMIT
    for p in points:
        if np.isfinite(p):
            assert lo <= min(max(p, -SPAN_LIMIT), SPAN_LIMIT) <= hi
    values = np.linspace(lo, hi, 121)
    assert np.all(np.diff(values) > 0)  # distinct points: a plot can place each


def xor_net(w=None):
    net = Setup(init="uniform", seed=5).network()
    if w is not None:
        net.W[2][0, 0] = w
    return net


@pytest.mark.parametrize("w", [1e308, -1e308, 1e17, np.nan, np.inf])
def test_a_slice_along_a_huge_or_broken_weight_has_finite_distinct_values(w):
    net, data = xor_net(w), make_dataset("xor")
    s = loss_slice(net, data, parse_param("w:2:0:0"), 0.1, 1.0)  # warnings would fail the test
    assert np.isfinite(s.values).all() and np.all(np.diff(s.values) > 0)
    if np.isfinite(w) and abs(w) <= SPAN_LIMIT:
        assert s.values[0] < s.current < s.values[-1]
        probe = net.copy()
        probe.W[2][0, 0] = s.values[7]
        assert s.costs[7] == probe.loss(data.X, data.Y)


def test_an_infinite_step_leaves_the_range_around_the_current_value():
    net, data = xor_net(), make_dataset("xor")
    s = loss_slice(net, data, parse_param("w:2:0:0"), np.inf, 1.0)
    probe = net.copy()
    probe.W[2][0, 0] = -np.inf
    assert s.step == -np.inf and np.array_equal(s.step_cost, probe.loss(data.X, data.Y), equal_nan=True)
    assert s.values[0] < s.current < s.values[-1] and s.values[-1] - s.values[0] == pytest.approx(2.0)
    assert np.all(np.isnan(s.tangent(s.values[[0, -1]])) | np.isinf(s.tangent(s.values[[0, -1]])))


def test_a_surface_frames_the_finite_part_of_a_path():
    net, data = xor_net(), make_dataset("xor")
    rx, ry = parse_param("w:2:0:0"), parse_param("w:2:0:1")
    path = np.array([[0, 0.5, 0.5], [1, np.nan, 2.0], [2, 3.0, np.inf], [3, 1.0, 1.0]])
    surface = loss_surface(net, data, rx, ry, path)
    assert np.isfinite(surface.xs).all() and np.isfinite(surface.ys).all()
    finite = path[np.all(np.isfinite(path), axis=1)]
    cx, cy = surface.current
    assert surface.xs[0] < min(finite[:, 1].min(), cx) and surface.xs[-1] > max(finite[:, 1].max(), cx)
    assert surface.ys[0] < min(finite[:, 2].min(), cy) and surface.ys[-1] > max(finite[:, 2].max(), cy)
