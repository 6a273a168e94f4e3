import json
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from xorgui.core.explanation.explain import explain
from xorgui.core.explanation.worked import fd_check_text, num, point, sample_label, to_json, to_text
from xorgui.core.files.export import to_markdown
from xorgui.core.model.costs import COSTS
from xorgui.core.model.data import make_dataset
from xorgui.core.model.network import Network, Spec
from xorgui.core.model.notation import input_label
from xorgui.core.model.params import ParamRef, all_params, subscript


@pytest.mark.parametrize("value,text", [(float("nan"), "NaN"), (float("inf"), "∞"), (float("-inf"), "−∞"),
                                        (np.float64("nan"), "NaN"), (10**400, "∞"), (-(10**400), "−∞"),
                                        (1e308, "1e+308"), (-1.7976931348623157e308, "-1.7976931e+308"),
                                        (0.1 + 0.2, "0.3"), (0.0, "0"), (-0.0, "0"), (1.0, "1")])
def test_num_writes_eight_significant_digits_and_words_for_what_is_not_finite(value, text):
    assert num(value) == text


@settings(max_examples=200)
@given(st.floats(allow_nan=True, allow_infinity=True))
def test_num_never_prints_more_than_a_float_needs_nor_nan_or_inf(x):
    text = num(x)
    assert "nan" not in text and "inf" not in text and len(text) <= 15
    if math.isfinite(x):
        assert float(text) == pytest.approx(x, rel=1e-7, abs=0)


def test_samples_are_written_the_same_way_everywhere():
    assert point([0.0, 1.0]) == "(0, 1)" and input_label(0) == "x_0" and input_label(1) == "x_1"
    assert sample_label(np.array([1.0, 0.0]), np.array([1.0])) == "x = (1, 0), y = (1)"
    assert point([0.123456789, float("nan")], digits=3) == "(0.123, NaN)"


def test_every_cost_is_written_with_c_and_the_prediction_first():
    assert COSTS["sse"].label == "C = Σ (ŷ − y)²"
    for cost in COSTS.values():
        assert cost.label.startswith("C = ") and "(y − ŷ)" not in cost.label


def test_a_subscript_reads_one_way_only():
    assert subscript(0, 1) == "01" and subscript(10, 1) == "10,1" and subscript(1, 10) == "1,10"
    assert subscript("k", 3) == "k3" and subscript("k", 12) == "k,12"
    labels = [ref.label for ref in all_params(Spec((12, 12, 1))) if ref.kind == "w"]
    assert len(labels) == len(set(labels)) == 12 * 12 + 12
    assert ParamRef("w", 1, 10, 1).label == "w(1)_10,1" and ParamRef("w", 1, 1, 10).label == "w(1)_1,10"


def _diverged():
    spec = Spec((2, 2, 1), ("sigmoid", "linear"))
    theta = np.full(spec.n_params, 1e300)
    theta[-1] = np.nan
    return Network(spec, theta)


def test_an_explanation_of_a_diverged_network_says_so_in_words_and_its_json_stays_valid():
    ex = explain(_diverged(), make_dataset("xor"), ParamRef("w", 1, 0, 1), sample=1)
    assert not math.isfinite(ex.gradient)
    text = to_text(ex)
    assert "cannot check: the values are not finite numbers (training diverged)" in text
    assert "relative error" not in text and "nan" not in text and "inf" not in text
    assert "some values are not finite numbers (NaN, ∞): training diverged" in text
    assert fd_check_text(ex) in to_markdown(ex)
    doc = json.loads(json.dumps(to_json(ex), allow_nan=False))
    assert doc["gradient"] is None and doc["finite_difference"] is None and doc["relative_error"] is None
    assert doc["forward"][2]["a"] == [None]


def test_a_finite_explanation_keeps_its_numbers_in_json_and_text():
    spec = Spec((2, 2, 1))
    net = Network(spec, np.random.default_rng(1).normal(size=spec.n_params))
    ex = explain(net, make_dataset("xor"), ParamRef("w", 2, 0, 1), sample=None)
    doc = to_json(ex)
    assert doc["gradient"] == ex.gradient and doc["relative_error"] == ex.rel_error
    assert f"{num(ex.finite_difference)}, relative error {ex.rel_error:.1e}" in to_text(ex)
    assert "sample (0, 1): " in to_text(ex)


def test_the_delta_recursion_of_a_wide_layer_writes_unambiguous_subscripts():
    spec = Spec((2, 12, 12, 1), ("sigmoid",) * 3)
    net = Network(spec, np.random.default_rng(2).normal(size=spec.n_params))
    text = to_text(explain(net, make_dataset("xor"), ParamRef("z", 1, 11), sample=0))
    assert "Σ_k w(2)_k,11 · δ(2)_k" in text and "w(2)_k11" not in text
