"""Reading and writing the user's files: atomic writes, bounded reads, errors said as a person would."""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from pathlib import Path

# What went wrong, in words, for the errors a person meets with files.
_REASONS = {
    errno.ENOENT: "no such file", errno.EACCES: "permission denied", errno.EPERM: "permission denied",
    errno.EISDIR: "is a directory", errno.ENOTDIR: "a part of the path is not a directory",
    errno.ENOSPC: "no space left on the device", errno.EDQUOT: "over the disk quota",
    errno.EROFS: "the file system is read-only", errno.ENAMETOOLONG: "the name is too long",
    errno.ELOOP: "too many symbolic links", errno.EFBIG: "the file is too large",
}


class FileAccessError(OSError):
    """A file that cannot be read or written; ``str()`` is one sentence naming the file the user gave."""

    def __init__(self, code: int | None, message: str) -> None:
        super().__init__(code, message)
        self.message = message

    def __str__(self) -> str:
        return self.message


def reason(exc: OSError) -> str:
    """Return what went wrong with a file in a few words, e.g. "no such file"."""
    if exc.errno in _REASONS:
        return _REASONS[exc.errno]
    return (exc.strerror or str(exc) or exc.__class__.__name__).lower()


def write_atomic(path: str | os.PathLike, data: str | bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file beside it and a rename.

    A symbolic link is written through: its target is replaced and the link
    kept. A pipe, a device or a socket at ``path`` is refused, never replaced
    by a file. A failure leaves any existing file untouched and no temporary
    file behind, and raises ``FileAccessError`` naming ``path`` (never the
    temporary file).
    """
    target = Path(os.path.realpath(path))
    special = not_a_file(target)
    if special:
        raise FileAccessError(None, f"cannot save {os.fspath(path)}: it is {special}, not a file")
    try:
        _replace(target, data.encode("utf-8") if isinstance(data, str) else data)
    except OSError as exc:
        why = "its folder does not exist" if exc.errno == errno.ENOENT else reason(exc)
        raise FileAccessError(exc.errno, f"cannot save {os.fspath(path)}: {why}") from exc


def _replace(target: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        os.fchmod(fd, _mode_for(target))  # mkstemp makes 0600; keep what the file or the umask says
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _mode_for(path: Path) -> int:
    try:
        return path.stat().st_mode & 0o777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def read_limited(path: str | os.PathLike, max_bytes: int, what: str = "a model file") -> bytes:
    """Return the bytes of a regular file of at most ``max_bytes``.

    A FIFO, a device or a directory is refused before anything is read from
    it (a FIFO would block, /dev/zero never ends), and so is a larger file;
    the message calls the file ``what``.

    Raises
    ------
    FileAccessError
        One sentence naming ``path`` and the problem.
    """
    name = os.fspath(path)
    try:
        # O_NONBLOCK: opening a FIFO without a writer must not wait for one
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        raise FileAccessError(exc.errno, f"{name}: {reason(exc)}") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise FileAccessError(None, f"{name} is {_kind(info.st_mode)}, not {what}")
        if info.st_size > max_bytes:
            raise FileAccessError(errno.EFBIG, f"{name} is {_size(info.st_size)}: {what} has at most "
                                               f"{_size(max_bytes)}")
        with os.fdopen(os.dup(fd), "rb") as f:
            data = f.read(max_bytes + 1)
    except OSError as exc:
        if isinstance(exc, FileAccessError):
            raise
        raise FileAccessError(exc.errno, f"{name}: {reason(exc)}") from None
    finally:
        os.close(fd)
    if len(data) > max_bytes:  # it grew while being read
        raise FileAccessError(errno.EFBIG, f"{name} grew while read: {what} has at most {_size(max_bytes)}")
    return data


def not_a_file(path: str | os.PathLike) -> str | None:
    """Return what is at ``path`` if it is a pipe, a socket or a device ("a pipe"), else None.

    None also when nothing is there, or a regular file or a directory (which
    saving refuses by itself, as "is a directory").
    """
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return None
    return None if stat.S_ISREG(mode) or stat.S_ISDIR(mode) else _kind(mode)


def _kind(mode: int) -> str:
    kinds = ((stat.S_ISDIR, "a directory"), (stat.S_ISFIFO, "a pipe"), (stat.S_ISSOCK, "a socket"))
    return next((name for test, name in kinds if test(mode)), "a device")


def _size(n: int) -> str:
    return f"{n / 2**20:.0f} MB" if n >= 2**20 else f"{n:,} bytes"
