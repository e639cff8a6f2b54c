"""The SQLite store: one file, WAL mode, FTS5, versioned schema. See Store."""

from .db import SCHEMA_VERSION, Store

__all__ = ["SCHEMA_VERSION", "Store"]
