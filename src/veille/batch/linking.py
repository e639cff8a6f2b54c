"""Cross-article clustering of a batch, expressed over the executor's operations.

The incremental clusterer places articles one by one against an index; a batch has every article
at once, so it compares them in blocks instead, with the same decisions:

1. near-duplicates: articles sharing a MinHash band are compared (``duplicates.are_copies``); each
   copy points at its earliest copy partner, and a connected component's earliest article is the
   original of the others;
2. news clusters: originals sharing a blocking key (``cluster.news.blocking_keys``) in the same
   8-day bucket, or the next one, are compared with the pair model, and an undated original with
   the latest dated ones and the undated ones before it sharing a key; pairs at the model's threshold
   form connected components, which average link (``cluster.news.average_link``, with its
   cannot-link rule) then splits as the incremental clusterer would; a copy joins its original's
   cluster unless the model forbids the pair (as in ``NewsClusterer.add``);
3. event clusters: reports of one type in one news cluster, and reports sharing a type and an
   actor within the date window, are scored with ``cluster.events.link_score``; each report keeps
   its best link to an earlier report, and connected components of those links are the clusters.

Within a block, members are taken in arrival order (dated articles by day, then undated ones) and
each is compared with at most the ``limit`` members before it, as the incremental index reads the
most recent candidates of a key: the work per article stays bounded however large a block grows.
Every choice is made on sorted values, so the result does not depend on partitioning or engine.
"""

from __future__ import annotations

import json
from dataclasses import replace
from functools import lru_cache, partial
from typing import Any, Callable

from ..cluster import duplicates
from ..cluster.blocking import CANDIDATES_PER_KEY, CANDIDATES_PER_NEWS_CLUSTER, NEWS_WINDOW_DAYS, news_day
from ..cluster.events import MIN_LINK_SCORE, WINDOW_DAYS, EventItem, event_keys, link_score, summarise
from ..cluster.model import PairModel
from ..cluster.news import average_link, blocking_keys
from ..dates import MONTH
from .tables import month_of

AVERAGE_LINK_LIMIT = 150  # a larger component of linked articles is kept whole (average link is cubic)


@lru_cache(maxsize=1)
def _model() -> PairModel:
    return PairModel.load()


def cluster(ex, inputs):
    """``inputs``: data of clustering inputs (``analyse.cluster_input``). Returns three data:
    (article id, {news_cluster_id, copy_of}), (event id, {cluster_id, link}) and the event cluster
    records (dicts as ``summarise`` makes them)."""
    nodes = ex.persist(ex.flat_map(inputs, lambda c: [(c["node"], c)]))
    copy_root = _near_duplicates(ex, nodes)
    news = _news_clusters(ex, nodes, copy_root)
    articles = ex.flat_map(ex.join(news, copy_root), _article_assignment)
    events, records = _event_clusters(ex, nodes, news, copy_root)
    return articles, events, records


# ------------------------------------------------------------------ generic blocking
def linked_pairs(ex, items, keys_of: Callable, compare: Callable, limit_of: Callable):
    """(later node, (score, earlier node)) for each pair of items sharing a block key that
    ``compare(key, later, earlier)`` scores (None: not linked). ``items``: data of (node, value)."""
    keyed = ex.flat_map(items, lambda nv: [(key, nv) for key in keys_of(nv[1])])
    return ex.flat_map(ex.group_by_key(keyed), partial(_block_pairs, compare=compare, limit_of=limit_of))


def _block_pairs(block, compare, limit_of):
    key, members = block
    yield from _pairs_in(key, sorted(members, key=lambda nv: nv[0]), compare, limit_of(key))


def _pairs_in(key, members: list, compare, limit: int, first: int = 0):
    """Each member from ``first`` on against the at most ``limit`` members before it."""
    for i in range(first, len(members)):
        node, value = members[i]
        for other, other_value in members[max(0, i - limit):i]:
            score = compare(key, value, other_value)
            if score is not None:
                yield node, (score, other)


def best_links(ex, pairs, choose: Callable):
    """One edge (node, other) per node: the pair ``choose`` (a reduce function) prefers."""
    return ex.flat_map(ex.reduce_by_key(pairs, choose), lambda kv: [(kv[0], kv[1][1])])


