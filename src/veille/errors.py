"""veille's exception tree.

    VeilleError                 every error veille raises on purpose; its message is one line for users
    ├── InputError              a file, folder or record the user gave cannot be read
    │   ├── UnsupportedFormat   no reader for this kind of file
    │   ├── DecodeError         the bytes are not text (binary content, undecodable encoding)
    │   ├── RecordError         one record of a file is invalid (bad JSON, missing text, bad date)
    │   └── FetchError          a URL cannot be fetched (refused address, timeout, too large, HTTP error)
    ├── StoreError              the SQLite store cannot be opened, migrated or written
    │   ├── SchemaTooNew        the file was written by a newer veille
    │   └── QueryInterrupted    a read ran past its time limit (veille serve bounds every request)
    ├── NotFound                an id asked for does not exist in the store
    └── ConfigError             a setting or option has an invalid value

Errors of underlying libraries (sqlite3, json, pyarrow, spaCy) are translated at the boundary
where veille calls them, so that a user never sees a traceback.
"""

from __future__ import annotations


class VeilleError(Exception):
    """Base class; ``str(err)`` is the complete one-line message."""

    exit_code = 1


class InputError(VeilleError):
    """An input the user gave cannot be read; names the input and the reason."""

    def __init__(self, where: str, reason: str) -> None:
        self.where = one_line(where)
        self.reason = reason
        super().__init__(f"{self.where}: {reason}")

    def __reduce__(self):  # pickled as what it was made of (problems come back from worker processes)
        return type(self), (self.where, self.reason)


class UnsupportedFormat(InputError):
    pass


class DecodeError(InputError):
    pass


class RecordError(InputError):
    pass


class FetchError(InputError):
    """``where`` is the URL; ``retry`` says whether trying again later may succeed (timeouts, 5xx)."""

    def __init__(self, where: str, reason: str, *, retry: bool = False) -> None:
        super().__init__(where, reason)
        self.retry = retry

    def __reduce__(self):
        return _fetch_error, (self.where, self.reason, self.retry)


def _fetch_error(where: str, reason: str, retry: bool) -> FetchError:
    return FetchError(where, reason, retry=retry)


class StoreError(VeilleError):
    exit_code = 2


class SchemaTooNew(StoreError):
    pass


class QueryInterrupted(StoreError):
    pass


class NotFound(VeilleError):
    pass


class ConfigError(VeilleError):
    exit_code = 2


_CONTROL = {code: f"\\x{code:02x}" for code in [*range(32), 127]} | {10: "\\n", 13: "\\r", 9: "\\t"}


def one_line(name: str) -> str:
    """A file name or other input name as one printable line: control characters (a newline could
    forge a "failed:" line) and undecodable bytes (a non-UTF-8 file name) written as escapes."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace").translate(_CONTROL)
