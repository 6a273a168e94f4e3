import subprocess
import sys
import textwrap


def test_the_core_imports_no_qt_module():
    code = textwrap.dedent("""
        import importlib, pkgutil, sys
        import xorgui.core, xorgui.cli, xorgui.bench
        for module in pkgutil.walk_packages(xorgui.core.__path__, "xorgui.core."):  # every core module, new ones too
            importlib.import_module(module.name)
        assert "xorgui.core.study.share" in sys.modules
        qt = ("PySide6", "shiboken6", "pyqtgraph", "PyQt5", "PyQt6")
        bad = sorted(m for m in sys.modules if m.split(".")[0] in qt)
        print(bad)
        sys.exit(1 if bad else 0)
    """)
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_pyside_does_not_drop_references_to_none():
    # PySide6 6.12.0 on Python 3.11 decremented None's reference count on every
    # C++ call returning nothing; the interpreter aborts once it reaches 0.
    code = textwrap.dedent("""
        import sys
        from PySide6.QtCore import QObject
        obj = QObject()
        before = sys.getrefcount(None)
        for _ in range(20000):
            obj.setObjectName("x")
            obj.blockSignals(False)
        after = sys.getrefcount(None)
        print(before, after)
        sys.exit(0 if after >= before - 100 else 3)
    """)
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, f"exit {proc.returncode}: {proc.stdout} {proc.stderr}"
