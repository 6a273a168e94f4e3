"""The options of the ``xorgui`` command: the parser, each option's type and limits, the Setup they describe.

A bad value is refused by argparse itself, in one line naming the option
("argument --epochs: …"), with the core's limits and messages.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Callable
from typing import NoReturn, TypeVar

from xorgui.core.files.access import not_a_file
from xorgui.core.files.csvdata import load_csv
from xorgui.core.model.activations import ACTIVATIONS
from xorgui.core.model.build import INITS
from xorgui.core.model.costs import COSTS, REDUCTIONS
from xorgui.core.model.data import DATASETS, Dataset
from xorgui.core.model.limits import (
    MAX_BATCH_SIZE,
    MAX_EPOCHS,
    MAX_INIT_SCALE,
    MAX_PATHS,
    MAX_SEED,
    MIN_EPOCHS,
    thousands,
)
from xorgui.core.model.network import Spec, default_activations
from xorgui.core.model.params import ParamRef, parse_param
from xorgui.core.model.parsing import parse_dims, parse_point
from xorgui.core.model.validate import SettingError, real, shown, whole
from xorgui.core.training.config import MODES
from xorgui.core.training.presets import PRESETS, get_preset
from xorgui.core.training.setup import Setup

Parsed = TypeVar("Parsed")

MAX_EXERCISES = 100  # a sheet, not a data set
MAX_RUNS = 10**9  # far beyond any memory: the study's memory check gives the real limit


class UsageError(Exception):
    """Bad input on the command line: reported in one line, exit status 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # one line, no usage dump
        raise UsageError(f"{self.prog}: {message}")


def _checked(convert: Callable[[str], Parsed]) -> Callable[[str], Parsed]:
    """Return an argparse type that turns the core's ValueError into argparse's (which names the option)."""
    def parse(text: str) -> Parsed:
        try:
            return convert(text)
        except ValueError as exc:  # one line, whatever the text typed held (a file name with a line break)
            raise argparse.ArgumentTypeError(" ".join(str(exc).splitlines())) from None
    parse.__name__ = convert.__name__
    return parse


def _whole(lo: int, hi: int, what: str) -> Callable[[str], int]:
    def whole_number(text: str) -> int:
        try:
            value: object = int(text) if "_" not in text else text  # Python reads 1_0 as 10: refused, as in a CSV
        except ValueError:
            value = text
        return whole(value, "", what, lo, hi, typed=shown(text))
    return _checked(whole_number)


def _positive(what: str, hi: float = float("inf")) -> Callable[[str], float]:
    def positive_number(text: str) -> float:
        try:
            value: object = float(text) if "_" not in text else text
        except ValueError:
            value = text
        return real(value, "", what, hi, typed=shown(text))
    return _checked(positive_number)


@_checked
def _dims(text: str) -> tuple[int, ...]:
    return parse_dims(text)  # checked against the data in setup_from_args


@_checked
def _data(text: str) -> str | Dataset:
    """Return a preset's name, or the data set of a CSV file (a file named like a preset: write ./xor)."""
    if text in DATASETS:
        return text
    return load_csv(_file_name(text))


def data_choice(value: str | Dataset) -> dict:
    """Return the Setup fields that choose the data of ``--data``: a preset's name or a data set of one's own."""
    return {"dataset": value} if isinstance(value, str) else {"custom": value}


@_checked
def _file_name(text: str) -> str:
    if not text.strip():
        raise ValueError("give a file name")
    return text


@_checked
def _save_name(text: str) -> str:
    folder = os.path.dirname(os.path.abspath(_file_name(text)))
    if not os.path.isdir(folder):  # said now rather than after the training
        raise ValueError(f"cannot save {text}: its folder does not exist")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise ValueError(f"cannot save {text}: permission denied")
    special = not_a_file(text)
    if special:
        raise ValueError(f"cannot save {text}: it is {special}, not a file")
    return text


@_checked
def _param(text: str) -> ParamRef:
    return parse_param(text)


