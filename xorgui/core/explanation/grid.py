"""The network's output over the input plane (or along the input line), for the decision-boundary view.

With two inputs the map is the plane of x_0 and x_1; with more, the plane
of two inputs the user picks while the others are held at values they
choose (``Plane``); with one, the output is a curve over x_0.

What the map shows (``map_values``): ŷ for one output, P(class 1) for two
outputs that are classes, and otherwise (several outputs that are values
to approach, or more than two classes) the output ŷ_k the user picks.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from xorgui.core.model.classes import are_classes
from xorgui.core.model.data import Dataset
from xorgui.core.model.frozen import FrozenArrays
from xorgui.core.model.network import Network

Array = np.ndarray
GRID_SIZE = 64  # cells a side of a map over a plane
CURVE_SIZE = 256  # points of a curve over one input
EXTENT_LIMIT = 4e307  # the map frames at most ±this along an axis: wider, a step between its points is no float


@dataclass(frozen=True)
class Plane:
    """The inputs the boundary map spreads over, where the others are held, and the output it shows.

    Attributes
    ----------
    axes : tuple of int
        The inputs along the map's x and y axes; one input for a curve.
    held : tuple of float or None
        A value for every input (those of the axes are not used); None:
        the means of the data's columns.
    output : int
        The output ŷ_k the map shows where it shows one picked
        (``picks_output``); unused otherwise.
    """

    axes: tuple[int, ...] = (0, 1)
    held: tuple[float, ...] | None = None
    output: int = 0


def held_means(data: Dataset) -> tuple[float, ...]:
    """Return each input's mean over the data's finite values (0 without any), to two decimals."""
    out = []
    for column in data.X.T:
        finite = column[np.isfinite(column)]
        out.append(round(float(finite.mean()), 2) if len(finite) else 0.0)
    return tuple(out)


def resolve_plane(plane: Plane | None, data: Dataset) -> Plane:
    """Return the plane to map for ``data``: ``plane`` where it fits the data, the default where it does not.

    The default spreads over x_0 and x_1 (x_0 alone for one input), holds
    the other inputs at their means and shows the first output.
    """
    k = data.n_inputs
    output = plane.output if plane is not None and 0 <= plane.output < data.n_outputs else 0
    if k == 1:
        return Plane((0,), (0.0,), output)
    axes = (0, 1)
    if plane is not None and len(plane.axes) == 2 and plane.axes[0] != plane.axes[1] \
            and all(0 <= a < k for a in plane.axes):
        axes = (int(plane.axes[0]), int(plane.axes[1]))
    held = plane.held if plane is not None else None
    if held is None or len(held) != k or not all(np.isfinite(held)):
        held = held_means(data)
    return Plane(axes, tuple(float(v) for v in held), output)


def plane_inputs(plane: Plane, xs: object, ys: object = None) -> Array:
    """Return input rows that take ``xs`` (and ``ys``) along the plane's axes and the held values elsewhere."""
    xs = np.asarray(xs, dtype=float).ravel()
    held = plane.held if plane.held is not None else (0.0,) * (max(plane.axes) + 1)
    X = np.tile(np.asarray(held, dtype=float), (len(xs), 1))  # noqa: N806
    X[:, plane.axes[0]] = xs
    if len(plane.axes) == 2:
        X[:, plane.axes[1]] = np.asarray(ys, dtype=float).ravel()
    return X


@dataclass(frozen=True)
class Grid(FrozenArrays):
    """Output values on a regular grid over the plane of two inputs, or along one input.

    Attributes
    ----------
    x_range, y_range : tuple of float
        The extent along the first and second axis input (``y_range`` is
        empty for a curve).
    values : ndarray, shape (size, size), or (size,) for a curve
        ``values[r, c]`` is what the map shows (``map_values``) at the
        first axis input = column c, the second = row r.
    plane : Plane
        The inputs along the axes and the values the others are held at.
    """

    x_range: tuple
    y_range: tuple
    values: Array
    plane: Plane = Plane()

    @property
    def curve(self) -> bool:
        """True for the output along one input (a network with one input)."""
        return len(self.plane.axes) == 1

    def inputs(self) -> Array:
        """Return the input rows of the grid's points, in the order of ``values.ravel()``."""
        size = self.values.shape[-1]
        xs = np.linspace(self.x_range[0], self.x_range[1], size)
        if self.curve:
            return plane_inputs(self.plane, xs)
        gx, gy = np.meshgrid(xs, np.linspace(self.y_range[0], self.y_range[1], size))
        return plane_inputs(self.plane, gx, gy)


