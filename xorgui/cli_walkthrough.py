"""The ``walkthrough`` and ``exercises`` commands: one update written out, and a sheet of exercises with its key."""

from __future__ import annotations

import argparse
import os
import sys

from xorgui.cli_options import UsageError, data_choice
from xorgui.core.files.access import write_atomic
from xorgui.core.files.modelfile import load_model, save_model
from xorgui.core.model.data import Dataset
from xorgui.core.model.network import Network
from xorgui.core.walkthrough import writer
from xorgui.core.walkthrough.sheet import make_sheet
from xorgui.core.walkthrough.walk import walk


def model_state(args: argparse.Namespace) -> tuple[Network, Dataset, int | None, float]:
    """Return the network, data, sample index (None: the batch) and η that ``MODEL [--sample|--batch] …`` name.

    As ``xorgui explain`` reads them: ``--cost`` overrides the model's
    cost, ``--data`` its data, ``--lr`` its learning rate.

    Raises
    ------
    UsageError
        Naming the option, for a cost or sample the model cannot take.
    """
    net, setup = load_model(args.model)
    if args.data is not None:
        setup = setup.with_(**data_choice(args.data))
    spec = net.spec
    if args.cost:
        try:
            spec = spec.with_(cost=args.cost)
        except ValueError as exc:
            raise UsageError(f"xorgui: --cost: {exc}") from None
        net = Network(spec, net.theta)
    data = setup.with_(spec=spec).data()  # refuses data and dims that do not match, naming both
    try:
        sample = None if args.batch else (data.find(args.sample) if args.sample else 0)
    except ValueError as exc:
        raise UsageError(f"xorgui: --sample: {exc}") from None
    lr = args.lr if args.lr is not None else setup.config.learning_rate
    return net, data, sample, float(lr)


def cmd_walkthrough(args: argparse.Namespace) -> int:
    """Run ``xorgui walkthrough``: print (or write to ``--out``) the update as text or Markdown."""
    net, data, sample, lr = model_state(args)
    try:
        writer.check_size(net.spec, len(data.X) if sample is None else 1)
    except ValueError as exc:
        raise UsageError(f"xorgui walkthrough: {exc}") from None
    w = walk(net, data, sample, lr)
    text = writer.to_markdown(w) if args.format == "md" else writer.to_text(w)
    if args.out:
        write_atomic(args.out, text)
    else:
        sys.stdout.write(text)
    return 0


def cmd_exercises(args: argparse.Namespace) -> int:
    """Run ``xorgui exercises``: write the sheet, its answer key and each exercise's model file into ``--out``."""
    sheet = make_sheet(args.count, args.seed)
    os.makedirs(args.out, exist_ok=True)
    write_atomic(os.path.join(args.out, "exercises.md"), sheet.exercises_md)
    write_atomic(os.path.join(args.out, "answers.md"), sheet.answers_md)
    for ex in sheet.exercises:
        save_model(os.path.join(args.out, ex.model_file), ex.net, ex.setup)
    print(f"wrote {len(sheet.exercises)} exercises to {os.path.join(args.out, 'exercises.md')} and their answers "
          f"to {os.path.join(args.out, 'answers.md')}")
    return 0
