"""The store's side of `veille watch`: each feed's HTTP validators and the items already handled.

An item is recorded only after its article is committed, so a watcher killed at any point fetches
it again on the next run, and the article's content id makes that second fetch a duplicate."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime, timezone

FINAL_STATUSES = ("stored", "failed", "empty")  # never fetched again; "retry" is


@dataclass(frozen=True)
class FeedState:
    url: str
    etag: str | None = None
    last_modified: str | None = None
    last_polled: str | None = None


@dataclass(frozen=True)
class ItemOutcome:
    item_key: str
    url: str | None
    status: str  # stored | retry | failed | empty
    article_id: str | None = None
    reason: str | None = None


class FeedTables:
    conn: sqlite3.Connection

    def feed_state(self, url: str) -> FeedState:
        row = self.conn.execute("SELECT etag, last_modified, last_polled FROM feeds WHERE url = ?", [url]).fetchone()
        return FeedState(url, *row) if row else FeedState(url)

    def save_feed_state(self, url: str, name: str | None, *, status: str, etag: str | None = None,
                        last_modified: str | None = None, error: str | None = None) -> None:
        """After a poll; validators are kept from the previous answer when this one brought none."""
        self.conn.execute(
            """INSERT INTO feeds (url, name, etag, last_modified, last_polled, last_status, last_error)
               VALUES (?, ?, ?, ?, ?, ?, ?)
               ON CONFLICT (url) DO UPDATE SET name = excluded.name,
                   etag = coalesce(excluded.etag, etag), last_modified = coalesce(excluded.last_modified, last_modified),
                   last_polled = excluded.last_polled, last_status = excluded.last_status,
                   last_error = excluded.last_error""",
            [url, name, etag, last_modified, _now(), status, error])

    def handled_items(self, feed_url: str) -> dict[str, tuple[str, int]]:
        """item key → (status, attempts) of every item of this feed seen before."""
        rows = self.conn.execute("SELECT item_key, status, attempts FROM feed_items WHERE feed_url = ?", [feed_url])
        return {key: (status, attempts) for key, status, attempts in rows}

    def record_items(self, feed_url: str, outcomes: list[ItemOutcome]) -> None:
        now = _now()
        self.conn.executemany(
            """INSERT INTO feed_items (feed_url, item_key, url, article_id, status, reason, attempts, first_seen, last_tried)
               VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?)
               ON CONFLICT (feed_url, item_key) DO UPDATE SET url = excluded.url, article_id = excluded.article_id,
                   status = excluded.status, reason = excluded.reason, attempts = attempts + 1,
                   last_tried = excluded.last_tried""",
            [(feed_url, o.item_key, o.url, o.article_id, o.status, o.reason, now, now) for o in outcomes])

    def feeds(self) -> list[dict]:
        """Every feed polled so far, with its item counts by status."""
        rows = self.conn.execute(
            """SELECT f.url, f.name, f.last_polled, f.last_status, f.last_error,
                      count(i.item_key) AS n_items, sum(i.status = 'stored') AS n_stored,
                      sum(i.status IN ('failed', 'retry')) AS n_failed
               FROM feeds f LEFT JOIN feed_items i ON i.feed_url = f.url GROUP BY f.url ORDER BY f.url""")
        return [dict(row) | {"n_stored": row["n_stored"] or 0, "n_failed": row["n_failed"] or 0} for row in rows]


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")
