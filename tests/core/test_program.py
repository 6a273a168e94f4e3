import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from xorgui.core.model.classes import classes
from xorgui.core.model.network import Network, Spec
from xorgui.core.training.layout import Layout
from xorgui.core.training.products import DotProducts, EinsumProducts, MatmulProducts, einsum
from xorgui.core.training.program import Program
from xorgui.core.training.signs import layer_signs, parameter_signs

HIDDEN = ["sigmoid", "tanh", "relu", "linear"]


@st.composite
def cases(draw):
    """A spec, R networks of it, their samples, and how the program is built."""
    widths = draw(st.lists(st.integers(1, 6), min_size=2, max_size=4))
    cost = draw(st.sampled_from(["half-sse", "sse", "mse", "cross-entropy"]))
    hidden = tuple(draw(st.sampled_from(HIDDEN)) for _ in range(len(widths) - 2))
    if cost == "cross-entropy":
        output = "softmax" if widths[-1] > 1 and draw(st.booleans()) else "sigmoid"
    else:
        output = draw(st.sampled_from(HIDDEN))
    spec = Spec(tuple(widths), hidden + (output,), draw(st.booleans()), cost, draw(st.sampled_from(["mean", "sum"])))
    runs = draw(st.sampled_from([1, 3]))
    kind = draw(st.sampled_from(["runs first", "runs last", "turned"])) if runs > 1 else "runs first"
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    m = draw(st.integers(1, 5))
    shared = runs > 1 and draw(st.booleans())
    layout = Layout.turned(spec, runs, shared) if kind == "turned" else Layout(runs, kind == "runs last")
    X = rng.normal(size=(1 if shared else runs, m, widths[0]))  # noqa: N806
    X = np.broadcast_to(X, (runs, m, widths[0]))  # noqa: N806
    if output == "softmax":
        Y = np.eye(widths[-1])[rng.integers(0, widths[-1], (runs, m))]  # noqa: N806
    else:
        Y = rng.random((runs, m, widths[-1]))  # noqa: N806
    nets = [Network(spec, rng.normal(0, 0.8, spec.n_params)) for _ in range(runs)]
    options = {"shared_inputs": shared, "step_on_delta": draw(st.booleans()),
               "step_per_run": runs > 1 and draw(st.booleans()), "negate_sigmoid": draw(st.booleans())}
    if layout.first_by_sample and options["step_per_run"]:  # one step per run is then applied to δ(N) only
        options["step_on_delta"] = True
    return spec, layout, nets, X, Y, options


def build(spec, layout, nets, X, Y, options):  # noqa: N803
    """Return a program on these networks with its inputs and targets filled in, and its parameters' signs."""
    signs = parameter_signs(spec, layer_signs(spec, options["negate_sigmoid"]))
    theta = layout.params_from_runs_first(spec, np.stack([net.theta for net in nets]) * signs)
    prog = Program(spec, layout, theta, np.empty_like(theta), X.shape[1], **options)
    x_ext = np.concatenate([X, np.ones(X.shape[:2] + (int(spec.bias),))], axis=-1)
    if options["shared_inputs"]:
        prog.x[...] = x_ext[0]
    else:
        layout.runs_first(prog.x)[...] = x_ext
    layout.runs_first(prog.y)[...] = Y
    return prog, signs


def gradient_theta(net, bwd):
    """Return ∂C/∂θ laid out as ``Network.theta``."""
    grad = Network(net.spec, np.zeros(net.spec.n_params))
    for n in range(1, net.spec.N + 1):
        grad.W[n][...] = bwd.dC_dW[n]
        if net.spec.bias:
            grad.b[n][...] = bwd.dC_db[n]
    return grad.theta


@settings(max_examples=200, deadline=None)
@given(cases())
def test_one_update_of_every_run_is_the_reference_backward_step(case):
    spec, layout, nets, X, Y, options = case  # noqa: N806
    prog, signs = build(*case)
    runs = layout.runs
    eta = np.linspace(0.3, 0.9, runs) if options["step_per_run"] else 0.7
    prog.set_step(eta)
    with np.errstate(over="ignore", invalid="ignore"):
        prog.run()
    etas = np.broadcast_to(eta, (runs,))
    theta_after = layout.params_runs_first(spec, prog.theta) * signs
    step = layout.params_runs_first(spec, prog.G) * signs  # η·∂C/∂θ of each run
    for r, net in enumerate(nets):
        fwd = net.forward(X[r])
        grad = gradient_theta(net, net.backward(fwd, Y[r]))
        scale = 1e-12 * max(1.0, np.abs(grad).max())
        assert np.allclose(layout.runs_first(prog.e)[r], fwd.yhat - Y[r], rtol=1e-12, atol=1e-14)
        for n in range(1, spec.N + 1):
            sums = layer_signs(spec, options["negate_sigmoid"])[n] * layout.runs_first(prog.z[n])[r]
            assert np.allclose(sums, fwd.z[n], rtol=1e-12, atol=1e-13)
            assert np.allclose(layout.runs_first(prog.a[n])[r], fwd.a[n], rtol=1e-12, atol=1e-14)
        assert np.allclose(step[r], etas[r] * grad, rtol=1e-10, atol=scale)
        assert np.allclose(theta_after[r], net.theta - etas[r] * grad, rtol=1e-10, atol=scale)


