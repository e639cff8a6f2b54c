"""Feed parsing: RSS and Atom items, and hostile or broken XML refused or read safely."""

import pytest

from veille.errors import InputError
from veille.ingest.feeds import parse_feed

RSS = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Le Quotidien - International</title>
<item><title>Les ministres europ\xc3\xa9ens se r\xc3\xa9unissent \xc3\xa0 Bruxelles</title>
  <link>https://news.example.org/2024/03/12/ministres</link><guid>urn:quotidien:1</guid>
  <pubDate>Tue, 12 Mar 2024 08:30:00 +0100</pubDate>
  <description>Les ministres des affaires \xc3\xa9trang\xc3\xa8res se retrouvent mardi.</description></item>
<item><title>Sans identifiant</title><link>https://news.example.org/2024/03/13/sans-id</link></item>
</channel></rss>"""

ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Agence</title>
<entry><id>tag:agence.example,2024:42</id><title>Sommet \xc3\xa0 Gen\xc3\xa8ve</title>
  <link href="https://agence.example/depeche/42"/><updated>2024-06-16T18:00:00Z</updated>
  <content type="html">&lt;p&gt;Les deux pr\xc3\xa9sidents se sont rencontr\xc3\xa9s.&lt;/p&gt;</content></entry>
</feed>"""


def test_rss_items_have_a_key_a_link_a_day_and_text():
    feed = parse_feed(RSS, "quotidien.xml")
    assert feed.title == "Le Quotidien - International"
    first, second = feed.items
    assert first.key == "urn:quotidien:1" and first.url.endswith("/ministres") and first.published == "2024-03-12"
    assert "européens" in first.title and "étrangères" in first.content
    assert second.key == second.url and second.published is None  # no guid: the link identifies it


def test_atom_entries():
    [entry] = parse_feed(ATOM, "agence.atom").items
    assert entry.key == "tag:agence.example,2024:42" and entry.published == "2024-06-16"
    assert entry.url == "https://agence.example/depeche/42" and "rencontrés" in entry.content


LAUGHS = b"""<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">
<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>
<rss version="2.0"><channel><title>&d;</title><item><title>&d;</title><link>https://x.example/1</link></item></channel></rss>"""
EXTERNAL = b"""<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<rss version="2.0"><channel><title>&secret;</title><item><title>t</title></item></channel></rss>"""


@pytest.mark.parametrize("document", [LAUGHS, EXTERNAL], ids=["entity-expansion", "external-entity"])
def test_documents_declaring_entities_are_refused(document):
    with pytest.raises(InputError, match="declares XML entities") as err:
        parse_feed(document, "hostile.xml")
    assert err.value.where == "hostile.xml"


def test_a_doctype_alone_and_broken_xml_are_read_leniently():
    old = (b'<?xml version="1.0"?><!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" '
           b'"http://my.netscape.com/publish/formats/rss-0.91.dtd"><rss version="0.91"><channel><title>Ancien</title>'
           b"<item><title>Un titre</title><link>https://old.example/1</link></item></channel></rss>")
    assert parse_feed(old, "old.xml").items[0].url == "https://old.example/1"
    broken = b"<rss><channel><title>A & B</title><item><title>caf&eacute;</title><link>https://b.example/1</link></item>"
    [item] = parse_feed(broken, "broken.xml").items
    assert item.title == "café"


@pytest.mark.parametrize("document", [b"", b"not a feed at all", b"<html><body>une page</body></html>", b"\x00\xff" * 20])
def test_what_is_not_a_feed_is_a_clear_error(document):
    with pytest.raises(InputError, match="not a readable RSS/Atom feed"):
        parse_feed(document, "x.xml")


def test_an_item_date_that_no_news_has_is_no_date():
    """9999-12-31, a placeholder, made the analysis of the item's article overflow in the clustering."""
    feed = RSS.replace(b"Tue, 12 Mar 2024 08:30:00 +0100", b"Fri, 31 Dec 9999 23:00:00 GMT")
    assert parse_feed(feed, "quotidien.xml").items[0].published is None
