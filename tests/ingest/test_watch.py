"""`veille watch` against a local web site: feeds, pages, conditional requests, failures, restarts."""

from __future__ import annotations

import threading
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from veille.errors import ConfigError
from veille.ingest.fetch import Fetcher, FetchPolicy
from veille.incremental.watch import Source, Watcher, load_sources, parse_interval, sources_from
from veille.store import Store

PAGE = """<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>{title}</title>
<meta property="article:published_time" content="{day}T09:00:00+01:00"></head>
<body><nav>Accueil | International | Politique</nav><article><h1>{title}</h1>
<p>{lead}</p>
<p>Les discussions ont porté sur la coopération régionale, la sécurité des frontières et le financement
de la reconstruction, a précisé un communiqué publié à l'issue de la rencontre.</p>
<p>Les deux délégations se sont engagées à poursuivre leurs échanges dans les prochaines semaines et à
préparer une nouvelle réunion avant la fin de l'année.</p></article><footer>Mentions légales</footer></body></html>"""

ARTICLES = {
    "/a/1": ("Le ministre italien reçu à Madrid", "2024-03-12",
             "Le ministre italien des Affaires étrangères a été reçu mardi à Madrid par son homologue espagnol."),
    "/a/2": ("Entretien entre les dirigeants polonais et tchèque", "2024-03-13",
             "Le Premier ministre polonais s'est entretenu mercredi à Varsovie avec le président tchèque."),
    "/a/3": ("Rencontre à Lisbonne sur l'énergie", "2024-03-14",
             "La ministre portugaise de l'Énergie a rencontré jeudi à Lisbonne son homologue irlandais."),
}


def rss(paths: list[str], base: str) -> bytes:
    items = "".join(f"<item><title>{ARTICLES.get(p, ('Titre', ''))[0]}</title><link>{base}{p}</link>"
                    f"<guid>{base}{p}</guid></item>" for p in paths)
    return f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Le Quotidien</title>{items}</channel></rss>'.encode()


class Site:
    """A local web site whose feed and pages a test changes while the watcher runs."""

    def __init__(self) -> None:
        self.pages: dict[str, tuple[int, str, bytes]] = {}
        self.hits: Counter[str] = Counter()
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                site.hits[self.path] += 1
                status, content_type, body = site.pages.get(self.path, (404, "text/plain", b"not here"))
                etag = f'"{hash(body)}"'
                if self.headers.get("If-None-Match") == etag:
                    self.send_response(304)
                    self.end_headers()
                    return
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.send_header("ETag", etag)
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def publish(self, *paths: str) -> None:
        for path in paths:
            title, day, lead = ARTICLES[path]
            self.pages[path] = (200, "text/html; charset=utf-8", PAGE.format(title=title, day=day, lead=lead).encode())
        self.pages["/feed.xml"] = (200, "application/rss+xml", rss(list(paths), self.base))

    def feed(self, *paths: str) -> None:
        self.pages["/feed.xml"] = (200, "application/rss+xml", rss(list(paths), self.base))


@pytest.fixture
def site():
    site = Site()
    yield site
    site.server.shutdown()


@pytest.fixture
def watcher(store, settings, pipeline):
    with Fetcher(FetchPolicy(host_delay=0, allow_private=True, retries=0)) as fetcher:
        yield Watcher(store, settings, fetcher, pipeline=pipeline)


def test_watch_once_ingests_the_feed_then_only_new_items(cli, site):
    site.publish("/a/1", "/a/2")
    first = cli("watch", f"{site.base}/feed.xml", "--once", "--allow-private", "--delay", "0")
    assert first.exit_code == 0, first.output
    assert "2 items, 2 new: 2 stored" in first.output
    site.publish("/a/1", "/a/2", "/a/3")
    second = cli("watch", f"{site.base}/feed.xml", "--once", "--allow-private", "--delay", "0")
    assert "3 items, 1 new: 1 stored" in second.output
    assert site.hits["/a/1"] == 1 and site.hits["/a/3"] == 1  # what was ingested is never fetched again
    third = cli("watch", f"{site.base}/feed.xml", "--once", "--allow-private", "--delay", "0")
    assert "not modified" in third.output  # the feed's ETag came back: a 304, nothing parsed
    listed = cli("feeds")
    assert "3 stored, 0 failed" in listed.output and "not_modified" in listed.output
    articles = cli("articles", "--format", "json").output
    assert "Le ministre italien reçu à Madrid" in articles and "2024-03-14" in articles


