"""Model files for the monkey to open: good ones, and bad ones a person might pick by mistake or edit by hand.

They are written from the format the README documents, not with the app's
own writer, so that a fault of the writer cannot hide a fault of the reader.
"""

from __future__ import annotations

import copy
import json
import traceback
from pathlib import Path

import numpy as np

from tests.monkey.hands import wait


def model(dims: list, bias: bool = True, activations: list | None = None, cost: str = "half-sse",
          training: dict | None = None, seed: int = 0) -> dict:
    """Return a model file's document: weights uniform in [-1, 1) drawn from ``seed``."""
    rng = np.random.default_rng(seed)
    doc = {
        "format": "xorgui-model", "version": 1, "dims": dims,
        "activations": activations or ["sigmoid"] * (len(dims) - 1), "bias": bias, "cost": cost,
        "reduction": "mean",
        "weights": [rng.uniform(-1, 1, (dims[n], dims[n - 1])).tolist() for n in range(1, len(dims))],
        "biases": [rng.uniform(-1, 1, dims[n]).tolist() for n in range(1, len(dims))] if bias else None,
    }
    if training is not None:
        doc["training"] = training
    return doc


TRAINING = {"learning_rate": 0.5, "mode": "batch", "batch_size": 4, "shuffle": True, "epochs": 10000,
            "schedule": False, "dataset": "xor", "init": "uniform01", "init_scale": 1.0, "seed": 0}


def _with_training(**changes: object) -> dict:
    return model([2, 2, 1], training={**TRAINING, **changes})


def good_models() -> dict[str, dict]:
    """Return {file name: document} of files the app must open."""
    huge = model([2, 2, 1])
    huge["weights"][0][0][0] = 1e308  # finite: a file may hold it; the views must cope
    return {
        "good-2-2-1.json": model([2, 2, 1], training=TRAINING),
        "good-2-3-1-nobias.json": model([2, 3, 1], bias=False, training={**TRAINING, "learning_rate": 1.0}),
        "good-2-4-4-2-softmax.json": model([2, 4, 4, 2], activations=["tanh", "tanh", "softmax"],
                                           cost="cross-entropy", seed=1),
        "good-2-12-1.json": model([2, 12, 1], activations=["relu", "linear"], seed=2),
        "good-2-1.json": model([2, 1], seed=3),
        "good-online-noisy.json": model([2, 2, 1], training={**TRAINING, "mode": "online", "dataset": "noisy-xor",
                                                              "learning_rate": 0.1, "schedule": True}),
        "good-huge-weight.json": huge,
    }


def bad_models() -> dict[str, str | bytes]:
    """Return {file name: content} of files the app must refuse with a message (and change nothing)."""
    base = model([2, 2, 1])
    docs = {
        "bad-format.json": {**base, "format": "keras"},
        "bad-version.json": {**base, "version": 2},
        "bad-no-weights.json": {k: v for k, v in base.items() if k != "weights"},
        "bad-shapes.json": {**base, "dims": [2, 3, 1]},
        "bad-three-inputs.json": model([3, 2, 1]),
        "bad-five-outputs.json": model([2, 2, 5]),
        "bad-too-wide.json": model([2, 513, 1]),
        "bad-zero-width.json": {**base, "dims": [2, 0, 1], "weights": [[], [[]]], "biases": [[], [0.0]]},
        "bad-activation.json": {**base, "activations": ["swish", "sigmoid"]},
        "bad-cost.json": {**base, "cost": "hinge"},
        "bad-bias-text.json": {**base, "bias": "yes"},
        "bad-weight-text.json": _replace_weight(base, "0.5"),
        "bad-epochs-fraction.json": _with_training(epochs=3.5),
        "bad-epochs-text.json": _with_training(epochs="5000"),
        "bad-epochs-huge.json": _with_training(epochs=3_000_000_000),
        "bad-shuffle-text.json": _with_training(shuffle="no"),
        "bad-batch-huge.json": _with_training(batch_size=1e12),
        "bad-dataset-list.json": _with_training(dataset=["xor"]),
        "bad-dataset-name.json": _with_training(dataset="mnist"),
        "bad-init.json": _with_training(init="bogus"),
        "bad-lr-negative.json": _with_training(learning_rate=-1),
        "bad-lr-text.json": _with_training(learning_rate="fast"),
        "bad-mode.json": _with_training(mode="turbo"),
        "bad-seed-negative.json": _with_training(seed=-1),
        "bad-training-list.json": {**base, "training": [1, 2]},
    }
    raw: dict[str, str | bytes] = {name: json.dumps(doc) for name, doc in docs.items()}
    raw.update({
        "bad-empty.json": "",
        "bad-not-json.json": "{oops",
        "bad-null.json": "null",
        "bad-list.json": "[]",
        "bad-nan.json": json.dumps(base).replace(str(base["weights"][0][0][0]), "NaN", 1),
        "bad-deep.json": "[" * 100_000 + "]" * 100_000,
        "bad-binary.json": bytes(range(256)) * 4,
    })
    return raw


