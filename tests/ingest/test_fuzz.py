"""Random bytes and random text into every reader: a Record, a named InputError, or a Skipped — never
another exception (which would be a traceback for a user)."""

from __future__ import annotations

import io

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from veille.errors import InputError
from veille.ingest.feeds import parse_feed
from veille.ingest.pages import extract_pages
from veille.ingest.readers import READERS, sniff_reader
from veille.ingest.sources import Skipped
from veille.models import Record
from veille.settings import Settings

SETTINGS = Settings(max_file_bytes=200_000)
FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Inputs shaped like the formats, so the fuzzing reaches past the first check of each reader.
HTML_LIKE = st.builds(lambda head, body: f"<html><head><title>{head}</title></head><body><p>{body}</p></body></html>",
                      st.text(max_size=40), st.text(max_size=400))
JSONL_LIKE = st.lists(st.one_of(
    st.builds(lambda t, p: '{"text": %s, "published": %s}' % (t, p),
              st.text(max_size=200).map(lambda s: '"' + s.replace("\\", "").replace('"', "") + '"'),
              st.sampled_from(['"2024-01-02"', '"2024-13"', "null", "3", '"hier"'])),
    st.text(max_size=80)), max_size=5).map("\n".join)
FEED_LIKE = st.builds(lambda title, link, extra: f'<rss version="2.0"><channel><title>{title}</title>'
                                                 f"<item><title>{title}</title><link>{link}</link>{extra}</item></channel></rss>",
                      st.text(max_size=40), st.text(max_size=40), st.text(max_size=60))


def read_all(reader, data: bytes, source: str = "fuzz") -> list:
    try:
        items = list(extract_pages(reader(io.BytesIO(data), source, SETTINGS)))
    except InputError as err:  # a reader may refuse the whole input, naming it
        assert err.where.startswith(source)
        return [err]
    assert all(isinstance(item, (Record, InputError, Skipped)) for item in items)
    return items


@FUZZ
@given(data=st.binary(max_size=3000))
def test_every_reader_takes_random_bytes(data):
    for reader in set(READERS.values()):
        read_all(reader, data)
    read_all(sniff_reader(data[:4096]), data)


@FUZZ
@given(text=st.text(max_size=3000))
def test_every_reader_takes_random_text(text):
    for reader in set(READERS.values()):
        read_all(reader, text.encode("utf-8"))


@FUZZ
@given(html=HTML_LIKE, jsonl=JSONL_LIKE)
def test_readers_take_random_documents_of_their_format(html, jsonl):
    pages = read_all(READERS[".html"], html.encode())
    assert all(page.text.strip() for page in pages if isinstance(page, Record))  # no text is an error, not a page
    lines = read_all(READERS[".jsonl"], jsonl.encode())
    assert all(isinstance(line.text, str) for line in lines if isinstance(line, Record))


@FUZZ
@given(data=st.one_of(st.binary(max_size=2000), FEED_LIKE.map(str.encode), st.text(max_size=2000).map(str.encode)))
def test_feeds_take_random_bytes(data):
    try:
        feed = parse_feed(data, "fuzz.xml")
    except InputError as err:
        assert err.where == "fuzz.xml"
    else:
        assert all(item.key for item in feed.items)


@FUZZ
@given(content=st.one_of(st.text(max_size=500), HTML_LIKE))
def test_the_text_a_feed_carries_takes_random_content(content):
    from veille.incremental.watch import _plain_text

    assert isinstance(_plain_text(content), str)
