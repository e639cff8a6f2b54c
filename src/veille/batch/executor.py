"""The executor interface a batch job is written against, and the local engine.

A batch job (batch/job.py) is a sequence of operations on keyed collections: read and analyse
partitions, group or reduce by key, join, find connected components, write a Parquet table. An
engine implements these few operations; the job's code, and every stage it calls, is the same
whatever runs it. The local engine holds collections as Python lists and runs the heavy
``map_partitions`` steps (reading pages, analysis) in worker processes; the Spark engine
(batch/spark.py) holds them as RDDs.
"""

from __future__ import annotations

import multiprocessing
from collections import defaultdict
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from functools import partial
from pathlib import Path
from typing import Any, Protocol

import pyarrow as pa
import pyarrow.parquet as pq

from .tables import PARTITIONED, TABLES, columns

ARROW_TYPES = {"string": pa.string(), "int": pa.int64(), "double": pa.float64(), "bool": pa.bool_(),
               "binary": pa.binary(), "list<string>": pa.list_(pa.string()), "list<int>": pa.list_(pa.int64())}
PARTITIONS_PER_WORKER = 4  # smaller partitions keep every worker busy until the end


class Executor(Protocol):
    """Operations on collections ("data") of items, most of them (key, value) pairs."""

    name: str

    def parallelize(self, items: list, partitions: int) -> Any: ...
    def map_partitions(self, data, fn: Callable[[Iterable], Iterable]) -> Any: ...
    def flat_map(self, data, fn: Callable[[Any], Iterable]) -> Any: ...
    def rebalance(self, data) -> Any: ...  # spread items evenly before an expensive map_partitions
    def reduce_by_key(self, data, fn: Callable[[Any, Any], Any]) -> Any: ...
    def group_by_key(self, data) -> Any: ...  # (key, [values]) in no particular order
    def join(self, left, right) -> Any: ...  # (key, (left value, right value))
    def left_join(self, left, right) -> Any: ...  # (key, (left value, right value or None))
    def union(self, a, b) -> Any: ...
    def persist(self, data) -> Any: ...  # computed once, however often it is used
    def count(self, data) -> int: ...
    def take(self, data, n: int) -> list: ...
    def components(self, nodes, edges) -> Any: ...  # (node, smallest node of its connected component)
    def write(self, data, folder: Path, table: str) -> None: ...  # rows (dicts) as a Parquet table
    def close(self) -> None: ...


def arrow_schema(table: str) -> pa.Schema:
    return pa.schema([(name, ARROW_TYPES[kind]) for name, kind in TABLES[table]])


class LocalExecutor:
    """One machine: lists in memory, ``workers`` processes for the expensive steps."""

    name = "local"

    def __init__(self, workers: int = 1) -> None:
        self.workers = workers
        self._pool: ProcessPoolExecutor | None = None

    def parallelize(self, items: list, partitions: int) -> list:
        return list(items)

    def map_partitions(self, data: list, fn) -> list:
        if self.workers <= 1 or len(data) <= 1:
            return list(fn(data))
        size = max(1, -(-len(data) // (self.workers * PARTITIONS_PER_WORKER)))
        chunks = [data[start:start + size] for start in range(0, len(data), size)]
        if self._pool is None:  # kept for the whole job: each worker loads the pipeline once
            self._pool = ProcessPoolExecutor(self.workers, mp_context=multiprocessing.get_context("spawn"))
        return [item for part in self._pool.map(partial(_run_partition, fn), chunks) for item in part]

    def flat_map(self, data: list, fn) -> list:
        return [out for item in data for out in fn(item)]

    def rebalance(self, data: list) -> list:
        return data

    def reduce_by_key(self, data: list, fn) -> list:
        reduced: dict = {}
        for key, value in data:
            reduced[key] = fn(reduced[key], value) if key in reduced else value
        return list(reduced.items())

    def group_by_key(self, data: list) -> list:
        groups: dict = defaultdict(list)
        for key, value in data:
            groups[key].append(value)
        return list(groups.items())

    def join(self, left: list, right: list) -> list:
        index = dict(self.group_by_key(right))
        return [(key, (value, other)) for key, value in left for other in index.get(key, ())]

    def left_join(self, left: list, right: list) -> list:
        index = dict(self.group_by_key(right))
        return [(key, (value, other)) for key, value in left for other in index.get(key, (None,))]

    def union(self, a: list, b: list) -> list:
        return a + b

    def persist(self, data: list) -> list:
        return data

    def count(self, data: list) -> int:
        return len(data)

    def take(self, data: list, n: int) -> list:
        return data[:n]

    def components(self, nodes: list, edges: list) -> list:
        parent = {node: node for node in nodes}

        def root(node):
            while parent[node] != node:
                parent[node] = parent[parent[node]]
                node = parent[node]
            return node

        for a, b in edges:
            ra, rb = root(a), root(b)
            if ra != rb:  # the smaller node becomes the root: the label is the component's minimum
                parent[max(ra, rb)] = min(ra, rb)
        return [(node, root(node)) for node in nodes]

    def write(self, data: list, folder: Path, table: str) -> None:
        folder.mkdir(parents=True)
        names = columns(table)
        rows = sorted(data, key=lambda row: tuple(str(row[name]) for name in names[:2]))
        if table not in PARTITIONED:
            pq.write_table(pa.Table.from_pylist(rows, schema=arrow_schema(table)), folder / "part-00000.parquet")
            return
        by_month: dict[str, list] = defaultdict(list)
        for row in rows:
            by_month[row["month"]].append(row)
        schema = arrow_schema(table).remove(names.index("month"))
        for month, part in sorted(by_month.items()):
            (folder / f"month={month}").mkdir()
            pq.write_table(pa.Table.from_pylist(part, schema=schema), folder / f"month={month}" / "part-00000.parquet")

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown()
            self._pool = None


def _run_partition(fn, items: list) -> list:
    return list(fn(items))
