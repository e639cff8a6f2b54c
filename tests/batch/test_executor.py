"""The local engine's operations, and the clustering written over them."""

from __future__ import annotations

import random

from veille.batch.executor import LocalExecutor


def test_components_are_labelled_by_their_smallest_node():
    ex = LocalExecutor()
    nodes = list(range(10))
    edges = [(3, 1), (1, 7), (9, 8), (5, 5)]
    labels = dict(ex.components(nodes, edges))
    assert labels == {0: 0, 1: 1, 3: 1, 7: 1, 2: 2, 4: 4, 5: 5, 6: 6, 8: 8, 9: 8}


def test_components_do_not_depend_on_the_order_of_edges():
    rng = random.Random(7)
    nodes = list(range(200))
    edges = [(rng.randrange(200), rng.randrange(200)) for _ in range(150)]
    expected = dict(LocalExecutor().components(nodes, edges))
    rng.shuffle(edges)
    assert dict(LocalExecutor().components(list(reversed(nodes)), edges)) == expected


def test_keyed_operations():
    ex = LocalExecutor()
    data = [("a", 1), ("b", 2), ("a", 3)]
    assert dict(ex.reduce_by_key(data, lambda x, y: x + y)) == {"a": 4, "b": 2}
    assert dict(ex.group_by_key(data)) == {"a": [1, 3], "b": [2]}
    assert sorted(ex.join(data, [("a", "x")])) == [("a", (1, "x")), ("a", (3, "x"))]
    assert sorted(ex.left_join(data, [("a", "x")])) == [("a", (1, "x")), ("a", (3, "x")), ("b", (2, None))]


def test_map_partitions_in_worker_processes_keeps_every_item_in_order():
    ex = LocalExecutor(workers=2)
    try:
        assert ex.map_partitions(list(range(50)), _squares) == [n * n for n in range(50)]
    finally:
        ex.close()


def _squares(items):
    return [n * n for n in items]