@pytest.mark.parametrize("runs_last", [False, True])
def test_the_misclassification_check_follows_the_class_rule(runs_last):
    spec = Spec((2, 3, 2), ("tanh", "sigmoid"), True, "half-sse", "mean")
    rng = np.random.default_rng(4)
    nets = [Network(spec, rng.normal(0, 2.0, spec.n_params)) for _ in range(20)]
    X, Y = rng.normal(size=(20, 2, 2)), np.eye(2)[rng.integers(0, 2, (20, 2))]  # noqa: N806
    layout = Layout(20, runs_last)
    prog, _ = build(spec, layout, nets, X, Y, {"shared_inputs": False, "step_on_delta": True,
                                              "step_per_run": False, "negate_sigmoid": True})
    check = prog.compile_check()
    layout.runs_first(prog.target)[...] = classes(Y)
    for f, args in prog.forward + check:
        f(*args)
    expected = [bool(np.any(classes(net.forward(X[r]).yhat) != classes(Y[r]))) for r, net in enumerate(nets)]
    assert list(~prog.all_right) == expected and any(expected) and not all(expected)


def test_the_layout_suits_the_products_to_the_runs_and_the_widths():
    narrow, wide = Spec((2, 2, 1)), Spec((2, 16, 16, 2), ("sigmoid",) * 3)
    assert isinstance(Layout.choose(narrow, 1).products(), DotProducts)
    assert isinstance(Layout.choose(wide, 1).products(), DotProducts)
    assert isinstance(Layout.choose(narrow, 1000).products(), EinsumProducts)
    assert isinstance(Layout.choose(wide, 200).products(), MatmulProducts)
    turned = Layout.choose(wide, 200, shared_inputs=True)
    assert turned.units_first == (False, False, True, False) and turned.by_output == (False, False, False, True)
    assert turned.first_by_sample and not Layout.choose(wide, 200).first_by_sample
    thetas = np.random.default_rng(0).normal(size=(200, wide.n_params))
    mem = turned.params_from_runs_first(wide, thetas)
    assert np.array_equal(turned.params_runs_first(wide, mem), thetas) and mem.shape == turned.params_shape(wide)
    for n in (1, 3):
        assert np.array_equal(turned.blocks(wide, mem)[n][7], Network(wide, thetas[7]).P[n])
    first = turned.first_block(wide, mem).reshape(3, 200, 17)
    assert np.array_equal(first[:, 7, :16], Network(wide, thetas[7]).P[1])  # each run's block, side by side
    for layout in (Layout(3, True), Layout(3, False)):
        values = np.arange(3 * 4 * 2.0).reshape(3, 4, 2)
        mem = layout.from_runs_first(values)
        assert np.array_equal(layout.runs_first(mem), values) and mem.flags.c_contiguous


@pytest.mark.parametrize("runs_last", [False, True])
def test_two_outputs_are_classed_as_argmax_classes_them_even_when_not_numbers(runs_last):
    spec = Spec((2, 2), ("linear",), False, "half-sse", "sum")
    values = [0.0, 1.0, 0.5, np.nan, -np.inf, np.inf]
    pairs = np.array([(u, v) for u in values for v in values])  # every pair as one run's two outputs, one sample
    nets = [Network(spec, np.zeros(spec.n_params)) for _ in pairs]
    X, Y = np.zeros((len(pairs), 1, 2)), np.zeros((len(pairs), 1, 2))  # noqa: N806
    layout = Layout(len(pairs), runs_last)
    prog, _ = build(spec, layout, nets, X, Y, {"shared_inputs": False, "step_on_delta": False,
                                              "step_per_run": False, "negate_sigmoid": False})
    check = prog.compile_check()
    layout.runs_first(prog.target)[...] = 1
    for f, args in prog.forward:
        f(*args)
    layout.runs_first(prog.a[-1])[:, 0] = pairs  # the outputs to class, in place of the forward pass's
    for f, args in check:
        f(*args)
    assert list(prog.all_right) == list(np.argmax(pairs, axis=1) == 1)


def test_the_einsum_of_the_products_sums_as_numpys_public_einsum_does():
    rng = np.random.default_rng(5)
    a, P, d = rng.normal(size=(4, 3, 50)), rng.normal(size=(4, 2, 50)), rng.normal(size=(2, 3, 50))  # noqa: N806
    for subscripts, x, y in (("jsr,jir->isr", a, P), ("jsr,isr->jir", a, d), ("isr,jir->jsr", d, P)):
        out = np.empty(np.einsum(subscripts, x, y).shape)
        einsum(subscripts, x, y, out=out)
        assert np.array_equal(out, np.einsum(subscripts, x, y))