def _earliest(a, b):
    return a if a[1] <= b[1] else b


def _strongest(a, b):
    return max(a, b)  # highest score, then the latest earlier report: the same whatever the order


# ------------------------------------------------------------------ 1. near-duplicates
def _near_duplicates(ex, nodes):
    """(node, root node) for every article: the original it copies, or itself."""
    pairs = linked_pairs(ex, nodes, lambda c: c["bands"], _copies, lambda key: CANDIDATES_PER_KEY)
    return ex.persist(ex.components(ex.flat_map(nodes, lambda nc: [nc[0]]), best_links(ex, pairs, _earliest)))


def _copies(key, a, b):
    same = duplicates.are_copies_stored(a["minhash"], a["profile"].grams, b["minhash"], b["profile"].grams)
    return 1.0 if same else None


# ------------------------------------------------------------------ 2. news clusters
def _news_clusters(ex, nodes, copy_root):
    """(node, news cluster node) for every article."""
    copies = ex.flat_map(copy_root, lambda nr: [(nr[1], nr[0])] if nr[0] != nr[1] else [])  # (root, copy)
    with_root = ex.join(copies, nodes)  # root → (copy, root input)
    attached = ex.flat_map(ex.join(ex.flat_map(with_root, lambda kv: [(kv[1][0], (kv[0], kv[1][1]))]), nodes),
                           _attached)  # (copy, root) where the model allows the pair
    attached = ex.persist(attached)
    originals = ex.flat_map(ex.left_join(nodes, attached),
                            lambda kv: [(kv[0], kv[1][0])] if kv[1][1] is None else [])
    edges = ex.flat_map(_news_pairs(ex, originals), lambda kv: [(kv[0], kv[1][1])])
    component = ex.components(ex.flat_map(originals, lambda nc: [nc[0]]), edges)
    members = ex.group_by_key(ex.flat_map(ex.join(component, originals),
                                          lambda kv: [(kv[1][0], (kv[0], kv[1][1]["profile"]))]))
    grouped = ex.persist(ex.flat_map(members, _split_component))  # (node, cluster node)
    followers = ex.flat_map(ex.join(ex.flat_map(attached, lambda kv: [(kv[1], kv[0])]), grouped),
                            lambda kv: [(kv[1][0], kv[1][1])])  # (copy, its root's cluster node)
    return ex.persist(ex.union(grouped, followers))


def _attached(kv):
    copy, ((root, root_input), copy_input) = kv
    if _model().probability(copy_input["profile"], root_input["profile"]) > 0:
        yield copy, root


def _news_pairs(ex, originals):
    """Pairs of articles the pair model links, found as the store's index finds candidates: a dated
    article meets those of its 8-day bucket or the next sharing a key; an undated one meets, for
    each key, the latest dated articles and the undated ones before it (at most ``limit`` in all)."""
    dated = linked_pairs(ex, originals, _dated_news_keys, _same_news, lambda key: CANDIDATES_PER_KEY)
    latest = ex.reduce_by_key(
        ex.flat_map(originals, lambda nv: [(key, [nv]) for key in _keys_if(nv, dated=True)]), _latest)
    undated = ex.group_by_key(ex.flat_map(originals, lambda nv: [(key, nv) for key in _keys_if(nv, dated=False)]))
    return ex.union(dated, ex.flat_map(ex.left_join(undated, latest), _undated_block_pairs))


def _dated_news_keys(c) -> list[tuple]:
    day = news_day(c["profile"])
    if day is None:
        return []
    bucket = day // (NEWS_WINDOW_DAYS + 1)
    return [(key, b) for key in blocking_keys(c["profile"]) for b in (bucket, bucket + 1)]


def _keys_if(nv, dated: bool) -> list[str]:
    return blocking_keys(nv[1]["profile"]) if (news_day(nv[1]["profile"]) is not None) == dated else []


def _latest(a: list, b: list) -> list:
    """The latest dated articles of a key, however the reduction pairs its parts."""
    return sorted(a + b, key=lambda nv: nv[0])[-CANDIDATES_PER_KEY:]


def _undated_block_pairs(kv):
    key, (undated, latest) = kv
    latest = latest or []
    members = latest + sorted(undated, key=lambda nv: nv[0])
    yield from _pairs_in(key, members, _same_news, CANDIDATES_PER_KEY, first=len(latest))