def test_page_metadata_and_published_dates_come_through(watcher, site, store):
    site.publish("/a/1")
    report = watcher.poll(Source(f"{site.base}/feed.xml"))
    assert report.ok and report.stored == 1
    [row] = store.conn.execute("SELECT url, title, published, published_source, outlet FROM articles").fetchall()
    assert tuple(row) == (f"{site.base}/a/1", "Le ministre italien reçu à Madrid", "2024-03-12", "html", "127.0.0.1")


def test_failed_items_are_named_and_retried_only_when_it_may_help(watcher, site, store):
    site.publish("/a/1")
    site.pages["/gone"] = (404, "text/html", b"gone")
    site.pages["/busy"] = (503, "text/html", b"busy")
    site.pages["/report.pdf"] = (200, "application/pdf", b"%PDF-1.4")
    site.feed("/a/1", "/gone", "/busy", "/report.pdf")
    report = watcher.poll(Source(f"{site.base}/feed.xml"))
    reasons = dict(report.problems)
    assert report.stored == 1 and not report.ok
    assert "404" in reasons[f"{site.base}/gone"] and "not an HTML page (application/pdf)" in reasons[f"{site.base}/report.pdf"]
    statuses = dict(store.conn.execute("SELECT url, status FROM feed_items").fetchall())
    assert statuses[f"{site.base}/gone"] == "failed" and statuses[f"{site.base}/busy"] == "retry"
    for again in range(3):
        site.feed("/a/1", "/gone", "/busy", "/report.pdf", f"/a/1?v{again}")  # a changed feed, so no 304
        watcher.poll(Source(f"{site.base}/feed.xml"))
    assert site.hits["/gone"] == 1 and site.hits["/busy"] == 3  # a 503 is tried again, at most three times


def test_an_item_without_a_page_uses_the_text_of_the_feed(watcher, site, store, tmp_path):
    text = ("Le président finlandais a reçu lundi à Helsinki le Premier ministre estonien pour un entretien "
            "consacré à la sécurité en mer Baltique, a annoncé la présidence.")
    feed = tmp_path / "local.xml"
    feed.write_text(f'<rss version="2.0"><channel><title>Local</title><item><title>Helsinki</title>'
                    f"<guid>local-1</guid><description>&lt;p&gt;{text}&lt;/p&gt;</description>"
                    "<pubDate>Mon, 11 Mar 2024 10:00:00 GMT</pubDate></item></channel></rss>", encoding="utf-8")
    report = watcher.poll(Source(str(feed)))
    assert report.stored == 1
    assert store.conn.execute("SELECT published, published_source FROM articles").fetchone()[:] == ("2024-03-11", "feed")


def test_a_stop_request_keeps_what_was_fetched_and_leaves_the_rest(watcher, site, store):
    site.publish("/a/1", "/a/2", "/a/3")
    fetch = watcher.fetcher.fetch

    def fetch_then_stop(url, **kwargs):
        if url.endswith("/a/1"):
            watcher.stop.set()  # as Ctrl-C does, while the first page is being fetched
        return fetch(url, **kwargs)

    watcher.fetcher.fetch = fetch_then_stop
    report = watcher.poll(Source(f"{site.base}/feed.xml"))
    assert report.stored == 1 and site.hits["/a/2"] == 0
    watcher.stop.clear()
    watcher.fetcher.fetch = fetch
    site.feed("/a/1", "/a/2", "/a/3", "/a/1?v2")
    assert watcher.poll(Source(f"{site.base}/feed.xml")).stored == 2


@pytest.mark.parametrize("body, reason", [
    (b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;&a;">]><rss><channel>'
     b"<title>&b;</title></channel></rss>", "declares XML entities"),
    (b"<html><body>pas un flux</body></html>", "not a readable RSS/Atom feed"),
])
def test_hostile_or_broken_feeds_fail_clearly(cli, site, body, reason):
    site.pages["/feed.xml"] = (200, "application/xml", body)
    result = cli("watch", f"{site.base}/feed.xml", "--once", "--allow-private", "--delay", "0")
    assert result.exit_code == 1 and reason in result.output and "Traceback" not in result.output


def test_feeds_that_are_neither_files_nor_web_urls_fail_clearly(cli, tmp_path):
    result = cli("watch", "ftp://files.example/feed.xml", str(tmp_path / "missing.xml"), "--once")
    assert result.exit_code == 1
    assert "unsupported URL scheme 'ftp'" in result.output and "missing.xml: no such file" in result.output


