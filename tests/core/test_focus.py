"""What the window looks at, worked out by the session: checked against independent computations."""

import time

import numpy as np
import pytest

from tests.core.oracle import plane_points
from xorgui.core.explanation.grid import Plane
from xorgui.core.model.datacheck import custom_data
from xorgui.core.model.network import Spec
from xorgui.core.session.command import Focus, Play, Rebuild, SendSnapshot, SetParam, Step, ViewEpoch
from xorgui.core.session.session import Session
from xorgui.core.training.config import TrainConfig
from xorgui.core.training.setup import Setup


def cost_with(session, name, value):
    """The batch cost with one weight or bias set to ``value``, by the session's own network copy."""
    net = session.trainer.net.copy()
    _, n, i, *j = (int(p) if p.isdigit() else p for p in name.split(":"))
    if j:
        net.W[n][i, j[0]] = value
    else:
        net.b[n][i] = value
    return net.loss(session.trainer.data.X, session.trainer.data.Y)


def central_difference(session, name, value, h=1e-6):
    return (cost_with(session, name, value + h) - cost_with(session, name, value - h)) / (2 * h)


def answer(replies, kind):
    return [p for k, p in replies if k == kind]


def test_a_new_focus_is_answered_at_once_with_the_gradient_the_slice_and_the_map_of_the_state_shown():
    s = Session(Setup(seed=3))
    s.handle(Step())
    focused = answer(s.handle(Focus("w:2:0:1", None, (1, 0), True)), "focused")
    assert len(focused) == 1
    f = focused[0]
    assert (f.generation, f.epoch, f.problem) == (s.generation, 1, None)
    w = s.trainer.net.W[2][0, 1]
    expected = central_difference(s, "w:2:0:1", w)
    assert abs(f.explanation.gradient - expected) < 1e-7
    assert abs(sum(p.product for p in f.explanation.paths) - f.explanation.gradient) < 1e-12
    # the slice: the cost along the weight, with the current value on the curve
    sl = f.slice
    assert sl.current == w and abs(sl.gradient - expected) < 1e-7
    for v, c in zip(sl.values[::17], sl.costs[::17]):
        assert abs(c - cost_with(s, "w:2:0:1", v)) < 1e-12
    # the map of hidden neuron (1, 0): its activation over the grid's plane, by hand
    grid = s._sent.grid
    points = plane_points(grid.x_range, grid.y_range, grid.values.shape[0])
    net = s.trainer.net
    assert net.spec.activations[0] == "sigmoid"
    by_hand = (1 / (1 + np.exp(-(points @ net.W[1][0] + net.b[1][0])))).reshape(grid.values.shape)
    assert np.allclose(f.neuron_map, by_hand, rtol=0, atol=1e-12)


def test_every_paused_snapshot_carries_the_focus_worked_out_for_its_own_weights():
    s = Session(Setup(seed=1))
    s.handle(Focus("b:1:1", sample=2))
    for _ in range(3):
        snap = answer(s.handle(Step()), "snapshot")[0]
        f = snap.focused
        assert (f.generation, f.epoch) == (snap.generation, snap.epoch)
        data = s.trainer.data
        expected = central_difference(s, "b:1:1", s.trainer.net.b[1][1])  # the batch's gradient
        assert abs(snap.dC_db[1][1] - expected) < 1e-7
        assert list(f.explanation.rows) == [2] and not f.explanation.batch and f.explanation.gradient != 0
        # the one sample's gradient: against finite differences on that sample alone
        one = Session(Setup(seed=1, spec=s.setup.spec))
        one.trainer.net.theta[...] = s.trainer.net.theta
        one.trainer.data = type(data)(data.name, data.X[2:3], data.Y[2:3])
        h, b = 1e-6, s.trainer.net.b[1][1]
        fd = (cost_with(one, "b:1:1", b + h) - cost_with(one, "b:1:1", b - h)) / (2 * h)
        assert abs(f.explanation.gradient - fd) < 1e-7


def test_a_look_back_carries_the_focus_of_that_epoch_and_an_edit_is_followed():
    s = Session(Setup(seed=2))
    s.handle(Focus("w:1:0:0"))
    for _ in range(5):
        s.handle(Step())
    past = answer(s.handle(ViewEpoch(2)), "snapshot")[0]
    assert past.epoch == 2 and past.focused.epoch == 2
    assert past.focused.explanation.gradient == past.dC_dW[1][0, 0]
    edited = answer(s.handle(SetParam("w:1:0:0", 0.25)), "snapshot")[0]
    assert abs(edited.focused.explanation.gradient - central_difference(s, "w:1:0:0", 0.25)) < 1e-7


def test_a_focus_on_something_the_network_lacks_says_so_and_nothing_else_changes():
    s = Session(Setup(seed=0))
    s.handle(SendSnapshot())
    before = s.trainer.net.theta.copy()
    f = answer(s.handle(Focus("w:5:0:0", neuron=(4, 0))), "focused")[0]
    assert f.explanation is None and f.neuron_map is None and "w:5:0:0" in f.problem
    assert np.array_equal(s.trainer.net.theta, before)
    # a rebuild that drops a neuron: the focus stays, the answer says the neuron is gone
    s.handle(Focus("w:1:2:0", neuron=(1, 2)))
    snap = answer(s.handle(Rebuild(Setup(seed=0, spec=Spec((2, 2, 1), ("sigmoid", "sigmoid"))))), "snapshot")[0]
    assert snap.focused.explanation is None and snap.focused.neuron_map is None and snap.focused.problem


