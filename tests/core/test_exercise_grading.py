"""Grading: the tolerance rule, and each usual slip recognised from an answer made independently with that slip."""

from decimal import Decimal

import numpy as np
import pytest

from xorgui.core.model.activations import sigmoid
from xorgui.core.model.data import make_dataset
from xorgui.core.model.network import Network, Spec
from xorgui.core.walkthrough.grading import accepts, grade, parse_answer
from xorgui.core.walkthrough.quantity import Quantity, pick, quantities, question, value
from xorgui.core.walkthrough.walk import walk

DATA = make_dataset("xor")
ETA = 0.5


def _net(cost="half-sse", dims=(2, 3, 2, 1), reduction="mean", seed=3):
    spec = Spec(dims, ("sigmoid",) * (len(dims) - 1), True, cost, reduction)
    return Network(spec, np.random.default_rng(seed).normal(0, 1, spec.n_params))


def _typed(x):
    return f"{x:.6g}"


def _check(w, q, answer, kind):
    assert not accepts(parse_answer(_typed(answer)), value(w, q)), "the slip must give a distinct number"
    g = grade(w, q, _typed(answer))
    assert not g.right and g.slips and g.slips[0].kind == kind, g.message
    assert g.slips[0].name in g.message and "The correct step:" in g.message
    assert g.steps and all(line in g.message for line in g.steps)


def _sample(net, r=1):
    X, Y = DATA.X[r:r + 1], DATA.Y[r:r + 1]  # noqa: N806
    return X, Y, net.forward(X)


def _dsig(z):
    return sigmoid(z) * (1 - sigmoid(z))


def test_g_prime_left_out_of_an_output_and_a_hidden_delta_is_recognised():
    net = _net()
    _, Y, fwd = _sample(net)
    w = walk(net, DATA, 1, ETA)
    _check(w, Quantity("delta", 3, 0), (fwd.yhat - Y)[0, 0], "no_g_prime")
    delta3 = (fwd.yhat - Y)[0] * _dsig(fwd.z[3][0])
    _check(w, Quantity("delta", 2, 1), net.W[3][0, 1] * delta3[0], "no_g_prime")


def test_a_used_for_z_and_z_used_for_a_are_recognised():
    net = _net()
    _, _, fwd = _sample(net)
    w = walk(net, DATA, 1, ETA)
    _check(w, Quantity("z", 1, 2), fwd.a[1][0, 2], "a_for_z")
    _check(w, Quantity("a", 2, 0), fwd.z[2][0, 0], "z_for_a")
    # z(2) summed from the sums of layer 1 rather than their activations
    _check(w, Quantity("z", 2, 1), net.W[2][1] @ fwd.z[1][0] + net.b[2][1], "z_for_a")


def test_the_sign_of_the_error_flipped_is_recognised():
    net = _net()
    _, Y, fwd = _sample(net)
    w = walk(net, DATA, 1, ETA)
    _check(w, Quantity("delta", 3, 0), ((Y - fwd.yhat) * _dsig(fwd.z[3]))[0, 0], "error_sign")


@pytest.mark.parametrize("cost, factor", [("half-sse", 2.0), ("sse", 0.5)])
def test_the_factor_2_of_sse_against_half_sse_is_recognised(cost, factor):
    net = _net(cost)
    X, Y, fwd = _sample(net)
    w = walk(net, DATA, 1, ETA)
    true_grad = net.backward(fwd, Y).dC_dW[3][0, 1]
    _check(w, Quantity("dw", 3, 0, 1), factor * true_grad, "sse_factor")
    _check(w, Quantity("cost"), factor * net.loss(X, Y), "sse_factor")


def test_one_path_instead_of_the_sum_over_paths_is_recognised():
    net, one_hot = _net(dims=(2, 2, 3, 2)), make_dataset("xor", 2)
    Y, fwd = one_hot.Y[1:2], net.forward(one_hot.X[1:2])  # noqa: N806
    w = walk(net, one_hot, 1, ETA)
    gp = [None] + [_dsig(fwd.z[n][0]) for n in (1, 2, 3)]
    # the path C → z(3)_1 → z(2)_2 → z(1)_0, as a learner multiplies it out
    path = (fwd.yhat[0, 1] - Y[0, 1]) * gp[3][1] * net.W[3][1, 2] * gp[2][2] * net.W[2][2, 0] * gp[1][0]
    assert net.spec.dims[2] * net.spec.dims[3] == 6  # six paths reach z(1)_0
    _check(w, Quantity("delta", 1, 0), path, "one_path")
    _check(w, Quantity("dw", 1, 0, 1), path * fwd.a[0][0, 1], "one_path")


