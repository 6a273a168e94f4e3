"""What a phase of a step-through shows on the network graph: the text beside each lit neuron and on hover.

Pure functions of (walkthrough, phase, sample): the graph paints them. The
text beside a neuron is short (``LABEL_DIGITS`` significant digits); the
text on hover is the tutorial's full line (``lines``), with every digit
the inspector and ``xorgui explain`` print.
"""

from __future__ import annotations

from xorgui.core.model.notation import num
from xorgui.core.model.params import parse_param, subscript
from xorgui.core.walkthrough.lines import (
    G_NAME,
    a_line,
    bracket,
    cost_line,
    delta_lines,
    gradient_lines,
    update_line,
    w_name,
    z_line,
)
from xorgui.core.walkthrough.phases import (
    HIDDEN,
    OUTPUT_CE,
    BackwardPhase,
    CostPhase,
    ForwardPhase,
    GradientPhase,
    Phase,
    UpdatePhase,
)
from xorgui.core.walkthrough.walk import Walkthrough

LABEL_DIGITS = 4
MAX_LISTED = 4  # a neuron with at most this many inputs lists each weight's gradient and update beside it
TERM = {"half-sse": "½(ŷ−y)²", "sse": "(ŷ−y)²", "mse": "(ŷ−y)²/L"}


def short(x: float) -> str:
    """Return a number as the graph's labels write it."""
    return num(x, LABEL_DIGITS)


def _b(x: float) -> str:
    """Return a number as a short factor: negative ones in brackets."""
    return f"({short(x)})" if x < 0 else short(x)


def phase_param(phase: Phase) -> str:
    """Return the quantity the inspector explains during ``phase``: its first neuron's sum z, or its first weight."""
    if isinstance(phase, CostPhase):
        return f"z:{phase.N}:0"
    if isinstance(phase, GradientPhase | UpdatePhase):
        return f"w:{phase.n}:0:0"
    return f"z:{phase.n}:0"


def neuron_text(w: Walkthrough, phase: Phase, n: int, i: int, r: int) -> str:
    """Return the text beside neuron i of layer n during ``phase``, for sample r of the update ('' if not lit)."""
    if (n, i) not in phase.lights.neurons:
        return ""
    if isinstance(phase, ForwardPhase):
        g = G_NAME.get(phase.activation, phase.activation)
        plus_b = " + b" if phase.b is not None else ""
        return f"z = Σ w·a{plus_b} = {short(phase.z[r, i])}\na = {g}(z) = {short(phase.a[r, i])}"
    if isinstance(phase, CostPhase):
        term = TERM.get(phase.cost, "C term")
        return f"ŷ = {short(phase.yhat[r, i])}, y = {short(phase.y[r, i])}\n{term} = {short(phase.terms[r, i])}"
    if isinstance(phase, BackwardPhase):
        return _delta_text(phase, i, r)
    if isinstance(phase, GradientPhase):
        return "\n".join(_gradient_rows(w, phase, i))
    assert isinstance(phase, UpdatePhase)
    return "\n".join(_update_rows(phase, w.gradient(phase.n), i))


def cost_text(w: Walkthrough, r: int) -> str:
    """Return the text beside the cost node: the sample's C and, for a batch, the batch's."""
    c = w.cost
    text = f"C = {short(c.per_sample[r])}"
    if w.batch and len(w.rows) > 1:
        text += f"\nbatch C ({c.reduction}) = {short(c.value)}"
    return text


def _delta_text(b: BackwardPhase, i: int, r: int) -> str:
    d = short(b.delta[r, i])
    if b.rule == OUTPUT_CE:
        return f"δ = ŷ − y = {d}"
    assert b.g_prime is not None
    if b.rule == HIDDEN:
        assert b.weighted is not None
        return f"δ = g′(z) · Σ w·δ\n= {short(b.g_prime[r, i])} × {_b(b.weighted[r, i])} = {d}"
    assert b.dC_dyhat is not None
    return f"δ = ∂C/∂ŷ · g′(z)\n= {short(b.dC_dyhat[r, i])} × {short(b.g_prime[r, i])} = {d}"


