import numpy as np
import pytest

from tests.core.oracle import plane_points
from xorgui.core.explanation.graph import bin_edges, diverging, layout, point_segment_distance, strongest, weight_scale
from xorgui.core.explanation.grid import (
    CURVE_SIZE,
    Grid,
    Plane,
    boundary_grid,
    has_hidden_neuron,
    map_name,
    neuron_map,
    picks_output,
    plane_extent,
    resolve_plane,
)
from xorgui.core.model.build import init_network
from xorgui.core.model.data import Dataset, make_dataset
from xorgui.core.model.datacheck import custom_data
from xorgui.core.model.network import Spec


def test_the_boundary_grid_is_the_output_over_the_plane_around_the_data():
    net = init_network(Spec((2, 3, 1)), 2, "uniform")
    data = make_dataset("xor")
    grid = boundary_grid(net, data, size=16)
    assert grid.x_range == (-0.5, 1.5) and grid.y_range == (-0.5, 1.5)
    points = plane_points(grid.x_range, grid.y_range, 16)
    assert np.allclose(grid.values.ravel(), net.forward(points).yhat[:, 0], rtol=1e-14)
    r, c = 3, 11  # row r is x2, column c is x1
    xs = np.linspace(-0.5, 1.5, 16)
    assert grid.values[r, c] == pytest.approx(net.forward(np.array([[xs[c], xs[r]]])).yhat[0, 0], rel=1e-14)


def test_two_outputs_show_the_probability_of_class_one():
    net = init_network(Spec((2, 4, 2)), 1, "uniform")
    grid = boundary_grid(net, make_dataset("xor", n_outputs=2), size=8)
    yhat = net.forward(plane_points(grid.x_range, grid.y_range, 8)).yhat
    assert np.allclose(grid.values.ravel(), yhat[:, 1] / yhat.sum(axis=1), rtol=1e-14)


def two_values():
    """Two inputs, two targets that are values to approach (not classes)."""
    X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])  # noqa: N806
    return custom_data(X, np.column_stack([X.sum(axis=1), 3.0 - X[:, 0]]), "two values")


def test_several_outputs_that_are_not_two_classes_show_the_one_picked():
    values, three = two_values(), custom_data(np.eye(3)[:, :2], np.eye(3), "three classes")
    assert picks_output(values) and picks_output(three)
    assert not picks_output(make_dataset("xor")) and not picks_output(make_dataset("xor", n_outputs=2))
    net = init_network(Spec((2, 4, 2), ("tanh", "linear"), True, "sse"), 5, "uniform")
    for asked, shown in ((None, 0), (Plane(output=1), 1), (Plane(output=2), 0), (Plane(output=-1), 0)):
        grid = boundary_grid(net, values, asked, size=8)
        assert grid.plane.output == shown and map_name(values, grid.plane) == f"ŷ_{shown}"
        yhat = net.forward(plane_points(grid.x_range, grid.y_range, 8)).yhat
        assert np.array_equal(grid.values.ravel(), yhat[:, shown])
    assert map_name(make_dataset("xor"), Plane()) == "ŷ" and map_name(make_dataset("xor", n_outputs=2), Plane()) \
        == "P(class 1)"
    # the output picked outlives a new plane of inputs: the plane carries it
    assert resolve_plane(Plane((1, 0), None, 1), values) == Plane((1, 0), (0.5, 0.5), 1)


def test_a_neuron_map_is_that_neurons_activation_over_the_plane():
    net = init_network(Spec((2, 3, 2, 1), ("tanh", "relu", "sigmoid")), 4, "uniform")
    m = neuron_map(net, 2, 1, Grid((0.0, 1.0), (0.0, 1.0), np.empty((8, 8))))
    assert np.allclose(m.ravel(), net.forward(plane_points((0.0, 1.0), (0.0, 1.0), 8)).a[2][:, 1], rtol=1e-14)


def test_with_three_inputs_the_map_spreads_over_the_two_picked_and_holds_the_third():
    net = init_network(Spec((3, 4, 1)), 3, "uniform")
    rng = np.random.default_rng(0)
    data = custom_data(rng.normal(size=(7, 3)), rng.random((7, 1)), "three")
    grid = boundary_grid(net, data, Plane((2, 0), (9.0, 0.7, 9.0)), size=8)
    assert grid.plane == Plane((2, 0), (9.0, 0.7, 9.0))
    assert grid.x_range == pytest.approx((data.X[:, 2].min() - 0.5, data.X[:, 2].max() + 0.5))
    assert grid.y_range == pytest.approx((data.X[:, 0].min() - 0.5, data.X[:, 0].max() + 0.5))
    xs, ys = np.linspace(*grid.x_range, 8), np.linspace(*grid.y_range, 8)
    for r, c in ((0, 0), (3, 5), (7, 2)):  # column c runs along x_2, row r along x_0; x_1 stays at 0.7
        by_hand = net.forward(np.array([[ys[r], 0.7, xs[c]]])).yhat[0, 0]
        assert grid.values[r, c] == pytest.approx(by_hand, rel=1e-14)
    m = neuron_map(net, 1, 3, grid)
    assert m[3, 5] == pytest.approx(net.forward(np.array([[ys[3], 0.7, xs[5]]])).a[1][0, 3], rel=1e-14)


