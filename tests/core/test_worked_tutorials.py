"""Two published-style worked examples, typed in from their own numbers and checked digit by digit.

Each is computed twice: by the core (forward pass, cost, backprop, the
explanation, one Step of the trainer) and here, independently, with plain
NumPy written the way a tutorial writes it out (no xorgui code), and the
gradients against central finite differences of that independent cost.
"""

import numpy as np
import pytest

from xorgui.cli import main
from xorgui.core.explanation.explain import explain
from xorgui.core.explanation.worked import num, to_json, to_text
from xorgui.core.files.modelfile import save_model
from xorgui.core.model.build import network_from_arrays
from xorgui.core.model.datacheck import custom_data
from xorgui.core.model.network import Spec
from xorgui.core.model.params import all_params, parse_param
from xorgui.core.session.command import Load, Step
from xorgui.core.session.session import Session
from xorgui.core.training.config import TrainConfig
from xorgui.core.training.setup import Setup


def _sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


class Tutorial:
    """A network given by its numbers, and an independent forward pass, cost and chain rule for it."""

    def __init__(self, W1, b1, W2, b2, X, T, hidden, output, cost, reduction, eta):  # noqa: N803
        self.W1, self.b1, self.W2, self.b2 = (np.array(v, dtype=float) for v in (W1, b1, W2, b2))
        self.X, self.T = np.array(X, dtype=float), np.array(T, dtype=float)
        self.hidden, self.output, self.cost, self.reduction, self.eta = hidden, output, cost, reduction, eta

    def params(self):
        return [self.W1, self.b1, self.W2, self.b2]

    @staticmethod
    def g(name, z):
        return {"sigmoid": _sigmoid, "tanh": np.tanh, "linear": lambda v: v}[name](z)

    @staticmethod
    def g_prime(name, a):  # from the activation, as tutorials write it
        return {"sigmoid": a * (1.0 - a), "tanh": 1.0 - a * a, "linear": np.ones_like(a)}[name]

    def forward(self, W1, b1, W2, b2):  # noqa: N803
        rows = []
        for x in self.X:
            z1 = np.array([sum(W1[i, j] * x[j] for j in range(len(x))) + b1[i] for i in range(len(b1))])
            h = self.g(self.hidden, z1)
            z2 = np.array([sum(W2[k, i] * h[i] for i in range(len(h))) + b2[k] for k in range(len(b2))])
            rows.append((z1, h, z2, self.g(self.output, z2)))
        return rows

    def total(self, W1, b1, W2, b2):  # noqa: N803
        per = []
        for (_, _, _, o), t in zip(self.forward(W1, b1, W2, b2), self.T):
            sq = [(t[k] - o[k]) ** 2 for k in range(len(t))]
            per.append({"half-sse": 0.5 * sum(sq), "sse": sum(sq), "mse": sum(sq) / len(sq)}[self.cost])
        return sum(per) / (len(per) if self.reduction == "mean" else 1)

    def gradients(self):
        """∂C/∂ of each parameter by the chain rule, one sample at a time, then reduced."""
        grads = [np.zeros_like(p) for p in self.params()]
        k = {"half-sse": 1.0, "sse": 2.0, "mse": 2.0 / self.T.shape[1]}[self.cost]
        for (_, h, _, o), x, t in zip(self.forward(*self.params()), self.X, self.T):
            d2 = k * (o - t) * self.g_prime(self.output, o)  # ∂C/∂z(2)
            d1 = self.g_prime(self.hidden, h) * np.array([sum(self.W2[m, i] * d2[m] for m in range(len(d2)))
                                                         for i in range(len(h))])  # ∂C/∂z(1)
            grads[0] += np.outer(d1, x)
            grads[1] += d1
            grads[2] += np.outer(d2, h)
            grads[3] += d2
        scale = 1.0 / len(self.X) if self.reduction == "mean" else 1.0
        return [g * scale for g in grads]

    def finite_differences(self, h=1e-6):
        out = []
        for p_no, p in enumerate(self.params()):
            fd = np.zeros_like(p)
            for idx in np.ndindex(p.shape):
                plus = [q.copy() for q in self.params()]
                minus = [q.copy() for q in self.params()]
                plus[p_no][idx] += h
                minus[p_no][idx] -= h
                fd[idx] = (self.total(*plus) - self.total(*minus)) / (2 * h)
            out.append(fd)
        return out

    def setup_and_net(self):
        spec = Spec((self.X.shape[1], len(self.b1), len(self.b2)), (self.hidden, self.output), True, self.cost,
                    self.reduction)
        setup = Setup(spec=spec, config=TrainConfig(learning_rate=self.eta, epochs=1, mode="batch"),
                      custom=custom_data(self.X, self.T, "tutorial"))
        return setup, network_from_arrays(spec, [self.W1.tolist(), self.W2.tolist()],
                                          [self.b1.tolist(), self.b2.tolist()])