def _gradient_rows(w: Walkthrough, g: GradientPhase, i: int) -> list[str]:
    over = f" ({g.reduction} of {len(w.rows)})" if len(w.rows) > 1 else ""
    rows = [] if g.dC_db is None else [f"∂C/∂b = δ{over} = {short(g.dC_db[i])}"]
    width = g.dC_dW.shape[1]
    if width <= MAX_LISTED:
        rows += [f"∂C/∂w_{subscript(i, j)} = δ·a_{j} = {short(g.dC_dW[i, j])}" for j in range(width)]
    else:
        rows.append(f"∂C/∂w_{subscript(i, 'j')} = δ·a_j: rest on an edge")
    return rows


def _update_rows(u: UpdatePhase, g: GradientPhase, i: int) -> list[str]:
    eta = short(u.learning_rate)
    rows = []
    if u.b is not None and u.new_b is not None and g.dC_db is not None:
        rows.append(f"b ← {short(u.b[i])} − {eta}×{_b(g.dC_db[i])} = {short(u.new_b[i])}")
    width = u.W.shape[1]
    if width <= MAX_LISTED:
        rows += [f"w_{subscript(i, j)} ← {short(u.W[i, j])} − {eta}×{_b(g.dC_dW[i, j])} = "
                 f"{short(u.new_W[i, j])}" for j in range(width)]
    else:
        rows.append(f"w_{subscript(i, 'j')} ← w − η·∂C/∂w: rest on an edge")
    return rows


def item_text(w: Walkthrough, phase: Phase, name: str, r: int) -> str:
    """Return the hover text of an item (``z:n:i``, ``w:n:i:j``, ``b:n:i``) lit by ``phase`` ('' if it is not lit).

    The lines are the walkthrough's, for sample r of the update where a
    value is per sample.
    """
    if not name or name.startswith("x:"):
        return ""
    ref = parse_param(name, w.spec)
    lit_edge = ref.kind == "w" and ref.n in phase.lights.weight_layers
    lit_neuron = (ref.n, ref.i) in phase.lights.neurons
    if ref.kind == "b" and lit_neuron and isinstance(phase, GradientPhase | UpdatePhase):
        return _param_lines(w, phase, ref.n, ref.i, None)
    if ref.kind in ("z", "b") and lit_neuron:  # a bias is part of its neuron's sum
        return "\n".join(_neuron_lines(w, phase, ref.n, ref.i, r))
    if lit_edge and ref.j is not None:
        return _edge_text(w, phase, ref.n, ref.i, ref.j, r)
    return ""


def _neuron_lines(w: Walkthrough, phase: Phase, n: int, i: int, r: int) -> list[str]:
    if isinstance(phase, ForwardPhase):
        return [z_line(w, n, i, r), a_line(w, n, i, r)]
    if isinstance(phase, CostPhase):
        return [cost_line(w, r), f"this output's term: {num(phase.terms[r, i])}"]
    if isinstance(phase, BackwardPhase):
        return delta_lines(w, n, i, r)
    width = w.spec.dims[n - 1]
    js: list[int | None] = [None] * (w.spec.bias) + list(range(min(width, MAX_LISTED)))
    return [_param_lines(w, phase, n, i, j) for j in js]


def _param_lines(w: Walkthrough, phase: Phase, n: int, i: int, j: int | None) -> str:
    if isinstance(phase, UpdatePhase):
        return update_line(w, n, i, j)
    return "\n".join(gradient_lines(w, n, i, j))


def _edge_text(w: Walkthrough, phase: Phase, n: int, i: int, j: int, r: int) -> str:
    if isinstance(phase, ForwardPhase):
        return (f"{w_name(n, i, j)} · a({n - 1})_{j} = {num(phase.W[i, j])} × {bracket(phase.a_in[r, j])} = "
                f"{num(phase.terms[r, i, j])}")
    if isinstance(phase, BackwardPhase):  # the weights out of layer n carry δ of layer n + 1 back
        assert phase.terms is not None
        nxt = w.backward(n)
        return (f"{w_name(n, i, j)} · δ({n})_{i} = {num(w.forward(n).W[i, j])} × {bracket(nxt.delta[r, i])} = "
                f"{num(phase.terms[r, i, j])}")
    return _param_lines(w, phase, n, i, j)
