"""The worked example of an explanation, as tutorial-style text and as JSON."""

from __future__ import annotations

import math

import numpy as np

from xorgui.core.explanation.explain import Explanation
from xorgui.core.explanation.fdcheck import FD_STEP
from xorgui.core.model.costs import COSTS
from xorgui.core.model.limits import thousands
from xorgui.core.model.notation import num, point, sample_label
from xorgui.core.model.params import subscript

__all__ = ["DIVERGED", "fd_check_text", "finite_or_none", "num", "point", "sample_label", "to_json", "to_text"]
Array = np.ndarray
DIVERGED = "training diverged"


def fd_check_text(ex: Explanation) -> str:
    """Return the finite-difference check's verdict: the estimate and the relative error, or why there is none."""
    if not all(math.isfinite(v) for v in (ex.gradient, ex.finite_difference, ex.rel_error)):
        return f"cannot check: the values are not finite numbers ({DIVERGED})"
    return f"{num(ex.finite_difference)}, relative error {ex.rel_error:.1e}"


def _values(arr: Array, batch: bool) -> float | list:
    return [float(v) for v in arr] if batch else float(arr[0])


def _sample_label(ex: Explanation, r: int) -> str:
    return sample_label(ex.fwd.a[0][r], ex.Y[r])


def to_text(ex: Explanation) -> str:
    """Return the worked example as plain text, the way a tutorial writes it out."""
    what = "the batch" if ex.batch else f"sample {_sample_label(ex, 0)}"
    lines = [f"∂C/∂{ex.param.label} for {what}", f"cost: {ex.cost}, {COSTS[ex.cost].label}"]
    if ex.batch:
        lines[-1] += f"; batch gradient = {ex.reduction} of the per-sample gradients"
    if not np.all(np.isfinite(ex.per_sample)) or not all(np.all(np.isfinite(a)) for a in ex.fwd.a):
        lines.append(f"some values are not finite numbers (NaN, ∞): {DIVERGED}")
    lines += ["", "Forward pass" + _listed_note(ex)] + _forward_lines(ex)
    lines += ["", "δ recursion"] + _delta_lines(ex)
    lines += ["", f"Paths from the cost ({ex.path_count} in all, {len(ex.paths)} listed)"] + _path_lines(ex)
    lines += ["", "Total"] + _total_lines(ex)
    lines += ["", f"Finite-difference check (central, 4th order, h = {FD_STEP:g}): {fd_check_text(ex)}"]
    if ex.new_value is not None and ex.value is not None and ex.learning_rate is not None:
        lines += ["", f"Update (gradient descent, η = {num(ex.learning_rate)})"] + _update_lines(ex)
    return "\n".join(lines) + "\n"


def _listed_note(ex: Explanation) -> str:
    """Return " (the first 16 of the 10 000 samples)" when a batch lists only its first samples, else ""."""
    if not ex.batch or len(ex.rows) >= ex.samples:
        return ""
    return f" (the first {len(ex.rows)} of the {thousands(ex.samples)} samples; choose one to see any other)"


def _update_lines(ex: Explanation) -> list[str]:
    p, eta = ex.param.label, ex.learning_rate
    grad = f"({num(ex.gradient)})" if ex.gradient < 0 else num(ex.gradient)  # a tutorial's brackets: 2 × (-0.5)
    line = (f"  {p} ← {p} − η · ∂C/∂{p} = {num(ex.value or 0.0)} − {num(eta or 0.0)} × {grad} = "
            f"{num(ex.new_value or 0.0)}")
    if ex.batch or ex.samples == 1:
        return [line, "  (one Step of full-batch training gives this new value)"]
    return [line, f"  (this sample's gradient alone: a full-batch Step uses the {ex.reduction} over all "
                  f"{ex.samples} samples, see --batch)"]


def _forward_lines(ex: Explanation) -> list[str]:
    lines = []
    for r in range(len(ex.rows)):
        if ex.batch:
            lines.append(f"  sample {_sample_label(ex, r)}")
        lines.append(f"    a(0) = x = {point(ex.fwd.a[0][r])}")
        for n in range(1, len(ex.fwd.a)):
            lines.append(f"    z({n}) = {point(ex.fwd.z[n][r])}   a({n}) = {point(ex.fwd.a[n][r])}")
    return lines


def _delta_lines(ex: Explanation) -> list[str]:
    d, lines = ex.delta, []
    for r in range(len(ex.rows)):
        prefix = f"  sample {point(ex.fwd.a[0][r])}: " if ex.batch else "  "
        if d.output and d.dC_dyhat is None:
            lines.append(f"{prefix}δ({d.n})_{d.i} = ŷ_{d.i} − y_{d.i} = {num(d.delta[r])}")
        elif d.output and d.dC_dyhat is not None:
            lines.append(f"{prefix}δ({d.n})_{d.i} = ∂C/∂ŷ_{d.i} · g'(z({d.n})_{d.i}) = "
                         f"{num(d.dC_dyhat[r])} × {num(d.g_prime[r])} = {num(d.delta[r])}")
        else:
            terms = " + ".join(f"{num(w)} × {num(dn[r])}" for _, w, dn, _ in d.terms)
            lines.append(f"{prefix}δ({d.n})_{d.i} = g'(z({d.n})_{d.i}) · Σ_k w({d.n + 1})_{subscript('k', d.i)} · "
                         f"δ({d.n + 1})_k")
            lines.append(f"{' ' * len(prefix)}  = {num(d.g_prime[r])} × ({terms}) = {num(d.delta[r])}")
    return lines


