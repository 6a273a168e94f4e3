"""The remembered settings (window geometry, speed, setup), read back and checked value by value.

The settings file is the user's to edit, and may come from another
version: a value that is missing or bad is replaced by the default, and
each one replaced is named so that the window can say so once.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from PySide6.QtCore import QByteArray, QSettings

from xorgui.core.files.modelfile import setup_from_dict, setup_to_dict
from xorgui.core.training.setup import Setup
from xorgui.qt.setup_check import check_setup

# what building a setup from a hand-edited document may raise besides ValueError, should a check miss a case
_BAD = (ValueError, TypeError, KeyError, AttributeError, IndexError, OverflowError, RecursionError)


@dataclass
class Remembered:
    """Settings read back: None where nothing (usable) was remembered.

    Attributes
    ----------
    geometry : QByteArray or None
        The window's saved geometry (its contents are checked by restoring it).
    speed : int or None
        Index of the speed in the panel's list.
    setup : Setup or None
        The network, training and data settings.
    problems : list of str
        One phrase per remembered value that was replaced by the default.
    """

    geometry: QByteArray | None = None
    speed: int | None = None
    setup: Setup | None = None
    problems: list[str] = field(default_factory=list)


def read_settings(settings: QSettings, speeds: int) -> Remembered:
    """Read and check the remembered settings; ``speeds`` is the number of speeds the panel offers."""
    found = Remembered()
    if settings.status() != QSettings.Status.NoError:  # a folder where the file should be, say
        found.problems.append(f"the settings file {settings.fileName()} cannot be read (nor, then, written)")
    geometry = settings.value("geometry")
    if isinstance(geometry, (QByteArray, bytes, bytearray)):
        found.geometry = QByteArray(geometry)
    elif geometry is not None:
        found.problems.append(f"the window geometry {_short(geometry)}")
    speed = settings.value("speed")
    if speed is not None:
        found.speed = _speed(speed, speeds)
        if found.speed is None:
            found.problems.append(f"the speed {_short(speed)}")
    text = settings.value("setup")
    if text is not None:
        try:
            found.setup = parse_setup(text)
        except _BAD as exc:
            found.problems.append(f"the settings {_short(text)} ({str(exc) or type(exc).__name__})")
    return found


def parse_setup(text: object) -> Setup:
    """Return the setup remembered as ``text`` (JSON, as ``setup_text`` writes it).

    Raises
    ------
    ValueError
        If it is not such a text or holds a value the panel cannot show.
    """
    if not isinstance(text, str):
        raise ValueError("not a text")
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValueError(f"not JSON: {exc.msg}") from None
    except RecursionError:
        raise ValueError("nested too deeply") from None
    if not isinstance(doc, dict):
        raise ValueError("not a JSON object")
    try:
        setup = setup_from_dict(doc)
    except KeyError as exc:
        raise ValueError(f"missing {exc}") from None
    check_setup(setup)
    setup.trainer()  # what the trainer would refuse is refused here, before the panel shows it
    return setup


def setup_text(setup: Setup) -> str | None:
    """Return the text to remember for ``setup``, or None if the panel could not show it again."""
    try:
        check_setup(setup)
    except ValueError:
        return None
    return json.dumps(setup_to_dict(setup), allow_nan=False)


def _speed(value: object, speeds: int) -> int | None:
    try:
        index = int(value) if isinstance(value, (int, str)) and not isinstance(value, bool) else None
    except ValueError:
        return None
    return index if index is not None and 0 <= index < speeds else None


def _short(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:39] + "…"

