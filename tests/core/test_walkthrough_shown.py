"""What a phase shows on the graph: the numbers of the walkthrough, for what the phase lights, and nothing else."""

import pytest

from xorgui.core.model.build import init_network
from xorgui.core.model.data import make_dataset
from xorgui.core.model.network import Spec, default_activations
from xorgui.core.model.notation import num
from xorgui.core.model.params import all_params, parse_param
from xorgui.core.walkthrough.phases import edge_rows
from xorgui.core.walkthrough.shown import item_text, neuron_text, phase_param, short
from xorgui.core.walkthrough.walk import walk


@pytest.mark.parametrize("sample", [None, 2])
@pytest.mark.parametrize("cost", ["half-sse", "sse", "cross-entropy"])
def test_each_phase_shows_its_own_values_and_only_for_what_it_lights(sample, cost):
    spec = Spec((2, 3, 2, 1), default_activations(3), cost=cost)
    net = init_network(spec, 4, "uniform01")
    w = walk(net, make_dataset("xor"), sample, 0.5)
    names = [p.name for p in all_params(spec)]
    for phase in w.phases:
        lights = phase.lights
        assert parse_param(phase_param(phase), spec).n in {n for n, _ in lights.neurons}
        for n, i in lights.neurons:
            assert neuron_text(w, phase, n, i, 0)
        lit_weights = {name for name in names if name[0] == "w" and parse_param(name).n in lights.weight_layers}
        for name in names:
            ref = parse_param(name)
            lit = name in lit_weights or ((ref.n, ref.i) in lights.neurons and ref.kind in "zb")
            assert bool(item_text(w, phase, name, 0)) == lit, (phase, name)
    f = w.forward(2)
    assert neuron_text(w, f, 2, 1, 0).splitlines() == [f"z = Σ w·a + b = {short(f.z[0, 1])}",
                                                        f"a = σ(z) = {short(f.a[0, 1])}"]
    assert item_text(w, w.update(1), "w:1:2:0", 0).endswith(f"= {num(w.update(1).new_W[2, 0])}")
    assert item_text(w, w.gradient(3), "b:3:0", 0).endswith(f"= {num(w.gradient(3).dC_db[0])}")
    assert len(edge_rows(spec.dims, w.backward(1).lights.weight_layers)) == 6  # w(2) carries δ(2) back to layer 1