def _same_news(key, a, b):
    first, second = news_day(a["profile"]), news_day(b["profile"])
    if first is not None and second is not None and abs(first - second) > NEWS_WINDOW_DAYS:
        return None
    model = _model()
    p = model.probability(a["profile"], b["profile"])
    return p if p >= model.threshold else None


def _split_component(block):
    """Average link within one connected component; (node, cluster node) for each member."""
    _, members = block
    members = sorted(members, key=lambda np_: np_[0])
    if len(members) > AVERAGE_LINK_LIMIT:
        groups = [members]
    else:
        model = _model()
        by_id = {profile.article_id: node for node, profile in members}
        found = average_link([profile for _, profile in members], model.probability, model.threshold)
        groups = [[(by_id[p.article_id], p) for p in group] for group in found]
    for group in groups:
        name = min(node for node, _ in group)
        for node, _ in group:
            yield node, name


def _article_assignment(kv):
    node, (cluster, root) = kv
    yield node[-1], {"news_cluster_id": cluster[-1], "copy_of": _copy_of(node, root)}


def _copy_of(node, root) -> str | None:
    """The id of the original an article copies (its near-duplicate component's root), or None."""
    return root[-1] if root != node else None


# ------------------------------------------------------------------ 3. event clusters
def _event_clusters(ex, nodes, news, copy_root):
    items = ex.persist(ex.flat_map(ex.join(ex.join(nodes, news), copy_root), _event_items))
    pairs = linked_pairs(ex, ex.flat_map(items, lambda kv: [(kv[0], kv[1][0])]), _event_block_keys,
                         _same_event, _event_limit)
    labels = ex.components(ex.flat_map(items, lambda kv: [kv[0]]), best_links(ex, pairs, _strongest))
    joined = ex.persist(ex.join(labels, items))  # event node → (label, (item, member))
    events = ex.flat_map(joined, lambda kv: [(kv[0][-1], {
        "cluster_id": kv[1][0][-1], "link": json.dumps(kv[1][1][0].to_json(), ensure_ascii=False, sort_keys=True)})])
    records = ex.flat_map(ex.group_by_key(ex.flat_map(joined, lambda kv: [(kv[1][0][-1], kv[1][1][1])])),
                          lambda kv: [summarise(kv[0], sorted(kv[1], key=lambda m: m["id"]))])
    return events, records


def _event_items(kv):
    """(event node, (item with its news cluster, summary member with its article's original))."""
    node, ((c, cluster), root) = kv
    for item, member in c["events"]:
        linked = replace(item, news_cluster=cluster[-1])
        yield node + (item.id,), (linked, {**member, "copy_of": _copy_of(node, root)})


def _event_block_keys(item: EventItem) -> list[tuple]:
    keys: list[tuple] = [("news", item.news_cluster, item.signature.type)]
    if item.day is not None:
        bucket = item.day // (WINDOW_DAYS + 1)
        keys += [("actor", key, b) for key in event_keys(item) for b in (bucket, bucket + 1)]
    return keys


def _event_limit(key) -> int:
    return CANDIDATES_PER_NEWS_CLUSTER if key[0] == "news" else CANDIDATES_PER_KEY


def _same_event(key, a: EventItem, b: EventItem) -> float | None:
    if key[0] == "actor" and abs(a.day - b.day) > WINDOW_DAYS:
        return None
    score = link_score(a, b)
    return score if score is not None and score >= MIN_LINK_SCORE else None


def summary_row(record: dict[str, Any]) -> dict[str, Any]:
    """An event cluster record as a row of the event_clusters table."""
    return {"cluster_id": record["id"], **{k: record[k] for k in (
        "type", "mode", "date", "date_precision", "date_constraint", "city", "country", "topics", "n_events",
        "n_articles", "n_sources", "n_outlets", "first_seen", "last_seen")},
        "actors": json.dumps(record["actors"], ensure_ascii=False, sort_keys=True),
        # the month of the event, else (undated, or dated coarser than a month: "2019") of its first report
        "month": month_of(record["date"] if MONTH.match(record["date"] or "") else record["first_seen"])}
