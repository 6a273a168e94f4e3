"""The whole update written out as a tutorial would: as sections of lines, as Markdown and as plain text."""

from __future__ import annotations

from dataclasses import dataclass

from xorgui.core.model.costs import COSTS
from xorgui.core.model.limits import thousands
from xorgui.core.model.network import Spec
from xorgui.core.model.notation import num
from xorgui.core.walkthrough.lines import (
    a_line,
    batch_cost_line,
    cost_line,
    delta_lines,
    gradient_lines,
    param_name,
    sample_of,
    update_line,
    z_line,
)
from xorgui.core.walkthrough.phases import phase_title
from xorgui.core.walkthrough.walk import Walkthrough


@dataclass(frozen=True)
class Section:
    """A part of the walkthrough: a title ("Forward, layer 1") and its lines."""

    title: str
    lines: tuple[str, ...]


MAX_TERMS = 100_000  # samples × weights a walkthrough is written out for (more: minutes and gigabytes of text)


def check_size(spec: Spec, samples: int) -> None:
    """Raise ValueError if the update of ``samples`` samples through a network ``spec`` is too long to write out.

    Its text grows with samples × weights (every per-sample term of every
    weight); ``MAX_TERMS`` of them write in a few seconds.
    """
    weights = sum(a * b for a, b in zip(spec.dims[:-1], spec.dims[1:]))
    if samples * weights > MAX_TERMS:
        raise ValueError(f"the update of {thousands(samples)} samples through {thousands(weights)} weights would be "
                         f"written as {thousands(samples * weights)} terms, at most {thousands(MAX_TERMS)}: "
                         "take one sample, or a smaller network")


def title(w: Walkthrough) -> str:
    """Return the walkthrough's title, e.g. "One update of [2, 2, 1], step by step"."""
    return f"One update of {list(w.spec.dims)}, step by step"


def summary(w: Walkthrough) -> list[str]:
    """Return the lines that say which update it is: network, cost, samples, η."""
    spec = w.spec
    acts = ", ".join(f"layer {n}: {a}" for n, a in enumerate(spec.activations, start=1))
    which = (f"the batch of {len(w.rows)} samples; the gradient is the {spec.reduction} of the per-sample "
             "gradients" if w.batch else f"one sample (online): {sample_of(w, 0)}")
    label = "C = −Σ y log ŷ (softmax output)" if spec.activations[-1] == "softmax" else COSTS[spec.cost].label
    return [f"network: dims {list(spec.dims)}, {'with' if spec.bias else 'without'} biases; {acts}",
            f"cost: {spec.cost}, {label}", f"update on {which}",
            f"learning rate η = {num(w.learning_rate)}"]


def sections(w: Walkthrough) -> list[Section]:
    """Return the walkthrough's sections: parameters, forward 1 … N, cost, backward N … 1, gradients, updates."""
    N, m = w.spec.N, len(w.rows)  # noqa: N806
    dims = w.spec.dims
    out = [parameters(w)]
    for n in range(1, N + 1):
        out.append(Section(phase_title(w.forward(n)), tuple(_per_sample(w, lambda r, n=n: [
            line for i in range(dims[n]) for line in (z_line(w, n, i, r), a_line(w, n, i, r))]))))
    cost = [line for r in range(m) for line in _headed(w, r, [cost_line(w, r)])]
    out.append(Section(phase_title(w.cost), tuple(cost + ([batch_cost_line(w)] if w.batch and m > 1 else []))))
    for n in range(N, 0, -1):
        out.append(Section(phase_title(w.backward(n)), tuple(_per_sample(w, lambda r, n=n: [
            line for i in range(dims[n]) for line in delta_lines(w, n, i, r)]))))
    for n in range(N, 0, -1):
        out.append(Section(phase_title(w.gradient(n)), tuple(
            line for _, i, j in _params(w, n) for line in gradient_lines(w, n, i, j))))
    for n in range(1, N + 1):
        out.append(Section(f"{phase_title(w.update(n))} (η = {num(w.learning_rate)})", tuple(
            update_line(w, n, i, j) for _, i, j in _params(w, n))))
    return out


def parameters(w: Walkthrough) -> Section:
    """Return the first section, the parameters before the update: all a hand calculation starts from.

    Its length does not grow with the samples, unlike the sections after it.
    """
    return Section("Parameters before the update", tuple(
        f"{param_name(n, i, j)} = {num(_value(w, n, i, j))}" for n, i, j in _params(w)))


def _params(w: Walkthrough, layer: int | None = None) -> list[tuple[int, int, int | None]]:
    """Return (n, i, j) of every weight and (n, i, None) of every bias, neuron by neuron."""
    dims, layers = w.spec.dims, range(1, w.spec.N + 1) if layer is None else [layer]
    return [(n, i, j) for n in layers for i in range(dims[n])
            for j in [*range(dims[n - 1]), *([None] if w.spec.bias else [])]]


def _value(w: Walkthrough, n: int, i: int, j: int | None) -> float:
    f = w.forward(n)
    if j is None:
        assert f.b is not None
        return float(f.b[i])
    return float(f.W[i, j])


def _headed(w: Walkthrough, r: int, lines: list[str]) -> list[str]:
    """Return a sample's lines, under the sample's name when the update takes a batch."""
    if not w.batch:
        return lines
    return [f"sample {sample_of(w, r)}", *(f"  {line}" for line in lines)]


def _per_sample(w: Walkthrough, lines_of) -> list[str]:  # noqa: ANN001 - a callable r -> list[str]
    return [line for r in range(len(w.rows)) for line in _headed(w, r, lines_of(r))]


def to_markdown(w: Walkthrough, level: int = 1) -> str:
    """Return the walkthrough as Markdown: a heading, the summary, then each section's lines in a text block.

    ``level`` is the heading level of the title (the sections are one below):
    an exercise sheet's answer key nests walkthroughs under its own headings.
    """
    head = "#" * level
    out = [f"{head} {title(w)}", "", *(f"- {line}" for line in summary(w)), ""]
    for s in sections(w):
        out += [f"{head}# {s.title}", "", "```text", *s.lines, "```", ""]
    return "\n".join(out)


def to_text(w: Walkthrough) -> str:
    """Return the walkthrough as plain text: the title, the summary, then each section with its lines indented."""
    out = [title(w), *summary(w), ""]
    for s in sections(w):
        out += [s.title, *(f"  {line}" for line in s.lines), ""]
    return "\n".join(out)
