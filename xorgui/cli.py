"""The ``xorgui`` command: the desktop app (``xorgui MODEL.json`` opens a model in it), or a headless subcommand.

Exit status: 0 done; 2 a bad argument or file (one line on stderr);
3 training diverged (``train``); 130 interrupted (Ctrl+C).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import signal
import sys
import time

import numpy as np

from xorgui.cli_options import UsageError, build_parser, setup_from_args
from xorgui.cli_walkthrough import cmd_exercises, cmd_walkthrough, model_state
from xorgui.core.explanation.explain import explain
from xorgui.core.explanation.worked import finite_or_none, num, point, sample_label, to_json, to_text
from xorgui.core.files.access import FileAccessError, reason
from xorgui.core.files.modelfile import ModelFileError, save_model
from xorgui.core.model.limits import MAX_SEED, thousands
from xorgui.core.training.presets import PRESETS
from xorgui.core.training.setup import Setup
from xorgui.core.training.trainer import misclassified

__all__ = ["DIVERGED_STATUS", "UsageError", "build_parser", "main", "setup_from_args"]
DIVERGED_STATUS = 3  # exit status of a training run whose loss stopped being a finite number
SHOWN_OUTPUTS = 16  # a data set of at most this many samples has its outputs listed (a truth table, a tutorial's)
PROGRESS_SECONDS = 0.5  # the progress line changes at most this often


class Progress:
    """A progress line on stderr, rewritten in place at most twice a second and cleared before anything else."""

    def __init__(self, enabled: bool) -> None:
        self.enabled, self._shown, self._last = enabled, "", time.perf_counter()

    def show(self, text: str) -> None:
        """Show ``text`` in place of the previous line (if ``PROGRESS_SECONDS`` have passed)."""
        now = time.perf_counter()
        if not self.enabled or now - self._last < PROGRESS_SECONDS:
            return
        self._last = now
        previous, self._shown = self._shown, text  # first: Ctrl+C during the print must still clear the line
        print("\r" + text.ljust(len(previous)), end="", file=sys.stderr, flush=True)

    def clear(self) -> None:
        """Blank the line and return to its start, so that the next output starts on a clean line."""
        if self._shown:
            print("\r" + " " * len(self._shown) + "\r", end="", file=sys.stderr, flush=True)
            self._shown = ""

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, *exc: object) -> None:
        self.clear()  # also when interrupted: "xorgui: interrupted" gets a line of its own


def cmd_train(args: argparse.Namespace) -> int:
    """Run ``xorgui train``; return 0, or DIVERGED_STATUS if training diverged."""
    setup = setup_from_args(args)
    trainer = setup.trainer()
    start = time.perf_counter()
    with Progress(args.progress or sys.stderr.isatty()) as progress:
        while not trainer.done:
            trainer.run(2000)
            progress.show(f"epoch {trainer.epoch:,}/{setup.config.epochs:,}  loss {num(trainer.losses[-1])}")
    result = _training_result(setup, trainer, time.perf_counter() - start)
    _print_training(result, args.json)
    if result["diverged"]:
        print(f"xorgui: {result['stop_reason']}{'; the model was not saved' if args.save else ''}", file=sys.stderr)
        return DIVERGED_STATUS
    if args.save:
        save_model(args.save, trainer.net, setup)
    return 0


def _training_result(setup: Setup, trainer, seconds: float) -> dict:
    """Return the figures of a finished run: those of its last epoch, or of the weights as they are (0 epochs)."""
    data = trainer.data
    yhat = trainer.net.forward(data.X).yhat
    if trainer.losses:  # measured during the last epoch, as the app's loss plot shows it
        loss, rate = trainer.losses[-1], trainer.error_rates[-1]
    else:
        loss, rate = trainer.net.loss(data.X, data.Y), float(misclassified(yhat, data.Y).mean())
    diverged = not math.isfinite(loss) or not np.all(np.isfinite(trainer.net.theta))
    reason = (f"training diverged: the loss became {num(loss)} at epoch {trainer.epoch} (the learning rate is "
              "probably too high)") if diverged else trainer.stop_reason
    result = {"dims": list(setup.spec.dims), "epochs": trainer.epoch, "seconds": seconds, "loss": loss,
              "error_rate": rate, "learning_rate": trainer.learning_rate, "stop_reason": reason,
              "diverged": diverged}
    if len(data.X) <= SHOWN_OUTPUTS:
        result["outputs"] = [{"x": x.tolist(), "y": y.tolist(), "yhat": o.tolist()}
                             for x, y, o in zip(data.X, data.Y, yhat)]
    return result


def _print_training(result: dict, as_json: bool) -> None:
    if as_json:  # NaN and ∞ as null: the JSON stays valid
        print(json.dumps(finite_or_none(result), indent=1, allow_nan=False))
        return
    if result["epochs"]:
        print(f"trained {result['dims']} for {result['epochs']} epochs in {result['seconds']:.2f} s")
    else:
        print(f"the initial weights of {result['dims']} (0 epochs)")
    if result["diverged"]:
        print(f"final loss {num(result['loss'])}: training diverged at epoch {result['epochs']}")
    else:
        if result["stop_reason"]:
            print(f"stopped early: {result['stop_reason']}")
        print(f"final loss {num(result['loss'])}, misclassified {100 * result['error_rate']:.1f} %")
    for row in result.get("outputs", []):
        print(f"  {sample_label(row['x'], row['y'])}, ŷ = {point(row['yhat'])}")


def cmd_explain(args: argparse.Namespace) -> int:
    """Run ``xorgui explain``."""
    net, data, sample, lr = model_state(args)
    try:
        ref = args.param.check(net.spec)
    except ValueError as exc:
        raise UsageError(f"xorgui: --param {exc}") from None
    ex = explain(net, data, ref, sample, cap=args.paths, cost=args.cost, learning_rate=lr)
    print(json.dumps(to_json(ex), indent=1, allow_nan=False) if args.json else to_text(ex),
          end="\n" if args.json else "")
    return 0


def cmd_study(args: argparse.Namespace) -> int:
    """Run ``xorgui study``."""
    from xorgui.core.study.study import Study

    setup = setup_from_args(args)
    if args.first_seed + args.runs - 1 > MAX_SEED:
        raise UsageError(f"xorgui: --first-seed: seeds go up to {thousands(MAX_SEED)}, and run {args.runs - 1} "
                         f"would have seed {thousands(args.first_seed + args.runs - 1)}")
    start = time.perf_counter()
    with Study(setup, args.runs, args.first_seed) as study, Progress(sys.stderr.isatty()) as progress:
        while not study.done:
            study.advance(PROGRESS_SECONDS)
            progress.show(f"epoch {study.epoch:,}/{setup.config.epochs:,}")
        result = study.result()
    seconds = time.perf_counter() - start
    if args.json:
        print(json.dumps(finite_or_none({
            "epochs": result.epochs, "seconds": seconds, "seeds": result.seeds.tolist(),
            "solved_at": result.solved_at.tolist(), "final_loss": result.final_loss.tolist(),
            "final_error_rate": result.final_error_rate.tolist(), "stopped_at": result.stopped_at.tolist()}),
            allow_nan=False))
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

    return run_bench(quick=args.quick, gui=args.gui, soak=args.soak)


COMMANDS = {"train": cmd_train, "explain": cmd_explain, "bench": cmd_bench, "presets": cmd_presets,
            "study": cmd_study, "walkthrough": cmd_walkthrough, "exercises": cmd_exercises}


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``xorgui`` command; returns the exit status (see the module's docstring)."""
    command, argv = argv is None, sys.argv[1:] if argv is None else argv
    try:
        if len(argv) == 1 and _names_a_model(argv[0]):
            return _launch_app(argv[0])
        args = build_parser().parse_args(argv)
        return _launch_app() if args.command is None else COMMANDS[args.command](args)
    except KeyboardInterrupt:  # Ctrl+C: one line, the shell's status for SIGINT
        if command:  # the program ends now: a second Ctrl+C must not cut its last line or its exit short
            signal.signal(signal.SIGINT, signal.SIG_IGN)
        print("xorgui: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # the reader went away (``| head``): stop quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except (UsageError, ModelFileError, ValueError) as exc:
        _say(str(exc) if str(exc).startswith("xorgui") else f"xorgui: {exc}")
        return 2
    except OSError as exc:
        _say(f"xorgui: {_os_error(exc)}")
        return 2
    except MemoryError:
        print("xorgui: out of memory: try fewer runs or a smaller network", file=sys.stderr)
        return 2


def _say(message: str) -> None:
    """Print an error on stderr as one line, whatever line breaks the names it quotes hold."""
    print(" ".join(message.splitlines()), file=sys.stderr)


def _os_error(exc: OSError) -> str:
    """Return an OSError as a person would say it, naming the file."""
    if isinstance(exc, FileAccessError):
        return str(exc)
    return f"{exc.filename}: {reason(exc)}" if exc.filename else reason(exc)


def _names_a_model(arg: str) -> bool:
    """Whether the one argument names a model file to open in the app: a .json name or a file, not a command."""
    return arg not in COMMANDS and not arg.startswith("-") and (arg.lower().endswith(".json") or os.path.isfile(arg))


def _launch_app(model: str | None = None) -> int:
    try:
        from xorgui.app import main as app_main
    except ImportError:
        build_parser().print_help()
        return 0
    return app_main(model=model)


if __name__ == "__main__":
    raise SystemExit(main())
