import math

import numpy as np
import pytest

from xorgui.core.model.activations import ACTIVATIONS, get_activation, sigmoid
from xorgui.core.model.costs import COSTS, cost_from_logits, get_cost


def test_sigmoid_is_exact_and_silent_for_huge_arguments():
    z = np.array([-1000.0, -700.0, -30.0, 0.0, 30.0, 1000.0])
    expected = [1 / (1 + math.exp(-v)) if v > -709 else 0.0 for v in z]
    assert np.allclose(sigmoid(z), expected, rtol=1e-14, atol=0)
    assert sigmoid(np.array([-1000.0]))[0] == 0.0 and sigmoid(np.array([1000.0]))[0] == 1.0


@pytest.mark.parametrize("name", ["sigmoid", "tanh", "relu", "linear"])
def test_derivatives_match_finite_differences(name):
    act = get_activation(name)
    z = np.array([-3.1, -0.7, 0.2, 1.3, 4.2])
    h = 1e-6
    assert np.allclose(act.derivative(z), (act(z + h) - act(z - h)) / (2 * h), rtol=1e-8, atol=1e-10)


def test_softmax_rows_sum_to_one_without_overflow():
    p = get_activation("softmax")(np.array([[1000.0, 0.0, -1000.0], [1.0, 2.0, 3.0]]))
    assert np.allclose(p.sum(axis=1), 1.0)
    assert p[0, 0] == 1.0 and np.allclose(p[1], np.exp([1, 2, 3]) / np.exp([1, 2, 3]).sum())


def test_unknown_names_are_rejected_with_the_known_ones():
    with pytest.raises(ValueError, match="known: sigmoid"):
        get_activation("swish")
    with pytest.raises(ValueError, match="half-sse"):
        get_cost("hinge")
    assert set(ACTIVATIONS) >= {"sigmoid", "tanh", "relu", "linear"}


@pytest.mark.parametrize("name", ["half-sse", "sse", "mse"])
def test_squared_error_costs_and_their_derivatives(name):
    yhat, y = np.array([[0.2, 0.9, 0.4]]), np.array([[0.0, 1.0, 1.0]])
    sq = ((yhat - y) ** 2).sum()
    expected = {"half-sse": 0.5 * sq, "sse": sq, "mse": sq / 3}[name]
    cost = COSTS[name]
    assert cost.per_sample(yhat - y, y)[0] == pytest.approx(expected, rel=1e-14)
    h = 1e-6
    for i in range(3):
        bump = np.zeros_like(yhat)
        bump[0, i] = h
        fd = (cost.per_sample(yhat + bump - y, y) - cost.per_sample(yhat - bump - y, y))[0] / (2 * h)
        assert cost.dC_dyhat(yhat, y)[0, i] == pytest.approx(fd, rel=1e-7)


def test_cross_entropy_from_errors_and_from_logits_agree_with_the_formula():
    z = np.array([[-2.0], [0.5], [3.0]])
    y = np.array([[0.0], [1.0], [1.0]])
    p = 1 / (1 + np.exp(-z))
    expected = -(y * np.log(p) + (1 - y) * np.log(1 - p))[:, 0]
    cost = get_cost("cross-entropy")
    assert np.allclose(cost.per_sample(p - y, y), expected, rtol=1e-12)
    assert np.allclose(cost_from_logits(cost, z, p, y, softmax=False), expected, rtol=1e-12)


def test_cross_entropy_of_a_confident_right_answer_is_tiny_not_zero():
    cost = get_cost("cross-entropy")
    z = np.array([[40.0]])
    value = cost_from_logits(cost, z, sigmoid(z), np.array([[1.0]]), softmax=False)[0]
    assert 0 < value == pytest.approx(math.exp(-40), rel=1e-12)
