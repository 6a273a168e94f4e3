import numpy as np
import pytest

from xorgui.core.explanation.diagnostics import diagnose, verdict
from xorgui.core.explanation.logic import BOOLEAN_NAMES, INFINITE, NOT_A_NUMBER, brief, logic_of, unit_logic
from xorgui.core.model.build import network_from_arrays
from xorgui.core.model.data import make_dataset
from xorgui.core.model.network import Spec
from xorgui.core.model.notation import num
from xorgui.core.session.derived import network_verdict
from xorgui.core.session.snapshot import take_snapshot
from xorgui.core.training.config import TrainConfig
from xorgui.core.training.presets import get_preset
from xorgui.core.training.setup import Setup


def test_all_sixteen_functions_have_distinct_names():
    assert len(BOOLEAN_NAMES) == 16 and len(set(BOOLEAN_NAMES.values())) == 16


def test_hand_built_and_or_units_are_named_with_their_margins():
    # h0 = σ(20 x1 + 20 x2 − 30) is AND, h1 = σ(20 x1 + 20 x2 − 10) is OR, ŷ = σ(−20 h0 + 20 h1 − 10)
    spec = Spec((2, 2, 1))
    net = network_from_arrays(spec, [[[20, 20], [20, 20]], [[-20, 20]]], [[-30, -10], [-10]])
    units = unit_logic(net)
    h0, h1, out = logic_of(units, 1, 0), logic_of(units, 1, 1), logic_of(units, 2, 0)
    assert (h0.name, h1.name, out.name) == ("AND", "OR", "XOR")
    sig = lambda v: 1 / (1 + np.exp(-v))  # noqa: E731
    assert h0.margin == np.min(np.abs(sig(np.array([-30, -10, -10, 10])) - 0.5))
    assert h0.bits == (0, 0, 0, 1) and h1.outputs[0] == sig(-10)


def test_a_trained_xor_network_forms_xor_at_the_output():
    t = get_preset("bias-2-2-1").setup.trainer()
    t.run(10**6)
    units = unit_logic(t.net)
    assert logic_of(units, 2, 0).name == "XOR"
    assert {logic_of(units, 1, k).name for k in (0, 1)} == {"AND", "OR"}


def test_tanh_units_threshold_at_zero():
    spec = Spec((2, 1), ("tanh",))
    net = network_from_arrays(spec, [[[1.0, 1.0]]], [[-0.5]])
    assert unit_logic(net)[0].name == "OR"  # tanh(−0.5) < 0, tanh(0.5) > 0


def test_saturated_sigmoids_and_dead_relus_are_flagged_and_healthy_ones_not():
    X = make_dataset("xor").X  # noqa: N806
    spec = Spec((2, 3, 1), ("relu", "sigmoid"))
    # h0 dead (z = −x1 − x2 − 1 < 0), h1 alive, h2 alive; output saturated (z ≈ 40 everywhere)
    net = network_from_arrays(spec, [[[-1, -1], [1, 1], [0.5, -0.5]], [[0.0, 0.0, 0.0]]], [[-1, 0.1, 0.2], [40.0]])
    found = {(f.n, f.i, f.kind) for f in diagnose(net, X)}
    assert found == {(1, 0, "dead"), (2, 0, "saturated")}
    text = " ".join(f.reason for f in diagnose(net, X))
    assert "never change" in text and "barely move" in text


def test_a_fresh_network_has_no_findings():
    net = get_preset("bias-2-2-1").setup.network()
    assert diagnose(net, make_dataset("xor").X) == []


def sigmoid(v):
    with np.errstate(over="ignore"):  # e^50000 is inf, and 1 / inf = 0 is the limit
        return 1 / (1 + np.exp(-np.asarray(v, dtype=float)))


@pytest.mark.parametrize("w,b,name", [
    ([20, -20], -10, "x_0 ∧ ¬x_1"), ([-20, 20], -10, "¬x_0 ∧ x_1"), ([20, 0], -10, "x_0"), ([0, -20], 10, "¬x_1"),
    ([20, -20], 10, "x_0 ∨ ¬x_1"),
])
def test_inputs_are_named_x_0_and_x_1_counted_from_zero(w, b, name):
    net = network_from_arrays(Spec((2, 1), ("sigmoid",)), [[w]], [[b]])
    unit = unit_logic(net)[0]
    # the corners in order (0, 0), (0, 1), (1, 0), (1, 1): x_0 first
    expected = sigmoid([b, w[1] + b, w[0] + b, w[0] + w[1] + b])
    assert unit.outputs == pytest.approx(tuple(expected), rel=1e-12) and unit.name == name


