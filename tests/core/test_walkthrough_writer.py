import numpy as np
import pytest

from xorgui.core.explanation.explain import explain
from xorgui.core.model.data import Dataset, make_dataset
from xorgui.core.model.network import Network, Spec
from xorgui.core.model.notation import num
from xorgui.core.model.params import all_params
from xorgui.core.walkthrough.walk import walk
from xorgui.core.walkthrough.writer import sections, to_markdown, to_text

RNG = np.random.default_rng(11)
CASES = [
    (Spec((2, 2, 1), ("sigmoid", "sigmoid"), True, "sse"), make_dataset("xor")),
    (Spec((2, 3, 2), ("tanh", "softmax"), True, "cross-entropy"), make_dataset("xor", 2)),
    (Spec((3, 2, 2, 2), ("tanh", "relu", "linear"), False, "mse", "sum"),
     Dataset("mine", RNG.normal(0, 1, (3, 3)), RNG.normal(0, 1, (3, 2)))),
]


def _lines(w, title):
    return next(s.lines for s in sections(w) if s.title.startswith(title))


def _last_number(line):
    return line.rsplit("= ", 1)[1].split()[0]


@pytest.mark.parametrize("spec, data", CASES)
@pytest.mark.parametrize("sample", [None, 1])
def test_every_value_written_is_the_one_explain_prints(spec, data, sample):
    net = Network(spec, RNG.normal(0, 1, spec.n_params))
    w = walk(net, data, sample, 0.25)
    rows = range(len(w.rows))
    for ref in all_params(spec):
        ex = explain(net, data, ref, sample, cap=0, learning_rate=0.25)
        name = ref.label
        if ref.kind == "z":
            forward = [ln for ln in _lines(w, f"Forward, layer {ref.n}") if ln.strip().startswith(f"{name} =")]
            assert [_last_number(ln) for ln in forward] == [num(ex.fwd.z[ref.n][r, ref.i]) for r in rows]
            delta = f"δ({ref.n})_{ref.i} ="
            deltas = [ln for ln in _lines(w, f"Backward, layer {ref.n}") if ln.strip().startswith(delta)]
            assert [_last_number(ln) for ln in deltas] == [num(ex.delta.delta[r]) for r in rows]
            continue
        grads = [ln for ln in _lines(w, f"Gradients, layer {ref.n}") if f"∂C/∂{name} =" in ln]
        assert _last_number(grads[-1]) == num(ex.gradient)
        if sample is None:
            assert [_last_number(ln) for ln in grads[:-1]] == [num(v) for v in ex.per_sample]
        update = [ln for ln in _lines(w, f"Update, layer {ref.n}") if ln.startswith(f"{name} ←")]
        assert len(update) == 1 and _last_number(update[0]) == num(ex.new_value)
        assert f"{name} = {num(ex.value)}" in _lines(w, "Parameters")


def test_markdown_and_text_hold_the_same_lines_under_the_same_headings():
    spec, data = CASES[0]
    w = walk(Network(spec, RNG.normal(0, 1, spec.n_params)), data, None, 1.0)
    md, text = to_markdown(w), to_text(w)
    for s in sections(w):
        assert f"## {s.title}\n\n```text\n" + "\n".join(s.lines) + "\n```" in md
        assert s.title + "\n" + "\n".join(f"  {line}" for line in s.lines) in text
    assert md.startswith("# One update of [2, 2, 1], step by step")
    assert md.count("```") % 2 == 0
    assert to_markdown(w, level=2).startswith("## One update") and "\n### Cost\n" in to_markdown(w, level=2)


def test_a_batch_writes_each_sample_then_the_reduction_with_the_samples_count():
    spec, data = CASES[0]
    w = walk(Network(spec, RNG.normal(0, 1, spec.n_params)), data, None, 1.0)
    cost = _lines(w, "Cost")
    assert sum(line.startswith("sample x = ") for line in cost) == 4
    assert cost[-1].startswith("C = mean of the 4 samples' C = (") and _last_number(cost[-1]) == num(w.cost.value)
    grads = [ln for ln in _lines(w, "Gradients, layer 1") if "∂C/∂w(1)_01 =" in ln]
    assert len(grads) == 5 and grads[-1].startswith("∂C/∂w(1)_01 = mean over the 4 samples = (")


def test_the_parameters_alone_are_the_first_section_and_do_not_grow_with_the_samples():
    from xorgui.core.walkthrough.writer import parameters

    spec = Spec((2, 2, 1), ("sigmoid", "sigmoid"))
    net = Network(spec, RNG.normal(0, 1, spec.n_params))
    few = walk(net, make_dataset("xor"), None, 1.0)
    many = walk(net, Dataset("many", RNG.random((500, 2)), RNG.random((500, 1))), None, 1.0)
    assert parameters(few) == sections(few)[0] == parameters(many) == sections(many)[0]
    assert len(parameters(many).lines) == spec.n_params
