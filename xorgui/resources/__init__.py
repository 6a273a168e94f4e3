"""Files shipped beside the code: the app's icon and its desktop entry."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path


def resource_path(name: str) -> Path:
    """Return the path of a shipped file such as ``"xorgui.svg"`` or ``"xorgui.desktop"``.

    Raises
    ------
    FileNotFoundError
        If the package holds no such file (an incomplete installation).
    """
    path = Path(str(files(__name__) / name))
    if not path.is_file():
        raise FileNotFoundError(f"xorgui is missing its file {name!r} (looked in {path.parent})")
    return path
