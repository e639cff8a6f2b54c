"""The role grammar's compiled patterns, kept in the per-user cache: a grammar read back finds the
phrases a built one finds, and every process writes the same patterns (else the cache never serves)."""

from __future__ import annotations

import os
import subprocess
import sys

from veille import cache
from veille.kb.base import KnowledgeBase
from veille.nlp import roles
from veille.nlp.roles import RoleGrammar

TEXTS = [
    "Le président russe a reçu son homologue américain, puis le ministre turc des Affaires étrangères.",
    "L'armée américaine et le chef de la diplomatie de l'Union européenne ; les deux hommes ont parlé.",
    "Le porte-parole du Kremlin et l'ex-président, le Premier ministre britannique et la chancelière.",
]


def _phrases(grammar: RoleGrammar) -> list:
    return [(grammar.roles(text), grammar.institutions(text), grammar.pairs(text)) for text in TEXTS]


def test_a_grammar_read_back_from_the_cache_finds_what_a_built_one_finds(tmp_path, monkeypatch):
    monkeypatch.setenv(cache.ENVIRONMENT, str(tmp_path))
    compiled = []
    program = cache._program
    monkeypatch.setattr(cache, "_program", lambda *args: compiled.append(args) or program(*args))
    kb = KnowledgeBase.load("fr")
    built = _phrases(RoleGrammar(kb))
    assert len(compiled) == 2 and len(list(tmp_path.glob("pattern-*.pickle"))) == 2
    assert _phrases(RoleGrammar(kb)) == built
    assert len(compiled) == 2  # read back, not compiled again
    assert any(found for found, _, _ in built)


def test_an_alternation_does_not_depend_on_the_order_of_its_words():
    assert roles._alternation(["cd", "ab", "abc"]) == roles._alternation({"abc", "ab", "cd"}) == "abc|ab|cd"


DIGEST = """import hashlib
from veille.kb.base import KnowledgeBase
from veille.nlp.roles import RoleGrammar
print(hashlib.sha256(RoleGrammar(KnowledgeBase.load("fr"))._role.pattern.encode()).hexdigest())
"""


def test_every_process_writes_the_same_patterns():
    """Python salts the hash of strings per process: a set of words iterates in another order in each."""
    digests = {subprocess.run([sys.executable, "-c", DIGEST], capture_output=True, text=True, check=True,
                              env={**os.environ, "PYTHONHASHSEED": seed}).stdout for seed in ("1", "2")}
    assert len(digests) == 1
