"""Each value of an update written as a tutorial's line: the formula, the numbers put in, the result.

Numbers are written as everywhere in the app (``notation.num``); names
follow the brief: z(n)_i, a(n)_i, δ(n)_i, w(n)_ij, b(n)_i, C, η, ŷ_i, y_i.
"""

from __future__ import annotations

from xorgui.core.model.notation import num, sample_label
from xorgui.core.model.params import subscript
from xorgui.core.walkthrough.phases import HIDDEN, OUTPUT_CE
from xorgui.core.walkthrough.walk import Walkthrough

G_NAME = {"sigmoid": "σ", "tanh": "tanh", "relu": "ReLU", "linear": "linear", "softmax": "softmax"}
DC_DYHAT = {"half-sse": "ŷ_{i} − y_{i}", "sse": "2 (ŷ_{i} − y_{i})", "mse": "(2/{L}) (ŷ_{i} − y_{i})"}


def w_name(n: int, i: int, j: int) -> str:
    """Return the name of w(n)_ij."""
    return f"w({n})_{subscript(i, j)}"


def param_name(n: int, i: int, j: int | None) -> str:
    """Return the name of w(n)_ij, or of b(n)_i when j is None."""
    return f"b({n})_{i}" if j is None else w_name(n, i, j)


def bracket(x: float) -> str:
    """Return a number as a factor: negative ones in brackets, as tutorials write 2 × (−0.5)."""
    return f"({num(x)})" if x < 0 else num(x)


def sample_of(w: Walkthrough, r: int) -> str:
    """Return sample r of the update as the app writes it: ``x = (0, 1), y = (1)``."""
    return sample_label(w.X[r], w.Y[r])


def z_line(w: Walkthrough, n: int, i: int, r: int) -> str:
    """Return z(n)_i = Σ_j w(n)_ij · a(n−1)_j + b(n)_i with the numbers of sample r."""
    f = w.forward(n)
    names = [f"{w_name(n, i, j)} · a({n - 1})_{j}" for j in range(f.W.shape[1])]
    values = [f"{num(f.W[i, j])} × {bracket(f.a_in[r, j])}" for j in range(f.W.shape[1])]
    if f.b is not None:
        names.append(f"b({n})_{i}")
        values.append(bracket(f.b[i]))
    return f"z({n})_{i} = {' + '.join(names)} = {' + '.join(values)} = {num(f.z[r, i])}"


def a_line(w: Walkthrough, n: int, i: int, r: int) -> str:
    """Return a(n)_i = g(z(n)_i) with the number of sample r."""
    f = w.forward(n)
    g = G_NAME.get(f.activation, f.activation)
    if f.activation == "softmax":
        return f"a({n})_{i} = softmax(z({n}))_{i} = e^z({n})_{i} / Σ_k e^z({n})_k = {num(f.a[r, i])}"
    return f"a({n})_{i} = {g}(z({n})_{i}) = {g}({num(f.z[r, i])}) = {num(f.a[r, i])}"


def cost_line(w: Walkthrough, r: int) -> str:
    """Return sample r's cost C with each output's term."""
    c = w.cost
    diffs = [f"({num(c.yhat[r, i])} − {num(c.y[r, i])})²" for i in range(c.yhat.shape[1])]
    L = c.yhat.shape[1]  # noqa: N806
    if c.cost == "half-sse":
        rhs = f"½ Σ_i (ŷ_i − y_i)² = ½ × [{' + '.join(diffs)}]"
    elif c.cost == "sse":
        rhs = f"Σ_i (ŷ_i − y_i)² = {' + '.join(diffs)}"
    elif c.cost == "mse":
        rhs = f"(1/{L}) Σ_i (ŷ_i − y_i)² = [{' + '.join(diffs)}] / {L}"
    elif w.spec.activations[-1] == "softmax":
        rhs = "−Σ_i y_i log ŷ_i = " + " + ".join(num(t) for t in c.terms[r])
    else:
        rhs = "−Σ_i [y_i log ŷ_i + (1 − y_i) log(1 − ŷ_i)] = " + " + ".join(num(t) for t in c.terms[r])
    return f"C = {rhs} = {num(c.per_sample[r])}"


def batch_cost_line(w: Walkthrough) -> str:
    """Return the batch's cost: the mean or the sum of the samples' C."""
    c, m = w.cost, len(w.rows)
    total = " + ".join(num(v) for v in c.per_sample)
    rhs = f"({total}) / {m}" if c.reduction == "mean" else total
    return f"C = {c.reduction} of the {m} samples' C = {rhs} = {num(c.value)}"