# (a) 2-2-2, biases, one sample, sigmoid, C = ½ Σ (t − o)² summed, η = 0.5
SIGMOID_2_2_2 = dict(W1=[[0.12, 0.23], [0.31, 0.17]], b1=[0.4, 0.28], W2=[[0.52, 0.44], [0.36, 0.61]],
                     b2=[0.55, 0.47], X=[[0.05, 0.10]], T=[[0.01, 0.99]], hidden="sigmoid", output="sigmoid",
                     cost="half-sse", reduction="sum", eta=0.5)
# (b) 2-3-1, biases, two samples, tanh hidden, linear output, mean over the samples of (t − o)², η = 0.1
TANH_2_3_1 = dict(W1=[[0.3, -0.8], [0.65, 0.2], [-0.45, 0.5]], b1=[0.1, -0.2, 0.05], W2=[[0.7, -0.35, 0.9]],
                  b2=[-0.15], X=[[0.5, -1.2], [-0.3, 0.8]], T=[[0.7], [-0.4]], hidden="tanh", output="linear",
                  cost="mse", reduction="mean", eta=0.1)
EXAMPLES = pytest.mark.parametrize("numbers", [SIGMOID_2_2_2, TANH_2_3_1], ids=["2-2-2-sigmoid", "2-3-1-tanh"])


def _digits(a, b, rel=1e-13):
    """The two computations agree to the last digit shown (8) and to within a few units of the last bit."""
    a, b = np.asarray(a, float).ravel(), np.asarray(b, float).ravel()
    assert [num(v) for v in a] == [num(v) for v in b]
    np.testing.assert_allclose(a, b, rtol=rel, atol=1e-300)


@EXAMPLES
def test_the_forward_values_and_the_total_error_agree_digit_by_digit(numbers):
    tut = Tutorial(**numbers)
    setup, net = tut.setup_and_net()
    fwd = net.forward(setup.data().X)
    for r, (z1, h, z2, o) in enumerate(tut.forward(*tut.params())):
        _digits(fwd.z[1][r], z1)
        _digits(fwd.a[1][r], h)
        _digits(fwd.z[2][r], z2)
        _digits(fwd.a[2][r], o)
    _digits(net.loss(setup.data().X, setup.data().Y), tut.total(*tut.params()))


@EXAMPLES
def test_every_gradient_agrees_with_the_chain_rule_and_finite_differences(numbers):
    tut = Tutorial(**numbers)
    setup, net = tut.setup_and_net()
    data = setup.data()
    ours = net.backward(net.forward(data.X), data.Y)
    hand, fd = tut.gradients(), tut.finite_differences()
    core = [ours.dC_dW[1], ours.dC_db[1], ours.dC_dW[2], ours.dC_db[2]]
    for c, g, f in zip(core, hand, fd):
        _digits(c, g)
        np.testing.assert_allclose(g, f, rtol=1e-7, atol=1e-9)
    for ref in all_params(net.spec):  # and each explanation, for the batch
        if ref.kind in ("w", "b"):
            index = 2 * (ref.n - 1) + (ref.kind == "b")
            expected = hand[index][(ref.i, ref.j) if ref.kind == "w" else ref.i]
            _digits(explain(net, data, ref, None).gradient, expected)


