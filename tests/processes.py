"""The live processes of a process group, read from /proc (Linux)."""

import os

# the command line of a process started by multiprocessing's spawn method (the
# trainer host and the study's workers), not its resource tracker's
SPAWNED = "from multiprocessing.spawn import spawn_main"


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


def spawned_processes(pgid: int) -> dict:
    """Return {pid: command line} of the processes in group ``pgid`` started by multiprocessing's spawn."""
    return {pid: cmdline for pid, cmdline in group_processes(pgid).items() if SPAWNED in cmdline}