def test_while_training_runs_the_focus_goes_out_about_15_times_a_second_for_the_state_it_comes_with():
    s = Session(Setup(config=TrainConfig(epochs=10**7)))
    s.handle(Focus("w:2:0:0", neuron=(1, 1), slice=True))
    s.handle(Play())
    out, end = [], time.perf_counter() + 0.6
    while time.perf_counter() < end:
        out += s.tick()
    snaps = answer(out, "snapshot")
    focused = [x for x in snaps if x.focused is not None]
    assert len(snaps) >= 8 and 5 <= len(focused) <= 0.6 * 15 + 2 and len(focused) < len(snaps)
    for snap in focused:
        f = snap.focused
        assert f.epoch == snap.epoch and f.explanation.gradient == pytest.approx(snap.dC_dW[2][0, 0], rel=1e-12)
        assert f.neuron_map is not None and f.slice.current == snap.weights[2][0, 0]


def test_a_focus_on_another_plane_draws_the_map_anew_there_and_reads_values_on_it():
    rng = np.random.default_rng(5)
    data = custom_data(rng.normal(size=(6, 3)), (rng.random((6, 1)) > 0.5).astype(float), "three")
    s = Session(Setup(spec=Spec((3, 3, 1)), custom=data))
    s.handle(Step())
    first = s.snapshot()[1]
    assert first.grid.plane.axes == (0, 1) and first.grid.plane.held[2] == round(data.X[:, 2].mean(), 2)
    plane = Plane((2, 1), (0.25, -1.0, 3.0))
    replies = s.handle(Focus(neuron=(1, 2), plane=plane))
    assert [k for k, _ in replies] == ["snapshot"]
    snap = replies[0][1]
    assert snap.grid.plane == plane and snap.epoch == 1 and snap.generation == first.generation
    net = s.trainer.net
    by_hand = net.forward(np.array([[0.25, -0.4, 1.3]])).yhat[0, 0]  # x_2 = 1.3 along x, x_1 = -0.4 along y
    assert snap.value_at(1.3, -0.4) == pytest.approx(by_hand, rel=1e-14)
    xs, ys = np.linspace(*snap.grid.x_range, 64), np.linspace(*snap.grid.y_range, 64)
    a1 = net.forward(np.array([[0.25, ys[10], xs[40]]])).a[1][0, 2]
    assert snap.focused.neuron_map[10, 40] == pytest.approx(a1, rel=1e-14)
    # the same plane again is no new drawing: only the focus is answered
    assert [k for k, _ in s.handle(Focus(neuron=(1, 0), plane=plane))] == ["focused"]


def test_a_focus_on_another_output_draws_the_map_of_that_output_and_reads_it():
    X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])  # noqa: N806
    data = custom_data(X, np.column_stack([X.sum(axis=1), 3.0 - X[:, 0]]), "two values")
    s = Session(Setup(spec=Spec((2, 3, 2), ("tanh", "linear"), True, "sse"), custom=data))
    s.handle(Step())
    assert s.snapshot()[1].grid.plane.output == 0
    replies = s.handle(Focus(plane=Plane((0, 1), None, 1)))
    snap = replies[0][1]
    assert [k for k, _ in replies] == ["snapshot"] and snap.grid.plane.output == 1
    net = s.trainer.net
    assert snap.value_at(0.3, 1.2) == pytest.approx(net.forward(np.array([[0.3, 1.2]])).yhat[0, 1], rel=1e-14)
    yhat = net.forward(plane_points(snap.grid.x_range, snap.grid.y_range, 64)).yhat
    assert np.allclose(snap.grid.values.ravel(), yhat[:, 1], rtol=1e-14)


def test_a_new_plane_while_looking_back_redraws_that_epoch_and_stays_there():
    rng = np.random.default_rng(6)
    data = custom_data(rng.normal(size=(5, 3)), (rng.random((5, 1)) > 0.5).astype(float), "three")
    s = Session(Setup(spec=Spec((3, 2, 1)), custom=data))
    for _ in range(6):
        s.handle(Step())
    past = [p for k, p in s.handle(ViewEpoch(2)) if k == "snapshot"][-1]
    assert not past.live and past.epoch == 2
    plane = Plane((1, 2), (0.5, 0.0, 0.0))
    (kind, snap), = s.handle(Focus(plane=plane))
    assert kind == "snapshot" and not snap.live and snap.epoch == 2 and snap.grid.plane == plane
    assert np.array_equal(snap.weights[1], past.weights[1])
    xs, ys = np.linspace(*snap.grid.x_range, 64), np.linspace(*snap.grid.y_range, 64)
    by_hand = snap.network().forward(np.array([[0.5, xs[7], ys[30]]])).yhat[0, 0]
    assert snap.grid.values[30, 7] == pytest.approx(by_hand, rel=1e-14)
