"""Incremental news clustering: each new article joins the cluster it most resembles, on average
over that cluster's members (average link), or starts a new one.

Candidates come from an index (blocking on shared entities and rare title words, within a time
window), so the work per article does not grow with the size of the store. When an article is
close to two clusters that are close to each other, they are merged: this keeps the result nearly
the same whatever the order in which articles arrive.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Protocol

from .model import PairModel
from .profile import ArticleProfile

MAX_MEMBERS_COMPARED = 30  # of a large cluster, the most recent members stand for it


class NewsIndex(Protocol):
    """Where profiles and cluster assignments live (in memory, or the store's tables)."""

    def news_candidates(self, profile: ArticleProfile) -> list[ArticleProfile]: ...
    def news_cluster_of(self, article_id: str) -> str: ...
    def news_members(self, cluster_id: str, limit: int) -> list[ArticleProfile]: ...
    def news_cluster_size(self, cluster_id: str) -> int: ...
    def add_to_news_cluster(self, profile: ArticleProfile, cluster_id: str) -> None: ...
    def merge_news_clusters(self, kept: str, absorbed: str) -> None: ...


class NewsClusterer:
    def __init__(self, model: PairModel, index: NewsIndex) -> None:
        self.model = model
        self.index = index

    def add(self, profile: ArticleProfile) -> str:
        """Place one article; returns its cluster id (the id of its cluster's first article)."""
        scores = self._cluster_scores(profile)
        joinable = sorted((score, cluster) for cluster, score in scores.items() if score >= self.model.threshold)
        if not joinable:
            self.index.add_to_news_cluster(profile, profile.article_id)
            return profile.article_id
        best = joinable.pop()[1]
        self.index.add_to_news_cluster(profile, best)
        for _, other in reversed(joinable):
            if self._linkage(best, other) >= self.model.threshold:
                best = self._merge(best, other)
        return best

    def add_all(self, profiles: Iterable[ArticleProfile]) -> None:
        for profile in profiles:
            self.add(profile)

    def _cluster_scores(self, profile: ArticleProfile) -> dict[str, float]:
        """Average-link score of each candidate cluster; members the index did not return count 0,
        and one forbidden pair (cannot-link) rules the cluster out."""
        totals: dict[str, float] = defaultdict(float)
        ruled_out: set[str] = set()
        for other in self.index.news_candidates(profile):
            cluster = self.index.news_cluster_of(other.article_id)
            p = self.model.probability(profile, other)
            if p == 0.0:
                ruled_out.add(cluster)
            totals[cluster] += p
        return {cluster: total / min(self.index.news_cluster_size(cluster), MAX_MEMBERS_COMPARED)
                for cluster, total in totals.items() if cluster not in ruled_out}

    def _linkage(self, a: str, b: str) -> float:
        left = self.index.news_members(a, MAX_MEMBERS_COMPARED)
        right = self.index.news_members(b, MAX_MEMBERS_COMPARED)
        pairs = [self.model.probability(x, y) for x in left for y in right]
        if not pairs or 0.0 in pairs:
            return 0.0
        return sum(pairs) / len(pairs)

    def _merge(self, a: str, b: str) -> str:
        kept, absorbed = sorted((a, b))  # the smaller id survives, whatever the order of arrival
        self.index.merge_news_clusters(kept, absorbed)
        return kept


class MemoryIndex:
    """A NewsIndex in memory, with the same blocking as the store's (for training and tests)."""

    def __init__(self, keys_of) -> None:
        self.keys_of = keys_of
        self.profiles: dict[str, ArticleProfile] = {}
        self.clusters: dict[str, str] = {}
        self.members_of: dict[str, list[str]] = defaultdict(list)
        self.postings: dict[str, list[str]] = defaultdict(list)

    def news_candidates(self, profile: ArticleProfile) -> list[ArticleProfile]:
        found = {item for key in self.keys_of(profile) for item in self.postings.get(key, ())}
        return [self.profiles[item] for item in sorted(found)]

    def news_cluster_of(self, article_id: str) -> str:
        return self.clusters[article_id]

    def news_members(self, cluster_id: str, limit: int) -> list[ArticleProfile]:
        return [self.profiles[item] for item in self.members_of[cluster_id][-limit:]]

    def news_cluster_size(self, cluster_id: str) -> int:
        return len(self.members_of[cluster_id])

    def add_to_news_cluster(self, profile: ArticleProfile, cluster_id: str) -> None:
        self.profiles[profile.article_id] = profile
        self.clusters[profile.article_id] = cluster_id
        self.members_of[cluster_id].append(profile.article_id)
        for key in self.keys_of(profile):
            self.postings[key].append(profile.article_id)

    def merge_news_clusters(self, kept: str, absorbed: str) -> None:
        for item in self.members_of.pop(absorbed, []):
            self.clusters[item] = kept
            self.members_of[kept].append(item)


ENTITY_KEYS = 6  # the most weighted entities of an article
TERM_KEYS = 6  # and its rarest headline and lead words


def blocking_keys(profile: ArticleProfile) -> list[str]:
    """What a candidate must share with the article: a main entity or a rare headline/lead word."""
    entities = sorted(profile.entities.items(), key=lambda item: (-item[1], item[0]))[:ENTITY_KEYS]
    terms = sorted({**profile.lead, **profile.title}.items(), key=lambda item: (-item[1], item[0]))[:TERM_KEYS]
    return [f"e:{key}" for key, _ in entities] + [f"w:{key}" for key, _ in terms]
