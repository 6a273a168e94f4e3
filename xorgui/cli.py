"""The ``xorgui`` command: the desktop app, or a headless subcommand."""

from __future__ import annotations

import argparse
import json
import os
import sys
import time

import numpy as np

from xorgui.core.activations import ACTIVATIONS
from xorgui.core.build import INITS
from xorgui.core.config import MODES
from xorgui.core.costs import COSTS, REDUCTIONS
from xorgui.core.data import DATASETS
from xorgui.core.explain import explain
from xorgui.core.modelfile import ModelFileError, load_model, save_model
from xorgui.core.network import Spec, default_activations
from xorgui.core.params import parse_param
from xorgui.core.parsing import parse_dims, parse_point, parse_positive
from xorgui.core.presets import PRESETS, get_preset
from xorgui.core.setup import Setup
from xorgui.core.worked import num, to_json, to_text


class UsageError(Exception):
    """Bad input on the command line: reported in one line, exit status 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, no usage dump
        raise UsageError(f"{self.prog}: {message}")


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser of the ``xorgui`` command."""
    parser = _Parser(prog="xorgui", description="Watch a small network learn XOR; see how every gradient arises. "
                     "Without a command, opens the desktop app.")
    sub = parser.add_subparsers(dest="command", parser_class=_Parser)
    _train_args(sub.add_parser("train", help="train a network headless and print the result"))
    ex = sub.add_parser("explain", help="print the worked chain-rule example of one gradient")
    ex.add_argument("model", help="model file (JSON, see README)")
    ex.add_argument("--param", required=True, help="w:n:i:j (weight), b:n:i (bias) or z:n:i (sum)")
    which = ex.add_mutually_exclusive_group()
    which.add_argument("--sample", help="input of the data set, e.g. 0,1 (default: the first sample)")
    which.add_argument("--batch", action="store_true", help="the whole data set, with the model's reduction")
    ex.add_argument("--cost", choices=list(COSTS), help="override the model's cost")
    ex.add_argument("--data", choices=DATASETS, help="data set (default: the model's, else xor)")
    ex.add_argument("--paths", type=int, default=64, help="list at most this many paths (default 64)")
    ex.add_argument("--json", action="store_true", help="print JSON")
    study = sub.add_parser("study", help="train many seeds of one configuration at once; how many get stuck")
    _train_args(study)
    study.add_argument("--runs", type=int, default=1000, help="number of networks (default 1000)")
    study.add_argument("--first-seed", type=int, default=0, help="seed of the first run (default 0)")
    bench = sub.add_parser("bench", help="measure training speed against a reference loop")
    bench.add_argument("--quick", action="store_true", help="fewer epochs and repeats")
    bench.add_argument("--gui", action="store_true", help="also measure the desktop app (needs Qt)")
    sub.add_parser("presets", help="list the classic configurations")
    return parser


def _train_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--preset", help=f"start from a classic configuration ({', '.join(PRESETS)})")
    p.add_argument("--dims", help="layer widths, e.g. 2,3,1 (default 2,2,1)")
    p.add_argument("--hidden", choices=[a for a in ACTIVATIONS if a != "softmax"], help="hidden activation")
    p.add_argument("--output", choices=list(ACTIVATIONS), help="output activation")
    p.add_argument("--no-bias", action="store_true", help="neurons without biases")
    p.add_argument("--cost", choices=list(COSTS))
    p.add_argument("--reduction", choices=REDUCTIONS, help="batch gradient: mean (default) or sum")
    p.add_argument("--mode", choices=MODES, help="batch (default), online or minibatch")
    p.add_argument("--batch-size", type=int)
    p.add_argument("--no-shuffle", action="store_true", help="online/minibatch: keep the sample order")
    p.add_argument("--schedule", action="store_true", help="configuration 5's halving and stop rules")
    p.add_argument("--lr", help="learning rate η")
    p.add_argument("--epochs", type=int)
    p.add_argument("--seed", type=int)
    p.add_argument("--init", choices=INITS)
    p.add_argument("--init-scale", type=float)
    p.add_argument("--data", choices=DATASETS)
    p.add_argument("--save", metavar="FILE", help="write the trained model to FILE")
    p.add_argument("--json", action="store_true", help="print the results as JSON")
    p.add_argument("--progress", action="store_true", help="show progress even when not on a terminal")


def setup_from_args(args: argparse.Namespace) -> Setup:
    """Return the Setup described by ``xorgui train`` options."""
    setup = get_preset(args.preset).setup if args.preset else Setup()
    spec, config = setup.spec, setup.config
    dims = parse_dims(args.dims) if args.dims else spec.dims
    hidden = args.hidden or (spec.activations[0] if spec.N > 1 else "sigmoid")
    cost = args.cost or spec.cost
    output = args.output or ("softmax" if cost == "cross-entropy" and dims[-1] > 1 else spec.activations[-1])
    spec = Spec(dims, default_activations(len(dims) - 1, hidden, output), spec.bias and not args.no_bias, cost,
                args.reduction or spec.reduction)
    changes = {k: v for k, v in (("mode", args.mode), ("batch_size", args.batch_size), ("epochs", args.epochs),
                                 ("learning_rate", parse_positive(args.lr) if args.lr else None)) if v is not None}
    if args.no_shuffle:
        changes["shuffle"] = False
    if args.schedule:
        changes["schedule"] = True
    extra = {k: v for k, v in (("seed", args.seed), ("init", args.init), ("init_scale", args.init_scale),
                               ("dataset", args.data)) if v is not None}
    return setup.with_(spec=spec, config=config.with_(**changes), **extra)