def g_prime_line(w: Walkthrough, n: int, i: int, r: int) -> str:
    """Return g'(z(n)_i) with its formula and the number of sample r."""
    f, b = w.forward(n), w.backward(n)
    a, gp = f.a[r, i], b.g_prime[r, i] if b.g_prime is not None else 1.0
    how = {"sigmoid": f"σ(z)(1 − σ(z)) = {num(a)} × (1 − {num(a)})", "tanh": f"1 − tanh²(z) = 1 − {bracket(a)}²",
           "relu": f"1 if z > 0, else 0 (z = {num(f.z[r, i])})", "linear": "1"}.get(f.activation, "g'(z)")
    return f"g'(z({n})_{i}) = {how} = {num(gp)}"


def delta_lines(w: Walkthrough, n: int, i: int, r: int) -> list[str]:
    """Return how δ(n)_i of sample r arises: ∂C/∂ŷ and g' (output) or the sum over the next layer (hidden)."""
    b = w.backward(n)
    d = num(b.delta[r, i])
    if b.rule == OUTPUT_CE:
        c = w.cost
        return [f"δ({n})_{i} = ŷ_{i} − y_{i} = {num(c.yhat[r, i])} − {bracket(c.y[r, i])} = {d}   "
                "(cross-entropy: g' cancels)"]
    if b.rule != HIDDEN:
        assert b.dC_dyhat is not None and b.g_prime is not None
        c = w.cost
        form = DC_DYHAT[c.cost].format(i=i, L=c.yhat.shape[1])
        factor = {"half-sse": "", "sse": "2 × ", "mse": f"(2/{c.yhat.shape[1]}) × "}[c.cost]
        return [f"∂C/∂ŷ_{i} = {form} = {factor}({num(c.yhat[r, i])} − {num(c.y[r, i])}) = {num(b.dC_dyhat[r, i])}",
                g_prime_line(w, n, i, r),
                f"δ({n})_{i} = ∂C/∂ŷ_{i} · g'(z({n})_{i}) = {num(b.dC_dyhat[r, i])} × {bracket(b.g_prime[r, i])}"
                f" = {d}"]
    assert b.terms is not None and b.weighted is not None and b.g_prime is not None
    nxt = w.backward(n + 1)
    terms = " + ".join(f"{num(w.forward(n + 1).W[k, i])} × {bracket(nxt.delta[r, k])}"
                       for k in range(b.terms.shape[1]))
    return [g_prime_line(w, n, i, r),
            f"δ({n})_{i} = g'(z({n})_{i}) · Σ_k w({n + 1})_{subscript('k', i)} · δ({n + 1})_k = "
            f"{num(b.g_prime[r, i])} × ({terms}) = {num(b.g_prime[r, i])} × {bracket(b.weighted[r, i])} = {d}"]


def gradient_lines(w: Walkthrough, n: int, i: int, j: int | None) -> list[str]:
    """Return ∂C/∂w(n)_ij = δ(n)_i · a(n−1)_j (j None: ∂C/∂b(n)_i = δ(n)_i), per sample then reduced for a batch."""
    g, name = w.gradient(n), param_name(n, i, j)
    rhs = f"δ({n})_{i}" + ("" if j is None else f" · a({n - 1})_{j}")
    terms = g.dW_terms[:, i, j] if j is not None else g.db_terms[:, i] if g.db_terms is not None else None
    total = g.dC_dW[i, j] if j is not None else g.dC_db[i] if g.dC_db is not None else None
    assert terms is not None and total is not None
    a_in = w.forward(n).a_in
    each = [num(w.backward(n).delta[r, i]) + ("" if j is None else f" × {bracket(a_in[r, j])}")
            for r in range(len(w.rows))]
    if j is None:  # ∂C/∂b = δ: nothing to multiply
        each = ["" for _ in each]
    if len(w.rows) == 1 and not w.batch:
        return [f"∂C/∂{name} = {rhs} = {_then(each[0])}{num(total)}"]
    lines = [f"{sample_of(w, r)}: ∂C/∂{name} = {rhs} = {_then(each[r])}{num(terms[r])}" for r in range(len(w.rows))]
    added = " + ".join(num(t) for t in terms)
    reduced = f"({added}) / {len(w.rows)}" if g.reduction == "mean" and len(w.rows) > 1 else added
    return lines + [f"∂C/∂{name} = {g.reduction} over the {len(w.rows)} samples = {reduced} = {num(total)}"]


def _then(product: str) -> str:
    return f"{product} = " if product else ""


def update_line(w: Walkthrough, n: int, i: int, j: int | None) -> str:
    """Return w ← w − η · ∂C/∂w for w(n)_ij (j None: b(n)_i), with the new value the trainer gives."""
    u, g, p = w.update(n), w.gradient(n), param_name(n, i, j)
    if j is None:
        assert u.b is not None and u.new_b is not None and g.dC_db is not None
        old, grad, new = u.b[i], g.dC_db[i], u.new_b[i]
    else:
        old, grad, new = u.W[i, j], g.dC_dW[i, j], u.new_W[i, j]
    return f"{p} ← {p} − η · ∂C/∂{p} = {num(old)} − {num(u.learning_rate)} × {bracket(grad)} = {num(new)}"
