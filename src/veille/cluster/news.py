"""Incremental news clustering with average link.

Candidates come from an index (blocking on shared entities and rare title words, within a time
window), so the work per article does not grow with the size of the store. The newcomer and the
members of the clusters its candidates belong to are then clustered again from scratch, so the
result depends on which articles are there, not on the order in which they came. Past a cluster
size, the newcomer simply joins the cluster it most resembles on average, or starts a new one.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from typing import Protocol

from . import ranked
from .model import PairModel
from .profile import ArticleProfile

MAX_MEMBERS_COMPARED = 30  # of a large cluster, the most recent members stand for it
MAX_REMEMBERED_PAIRS = 100_000  # about 15 MB: a long run forgets them all and starts again


class NewsIndex(Protocol):
    """Where profiles and cluster assignments live (in memory, or the store's tables)."""

    def news_candidates(self, profile: ArticleProfile) -> list[ArticleProfile]: ...
    def news_cluster_of(self, article_id: str) -> str: ...
    def news_profile(self, article_id: str) -> ArticleProfile: ...
    def news_members(self, cluster_id: str, limit: int) -> list[ArticleProfile]: ...
    def news_cluster_size(self, cluster_id: str) -> int: ...
    def add_to_news_cluster(self, profile: ArticleProfile, cluster_id: str) -> None: ...
    def move_to_news_cluster(self, article_id: str, cluster_id: str) -> None: ...


class NewsClusterer:
    def __init__(self, model: PairModel, index: NewsIndex) -> None:
        self.model = model
        self.index = index
        self.changed: set[str] = set()  # clusters whose members changed since the caller last looked
        self.moved: set[str] = set()  # articles moved to another cluster since the caller last looked
        # Each regrouping compares the whole neighbourhood again: the pairs already compared are
        # remembered (an article's profile does not change once it is placed), up to a bound, since
        # one clusterer serves a whole ingestion run.
        self._pairs: dict[tuple[str, str], float] = {}

    def add(self, profile: ArticleProfile, copy_of: str | None = None) -> str:
        """Place one article; returns its cluster id (the id of its cluster's first article).

        A near-duplicate of a stored article (``copy_of``) is the same news, unless a hard constraint
        (far apart in time: a recurring template) says otherwise."""
        if copy_of and self.model.probability(profile, self.index.news_profile(copy_of)) > 0:
            cluster = self.index.news_cluster_of(copy_of)
            self.index.add_to_news_cluster(profile, cluster)
            return cluster
        candidates = self.index.news_candidates(profile)
        touched = {self.index.news_cluster_of(other.article_id) for other in candidates}
        if touched and all(self.index.news_cluster_size(c) <= MAX_MEMBERS_COMPARED for c in touched):
            return self._regroup(profile, sorted(touched))
        scores = self._cluster_scores(profile, candidates)
        joinable = [cluster for cluster, score in scores.items() if score >= self.model.threshold]
        best = max(joinable, key=lambda c: (scores[c], c)) if joinable else profile.article_id
        self.index.add_to_news_cluster(profile, best)
        return best

    def _regroup(self, profile: ArticleProfile, touched: list[str]) -> str:
        """Cluster the newcomer and its neighbourhood (every member of the clusters it touches) again,
        average link from scratch: the result then depends on who is there, not on who came first."""
        neighbourhood = [profile] + [m for c in touched for m in self.index.news_members(c, MAX_MEMBERS_COMPARED)]
        groups = average_link(neighbourhood, self._probability, self.model.threshold)
        # A cluster is named after its first article: that name stays with the group holding it.
        holder = {member.article_id: n for n, group in enumerate(groups) for member in group}
        taken: set[str] = set()
        placed = profile.article_id
        for n, group in sorted(enumerate(groups), key=lambda item: -len(item[1])):
            before = Counter(self.index.news_cluster_of(p.article_id) for p in group if p is not profile)
            name = next((c for c in ranked(before) if c not in taken and holder.get(c, n) == n), None) \
                or min(p.article_id for p in group)
            taken.add(name)
            for member in group:
                if member is profile:
                    self.index.add_to_news_cluster(profile, name)
                    placed = name
                elif self.index.news_cluster_of(member.article_id) != name:
                    self.changed.add(self.index.news_cluster_of(member.article_id))
                    self.moved.add(member.article_id)
                    self.index.move_to_news_cluster(member.article_id, name)
            self.changed.add(name)
        return placed

    def _probability(self, a: ArticleProfile, b: ArticleProfile) -> float:
        key = (a.article_id, b.article_id)
        if key not in self._pairs:
            if len(self._pairs) >= MAX_REMEMBERED_PAIRS:
                self._pairs.clear()
            self._pairs[key] = self.model.probability(a, b)
        return self._pairs[key]

    def add_all(self, profiles: Iterable[ArticleProfile]) -> None:
        for profile in profiles:
            self.add(profile)

    def _cluster_scores(self, profile: ArticleProfile, candidates: list[ArticleProfile]) -> dict[str, float]:
        """Average-link score of each candidate cluster: members the index did not return count 0,
        and one forbidden pair rules the cluster out."""
        totals: dict[str, float] = defaultdict(float)
        ruled_out: set[str] = set()
        for other in candidates:
            cluster = self.index.news_cluster_of(other.article_id)
            p = self.model.probability(profile, other)
            if p == 0.0:
                ruled_out.add(cluster)
            totals[cluster] += p
        return {cluster: total / min(self.index.news_cluster_size(cluster), MAX_MEMBERS_COMPARED)
                for cluster, total in totals.items() if cluster not in ruled_out}


def average_link(items: list[ArticleProfile], probability, threshold: float) -> list[list[ArticleProfile]]:
    """Agglomerative clustering: merge the two groups with the highest mean pair probability while it
    reaches the threshold; a pair with probability 0 (cannot-link) keeps its groups apart.

    Each pair of groups keeps the sum of its pair probabilities and whether a forbidden pair joins
    them, so a merge updates one row instead of every pair being summed again."""
    n = len(items)
    total = [[0.0] * n for _ in range(n)]  # total[a][b]: the sum of the pair probabilities between groups a and b
    forbidden = [[False] * n for _ in range(n)]
    for i in range(n):
        for j in range(i + 1, n):
            total[i][j] = total[j][i] = p = probability(items[i], items[j])
            forbidden[i][j] = forbidden[j][i] = p == 0.0
    groups: dict[int, list[int]] = {i: [i] for i in range(n)}  # a group is named after its first item
    while True:
        best = None
        names = sorted(groups)
        for x, a in enumerate(names):
            for b in names[x + 1:]:
                if forbidden[a][b]:
                    continue
                mean = total[a][b] / (len(groups[a]) * len(groups[b]))
                if mean >= threshold and (best is None or mean > best[0]):
                    best = (mean, a, b)
        if best is None:
            return [[items[i] for i in groups[name]] for name in sorted(groups)]
        _, a, b = best
        groups[a] += groups.pop(b)
        for c in groups:
            if c != a:
                total[a][c] = total[c][a] = total[a][c] + total[b][c]
                forbidden[a][c] = forbidden[c][a] = forbidden[a][c] or forbidden[b][c]


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

    def news_profile(self, article_id: str) -> ArticleProfile:
        return self.profiles[article_id]

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

    def move_to_news_cluster(self, article_id: str, cluster_id: str) -> None:
        self.members_of[self.clusters[article_id]].remove(article_id)
        self.clusters[article_id] = cluster_id
        self.members_of[cluster_id].append(article_id)


ENTITY_KEYS = 6  # the most weighted entities of an article
TERM_KEYS = 6  # and its rarest headline and lead words


def blocking_keys(profile: ArticleProfile) -> list[str]:
    """What a candidate must share with the article: a main entity or a rare headline/lead word."""
    entities = ranked(profile.entities)[:ENTITY_KEYS]
    terms = ranked({**profile.lead, **profile.title})[:TERM_KEYS]
    return [f"e:{key}" for key in entities] + [f"w:{key}" for key in terms]
