"""Turn what the user named (files, folders, globs, '-') into a stream of Records and problems."""

from __future__ import annotations

import errno
import fnmatch
import glob
import io
import os
import stat
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from ..errors import InputError, UnsupportedFormat
from ..models import Record
from ..settings import Settings
from .pages import Page, extract_pages
from .readers import READERS, read_warc, reader_for, sniff_reader
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
            matches = _glob(name)
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
    """The files under a folder, sorted, each folder's files before its subfolders; links that lead
    out of it are not followed (a folder of crawled pages may hold links anywhere), and folder links
    are reported, not walked. A stack, not os.walk: Python 3.11's os.walk recurses, and a folder
    nested 1,500 deep (one-letter names stay within PATH_MAX) ended the run in a RecursionError."""
    inside = folder.resolve()
    stack = [str(folder)]
    while stack:
        root = stack.pop()
        try:
            dirs, files = _listing(root)
        except OSError as err:
            yield InputError(err.filename or root, f"cannot list folder ({err.strerror})")
            continue
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
                followed.append(os.path.join(root, name))
        for name in sorted(files):
            yield _walked_file(Path(root, name), inside)
        stack.extend(reversed(followed))


def _listing(folder: str) -> tuple[list[str], list[str]]:
    """The names of a folder's folders (links to folders among them) and of its other entries, as
    os.walk divides them; OSError when it cannot be listed."""
    dirs, files = [], []
    with os.scandir(folder) as entries:
        for entry in entries:
            try:
                is_dir = entry.is_dir()
            except OSError:  # a link whose target cannot be looked at: a file, as os.walk has it
                is_dir = False
            (dirs if is_dir else files).append(entry.name)
    return dirs, files


def _glob(pattern: str) -> list[str]:
    """The paths a glob pattern matches, sorted, as glob.glob(pattern, recursive=True) gives them
    (hidden names only for a part that starts with a dot; a final "/" for folders only) but for
    "**", which is a folder and every folder under it without following links to folders: glob.glob
    follows them, and a link to "." beside one to ".." made it walk 2^40 paths (minutes, then
    gigabytes). A "**" that ends the pattern gives the folder it is in: veille walks it."""
    found = [os.sep if pattern.startswith(os.sep) else ""]  # "" is the current folder
    parts = pattern.split(os.sep)
    for position, part in enumerate(parts):
        if part == "**":
            folders = [path for path in found if os.path.isdir(path or ".")]
            last = position == len(parts) - 1
            found = folders if last else [below for path in folders for below in _folders_below(path)]
        elif glob.has_magic(part):
            found = [os.path.join(path, name) for path in found for name in _names(path) if _matches(name, part)]
        elif part:  # "a//b" is "a/b"
            found = [os.path.join(path, part) for path in found]
        found = [path for path in found if os.path.lexists(path or ".")]
    if pattern.endswith(os.sep):
        found = [path for path in found if os.path.isdir(path or ".")]
    return sorted({path or "." for path in found})


def _matches(name: str, part: str) -> bool:
    return fnmatch.fnmatch(name, part) and (part.startswith(".") or not name.startswith("."))


def _folders_below(folder: str) -> list[str]:
    """A folder ("" is the current one) and every folder under it, hidden ones and links left out."""
    below, stack = [], [folder]
    while stack:
        path = stack.pop()
        below.append(path)
        stack.extend(os.path.join(path, name) for name in _names(path)
                     if not name.startswith(".") and _is_real_folder(os.path.join(path, name)))
    return below


def _names(folder: str) -> list[str]:
    """The names in a folder; none when it cannot be listed (a glob lists nothing there)."""
    try:
        return sorted(os.listdir(folder or "."))
    except OSError:
        return []


def _is_real_folder(path: str) -> bool:
    return os.path.isdir(path) and not os.path.islink(path)


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
        kind = _special_kind(path.stat().st_mode)
        if kind:  # opening a FIFO would wait for a writer for ever; a device never ends
            yield InputError(source, f"not a regular file ({kind}): refused")
            return
        with open_regular(path) as stream:
            yield from reader(stream, source, settings)
    except InputError as err:
        yield err
    except IsADirectoryError:
        yield InputError(source, "is a directory")
    except OSError as err:
        yield InputError(source, _os_reason(err))


def _read_stdin(settings: Settings, stdin=None) -> Iterator[Record | InputError | Skipped | Page]:
    """Standard input, its format told from its first bytes. A web archive is read into memory (its
    reader goes back to resume after a corrupt record); the rest streams: JSON Lines from a pipe
    (`zcat a.jsonl.gz | veille ingest -`) is ingested as it comes, where reading it all first held
    the whole stream in memory and stored nothing before its end."""
    stream = stdin if stdin is not None else sys.stdin.buffer
    head = _sniffed_head(stream)
    reader = sniff_reader(head)
    body = io.BytesIO(head + stream.read()) if reader is read_warc else io.BufferedReader(_Replayed(head, stream))
    try:
        yield from reader(body, "<stdin>", settings)
    except InputError as err:
        yield err


def _sniffed_head(stream: BinaryIO) -> bytes:
    """The first bytes of a stream, enough to tell its format: up to _SNIFF_BYTES, or its first line
    with text after blank ones, or all it holds; read as they come (a pipe may give one line and wait)."""
    head = b""
    while len(head) < _SNIFF_BYTES and b"\n" not in head.lstrip(b"\xef\xbb\xbf \t\r\n"):
        chunk = stream.read1(_SNIFF_BYTES - len(head))
        if not chunk:
            break
        head += chunk
    return head


_SNIFF_BYTES = 4096


class _Replayed(io.RawIOBase):
    """A stream whose first bytes were read already (to tell its format): those bytes, then the rest."""

    def __init__(self, head: bytes, rest: BinaryIO) -> None:
        self._head, self._rest = head, rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        data = self._head[:len(buffer)] if self._head else self._rest.read1(len(buffer))
        self._head = self._head[len(data):]
        buffer[:len(data)] = data
        return len(data)


def open_regular(path: str | Path) -> BinaryIO:
    """A file opened for reading; InputError when it is no regular file. The type is checked before
    the open too (a device is never opened), but a FIFO put in the file's place between that check and
    the open would make the open wait for a writer for ever: the open does not wait (O_NONBLOCK), and
    the type of what was opened (fstat: no later swap changes it) is checked again."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC)
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise IsADirectoryError(errno.EISDIR, "Is a directory", str(path))
        kind = _special_kind(mode)
        if kind:
            raise InputError(str(path), f"not a regular file ({kind}): refused")
        os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def _special_kind(mode: int) -> str | None:
    """What a file that is not a regular file or a folder is, from its mode."""
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
