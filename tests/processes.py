"""The live processes of a process group, read from /proc (Linux)."""

import os


def group_processes(pgid: int) -> dict:
    """Return {pid: command line} of the processes in group ``pgid`` that still run (not zombies)."""
    found = {}
    for entry in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{entry}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            with open(f"/proc/{entry}/cmdline", "rb") as f:
                cmdline = f.read().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if int(fields[2]) == pgid and fields[0] != "Z":
            found[int(entry)] = cmdline
    return found