def _path_lines(ex: Explanation) -> list[str]:
    lines = []
    for p_no, path in enumerate(ex.paths, start=1):
        route = " → ".join(["C"] + [f"z({n})_{i}" for n, i in path.neurons])
        names = " · ".join(f.name for f in path.factors)
        if ex.batch:
            lines.append(f"  {p_no}. {route}: {names}; {ex.reduction} over samples = {num(path.product)}")
        else:
            values = " × ".join(num(f.value[0]) for f in path.factors)
            lines.append(f"  {p_no}. {route}: {names} = {values} = {num(path.product)}")
    if ex.paths:
        listed = sum(p.product for p in ex.paths)
        whole = "sum over all paths" if len(ex.paths) == ex.path_count else "sum of the listed paths"
        lines.append(f"  {whole} = {num(listed)}")
    return lines


def _total_lines(ex: Explanation) -> list[str]:
    p, d = ex.param, ex.delta
    rhs = {"w": f"δ({p.n})_{p.i} · {ex.local.name if ex.local else ''}", "b": f"δ({p.n})_{p.i} · 1",
           "z": f"δ({p.n})_{p.i}"}[p.kind]
    if ex.batch:
        each = ", ".join(num(v) for v in ex.per_sample[:len(ex.rows)])
        if len(ex.rows) < len(ex.per_sample):
            each += f", … ({thousands(len(ex.per_sample) - len(ex.rows))} more)"
        return [f"  per sample: ∂C/∂{p.label} = {rhs} = {each}",
                f"  {ex.reduction} over {thousands(len(ex.per_sample))} samples: ∂C/∂{p.label} = {num(ex.gradient)}"]
    factors = num(d.delta[0]) + (f" × {num(ex.local.value[0])}" if ex.local is not None else "")
    return [f"  ∂C/∂{p.label} = {rhs} = {factors} = {num(ex.gradient)}"]


def to_json(ex: Explanation) -> dict:
    """Return the explanation as a JSON-ready dictionary (values per sample in batch mode).

    In batch mode the values are those of the samples listed (``samples_listed``
    of ``samples``, see ``Explanation``); ``per_sample`` holds every sample's gradient.

    A number that is not finite (training diverged) is None, so that the
    JSON stays valid.
    """
    out = finite_or_none(_json(ex))
    assert isinstance(out, dict)  # a dict stays a dict; only its numbers change
    return out


def finite_or_none(value: object) -> object:
    """Return ``value`` (nested dicts, lists and numbers) with NaN and ±∞ replaced by None."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {k: finite_or_none(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [finite_or_none(v) for v in value]
    return value


def _json(ex: Explanation) -> dict:
    b = ex.batch
    forward = []
    for n, a in enumerate(ex.fwd.a):
        z = [] if n == 0 else ex.fwd.z[n]
        forward.append({"layer": n, "z": np.asarray(z).tolist() if b or n == 0 else z[0].tolist(),
                        "a": a.tolist() if b else a[0].tolist()})
    d = ex.delta
    return {
        "param": ex.param.name, "label": ex.param.label, "batch": b, "reduction": ex.reduction, "cost": ex.cost,
        "sample": None if b else ex.fwd.a[0][0].tolist(), "samples": ex.samples, "samples_listed": len(ex.rows),
        "forward": forward,
        "gradient": ex.gradient, "per_sample": ex.per_sample.tolist(),
        "finite_difference": ex.finite_difference, "relative_error": ex.rel_error, "fd_step": FD_STEP,
        "path_count": ex.path_count, "paths_listed": len(ex.paths),
        "update": None if ex.new_value is None else {"learning_rate": ex.learning_rate, "value": ex.value,
                                                     "new_value": ex.new_value},
        "paths": [{"neurons": [list(t) for t in p.neurons], "product": p.product,
                   "factors": [{"name": f.name, "value": _values(f.value, b)} for f in p.factors]} for p in ex.paths],
        "delta": {"layer": d.n, "neuron": d.i, "output": d.output, "g_prime": _values(d.g_prime, b),
                  "dC_dyhat": None if d.dC_dyhat is None else _values(d.dC_dyhat, b),
                  "terms": [{"k": k, "w": w, "delta_next": _values(dn, b), "product": _values(pr, b)}
                            for k, w, dn, pr in d.terms],
                  "delta": _values(d.delta, b)},
    }
