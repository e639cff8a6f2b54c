"""Turn what the user named (files, folders, globs, '-') into a stream of Records and problems."""

from __future__ import annotations

import errno
import glob
import io
import os
import stat
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

from ..errors import InputError, UnsupportedFormat
from ..models import Record
from ..settings import Settings
from .pages import Page, extract_pages
from .readers import READERS, reader_for, sniff_reader
from .records import Skipped

STDIN = "-"
_GLOB_CHARS = set("*?[")


def iter_records(inputs: Iterable[str], settings: Settings, stdin=None) -> Iterator[Record | InputError | Skipped]:
    """Every record of every input, in a stable order, with a problem object for whatever cannot be read.
    Web pages are extracted in ``settings.workers`` processes."""
    return extract_pages(_read_inputs(inputs, settings, stdin), settings.workers)


def _read_inputs(inputs: Iterable[str], settings: Settings, stdin) -> Iterator[Record | InputError | Skipped | Page]:
    for item in expand_inputs(inputs):
        if isinstance(item, (InputError, Skipped)):
            yield item
        elif item == STDIN:
            yield from _read_stdin(settings, stdin)
        else:
            yield from read_file(item, settings)


def expand_inputs(inputs: Iterable[str]) -> Iterator[str | Path | InputError | Skipped]:
    """The files the inputs name (folders walked, globs matched, in a stable order), "-" for stdin,
    and a problem object for each name that leads nowhere readable."""
    for name in inputs:
        if name == STDIN:
            yield STDIN
            continue
        path = Path(name)
        try:
            kind = _kind_of(path)
        except OSError as err:  # a folder on the way that cannot be searched, a name too long
            kind = err
        if kind == "folder":
            yield from _walk(path)
        elif kind == "dead link":
            yield InputError(name, _dead_link_reason(path))
        elif kind == "file":
            yield path if reader_for(path) else UnsupportedFormat(name, _unsupported_reason(path))
        elif _GLOB_CHARS & set(name):
            matches = sorted(glob.glob(name, recursive=True))
            if not matches:
                yield InputError(name, "no file matches this pattern")
            for match in matches:
                yield from expand_inputs([match])
        elif isinstance(kind, OSError):
            yield InputError(name, _os_reason(kind))
        else:
            yield InputError(name, "no such file or directory")


def _kind_of(path: Path) -> str | None:
    """"folder", "file" (anything else that is there), "dead link" (a broken link or a loop of
    links), or None when nothing is there; an OSError when the system cannot tell (EACCES on a
    folder on the way, a name too long)."""
    try:
        return "folder" if stat.S_ISDIR(os.stat(path).st_mode) else "file"
    except OSError as err:
        if err.errno == errno.ELOOP:
            return "dead link"
        if err.errno not in (errno.ENOENT, errno.ENOTDIR):
            raise
    return "dead link" if path.is_symlink() else None


def _os_reason(err: OSError) -> str:
    """Why the system refused a path, in the words of the rest of the report."""
    if err.errno in (errno.EACCES, errno.EPERM):
        return "permission denied"
    if err.errno == errno.ENAMETOOLONG:
        return "file name too long"
    return f"cannot read ({err.strerror or err})"


def _walk(folder: Path) -> Iterator[Path | Skipped | InputError]:
    """The files under a folder, sorted; links that lead out of it are not followed (a folder of
    crawled pages may hold links anywhere), and folder links are reported, not walked."""
    def on_error(err: OSError) -> None:
        problems.append(InputError(err.filename or str(folder), f"cannot list folder ({err.strerror})"))

    problems: list[InputError] = []
    inside = folder.resolve()
    for root, dirs, files in os.walk(folder, onerror=on_error):
        yield from problems  # a folder that could not be listed: reported where the walk met it
        problems.clear()
        followed = []
        for name in sorted(d for d in dirs if not d.startswith(".")):
            try:
                linked = Path(root, name).is_symlink()
            except OSError as err:  # a path longer than the system allows
                yield InputError(str(Path(root, name)), _os_reason(err))
                continue
            if linked:
                yield Skipped(str(Path(root, name)), "link to a folder (not followed)")
            else:
                followed.append(name)
        dirs[:] = followed
        for name in sorted(files):
            yield _walked_file(Path(root, name), inside)
    yield from problems  # the last folders walked


def _walked_file(path: Path, inside: Path) -> Path | Skipped | InputError:
    if path.name.startswith("."):
        return Skipped(str(path), "hidden file")
    try:
        if path.is_symlink():
            if _kind_of(path) == "dead link":
                return InputError(str(path), _dead_link_reason(path))
            target = path.resolve()
            if not target.is_relative_to(inside):
                return Skipped(str(path), f"link out of the folder (to {target})")
    except OSError as err:  # a link into a folder that cannot be searched, a path too long
        return InputError(str(path), _os_reason(err))
    return path if reader_for(path) else Skipped(str(path), _unsupported_reason(path))


def read_file(path: Path, settings: Settings) -> Iterator[Record | InputError | Skipped | Page]:
    """The records (and pages, still to extract) of one file; a problem object where it cannot be read."""
    source = str(path)
    reader = reader_for(path)
    try:
        kind = _special_kind(path)
        if kind:  # opening a FIFO would wait for a writer for ever; a device never ends
            yield InputError(source, f"not a regular file ({kind}): refused")
            return
        with open(path, "rb") as stream:
            yield from reader(stream, source, settings)
    except InputError as err:
        yield err
    except IsADirectoryError:
        yield InputError(source, "is a directory")
    except OSError as err:
        yield InputError(source, _os_reason(err))


def _read_stdin(settings: Settings, stdin=None) -> Iterator[Record | InputError | Skipped | Page]:
    stream = stdin if stdin is not None else sys.stdin.buffer
    data = stream.read()
    reader = sniff_reader(data[:4096])
    try:
        yield from reader(io.BytesIO(data), "<stdin>", settings)
    except InputError as err:
        yield err


def _special_kind(path: Path) -> str | None:
    """What a path that is not a regular file or a folder is (it is checked before it is opened)."""
    mode = path.stat().st_mode
    kinds = {stat.S_ISFIFO: "a named pipe", stat.S_ISSOCK: "a socket", stat.S_ISCHR: "a character device",
             stat.S_ISBLK: "a block device"}
    return next((name for test, name in kinds.items() if test(mode)), None)


def _dead_link_reason(path: Path) -> str:
    """Why a symbolic link leads nowhere: a loop of links, or a missing target."""
    try:
        path.resolve(strict=True)
    except RuntimeError:  # Python 3.11-3.12 say a loop so
        return "symbolic link loop"
    except OSError as err:
        return "symbolic link loop" if err.errno == errno.ELOOP else "broken symbolic link"
    return "broken symbolic link"


def _unsupported_reason(path: Path) -> str:
    kinds = ", ".join(sorted(READERS))
    suffix = path.suffix or "(none)"
    return f"unsupported file type {suffix} (veille reads {kinds})"
