"""The words of the network graph: neuron names, values under neurons, hover texts; pure functions of a snapshot."""

from __future__ import annotations

from xorgui.core.explanation.graph import Layout, short
from xorgui.core.model.notation import input_label, num
from xorgui.core.model.params import parse_param
from xorgui.core.session.snapshot import Snapshot


def neuron_label(dims: tuple[int, ...], n: int, i: int) -> str:
    """Return the label drawn on a neuron: x_j, h(n)_i, ŷ or ŷ_i (every index from 0)."""
    if n == 0:
        return input_label(i)
    if n == len(dims) - 1:
        return "ŷ" if dims[-1] == 1 else f"ŷ_{i}"
    return f"h({n})_{i}"


def describe(snap: Snapshot | None, name: str, sample: int | None) -> str:
    """Return the hover text of an item (``w:…``, ``b:…``, ``z:…``, ``x:j``) with its values in ``snap``.

    ``sample`` is the sample whose values the neurons show; None: each
    sample's (a few) or their mean (many).
    """
    if not name or snap is None:
        return ""
    if name.startswith("x:"):
        j = int(name[2:])
        return f"{neuron_label(snap.dims, 0, j)} = {sample_text(snap, 'a', 0, j, sample)}" + (
            "  (each sample)" if sample is None and len(snap.data.X) <= 4 else "")
    ref = parse_param(name, snap.spec)
    if ref.kind == "w":
        return (f"{ref.label} = {num(snap.weights[ref.n][ref.i, ref.j])}   "
                f"∂C/∂{ref.label} = {num(snap.dC_dW[ref.n][ref.i, ref.j])}")
    if ref.kind == "b":
        if snap.biases is None or snap.dC_db is None:  # parse_param let it through: the spec has biases
            return ""
        return f"{ref.label} = {num(snap.biases[ref.n][ref.i])}   ∂C/∂{ref.label} = {num(snap.dC_db[ref.n][ref.i])}"
    n, i, m = ref.n, ref.i, len(snap.data.X)
    head = neuron_label(snap.dims, n, i)
    if sample is None:
        head += f", each of the {m} samples" if m <= 4 else ", the batch"
    return (f"{head}\nz({n})_{i} = {sample_text(snap, 'z', n, i, sample)}\n"
            f"a({n})_{i} = {sample_text(snap, 'a', n, i, sample)}")


def sample_text(snap: Snapshot, kind: str, n: int, i: int, sample: int | None) -> str:
    """Return z(n)_i or a(n)_i (``kind``) of the chosen sample, or for the batch each sample's (the mean of many).

    The mean is the snapshot's, taken over all its samples even where it
    holds the values of only some (``Snapshot.sample_values``).
    """
    m = len(snap.data.X)
    if sample is not None or m > 4:
        value = num(snap.sample_values(kind, n, sample)[i])
        return value if sample is not None else f"{value} on average over the {m} samples"
    return ", ".join(num(v) for v in (snap.z if kind == "z" else snap.a)[n][:, i])  # a few: all held


def value_texts(snap: Snapshot, lay: Layout, sample: int | None) -> list[str]:
    """Return the text under each neuron of a small network: its a, or z and a, and the logic it forms.

    The values are those of ``sample``, or their mean over the samples
    (None, written with a bar); the logic is the snapshot's derived data.
    """
    units = {(u.n, u.i): u for u in snap.derived.units}
    z_name, a_name = ("z", "a") if sample is not None else ("z̄", "ā")
    texts = []
    for n, i in zip(lay.layer_of, lay.index_of):
        a = snap.sample_values("a", n, sample)[i]
        text = short(a) if n == 0 else f"{z_name} {short(snap.sample_values('z', n, sample)[i])}\n{a_name} {short(a)}"
        if (n, i) in units:  # the Boolean function it forms on the corners, and how clearly
            text += f"\n{units[n, i].summary}"
        texts.append(text)
    return texts
