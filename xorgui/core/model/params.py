"""Names of parameters and sums: ``w:n:i:j``, ``b:n:i``, ``z:n:i``."""

from __future__ import annotations

from dataclasses import dataclass

from xorgui.core.model.network import Spec


def subscript(*indices: int | str) -> str:
    """Return the subscript of a name: ``01`` for (0, 1), ``10,2`` once an index has two digits, ``k3``, ``k,12``.

    Indices of one character each are written side by side, as tutorials
    do; as soon as one is longer they are separated by commas, so that a
    subscript reads one way only (w(1)_10,1 is never w(1)_101).
    """
    parts = [str(k) for k in indices]
    return "".join(parts) if all(len(p) == 1 for p in parts) else ",".join(parts)


@dataclass(frozen=True)
class ParamRef:
    """A weight w(n)_ij, a bias b(n)_i or a weighted sum z(n)_i.

    Attributes
    ----------
    kind : str
        "w", "b" or "z".
    n : int
        Layer, 1 … N.
    i : int
        Neuron of layer n, from 0.
    j : int or None
        For a weight: neuron of layer n-1, from 0.
    """

    kind: str
    n: int
    i: int
    j: int | None = None

    @property
    def name(self) -> str:
        """Machine name, e.g. ``w:2:0:1``."""
        parts = [self.kind, self.n, self.i] + ([self.j] if self.kind == "w" else [])
        return ":".join(str(p) for p in parts)

    @property
    def label(self) -> str:
        """The brief's notation, e.g. ``w(2)_01``."""
        if self.kind == "w" and self.j is not None:
            return f"w({self.n})_{subscript(self.i, self.j)}"
        return f"{self.kind}({self.n})_{self.i}"

    def exists(self, spec: Spec) -> bool:
        """Return whether it exists in a network of ``spec`` (``check`` says why not)."""
        try:
            self.check(spec)
        except ValueError:
            return False
        return True

    def check(self, spec: Spec) -> ParamRef:
        """Return self if it exists in a network of ``spec``, else raise ValueError."""
        dims = spec.dims
        if not 1 <= self.n <= spec.N:
            raise ValueError(f"{self.name}: layer must be 1…{spec.N} for dims {list(dims)}")
        if not 0 <= self.i < dims[self.n]:
            raise ValueError(f"{self.name}: layer {self.n} has neurons 0…{dims[self.n] - 1}")
        if self.kind == "w" and (self.j is None or not 0 <= self.j < dims[self.n - 1]):
            raise ValueError(f"{self.name}: layer {self.n - 1} has neurons 0…{dims[self.n - 1] - 1}")
        if self.kind == "b" and not spec.bias:
            raise ValueError(f"{self.name}: this network has no biases")
        return self


def parse_param(text: str, spec: Spec | None = None) -> ParamRef:
    """Parse ``w:n:i:j``, ``b:n:i`` or ``z:n:i``; check it against ``spec`` if given.

    Raises
    ------
    ValueError
        With a message naming what is wrong.
    """
    parts = text.strip().split(":")
    arity = {"w": 4, "b": 3, "z": 3}
    if not parts or parts[0] not in arity or len(parts) != arity[parts[0]]:
        raise ValueError(f"bad parameter {text!r}: expected w:n:i:j, b:n:i or z:n:i")
    try:
        numbers = [int(p) for p in parts[1:]]
    except ValueError:
        raise ValueError(f"bad parameter {text!r}: n, i and j must be whole numbers") from None
    ref = ParamRef(parts[0], *numbers)
    return ref.check(spec) if spec is not None else ref


def all_params(spec: Spec) -> list[ParamRef]:
    """Every weight, bias and sum of a network, layer by layer."""
    refs = []
    for n in range(1, spec.N + 1):
        for i in range(spec.dims[n]):
            refs.append(ParamRef("z", n, i))
            if spec.bias:
                refs.append(ParamRef("b", n, i))
            refs.extend(ParamRef("w", n, i, j) for j in range(spec.dims[n - 1]))
    return refs