@EXAMPLES
def test_the_update_shown_is_what_one_step_of_the_trainer_gives(numbers):
    tut = Tutorial(**numbers)
    setup, net = tut.setup_and_net()
    after = [p - tut.eta * g for p, g in zip(tut.params(), tut.gradients())]  # w ← w − η·∂C/∂w, all at once
    session = Session()
    session.handle(Load(net, setup))
    snap = [p for k, p in session.handle(Step()) if k == "snapshot"][-1]
    assert snap.epoch == 1
    for c, h in zip([snap.weights[1], snap.biases[1], snap.weights[2], snap.biases[2]], after):
        _digits(c, h)
    for ref in all_params(net.spec):
        if ref.kind not in ("w", "b"):
            continue
        ex = explain(net, setup.data(), ref, None, learning_rate=tut.eta)
        stepped = snap.weights[ref.n][ref.i, ref.j] if ref.kind == "w" else snap.biases[ref.n][ref.i]
        _digits(ex.new_value, stepped, rel=1e-15)
        assert f"= {num(ex.new_value)}\n" in to_text(ex) and to_json(ex)["update"]["new_value"] == ex.new_value


def test_the_tutorial_text_of_the_command_line_shows_the_update_to_the_last_digit(tmp_path, capsys):
    tut = Tutorial(**SIGMOID_2_2_2)
    setup, net = tut.setup_and_net()
    save_model(tmp_path / "t.json", net, setup)
    assert main(["explain", str(tmp_path / "t.json"), "--param", "w:2:0:0"]) == 0
    text = capsys.readouterr().out
    (_, h, _, o), = tut.forward(*tut.params())
    grad = (o[0] - 0.01) * o[0] * (1 - o[0]) * h[0]  # ∂E/∂w(2)_00 = (o_0 − t_0) · o_0(1 − o_0) · h_0
    assert f"a(2) = ({num(o[0])}, {num(o[1])})" in text
    assert (f"w(2)_00 ← w(2)_00 − η · ∂C/∂w(2)_00 = 0.52 − 0.5 × {num(grad)} = {num(0.52 - 0.5 * grad)}\n"
            "  (one Step of full-batch training gives this new value)") in text


def test_half_sse_summed_is_the_tutorials_sum_over_outputs_and_samples_of_half_the_squared_error():
    tut = Tutorial(**{**SIGMOID_2_2_2, "X": [[0.05, 0.1], [0.9, -0.3]], "T": [[0.01, 0.99], [0.7, 0.2]]})
    setup, net = tut.setup_and_net()
    (_, _, _, o1), (_, _, _, o2) = tut.forward(*tut.params())
    by_hand = sum(0.5 * (t - o) ** 2 for t, o in zip([0.01, 0.99, 0.7, 0.2], [*o1, *o2]))
    _digits(net.loss(setup.data().X, setup.data().Y), by_hand)


def test_a_sum_has_no_update_and_one_sample_of_several_says_its_gradient_is_its_own():
    tut = Tutorial(**TANH_2_3_1)
    setup, net = tut.setup_and_net()
    z = explain(net, setup.data(), parse_param("z:1:0", net.spec), 0, learning_rate=0.1)
    assert z.new_value is None and "Update" not in to_text(z) and to_json(z)["update"] is None
    w = parse_param("w:1:0:1", net.spec)
    ex = explain(net, setup.data(), w, 1, learning_rate=0.1)
    assert ex.new_value == ex.value - 0.1 * ex.per_sample[0]
    assert "this sample's gradient alone: a full-batch Step uses the mean over all 2 samples" in to_text(ex)
    assert "Update" not in to_text(explain(net, setup.data(), w, 1))  # no η, no update
