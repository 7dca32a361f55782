"""Writing files: the one place where bytes reach the disk.

Every file is written to a temporary file in the same folder, flushed and fsynced, then renamed over the
target, so a reader (the print plant's fetch, another render) sees the old file or the new one, never half
of one. Paths are never followed through symbolic links: a link where a file is to be written is an error.
"""

from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path

from layout.errors import Diagnostic, LayoutError, Level


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_error(path: Path, exc: OSError) -> LayoutError:
    """An OSError while writing, as one clear message (a full disk is said so)."""
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return LayoutError(Diagnostic(Level.ERROR, f"the disk is full: cannot write {path}", str(path),
                                      hint="free some space (or `layout cache --prune`) and render again; "
                                           "the previous output was left as it was"))
    reason = exc.strerror or str(exc)
    return LayoutError(Diagnostic(Level.ERROR, f"cannot write {path}: {reason}", str(path),
                                  hint="choose another folder with -o, or fix its permissions"))


def write_atomic(path: Path, data: bytes, *, sync: bool = True) -> None:
    """Write `data` to `path` atomically (temp file, fsync, rename), with the usual file mode (not 0600).

    Raises LayoutError on any OS error (full disk, permissions, a symbolic link in the way)."""
    try:
        if path.is_symlink():
            raise LayoutError(Diagnostic(Level.ERROR, f"{path} is a symbolic link: not written through it",
                                         str(path), hint="remove the link, or choose another output folder"))
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise write_error(path, exc) from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            if sync:
                os.fsync(fh.fileno())
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; the plant's fetch needs the usual mode
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise write_error(path, exc) from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def fsync_dir(folder: Path) -> None:
    """Make the renames inside a folder durable."""
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
