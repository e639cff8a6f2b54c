"""Blocking: which earlier articles and reports a newcomer is compared with.

Both drivers of clustering read these bounds: the store's index (incremental clustering reads the
most recent candidates of a key, store/clusters.py) and the batch's blocks (batch/linking.py
compares each member of a block with the members before it). The keys themselves are
``news.blocking_keys`` (an article's) and ``events.event_keys`` (a report's).
"""

from __future__ import annotations

from datetime import date

from .profile import ArticleProfile

CANDIDATES_PER_KEY = 40  # the most recent articles or events sharing one blocking key
CANDIDATES_PER_NEWS_CLUSTER = 200  # reports of one type in one news cluster
NEWS_WINDOW_DAYS = 7  # articles more days apart are never in one news cluster's candidates


def news_day(profile: ArticleProfile) -> int | None:
    """The day (ordinal) an article is blocked by: its publication day, else its main event's day."""
    day = profile.day or (profile.event.day if profile.event else None)
    return date.fromisoformat(day).toordinal() if day else None
