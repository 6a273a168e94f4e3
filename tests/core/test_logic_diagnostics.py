import numpy as np

from xorgui.core.build import network_from_arrays
from xorgui.core.data import make_dataset
from xorgui.core.diagnostics import diagnose
from xorgui.core.logic import BOOLEAN_NAMES, logic_of, unit_logic
from xorgui.core.network import Spec
from xorgui.core.presets import get_preset


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