def test_a_unit_whose_outputs_are_not_numbers_says_so_instead_of_a_function():
    net = network_from_arrays(Spec((2, 2, 1)), [[[np.nan, 1], [1, 1]], [[1, 1]]], [[0, 0], [0]])
    units = unit_logic(net)
    h0, h1, out = logic_of(units, 1, 0), logic_of(units, 1, 1), logic_of(units, 2, 0)
    assert not h0.finite and h0.summary == NOT_A_NUMBER and np.isnan(h0.margin)
    assert "FALSE" not in h0.summary and "±" not in h0.summary
    assert h1.finite and h1.summary == f"{h1.name} {h1.margin_text}" and not out.finite


def test_an_infinite_output_is_called_infinite():
    net = network_from_arrays(Spec((2, 1), ("linear",)), [[[1e308, 1e308]]], [[0.0]])
    unit = unit_logic(net)[0]
    assert unit.outputs[3] == np.inf and unit.summary == INFINITE


def test_a_huge_margin_is_written_in_a_few_characters():
    net = network_from_arrays(Spec((2, 1), ("linear",)), [[[1e150, 1e150]]], [[1.0]])
    unit = unit_logic(net)[0]
    assert unit.margin == pytest.approx(0.5)  # 1 − 0.5 at (0, 0)
    net = network_from_arrays(Spec((2, 1), ("linear",)), [[[1e150, 1e150]]], [[1e150]])
    unit = unit_logic(net)[0]
    assert unit.margin == pytest.approx(1e150 - 0.5)
    assert len(unit.margin_text) <= 8 and float(unit.margin_text[1:]) == pytest.approx(1e150, rel=0.05)
    assert brief(0.19280593) == "0.19" and brief(-3.14159e-7, 3) == "-3.14e-07"
    assert brief(np.nan) == num(np.nan) and brief(-np.inf) == num(-np.inf)


def trained(lr, epochs, spec=None):
    setup = Setup(spec=spec or Spec())
    t = setup.with_(config=TrainConfig(learning_rate=lr)).trainer()
    t.run(epochs)
    return take_snapshot(t)


def test_a_huge_learning_rate_that_saturates_the_output_gets_a_verdict():
    snap = trained(1e6, 50)
    # the facts the verdict states, computed here: σ′(z) = σ(z)(1 − σ(z)) of the output on every sample
    s = sigmoid(snap.z[2])
    wrong = (snap.a[2][:, 0] >= 0.5) != (snap.data.Y[:, 0] >= 0.5)
    assert np.all(s * (1 - s) < 0.01 * 0.25) and wrong.sum() == 2 and snap.loss == pytest.approx(0.25)
    text = network_verdict(snap)
    assert "saturated on every sample" in text and "2 of 4 samples are misclassified" in text
    assert "η = 1000000 is too large: lower η, then Reset." in text


def test_a_network_without_a_hidden_layer_stalls_and_is_told_to_add_one():
    snap = trained(1.0, 5000, Spec((2, 1), ("sigmoid",)))
    grads = np.concatenate([snap.dC_dW[1].ravel(), snap.dC_db[1].ravel()])
    assert np.max(np.abs(grads)) < 1e-6 and snap.error_rate > 0
    text = network_verdict(snap)
    assert "every gradient is under 1e-06" in text and "add a hidden layer" in text


def test_healthy_networks_get_no_verdict():
    assert network_verdict(trained(1.0, 0)) is None  # fresh, gradients alive
    assert network_verdict(trained(1.0, 5000)) is None  # trained: every sample right
    assert network_verdict(trained(1.0, 0, Spec((2, 1), ("sigmoid",)))) is None  # not yet stalled


def test_values_that_are_not_numbers_are_a_divergence():
    Y = np.array([[0.0], [1.0]])  # noqa: N806
    z = [None, np.array([[np.nan], [1.0]])]
    text = verdict(("sigmoid",), z, np.array([[np.nan], [0.7]]), Y, [np.array([[np.nan, 0.0]])], np.nan, 0.5)
    assert text.startswith("Training diverged") and "Lower η, then Reset." in text
    text = verdict(("sigmoid",), [None, np.array([[0.0], [1.0]])], np.array([[0.5], [0.7]]), Y,
                   [np.array([[np.inf, 0.0]])], 0.1, 0.5)
    assert text.startswith("Training diverged")


def test_the_verdict_copes_with_a_single_sample_and_empty_gradients():
    Y = np.array([[1.0]])  # noqa: N806
    z = [None, np.array([[-50.0]])]
    text = verdict(("sigmoid",), z, sigmoid(z[1]), Y, [np.zeros((1, 2)), np.zeros(0)], 0.5, 0.1)
    assert "1 of 1 samples" in text and "Reset to start from other weights" in text
