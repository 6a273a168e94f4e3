"""The app as a process: signals from the terminal or the system, no display."""

import os
import signal
import subprocess
import sys
import time

import pytest

from tests.processes import group_processes, spawned_processes


def start_app(tmp_path, ignored=()):
    """Start the app as a terminal would, its own process group; ``ignored`` signals as ``nohup`` ignores them.

    An ignored signal stays ignored across exec, so a small launcher ignores them, then becomes the app.
    """
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=str(tmp_path))
    launcher = (f"import os, signal, sys\nfor n in {[int(n) for n in ignored]}: signal.signal(n, signal.SIG_IGN)\n"
                "os.execv(sys.executable, [sys.executable, '-m', 'xorgui'])")
    return subprocess.Popen([sys.executable, "-c", launcher], env=env, start_new_session=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def wait_for_trainer(proc):
    deadline = time.time() + 60  # the machine may be busy: the app starts in a second when idle
    while not _host_started(proc.pid) and time.time() < deadline and proc.poll() is None:
        time.sleep(0.05)
    assert _host_started(proc.pid), "the trainer never started"
    time.sleep(2.0)  # the host starts while the window is built: let it be shown and the event loop run


def assert_ended_cleanly(proc, err: str) -> None:
    """The app exited with status 0, no traceback, and left no process of its group behind (within 5 s)."""
    assert proc.returncode == 0 and "Traceback" not in err, err
    deadline = time.time() + 5
    while group_processes(proc.pid) and time.time() < deadline:
        time.sleep(0.05)
    assert group_processes(proc.pid) == {}


@pytest.mark.parametrize("number, sent_to", [(signal.SIGINT, "group"), (signal.SIGTERM, "app"),
                                             (signal.SIGHUP, "group")], ids=["ctrl-c", "term", "hangup"])
def test_a_signal_closes_the_app_as_its_close_button_does_and_ends_its_trainer(tmp_path, number, sent_to):
    proc = start_app(tmp_path)
    try:
        wait_for_trainer(proc)
        if sent_to == "group":  # as a terminal sends Ctrl+C or its hang-up: to the app and its trainer
            os.killpg(proc.pid, number)
        else:  # as ``kill`` or a closed session: the app alone
            os.kill(proc.pid, number)
        _, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    assert_ended_cleanly(proc, err)
    assert (tmp_path / "xorgui" / "xorgui.conf").exists()  # closed as by its close button: settings saved


def test_closing_the_app_with_a_hung_trainer_ends_it_and_leaves_no_process(tmp_path):
    proc = start_app(tmp_path)
    try:
        wait_for_trainer(proc)
        for pid in spawned_processes(proc.pid):
            os.kill(pid, signal.SIGSTOP)  # hung: alive, reading nothing
        os.kill(proc.pid, signal.SIGTERM)
        _, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    assert_ended_cleanly(proc, err)


def test_under_nohup_a_hang_up_leaves_the_app_running(tmp_path):
    proc = start_app(tmp_path, ignored=[signal.SIGHUP])
    try:
        wait_for_trainer(proc)
        os.kill(proc.pid, signal.SIGHUP)
        time.sleep(1.0)
        assert proc.poll() is None  # still running, as nohup promised
        os.kill(proc.pid, signal.SIGTERM)
        _, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    assert proc.returncode == 0 and "Traceback" not in err, err
    assert (tmp_path / "xorgui" / "xorgui.conf").exists()


def test_without_a_display_the_app_says_so_in_one_line_and_exits_with_status_2(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env["XDG_CONFIG_HOME"] = str(tmp_path)
    done = subprocess.run([sys.executable, "-m", "xorgui"], env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.startswith("xorgui: no display: ") and done.stderr.count("\n") == 1
    assert "xorgui --help" in done.stderr
    assert not (tmp_path / "xorgui").exists()  # nothing started, nothing written


def test_the_display_check_knows_each_platform():
    from xorgui.app import no_display

    linux = "linux"
    assert no_display({}, linux, ["xorgui"]) is not None
    assert no_display({"DISPLAY": ":0"}, linux, ["xorgui"]) is None
    assert no_display({"WAYLAND_DISPLAY": "wayland-0"}, linux, ["xorgui"]) is None
    assert no_display({"QT_QPA_PLATFORM": "offscreen"}, linux, ["xorgui"]) is None
    assert no_display({"QT_QPA_PLATFORM": "xcb"}, linux, ["xorgui"]) is not None  # X11 chosen, no X display
    assert no_display({"QT_QPA_PLATFORM": "wayland;xcb", "DISPLAY": ":1"}, linux, ["xorgui"]) is None
    assert no_display({}, linux, ["xorgui", "-platform", "offscreen"]) is None
    assert no_display({}, "win32", ["xorgui"]) is None and no_display({}, "darwin", ["xorgui"]) is None


def _host_started(pgid):
    return bool(spawned_processes(pgid))


def test_a_script_that_opens_the_window_without_a_main_guard_is_told_why_and_opens_one_window(tmp_path):
    script = tmp_path / "unguarded.py"
    script.write_text("from PySide6.QtCore import QTimer\nfrom PySide6.QtWidgets import QApplication\n"
                      "from xorgui.app import create_window\n"
                      "app = QApplication([])\nwindow = create_window()\nwindow.show()\n"
                      "QTimer.singleShot(3000, window.close)\napp.exec()\nprint('closed')\n")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=str(tmp_path))
    proc = subprocess.Popen([sys.executable, str(script)], env=env, start_new_session=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        out, err = proc.communicate(timeout=120)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    assert out.count("closed") == 1  # the trainer processes imported the script but opened no window
    assert 'put the code that opens it under  if __name__ == "__main__":' in err
    deadline = time.time() + 5
    while group_processes(proc.pid) and time.time() < deadline:
        time.sleep(0.05)
    assert group_processes(proc.pid) == {}