@pytest.mark.parametrize("reduction, factor", [("mean", 4.0), ("sum", 0.25)])
def test_the_1_over_m_of_a_mean_left_out_or_added_is_recognised(reduction, factor):
    net = _net(reduction=reduction)
    w = walk(net, DATA, None, ETA)
    bwd = net.backward(net.forward(DATA.X), DATA.Y)
    _check(w, Quantity("dw", 2, 1, 0), factor * bwd.dC_dW[2][1, 0], "mean_factor")
    _check(w, Quantity("db", 1, 2), factor * bwd.dC_db[1][2], "mean_factor")
    _check(w, Quantity("cost"), factor * net.loss(DATA.X, DATA.Y), "mean_factor")


def test_the_update_s_sign_is_recognised():
    net = _net()
    _, Y, fwd = _sample(net)
    w = walk(net, DATA, 1, ETA)
    g = net.backward(fwd, Y).dC_dW[2][0, 1]
    _check(w, Quantity("w_new", 2, 0, 1), net.W[2][0, 1] + ETA * g, "update_sign")


def test_a_right_answer_typed_to_fewer_digits_is_accepted():
    w = walk(_net(), DATA, None, ETA)
    for q in quantities(w):
        v = value(w, q)
        for digits in (1, 2, 4):
            g = grade(w, q, f"{v:.{digits}f}")
            assert g.right and g.message.startswith("Right") and not g.slips, (q, v, digits)
        assert grade(w, q, f"{v:.3e}").right


def test_the_tolerance_is_half_a_unit_in_the_last_typed_digit_or_relative_1e_3():
    assert accepts(Decimal("0.59"), 0.5933) == "digits"
    assert accepts(Decimal("0.6"), 0.5933) == "digits"
    assert accepts(Decimal("0.58"), 0.5933) is None
    assert accepts(Decimal("0.5935"), 0.5933) == "relative"  # off by 2 in the 4th decimal: within 1e-3
    assert accepts(Decimal("0.59"), 0.595) == "digits"  # exactly half a unit away, in decimal arithmetic
    assert accepts(Decimal("0.59"), 0.5951) is None
    assert accepts(Decimal("0.5"), float("nan")) is None
    assert [parse_answer(t) for t in ("−0.5", "0,5", ".5", "5e-1", " -0.50 ")] == [
        Decimal("-0.5"), Decimal("0.5"), Decimal("0.5"), Decimal("0.5"), Decimal("-0.50")]
    for bad in ("abc", "1/2", "nan", "inf", ""):
        with pytest.raises(ValueError):
            parse_answer(bad)


def test_a_wrong_answer_that_matches_no_slip_says_so():
    w = walk(_net(), DATA, 1, ETA)
    g = grade(w, Quantity("delta", 1, 0), "123.4")
    assert not g.right and g.slips == ()
    assert "matches none of the usual slips" in g.message and "The correct step:" in g.message


def test_a_quantity_is_picked_at_random_the_same_way_for_the_same_seed():
    w = walk(_net(), DATA, None, ETA)
    picks = [pick(w, seed) for seed in range(40)]
    assert picks == [pick(w, seed) for seed in range(40)]
    assert {q.kind for q in picks} >= {"z", "a", "delta", "dw", "w_new"}
    assert all(pick(w, s, ("cost",)).kind == "cost" for s in range(3))
    assert question(w, Quantity("z", 1, 0, 0, 2)) == "z(1)_0 for sample x = (1, 0), y = (1)"
    with pytest.raises(ValueError):
        Quantity("zz")


def test_g_prime_multiplied_in_with_cross_entropy_and_eta_left_out_are_recognised():
    spec = Spec((2, 2, 1), ("sigmoid", "sigmoid"), True, "cross-entropy")
    net = Network(spec, np.random.default_rng(8).normal(0, 1, spec.n_params))
    _, Y, fwd = _sample(net)
    w = walk(net, DATA, 1, ETA)
    _check(w, Quantity("delta", 2, 0), ((fwd.yhat - Y) * _dsig(fwd.z[2]))[0, 0], "g_prime_added")
    g = net.backward(fwd, Y).dC_db[1][1]
    _check(w, Quantity("b_new", 1, 1), net.b[1][1] - g, "no_eta")


@pytest.mark.parametrize("typed", ["1e999999999", "-1e1000000", "1e-999999999", "1_000", "0x10"])
def test_an_answer_beyond_any_double_or_written_as_no_person_writes_numbers_is_refused(typed):
    with pytest.raises(ValueError, match=f"'{typed}' is not a number"):
        parse_answer(typed)
