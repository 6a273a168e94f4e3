"""``python -m xorgui``: the same as the ``xorgui`` command."""

from xorgui.cli import main

raise SystemExit(main())
