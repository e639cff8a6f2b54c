"""Article text is untrusted: every page renders it as text (the XSS tests of the web UI)."""

from tests.web.conftest import ATTRIBUTE, SCRIPT


def _pages(client, hostile_id):
    article = client.get(f"/api/articles/{hostile_id}").json()
    events = [e["cluster_id"] for e in article["events"] if e["cluster_id"]]
    assert events, "the hostile article should report an event"
    actor = next(e["id"] for e in article["entities"] if e["type"] == "person")
    yield f"/articles/{hostile_id}"
    yield f"/events/{events[0]}"
    yield f"/actors/{actor}"
    yield "/articles?q=Scholz"
    yield "/timeline?q=Scholz"
    yield "/"


def test_scripts_and_attribute_injections_render_as_text(client, hostile_id):
    for path in _pages(client, hostile_id):
        html = client.get(path).text
        assert SCRIPT not in html, path
        assert 'onmouseover="alert(1)"' not in html, path
        assert 'href="javascript:' not in html.lower() and "<script>" not in html.lower(), path
    article = client.get(f"/articles/{hostile_id}").text
    assert "&lt;script&gt;alert(&#39;xss&#39;)&lt;/script&gt;" in article
    assert ATTRIBUTE.replace('"', "&#34;") in article or ATTRIBUTE.replace('"', "&quot;") in article


def test_a_javascript_url_is_shown_not_linked(client, hostile_id):
    html = client.get(f"/articles/{hostile_id}").text
    assert 'href="javascript:' not in html.lower() and "javascript:alert(document.cookie)" in html


def test_hostile_query_parameters_are_escaped(client):
    html = client.get("/timeline", params={"q": SCRIPT, "topic": ATTRIBUTE}).text
    assert SCRIPT not in html and 'onmouseover="alert(1)"' not in html