@_checked
def _preset(text: str) -> str:
    return get_preset(text).name


def _n(limit: int) -> str:
    """Return a limit as help texts write it: spaces between thousands that a line never breaks at."""
    return thousands(limit).replace(" ", "\u00a0")


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser of the ``xorgui`` command."""
    parser = _Parser(prog="xorgui", description="Watch a small network learn XOR; see how every gradient arises. "
                     "Without a command, opens the desktop app; xorgui MODEL.json opens that model in it.")
    sub = parser.add_subparsers(dest="command", parser_class=_Parser)
    _train_args(sub.add_parser("train", help="train a network headless and print the result"))
    _explain_args(sub.add_parser("explain", help="print the worked chain-rule example of one gradient"))
    _walkthrough_args(sub.add_parser("walkthrough", help="write out one whole update, phase by phase, as a "
                                                         "tutorial would"))
    _exercises_args(sub.add_parser("exercises", help="write a sheet of backprop exercises and its answer key"))
    study = sub.add_parser("study", help="train many seeds of one configuration at once; how many get stuck")
    _train_args(study)
    study.add_argument("--runs", type=_whole(1, MAX_RUNS, "the number of runs"), default=1000, metavar="N",
                       help="number of networks (default 1000)")
    study.add_argument("--first-seed", type=_whole(0, MAX_SEED, "the first seed"), default=0, metavar="S",
                       help="seed of the first run; run r has seed first-seed + r (default 0)")
    bench = sub.add_parser("bench", help="measure training speed against a reference loop")
    bench.add_argument("--quick", action="store_true", help="fewer epochs and repeats (default: off)")
    bench.add_argument("--gui", action="store_true", help="also measure the desktop app (needs Qt; default: off)")
    bench.add_argument("--soak", nargs="?", const=10.0, type=_positive("a number of minutes", 24 * 60),
                       metavar="MINUTES", help="instead, run the desktop app flat out for MINUTES (default 10) and "
                       "report how the memory of the app and of its trainer grows (Linux)")
    sub.add_parser("presets", help="list the classic configurations")
    return parser


def _model_state_args(p: argparse.ArgumentParser, sample: str, batch: str, lr_of: str) -> None:
    """Add the options ``cli_walkthrough.model_state`` reads: MODEL, --sample or --batch, --cost, --lr, --data.

    ``sample`` and ``batch`` say what each of the two chooses (the help goes
    on "… of the data set"), ``lr_of`` names what --lr is the learning rate of.
    """
    p.add_argument("model", type=_file_name, help="model file (JSON, see README)")
    which = p.add_mutually_exclusive_group()
    which.add_argument("--sample", type=_checked(parse_point),
                       help=f"{sample} of the data set, e.g. 0,1 (default: the first sample)")
    which.add_argument("--batch", action="store_true",
                       help=f"{batch} data set, with the model's reduction (default: one sample)")
    p.add_argument("--cost", choices=list(COSTS), help="override the model's cost (default: the model's)")
    p.add_argument("--lr", type=_positive("the learning rate"), metavar="ETA",
                   help=f"learning rate η of {lr_of} (default: the model's)")
    p.add_argument("--data", type=_data, metavar="DATA",
                   help=f"a preset data set ({', '.join(DATASETS)}) or a CSV file of one's own (see README) "
                        "(default: the model's, else xor)")


def _explain_args(ex: argparse.ArgumentParser) -> None:
    _model_state_args(ex, "input", "the whole", "the update shown")
    ex.add_argument("--param", required=True, type=_param, help="w:n:i:j (weight), b:n:i (bias) or z:n:i (sum)")
    ex.add_argument("--paths", type=_whole(0, MAX_PATHS, "the number of listed paths"), default=64,
                    metavar="N", help=f"list at most this many paths, 0 … {_n(MAX_PATHS)} (default 64; their "
                                      "count and sum are always exact)")
    ex.add_argument("--json", action="store_true", help="print JSON (default: text)")


def _walkthrough_args(wt: argparse.ArgumentParser) -> None:
    _model_state_args(wt, "one online update on this input", "one update on the whole", "the update")
    wt.add_argument("--format", choices=("text", "md"), default="text",
                    help="plain text or Markdown (default: text)")
    wt.add_argument("--out", type=_save_name, metavar="FILE", help="write to FILE (default: print)")


def _exercises_args(ex: argparse.ArgumentParser) -> None:
    ex.add_argument("--count", type=_whole(1, MAX_EXERCISES, "the number of exercises"), default=5, metavar="N",
                    help=f"number of exercises, 1 … {MAX_EXERCISES} (default 5)")
    ex.add_argument("--seed", type=_whole(0, MAX_SEED, "the seed"), default=0, metavar="S",
                    help=f"seed of the networks, weights and samples, 0 … {_n(MAX_SEED)}; the same seed writes "
                         "the same sheet (default 0)")
    ex.add_argument("--out", type=_out_folder, required=True, metavar="DIR",
                    help="folder for exercises.md, answers.md and one model file per exercise (made if missing)")


@_checked
def _out_folder(text: str) -> str:
    parent = os.path.dirname(os.path.abspath(_file_name(text)))
    if os.path.exists(text) and not os.path.isdir(text):
        raise ValueError(f"{text} is not a folder")
    if os.path.exists(parent) and not os.path.isdir(parent):
        raise ValueError(f"cannot write into {text}: {os.path.dirname(text) or parent} is a file, not a folder")
    if not os.path.isdir(parent):
        raise ValueError(f"cannot write into {text}: its parent folder does not exist")
    return text


def _train_args(p: argparse.ArgumentParser) -> None:
    d = Setup()
    spec, cfg = d.spec, d.config
    own = "the preset's, else"
    p.add_argument("--preset", type=_preset,
                   help=f"start from a classic configuration: {', '.join(PRESETS)} (default: none)")
    p.add_argument("--dims", type=_dims, help=f"layer widths, e.g. 2,3,1 (default: {own} "
                                              f"{','.join(map(str, spec.dims))})")
    p.add_argument("--hidden", choices=[a for a in ACTIVATIONS if a != "softmax"],
                   help=f"hidden activation (default: {own} {spec.activations[0]})")
    p.add_argument("--output", choices=list(ACTIVATIONS),
                   help=f"output activation (default: {own} {spec.activations[-1]}; softmax for cross-entropy "
                        "with 2 outputs)")
    p.add_argument("--no-bias", action="store_true", help="neurons without biases (default: with biases)")
    p.add_argument("--cost", choices=list(COSTS), help=f"cost of one sample (default: {own} {spec.cost})")
    p.add_argument("--reduction", choices=REDUCTIONS,
                   help=f"batch gradient: the mean or the sum over the samples (default: {own} {spec.reduction})")
    p.add_argument("--mode", choices=MODES, help=f"one update per epoch (batch), per sample (online) or per "
                                                 f"--batch-size samples (minibatch) (default: {own} {cfg.mode})")
    p.add_argument("--batch-size", type=_whole(1, MAX_BATCH_SIZE, "the batch size"), metavar="N",
                   help=f"samples per update in minibatch mode, at most the data set's (default: {own} "
                        f"{cfg.batch_size})")
    p.add_argument("--no-shuffle", action="store_true",
                   help="online/minibatch: keep the sample order (default: a new order each epoch)")
    p.add_argument("--schedule", action="store_true",
                   help="configuration 5's η halving and stop rules (default: off)")
    p.add_argument("--lr", type=_positive("the learning rate"), metavar="ETA",
                   help=f"learning rate η, a positive number (default: {own} {cfg.learning_rate:g})")
    p.add_argument("--epochs", type=_whole(MIN_EPOCHS, MAX_EPOCHS, "the number of epochs"),
                   metavar="N", help=f"epochs to train, {MIN_EPOCHS} … {_n(MAX_EPOCHS)} (default: {own} "
                                     f"{cfg.epochs}); 0 reports the initial weights")
    p.add_argument("--seed", type=_whole(0, MAX_SEED, "the seed"),
                   metavar="N",
                   help=f"seed of the initial weights and of noisy data, 0 … {_n(MAX_SEED)} (default: {own} "
                        f"{d.seed})")
    p.add_argument("--init", choices=INITS, help=f"initial weights (default: {own} {d.init})")
    p.add_argument("--init-scale", type=_positive("the initial weights' scale", MAX_INIT_SCALE), metavar="S",
                   help=f"range (uniform) or standard deviation (normal) of the initial weights, at most "
                        f"{_n(int(MAX_INIT_SCALE))} (default: {own} {d.init_scale:g})")
    p.add_argument("--data", type=_data, metavar="DATA",
                   help=f"a preset data set ({', '.join(DATASETS)}) or a CSV file of one's own (see README); "
                        f"without --dims the network then takes its inputs and outputs (default: {own} {d.dataset})")
    p.add_argument("--save", metavar="FILE", type=_save_name,
                   help="write the trained model to FILE (default: not saved)")
    p.add_argument("--json", action="store_true", help="print the results as JSON (default: text)")
    p.add_argument("--progress", action="store_true",
                   help="show progress even when not on a terminal (default: only on a terminal)")


def setup_from_args(args: argparse.Namespace) -> Setup:
    """Return the Setup described by ``xorgui train`` (or ``study``) options.

    Raises
    ------
    UsageError
        Naming the option, for a combination the core refuses.
    """
    setup = get_preset(args.preset).setup if args.preset else Setup()
    spec, config = setup.spec, setup.config
    custom = args.data if isinstance(args.data, Dataset) else None
    dims = args.dims or (spec.dims if custom is None else (custom.n_inputs, *spec.dims[1:-1], custom.n_outputs))
    if custom is None:
        _check_preset_dims(dims, args.command)
    hidden = args.hidden or (spec.activations[0] if spec.N > 1 else "sigmoid")
    cost = args.cost or spec.cost
    output = args.output or ("softmax" if cost == "cross-entropy" and dims[-1] > 1 else spec.activations[-1])
    try:
        spec = Spec(dims, default_activations(len(dims) - 1, hidden, output), spec.bias and not args.no_bias, cost,
                    args.reduction or spec.reduction)
    except SettingError as exc:
        raise UsageError(f"xorgui: --{_OPTION.get(exc.key, exc.key)}: {exc}") from None
    changes = {k: v for k, v in (("mode", args.mode), ("batch_size", args.batch_size), ("epochs", args.epochs),
                                 ("learning_rate", args.lr)) if v is not None}
    if args.no_shuffle:
        changes["shuffle"] = False
    if args.schedule:
        changes["schedule"] = True
    extra = {k: v for k, v in (("seed", args.seed), ("init", args.init), ("init_scale", args.init_scale))
             if v is not None}
    setup = setup.with_(spec=spec, config=config.with_(**changes), **extra,
                        **(data_choice(args.data) if args.data is not None else {}))
    try:
        data = setup.data()
    except ValueError as exc:
        raise UsageError(f"xorgui: --dims: {exc}") from None
    if args.batch_size is not None and args.batch_size > len(data.X):
        raise UsageError(f"xorgui: --batch-size: {args.batch_size} is more than the {len(data.X)} samples of data "
                         f"set {data.name!r}")
    return setup


def _check_preset_dims(dims: tuple[int, ...], command: str) -> None:
    """Refuse dims the preset data sets cannot feed, in argparse's words for ``--dims``."""
    if dims[0] != 2:
        why = f"the data has 2 inputs, so the first width must be 2, not {dims[0]}"
    elif dims[-1] not in (1, 2):
        why = "the data sets have 1 output, or 2 one-hot outputs: end the dims with 1 or 2"
    else:
        return
    raise UsageError(f"xorgui {command}: argument --dims: {why}")


# the option that sets a Spec field, for the message of a combination Spec refuses
_OPTION = {"activations": "output", "cost": "cost", "reduction": "reduction", "dims": "dims", "bias": "no-bias"}
