"""What a name in a filter means: the entities it names, read through the knowledge base.

``actor=Poutine``, ``veille events --actor Poutine`` and the actors' search all resolve a name so:

1. an entity id of the store (``Q7747``) means that entity;
2. a name the knowledge base knows, by any alias, accents and case ignored (the shipped one and the
   entities imported into this store with `veille kb import`), means those entities: every one
   known by it where several share it, and the stored entities of the same name;
3. any other name is part of a stored (English) name, its ``%`` and ``_`` taken as letters.
"""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from threading import Lock

from ..kb.base import KnowledgeBase
from ..kb.load import entity_from_record
from ..kb.model import alias_key

# Per database file: (signature of its imported entities, their alias index); rebuilt when an
# import changes the signature.
_IMPORTED: dict[str, tuple[tuple, dict[str, list[str]]]] = {}
_IMPORTED_LOCK = Lock()


class NameQueries:
    conn: sqlite3.Connection

    def entities_named(self, name: str) -> list[str] | None:
        """The ids of the entities ``name`` means by rules 1 and 2 above; None for a name that is
        neither an entity id nor known to the knowledge base (the caller matches part of a name)."""
        name = name.strip()
        if not name:
            return None
        if self._read("SELECT 1 FROM entities WHERE id = ?", [name]):
            return [name]
        known = KnowledgeBase.load().lookup(name)
        ids = [entity.id for entity in known] + self._imported_aliases().get(alias_key(name), [])
        if not ids:
            return None
        names = {name, *(entity.name for entity in known)}
        stored = self._read("SELECT id FROM entities WHERE name COLLATE NOCASE IN (SELECT value FROM json_each(?))",
                            [json.dumps(sorted(names))])
        return list(dict.fromkeys([*ids, *(row[0] for row in stored)]))

    def _imported_aliases(self) -> dict[str, list[str]]:
        """alias key → ids of the entities imported into this store (cached until the next import)."""
        signature = tuple(self._read("SELECT count(*), max(imported_at) FROM kb_entities")[0])
        if not signature[0]:
            return {}
        key = str(getattr(self, "path", id(self)))
        with _IMPORTED_LOCK:
            cached = _IMPORTED.get(key)
        if cached and cached[0] == signature:
            return cached[1]
        index: dict[str, list[str]] = defaultdict(list)
        for record in self.kb_records():
            entity = entity_from_record(record)
            for alias in entity.aliases:
                if entity.id not in index[alias_key(alias)]:
                    index[alias_key(alias)].append(entity.id)
        with _IMPORTED_LOCK:
            _IMPORTED[key] = (signature, dict(index))
        return dict(index)
