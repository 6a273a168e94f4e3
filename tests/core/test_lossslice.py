import numpy as np
import pytest

from xorgui.core.data import make_dataset
from xorgui.core.lossslice import loss_slice
from xorgui.core.params import parse_param
from xorgui.core.setup import Setup


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