def plane_extent(data: Dataset, margin: float = 0.5, axes: tuple[int, ...] = (0, 1)) -> tuple[tuple, ...]:
    """Return the ranges along the axis inputs that frame the data with a margin.

    Points that are not finite are left out; without any, the ranges frame
    the unit square.
    """
    X = data.X[:, list(axes)] if data.X.size else np.empty((0, len(axes)))  # noqa: N806
    X = X[np.all(np.isfinite(X), axis=1)]  # noqa: N806
    if len(X) == 0:
        X = np.array([[0.0] * len(axes), [1.0] * len(axes)])  # noqa: N806
    lo, hi = X.min(axis=0) - margin, X.max(axis=0) + margin
    # data spread over more than a float's range (±1e308 both) is framed within it, so the grid's steps stay finite
    lo, hi = np.maximum(lo, -EXTENT_LIMIT), np.minimum(hi, EXTENT_LIMIT)
    return tuple((float(a), float(b)) for a, b in zip(lo, hi))


def class_one_probability(yhat: Array) -> Array:
    """Return the value shown for class "1": ŷ for one output, else ŷ_1 normalised."""
    if yhat.shape[1] == 1:
        return yhat[:, 0]
    with np.errstate(all="ignore"):
        total = yhat[:, 0] + yhat[:, 1]
        return np.where(total > 0, yhat[:, 1] / total, 0.5)


def picks_output(data: Dataset) -> bool:
    """Whether the map shows one output picked: several outputs that are not two classes."""
    return data.n_outputs > 2 or (data.n_outputs == 2 and not are_classes(data.Y))


def map_values(rows: Array, data: Dataset, plane: Plane) -> Array:
    """Return what the map shows for rows of outputs (or targets) ``rows`` (m, L) of a network trained on ``data``.

    ŷ for one output, P(class 1) (``class_one_probability``) for two
    classes, else output ``plane.output``.
    """
    return rows[:, plane.output] if picks_output(data) else class_one_probability(rows)


def map_name(data: Dataset, plane: Plane) -> str:
    """Return the name of what the map shows: "ŷ", "P(class 1)" or "ŷ_k"."""
    if picks_output(data):
        return f"ŷ_{plane.output}"
    return "ŷ" if data.n_outputs == 1 else "P(class 1)"


def boundary_grid(net: Network, data: Dataset, plane: Plane | None = None, size: int | None = None) -> Grid | None:
    """Return the output over ``plane`` (resolved for the data) around the data.

    None if the network does not take the data's inputs. ``size`` defaults
    to ``GRID_SIZE`` a side for a plane and ``CURVE_SIZE`` for a curve.
    """
    if net.spec.dims[0] != data.n_inputs or data.n_inputs < 1:
        return None
    plane = resolve_plane(plane, data)
    ranges = plane_extent(data, axes=plane.axes)
    if len(plane.axes) == 1:
        shape: tuple[int, ...] = (size or CURVE_SIZE,)
        empty = Grid(ranges[0], (), np.empty(shape), plane)
    else:
        shape = (size or GRID_SIZE,) * 2
        empty = Grid(ranges[0], ranges[1], np.empty(shape), plane)
    values = map_values(net.forward(empty.inputs()).yhat, data, plane).reshape(shape).copy()
    values.flags.writeable = False
    return Grid(empty.x_range, empty.y_range, values, plane)


def has_hidden_neuron(dims: tuple, n: int, i: int) -> bool:
    """Return whether a network of these layer widths has a hidden neuron (n, i): 1 ≤ n < N, 0 ≤ i < L(n)."""
    return 1 <= n < len(dims) - 1 and 0 <= i < dims[n]


def neuron_values(net: Network, n: int, i: int, X: Array) -> Array:  # noqa: N803
    """Return a(n)_i for each input row of ``X``, computing layers 1 … n only.

    Raises
    ------
    ValueError
        If the network has no neuron (n, i) in layers 1 … N.
    """
    if not 1 <= n <= net.spec.N or not 0 <= i < net.spec.dims[n]:
        raise ValueError(f"a network of dims {list(net.spec.dims)} has no neuron ({n}, {i})")
    head = Network(net.spec.with_(dims=net.spec.dims[: n + 1], activations=net.spec.activations[:n],
                                  cost="half-sse"), net.theta[: sum(p.size for p in net.P[1:n + 1])])
    return head.forward(X).a[n][:, i]


def neuron_map(net: Network, n: int, i: int, grid: Grid) -> Array:
    """Return a(n)_i over the grid's points, shaped like ``grid.values``."""
    return neuron_values(net, n, i, grid.inputs()).reshape(grid.values.shape)
