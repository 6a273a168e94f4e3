"""The app as a process: what a terminal's Ctrl+C does to it."""

import os
import signal
import subprocess
import sys
import time


def _group(pgid):
    """Return the command lines of the live processes in process group ``pgid``."""
    found = []
    for entry in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{entry}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            with open(f"/proc/{entry}/cmdline", "rb") as f:
                cmdline = f.read().replace(b"\0", b" ").decode()
        except OSError:
            continue
        if int(fields[2]) == pgid and fields[0] != "Z":
            found.append(cmdline)
    return found


def test_ctrl_c_in_the_terminal_closes_the_app_and_its_trainer(tmp_path):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=str(tmp_path))
    proc = subprocess.Popen([sys.executable, "-m", "xorgui"], env=env, start_new_session=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.time() + 20
        while not any("xorgui.core.host" in c for c in _group(proc.pid)) and time.time() < deadline:
            time.sleep(0.05)
        assert any("xorgui.core.host" in c for c in _group(proc.pid)), "the trainer never started"
        time.sleep(0.5)  # the window shown, the event loop running
        os.killpg(proc.pid, signal.SIGINT)  # as a terminal's Ctrl+C: the app and its trainer
        _, err = proc.communicate(timeout=20)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    assert proc.returncode == 0 and "Traceback" not in err
    deadline = time.time() + 5
    while _group(proc.pid) and time.time() < deadline:
        time.sleep(0.05)
    assert _group(proc.pid) == []
    assert (tmp_path / "xorgui" / "xorgui.conf").exists()  # closed as by its close button: settings saved