def test_a_plane_that_does_not_fit_the_data_falls_back_to_x0_x1_held_at_the_means():
    data = custom_data(np.array([[0.0, 1.0, 2.0], [1.0, 2.0, 4.0]]), np.array([[0.0], [1.0]]), "d")
    default = Plane((0, 1), (0.5, 1.5, 3.0))
    assert resolve_plane(None, data) == default
    assert resolve_plane(Plane((0, 3)), data) == default  # no input x_3
    assert resolve_plane(Plane((1, 1)), data) == default  # one input twice
    assert resolve_plane(Plane((2, 1), (0.0, float("nan"), 1.0)), data) == Plane((2, 1), (0.5, 1.5, 3.0))
    assert resolve_plane(Plane((2, 1), (7.0, 8.0)), data) == Plane((2, 1), (0.5, 1.5, 3.0))  # too few values
    assert resolve_plane(Plane((1, 0), (7.0, 8.0, 9.0)), data) == Plane((1, 0), (7.0, 8.0, 9.0))


def test_with_one_input_the_map_is_the_output_as_a_curve_over_x():
    net = init_network(Spec((1, 5, 1), ("tanh", "linear")), 1, "uniform")
    data = custom_data(np.array([[-1.0], [0.0], [2.0]]), np.array([[1.0], [0.0], [4.0]]), "parabola")
    grid = boundary_grid(net, data)
    assert grid.curve and grid.values.shape == (CURVE_SIZE,) and grid.x_range == (-1.5, 2.5)
    xs = np.linspace(-1.5, 2.5, CURVE_SIZE)
    assert np.allclose(grid.values, [net.forward(np.array([[x]])).yhat[0, 0] for x in xs], rtol=1e-14)
    assert np.allclose(neuron_map(net, 1, 2, grid), net.forward(xs[:, None]).a[1][:, 2], rtol=1e-14)


def test_the_layout_has_one_edge_per_weight_in_weight_order():
    lay = layout((2, 3, 2))
    assert len(lay.edges) == 2 * 3 + 3 * 2 and len(lay.nodes) == 7 and len(lay.bias_pos) == 5
    k = lay.edge_index(2, 1, 2)
    assert tuple(lay.edge_ref[k]) == (2, 1, 2)
    assert np.allclose(lay.edges[k], [*lay.nodes[lay.node_index(1, 2)], *lay.nodes[lay.node_index(2, 1)]])


def test_a_wide_network_still_fits_the_same_height():
    small, wide = layout((2, 3, 1)), layout((2, 100, 100, 100, 2))
    assert np.ptp(wide.nodes[:, 1]) <= 8.0 + 1e-9 and np.ptp(small.nodes[:, 1]) == 2.0
    assert 6.0 <= wide.node_px < small.node_px


def test_edge_bins_split_by_sign_and_strength_and_draw_even_the_weakest_edge_visibly():
    values = np.array([-2.0, -0.5, 0.01, 0.5, 2.0])
    bins = bin_edges(values, weight_scale(values))
    drawn = np.concatenate(list(bins.groups.values()))
    assert sorted(drawn) == [0, 1, 2, 3, 4] and bins.hidden == 0
    weakest = next(bins.colours[c] for (c, _), idx in bins.groups.items() if 2 in idx)
    background = np.array([255, 255, 255])
    assert np.abs(weakest.astype(int) - background).max() >= 40  # a faint line, not a missing one
    assert weakest[2] > weakest[0]  # still purple-ish: the sign shows
    for (colour, width), idx in bins.groups.items():
        rgb = bins.colours[colour]
        assert all((rgb[2] > rgb[0]) == (values[i] > 0) for i in idx)
        assert width == {2.0: 4, 0.5: 2, 0.01: 1}[abs(values[idx[0]])]


def test_the_palette_is_diverging_and_the_scale_follows_the_weights():
    assert weight_scale(np.array([0.3, -7.5, np.nan])) == 7.5
    lo, mid, hi = diverging(np.array([-3.0, 0.0, 3.0]), 3.0)
    assert lo[0] > lo[2] and hi[2] > hi[0] and mid.min() > 200


def test_strongest_keeps_the_largest_magnitudes():
    values = np.array([0.1, -5.0, 0.2, 3.0, -0.05])
    assert strongest(values, 2).tolist() == [1, 3] and strongest(values, 10).tolist() == [0, 1, 2, 3, 4]


def test_distance_to_segments():
    segs = np.array([[0.0, 0.0, 10.0, 0.0], [0.0, 0.0, 0.0, 10.0]])
    assert np.allclose(point_segment_distance(np.array([5.0, 2.0]), segs), [2.0, 5.0])
    assert np.allclose(point_segment_distance(np.array([-3.0, -4.0]), segs), [5.0, 5.0])


def test_the_plane_frames_one_sample_and_ignores_points_that_are_not_numbers():
    one = Dataset("one", np.array([[0.25, 2.0]]), np.array([[1.0]]))
    assert plane_extent(one) == ((-0.25, 0.75), (1.5, 2.5))
    broken = Dataset("broken", np.array([[0.0, 0.0], [np.nan, 5.0], [1.0, np.inf]]), np.zeros((3, 1)))
    assert plane_extent(broken) == ((-0.5, 0.5), (-0.5, 0.5))
    empty = Dataset("empty", np.zeros((0, 2)), np.zeros((0, 1)))
    assert plane_extent(empty) == ((-0.5, 1.5), (-0.5, 1.5))


def test_a_neuron_that_is_not_there_is_refused_with_a_message():
    net = init_network(Spec((2, 2, 1)), 0, "uniform")
    assert has_hidden_neuron((2, 2, 1), 1, 1) and not has_hidden_neuron((2, 2, 1), 1, 2)
    assert not has_hidden_neuron((2, 2, 1), 2, 0)  # the output is no hidden neuron
    assert not has_hidden_neuron((2, 2, 1), 0, 0) and not has_hidden_neuron((2, 1), 1, 0)
    with pytest.raises(ValueError, match=r"dims \[2, 2, 1\] has no neuron \(1, 2\)"):
        neuron_map(net, 1, 2, Grid((0.0, 1.0), (0.0, 1.0), np.empty((4, 4))))