def cmd_train(args: argparse.Namespace) -> int:
    """Run ``xorgui train``."""
    setup = setup_from_args(args)
    trainer = setup.trainer()
    show = args.progress or sys.stderr.isatty()
    start = last = time.perf_counter()
    while not trainer.done:
        trainer.run(2000)
        now = time.perf_counter()
        if show and now - last > 0.5:
            last = now
            print(f"\repoch {trainer.epoch}/{setup.config.epochs}  loss {trainer.losses[-1]:.6g}",
                  end="", file=sys.stderr, flush=True)
    if show and last > start:
        print(file=sys.stderr)
    if args.save:
        save_model(args.save, trainer.net, setup)
    _report_training(setup, trainer, time.perf_counter() - start, args.json)
    return 0


def _report_training(setup: Setup, trainer, seconds: float, as_json: bool) -> None:
    data = trainer.data
    yhat = trainer.net.forward(data.X).yhat
    result = {"dims": list(setup.spec.dims), "epochs": trainer.epoch, "seconds": seconds,
              "loss": trainer.losses[-1] if trainer.losses else trainer.net.loss(data.X, data.Y),
              "error_rate": trainer.error_rates[-1] if trainer.error_rates else None,
              "learning_rate": trainer.learning_rate, "stop_reason": trainer.stop_reason}
    if len(data.X) == 4:
        result["outputs"] = [{"x": x.tolist(), "y": y.tolist(), "yhat": o.tolist()}
                             for x, y, o in zip(data.X, data.Y, yhat)]
    if as_json:
        print(json.dumps(result, indent=1))
        return
    print(f"trained {list(setup.spec.dims)} for {trainer.epoch} epochs in {seconds:.2f} s")
    if trainer.stop_reason:
        print(f"stopped early: {trainer.stop_reason}")
    print(f"final loss {num(result['loss'])}, misclassified {100 * (result['error_rate'] or 0):.1f} %")
    for row in result.get("outputs", []):
        print(f"  x = {row['x']}  y = {row['y']}  ŷ = [{', '.join(num(v) for v in row['yhat'])}]")


def cmd_explain(args: argparse.Namespace) -> int:
    """Run ``xorgui explain``."""
    net, setup = load_model(args.model)
    if args.data:
        setup = setup.with_(dataset=args.data)
    spec = net.spec if not args.cost else net.spec.with_(cost=args.cost)
    ref = parse_param(args.param, spec)
    data = setup.with_(spec=spec).data()
    if data.X.shape[1] != spec.dims[0] or data.Y.shape[1] != spec.dims[-1]:
        raise ValueError(f"the model {list(spec.dims)} does not fit data set {data.name!r} "
                         f"({data.X.shape[1]} inputs, {data.Y.shape[1]} target(s) per sample)")
    sample = None if args.batch else (data.find(parse_point(args.sample)) if args.sample else 0)
    ex = explain(net, data, ref, sample, cap=max(args.paths, 0), cost=args.cost)
    print(json.dumps(to_json(ex), indent=1) if args.json else to_text(ex), end="" if not args.json else "\n")
    return 0


def cmd_study(args: argparse.Namespace) -> int:
    """Run ``xorgui study``."""
    from xorgui.core.study import Study

    setup = setup_from_args(args)
    start = time.perf_counter()
    with Study(setup, args.runs, args.first_seed) as study:
        while not study.done:
            study.run(200)
        result = study.result()
    seconds = time.perf_counter() - start
    if args.json:
        print(json.dumps({"epochs": result.epochs, "seconds": seconds, "seeds": result.seeds.tolist(),
                          "solved_at": result.solved_at.tolist(), "final_loss": result.final_loss.tolist(),
                          "final_error_rate": result.final_error_rate.tolist(),
                          "stopped_at": result.stopped_at.tolist()}))
        return 0
    print(f"{args.runs} runs of {list(setup.spec.dims)}, seeds {args.first_seed}…{args.first_seed + args.runs - 1}, "
          f"{result.epochs} epochs in {seconds:.1f} s ({args.runs * result.epochs / seconds / 1e6:.1f} M "
          "network-epochs/s)")
    print(result.summary())
    solved = result.solved_at[~result.stuck]
    if solved.size:
        counts, edges = np.histogram(solved, bins=10)
        for c, lo, hi in zip(counts, edges, edges[1:]):
            print(f"  {lo:7.0f}–{hi:<7.0f} {'#' * int(round(50 * c / counts.max()))} {c}")
    return 0


def cmd_presets(args: argparse.Namespace) -> int:
    """Run ``xorgui presets``."""
    for p in PRESETS.values():
        print(f"{p.name:20} {p.title}\n{'':20} {p.notes}\n")
    return 0


def cmd_bench(args: argparse.Namespace) -> int:
    """Run ``xorgui bench``."""
    from xorgui.bench import run_bench

    return run_bench(quick=args.quick, gui=args.gui)


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``xorgui`` command; returns the exit status."""
    argv = sys.argv[1:] if argv is None else argv
    try:
        args = build_parser().parse_args(argv)
        if args.command is None:
            return _launch_app()
        return {"train": cmd_train, "explain": cmd_explain, "bench": cmd_bench, "presets": cmd_presets,
                "study": cmd_study}[
            args.command](args)
    except KeyboardInterrupt:  # Ctrl+C: one line, the shell's status for SIGINT
        print("xorgui: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # the reader went away (``| head``): stop quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except (UsageError, ModelFileError, ValueError, OSError) as exc:
        print(f"xorgui: {exc}" if not str(exc).startswith("xorgui") else str(exc), file=sys.stderr)
        return 2


def _launch_app() -> int:
    try:
        from xorgui.app import main as app_main
    except ImportError:
        build_parser().print_help()
        return 0
    return app_main()


if __name__ == "__main__":
    raise SystemExit(main())
