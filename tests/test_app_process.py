"""The app as a process: what a terminal's Ctrl+C does to it."""

import os
import signal
import subprocess
import sys
import time

from tests.processes import group_processes


def test_ctrl_c_in_the_terminal_closes_the_app_and_its_trainer(tmp_path):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=str(tmp_path))
    proc = subprocess.Popen([sys.executable, "-m", "xorgui"], env=env, start_new_session=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.time() + 20
        while not _host_started(proc.pid) and time.time() < deadline:
            time.sleep(0.05)
        assert _host_started(proc.pid), "the trainer never started"
        time.sleep(2.0)  # the host starts while the window is built: let it be shown and the event loop run
        os.killpg(proc.pid, signal.SIGINT)  # as a terminal's Ctrl+C: the app and its trainer
        _, err = proc.communicate(timeout=20)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    assert proc.returncode == 0 and "Traceback" not in err
    deadline = time.time() + 5
    while group_processes(proc.pid) and time.time() < deadline:
        time.sleep(0.05)
    assert group_processes(proc.pid) == {}
    assert (tmp_path / "xorgui" / "xorgui.conf").exists()  # closed as by its close button: settings saved


def _host_started(pgid):
    return any("xorgui.core.host" in cmdline for cmdline in group_processes(pgid).values())