def test_private_addresses_are_refused_without_the_flag(cli, site):
    site.publish("/a/1")
    result = cli("watch", f"{site.base}/feed.xml", "--once", "--delay", "0")
    assert result.exit_code == 1 and "127.0.0.1" in result.output and site.hits["/feed.xml"] == 0


def test_sources_files(tmp_path):
    path = tmp_path / "sources.toml"
    path.write_text('[[source]]\nurl = "https://a.example/rss"\nname = "A"\ninterval = "15m"\n\n'
                    '[[source]]\nurl = "https://b.example/atom"\n', encoding="utf-8")
    a, b = load_sources(path)
    assert (a.name, a.interval) == ("A", 900) and b.interval == 900
    assert [s.url for s in sources_from(["https://a.example/rss", "c.xml"], str(path), 60)] == [
        "https://a.example/rss", "https://b.example/atom", "c.xml"]
    assert parse_interval("1h", "x") == 3600 and parse_interval(30, "x") == 30


@pytest.mark.parametrize("text, message", [
    ('[[source]]\nname = "no url"\n', "a url is required"),
    ('[[source]]\nurl = "https://a.example"\nevery = 3\n', "unknown key(s) every"),
    ('[[source]]\nurl = "https://a.example"\ninterval = "soon"\n', "is not a duration"),
    ('[[source]]\nurl = "https://a.example"\ninterval = 1\n', "shorter than"),
    ("url = 'https://a.example'\n", "no [[source]] tables"),
    ("[[source]\n", "cannot read the sources file"),
])
def test_bad_sources_files_are_clear_errors(tmp_path, text, message):
    path = tmp_path / "sources.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=message.replace("[", r"\[").replace("(", r"\(").replace(")", r"\)")):
        load_sources(path)


def test_watch_without_feeds_is_a_usage_error(cli):
    result = cli("watch", "--once")
    assert result.exit_code == 2 and "no feed to watch" in result.output


def test_feeds_lists_nothing_on_a_fresh_store(cli, tmp_path):
    Store.open(tmp_path / "veille.db").close()
    assert "no feed polled yet" in cli("feeds").output


def test_ctrl_c_stops_a_running_watcher_cleanly(site, tmp_path):
    import os
    import signal
    import subprocess
    import sys
    import time

    site.publish("/a/1")
    watcher = subprocess.Popen(
        [sys.executable, "-m", "veille", "watch", f"{site.base}/feed.xml", "--allow-private", "--delay", "0",
         "--interval", "60", "--db", str(tmp_path / "veille.db")],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env={**os.environ, "PYTHONUNBUFFERED": "1"})
    first_poll = watcher.stdout.readline()  # the poll is done and committed; the watcher now waits
    time.sleep(0.2)
    watcher.send_signal(signal.SIGINT)
    out, err = watcher.communicate(timeout=30)
    assert "1 new: 1 stored" in first_poll and watcher.returncode == 0
    assert "stopped" in err and "Traceback" not in err
    with Store.open(tmp_path / "veille.db", read_only=True) as store:
        assert store.handled_items(f"{site.base}/feed.xml")  # remembered for the next run


def test_an_item_whose_analysis_raises_is_a_failed_item_and_the_others_are_stored(watcher, site, store, monkeypatch):
    from veille.nlp import events as events_module

    original = events_module.EventExtractor.events
    monkeypatch.setattr(events_module.EventExtractor, "events",
                        lambda self, model=None: (_ for _ in ()).throw(ValueError("not a day"))
                        if "Varsovie" in self.doc.article.clean_text else original(self, model))
    site.publish("/a/1", "/a/2", "/a/3")
    report = watcher.poll(Source(f"{site.base}/feed.xml"))
    assert report.stored == 2 and not report.ok
    [(where, reason)] = report.problems
    assert reason == "analysis failed in stage 'events': ValueError: not a day"
    statuses = dict(store.conn.execute("SELECT url, status FROM feed_items").fetchall())
    assert statuses[f"{site.base}/a/2"] == "failed" and statuses[f"{site.base}/a/1"] == "stored"


def test_each_item_is_recorded_as_it_is_done_so_a_killed_poll_redoes_no_fetch(watcher, site, store):
    site.publish("/a/1", "/a/2", "/a/3")
    fetch = watcher.fetcher.fetch

    def fetch_then_die(url, **kwargs):
        if url.endswith("/a/3"):
            raise KeyboardInterrupt  # the process killed while the third page is fetched
        return fetch(url, **kwargs)

    watcher.fetcher.fetch = fetch_then_die
    with pytest.raises(KeyboardInterrupt):
        watcher.poll(Source(f"{site.base}/feed.xml"))
    statuses = dict(store.conn.execute("SELECT url, status FROM feed_items").fetchall())
    assert statuses == {f"{site.base}/a/1": "stored", f"{site.base}/a/2": "stored"}
    watcher.fetcher.fetch = fetch
    report = watcher.poll(Source(f"{site.base}/feed.xml"))  # the feed's validators were not saved: read again
    assert report.stored == 1 and site.hits["/a/1"] == 1 and site.hits["/a/3"] == 1


def test_an_item_tried_for_the_last_time_is_said_to_be_given_up(watcher, site, store):
    site.pages["/busy"] = (503, "text/html", b"busy")
    for attempt in range(3):
        site.feed("/busy", f"/a/1?v{attempt}")  # a changed feed, so no 304
        report = watcher.poll(Source(f"{site.base}/feed.xml"))
    busy = [reason for where, reason in report.problems if where.endswith("/busy")]
    assert busy == ["given up after 3 attempts (HTTP 503 Service Unavailable)"]  # one line, not two
    status, reason = store.conn.execute("SELECT status, reason FROM feed_items WHERE url LIKE '%/busy'").fetchone()
    assert status == "failed" and reason.startswith("given up after 3 attempts")


def test_an_item_linking_to_a_local_file_is_refused_for_its_scheme(watcher, store, tmp_path):
    feed = tmp_path / "local.xml"
    feed.write_text('<rss version="2.0"><channel><title>Local</title><item><title>Secrets</title>'
                    "<link>file:///etc/passwd</link><guid>x-1</guid></item></channel></rss>", encoding="utf-8")
    report = watcher.poll(Source(str(feed)))
    [(where, reason)] = report.problems
    assert where.endswith("etc/passwd") and reason == "unsupported URL scheme 'file' (veille fetches http and https)"
    assert store.count_articles() == 0


def test_a_feed_title_with_a_line_break_cannot_forge_a_report_line(cli, tmp_path):
    """The feed's own title (untrusted XML) is its name in `veille feeds` and in later polls'
    lines: a line break in it printed a second line, 'failed: …', that no failure wrote."""
    feed = tmp_path / "evil.xml"
    feed.write_text('<rss version="2.0"><channel><title>Evil&#10;failed: http://forged.example/: forged</title>'
                    "<item><title>Un&#10;titre</title><guid>z1</guid><description>Le ministre a reçu mardi à Genève "
                    "son homologue pour un long entretien sur le climat et la sécurité régionale.</description>"
                    "</item></channel></rss>", encoding="utf-8")
    assert cli("watch", str(feed), "--once").exit_code == 0
    listed = cli("feeds").output
    assert len(listed.splitlines()) == 1 and listed.startswith("Evil failed: http://forged.example/: forged  ")


def test_an_item_link_urllib_cannot_split_is_one_failed_item_not_the_end_of_the_watch(watcher, store, tmp_path):
    """'http://[::1' raised ValueError out of the watcher (exit 70), at every poll; an item that carries
    its text is stored from it, one without is one failed item."""
    text = ("Le président finlandais a reçu lundi à Helsinki le Premier ministre estonien pour un entretien "
            "consacré à la sécurité en mer Baltique, a annoncé la présidence.")
    feed = tmp_path / "local.xml"
    feed.write_text('<rss version="2.0"><channel><title>Local</title>'
                    "<item><title>Sans texte</title><link>http://[::1</link><guid>v6-1</guid></item>"
                    f"<item><title>Avec texte</title><link>http://[::2</link><guid>v6-2</guid>"
                    f"<description>{text}</description></item></channel></rss>", encoding="utf-8")
    report = watcher.poll(Source(str(feed)))
    assert report.problems == [("http://[::1", "not a valid URL")] and report.stored == 1
    assert store.conn.execute("SELECT url, outlet FROM articles").fetchone()[:] == (None, None)


def test_feed_and_sources_files_that_are_named_pipes_are_refused_without_waiting(cli, tmp_path):
    """open() of a FIFO waits for a writer for ever: `veille watch feed.xml` hung with no output."""
    import os

    os.mkfifo(tmp_path / "feed.xml")
    os.mkfifo(tmp_path / "sources.toml")
    result = cli("watch", str(tmp_path / "feed.xml"), "--once")
    assert result.exit_code == 1 and "feed.xml: not a regular file (a named pipe): refused" in result.output
    with pytest.raises(ConfigError, match=r"sources.toml: cannot read the sources file \(not a regular file"):
        load_sources(tmp_path / "sources.toml")
