import atexit
import json
import os
import shutil
import tempfile
from pathlib import Path

# Before any QApplication exists: the tests keep their settings (and Qt's own, such as the file
# dialogs' QtProject.conf) in a temporary configuration, never in the user's.
TEST_HOME = Path(tempfile.mkdtemp(prefix="xorgui-tests-"))
atexit.register(shutil.rmtree, TEST_HOME, ignore_errors=True)
os.environ["XDG_CONFIG_HOME"] = str(TEST_HOME / "config")

# Qt's offscreen platform shows an 800×600 screen unless told otherwise: the tests get the two
# screens the app must suit, a 1280×720 projector (the primary: its name sorts first) and a
# 1920×1080 monitor to its right.
SCREENS = {"1280x720": (0, 0, 1280, 720), "1920x1080": (1280, 0, 1920, 1080)}
if os.environ.get("QT_QPA_PLATFORM", "offscreen") == "offscreen":
    _config = TEST_HOME / "screens.json"
    _config.write_text(json.dumps({"screens": [
        {"name": name, "x": x, "y": y, "width": w, "height": h, "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}
        for name, (x, y, w, h) in SCREENS.items()]}))
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={_config}"

from hypothesis import settings  # noqa: E402
from PySide6.QtCore import QSettings  # noqa: E402

for _format in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):  # where XDG_CONFIG_HOME is not read
    QSettings.setPath(_format, QSettings.Scope.UserScope, str(TEST_HOME / "config"))

# CI runs the same examples every time; locally each run explores new ones.
settings.register_profile("ci", derandomize=True, deadline=None)
if os.environ.get("CI"):
    settings.load_profile("ci")

