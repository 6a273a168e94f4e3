"""Run the monkey: ``python -m tests.monkey --seed 7 --events 1000 --size 1280x720``.

Builds the main window on an offscreen screen of the given size, sends the
events, checks the views once the app is quiet (now and then, and at the
end), quits with File ▸ Quit, and exits with status 0 if nothing went
wrong. Otherwise it prints each failure with the events before it and the
command that replays the run, and exits with status 1 (3 if the GUI
thread hung for good). ``--real-display`` runs it on the display Qt finds
instead (say, under Xvfb, to watch it).
"""

from __future__ import annotations

import argparse
import faulthandler
import json
import os
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication
from shiboken6 import isValid

from tests.monkey.checks import check_views
from tests.monkey.events import Monkey
from tests.monkey.guard import EventLog, Guard
from tests.monkey.hands import Hands, wait
from tests.processes import spawned_processes

TAIL = 30  # events printed before a failure


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m tests.monkey", description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--events", type=int, default=1500)
    parser.add_argument("--size", default="1280x720", help="the screen, and the window's size on it")
    parser.add_argument("--hang", type=float, default=2.0, help="seconds without an event-loop pass that fail")
    parser.add_argument("--keep-going", action="store_true", help="go on after a failure; report each kind once")
    parser.add_argument("--log", help="write each event to this file as it is sent (it survives a crash)")
    parser.add_argument("--real-display", action="store_true", help="use the platform Qt finds, not offscreen")
    return parser.parse_args(argv)


def replay_command(args: argparse.Namespace) -> str:
    keep = " --keep-going" if args.keep_going else ""
    return f"python -m tests.monkey --seed {args.seed} --events {args.events} --size {args.size}{keep}"


def use_offscreen_screen(width: int, height: int, folder: Path) -> None:
    """Make Qt's offscreen platform show one screen of this size (before the QApplication exists)."""
    config = folder / "screen.json"
    config.write_text(json.dumps({"screens": [{"name": "monkey", "x": 0, "y": 0, "width": width, "height": height,
                                               "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]}))
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={config}"


class Run:
    """One monkey run: the app, the nets, the events, the report."""

    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.width, self.height = (int(v) for v in args.size.split("x"))
        self.folder = Path(tempfile.mkdtemp(prefix="xorgui-monkey-"))
        self.log = EventLog(args.log)
        self.guard = Guard(self.log, hang=args.hang)
        self.guard.report = self.report
        self.window = None
        self.closed = False

    def start(self) -> bool:
        """Build and show the window at the screen's size; False if no first snapshot came."""
        from xorgui.app import create_window

        if not self.args.real_display:
            use_offscreen_screen(self.width, self.height, self.folder)
        self.app = QApplication.instance() or QApplication([sys.argv[0]])
        self.guard.install(self.app)
        settings = QSettings(str(self.folder / "settings.ini"), QSettings.Format.IniFormat)
        self.window = create_window(settings)
        self.window.destroyed.connect(lambda: setattr(self, "closed", True))
        self.window.show()  # as the app shows it: at its own size
        deadline = time.monotonic() + 20
        while self.window.snapshot is None and time.monotonic() < deadline:
            wait(20)
        if self.window.snapshot is None:
            self.guard.fail("start", "no first snapshot 20 s after the window was shown")
            return False
        wait(100)
        for problem in check_views(self.window):
            self.guard.fail("start", f"as first shown: {problem}")
        self.window.showMaximized()  # then as a person makes it fill the projector's screen
        self.window.activateWindow()
        wait(100)
        self.guard.watch(self.app)
        screen = self.app.primaryScreen().size()
        self.log.note(f"screen {screen.width()}×{screen.height()}, window {self.window.width()}×"
                      f"{self.window.height()}, seed {self.args.seed}, {self.args.events} events")
        return True

    def run_events(self) -> None:
        """Send the events; stop at the first failure unless --keep-going."""
        monkey = Monkey(self.window, self.log, self.guard, self.folder)
        for index in range(self.args.events):
            monkey.step(index, np.random.default_rng([self.args.seed, index]))
            if not isValid(self.window) or not self.window.isVisible():
                self.log.note("the window closed")
                return
            if self.guard.failures and not self.args.keep_going:
                return
        self.log.event(self.args.events, "pause and check the views against the snapshot (the end)")
        monkey.verify()

    def quit(self) -> None:
        """File ▸ Quit, as a person quits; the window must close and its trainer end.

        (Not Ctrl+Q: the offscreen platform binds no key to the standard Quit sequence.)
        """
        self.log.event(self.args.events + 1, "menu: File ▸ Quit")
        window = self.window
        thread = window.controller._thread  # a closed window is deleted: take what is checked after first

        def open_() -> bool:
            return isValid(window) and window.isVisible()

        if open_():
            self._click_quit(window)
        deadline = time.monotonic() + 10
        while open_() and time.monotonic() < deadline:
            wait(50)
        if open_():
            self.guard.fail("quit", "the window was still open 10 s after File ▸ Quit")
            window.close()
        if not thread.wait(10_000):
            self.guard.fail("quit", "the worker thread was still running 10 s after the window closed")
        deadline = time.monotonic() + 5
        while _hosts() and time.monotonic() < deadline:
            wait(50)
        if _hosts():
            self.guard.fail("quit", f"trainer processes outlived the window: {_hosts()}")

    def _click_quit(self, window) -> None:
        hands = Hands()
        for _ in range(3):  # an open popup or dialog first
            if QApplication.activePopupWidget() is not None:
                hands.key(Qt.Key.Key_Escape)
        bar = window.menuBar()
        hands.click(bar, bar.actionGeometry(next(a for a in bar.actions() if "File" in a.text())).center())
        wait(50)
        menu, quit_action = QApplication.activePopupWidget(), window.findChild(QAction, "actionQuit")
        if menu is None or quit_action not in menu.actions():
            self.guard.fail("monkey", "the File menu did not open with its Quit item")
            return
        hands.click(menu, menu.actionGeometry(quit_action).center())

    def report(self) -> None:
        """Print every distinct failure with the events before it, and how to replay the run."""
        distinct = self.guard.distinct()
        a = self.args
        print(f"monkey: seed {a.seed}, {a.events} events at {a.size}: "
              f"{len(distinct)} distinct failure(s), {len(self.guard.failures)} in all")
        for k, (failure, count) in enumerate(distinct, 1):
            print(f"\n--- {k}. {failure.kind} at event #{failure.event:04d} (seen {count}×): {failure.message}")
            if failure.detail:
                print(failure.detail.rstrip())
            print(f"--- the last {TAIL} events up to #{failure.event:04d}:")
            print("\n".join(self.log.tail(failure.event, TAIL)))
        print(f"\nreplay: {replay_command(a)}")
        sys.stdout.flush()


def _hosts() -> list[int]:
    return list(spawned_processes(os.getpgrp()))


def main(argv: list[str] | None = None) -> int:
    faulthandler.enable(all_threads=True)  # a segfault or SIGABRT prints every thread's stack
    args = parse_args(argv)
    run = Run(args)
    started = run.start()
    if started:
        run.run_events()
    if run.window is not None:
        run.quit()
    run.guard.stop()
    if run.guard.failures:
        run.report()
        return 1
    print(f"monkey: seed {args.seed}, {args.events} events at {args.size}: no failure")
    return 0


if __name__ == "__main__":
    sys.exit(main())
