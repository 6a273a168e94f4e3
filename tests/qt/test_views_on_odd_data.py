"""The boundary map, the truth table and the loss slice on any weights: NaN, ±inf, ±1e308, one sample, gone neurons."""

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.qt.views import snapshot_of
from xorgui.core.explanation.lossslice import loss_surface
from xorgui.core.model.build import network_from_arrays
from xorgui.core.model.data import Dataset
from xorgui.core.model.network import Spec
from xorgui.core.model.params import all_params
from xorgui.core.session.derived import network_verdict
from xorgui.qt.boundary_plot import BoundaryPlot
from xorgui.qt.panels import LogicPanel, SlicePlot

ODD = [np.nan, np.inf, -np.inf, 1e308, -1e308, 1e150, 0.0, 1e-300, 20.0, -20.0, 0.5, -1.5]
ACTIVATIONS = ["sigmoid", "tanh", "relu", "linear"]


@st.composite
def odd_snapshots(draw):
    dims = (2, *draw(st.lists(st.integers(1, 3), max_size=2)), draw(st.integers(1, 2)))
    acts = tuple(draw(st.sampled_from(ACTIVATIONS)) for _ in dims[1:])
    value = st.one_of(st.sampled_from(ODD), st.floats(-5, 5))
    weights = [[[draw(value) for _ in range(dims[n - 1])] for _ in range(dims[n])] for n in range(1, len(dims))]
    biases = [[draw(value) for _ in range(dims[n])] for n in range(1, len(dims))]
    net = network_from_arrays(Spec(dims, acts), weights, biases)
    samples = draw(st.integers(1, 4))
    X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])[:samples]  # noqa: N806
    y = np.array([[0.0], [1.0], [1.0], [0.0]])[:samples]
    Y = y if dims[-1] == 1 else np.hstack([1 - y, y])  # noqa: N806
    return snapshot_of(net, Dataset("odd", X, Y), lr=draw(st.sampled_from([0.1, 1.0, 1e6, 1e308])))


@pytest.fixture(scope="module")
def views():
    made = [BoundaryPlot(), LogicPanel(), SlicePlot()]
    for view in made:
        view.resize(330, 260)
        view.show()
    yield made
    for view in made:
        view.close()


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(snap=odd_snapshots())
def test_no_view_raises_or_warns_on_odd_weights(qtbot, views, snap):
    boundary, panel, slice_plot = views
    boundary.show_neuron((1, 2))  # there only when the first layer has 3 neurons
    boundary.set_snapshot(snap)
    boundary.show_neuron(None)
    panel.set_snapshot(snap)
    verdict = network_verdict(snap)
    assert verdict is None or verdict.endswith(".")
    names = [r.name for r in all_params(snap.spec)]
    for name in names[:6] + ["w:9:0:0", "b:1:7", ""]:
        slice_plot.set_selection(snap, name)
        slice_plot.grab()  # painted, too
    weights = [r for r in all_params(snap.spec) if r.kind == "w"]
    path = np.array([[0, np.nan, 1.0], [1, 1e308, -1e308], [2, 0.5, 0.5]])
    slice_plot.set_surface(loss_surface(snap.network(), snap.data, weights[0], weights[-1], path))
    for view in views:
        view.grab()