def _replace_weight(doc: dict, value: object) -> dict:
    out = copy.deepcopy(doc)
    out["weights"][0][0][0] = value
    return out


def write_models(folder: Path) -> tuple[list[Path], list[Path]]:
    """Write every good and bad file into ``folder``; return (good paths, bad paths), bad ones last in order."""
    folder.mkdir(parents=True, exist_ok=True)
    good = []
    for name, doc in good_models().items():
        (folder / name).write_text(json.dumps(doc), encoding="utf-8")
        good.append(folder / name)
    bom = folder / "good-bom.json"  # what a Windows editor saves: the same file behind a UTF-8 BOM
    bom.write_bytes(b"\xef\xbb\xbf" + json.dumps(good_models()["good-2-2-1.json"]).encode())
    good.append(bom)
    bad = []
    for name, content in bad_models().items():
        path = folder / name
        path.write_bytes(content) if isinstance(content, bytes) else path.write_text(content, encoding="utf-8")
        bad.append(path)
    (folder / "bad-a-folder.json").mkdir(exist_ok=True)
    bad += [folder / "bad-a-folder.json", folder / "bad-missing.json"]
    return good, bad


class ModelFiles:
    """Opens good and bad files as File ▸ Open does (``window.open_model``) and judges what the app made of them.

    A good file must open; a bad one must be refused with a ModelFileError
    (anything else would escape File ▸ Open's message box) and leave the
    session as it was.
    """

    def __init__(self, window, log, guard, folder: Path) -> None:
        self.window, self.log, self.guard, self.folder = window, log, guard, folder
        self.good, self.bad = write_models(folder / "models")

    def open_one(self, rng: np.random.Generator) -> None:
        """Open a good or a bad file."""
        good = rng.random() < 0.5
        files = self.good if good else self.bad
        path = files[int(rng.integers(len(files)))]
        self.log.event(self.log.index, f"open the {'good' if good else 'bad'} model file {path.name}")
        self._open(path, good)

    def save_and_reopen(self, rng: np.random.Generator) -> None:
        """Save the model as File ▸ Save does, then open what was saved."""
        path = self.folder / f"saved-{self.log.index}.json"
        self.log.event(self.log.index, f"save the model to {path.name}, then open it")
        try:
            self.window.save_model(str(path))
        except ValueError as exc:  # documented: nothing to save yet, or weights not finite
            self.log.note(f"      refused: {exc}")
            return
        except Exception as exc:  # noqa: BLE001 - anything else is a fault
            return self._fault(f"save_model({path.name}) raised {type(exc).__name__}: {exc}", exc)
        self._open(path, True)

    def _open(self, path: Path, good: bool) -> None:
        from xorgui.core.files.modelfile import ModelFileError

        wait(300)  # the answer to an earlier rebuild (a combo turned, say) comes first
        before = self.window.snapshot
        try:
            self.window.open_model(str(path))
        except ModelFileError as exc:
            self.log.note(f"      refused: {str(exc)[:160]!r}")
            if good:
                self.guard.fail("file", f"open_model refused the good file {path.name}: {exc}")
            elif not str(exc).strip():
                self.guard.fail("file", f"open_model refused {path.name} with an empty message")
            else:
                self._kept(before, path)
            return
        except Exception as exc:  # noqa: BLE001 - anything but ModelFileError escapes File ▸ Open's dialog
            return self._fault(f"open_model({path.name}) raised {type(exc).__name__} instead of "
                               f"ModelFileError: {exc}", exc)
        if not good:
            self.guard.fail("file", f"open_model accepted the bad file {path.name}")

    def _kept(self, before, path: Path) -> None:
        wait(200)
        after = self.window.snapshot
        if before is not None and after is not None and after.generation != before.generation:
            self.guard.fail("file", f"refusing {path.name} still rebuilt the session "
                                    f"(generation {before.generation} → {after.generation})")

    def _fault(self, message: str, exc: BaseException) -> None:
        self.guard.fail("file", message, "".join(traceback.format_exception(exc)))
