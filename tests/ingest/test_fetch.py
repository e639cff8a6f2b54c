"""The fetcher against a real local server (private addresses allowed), and against httpx's
MockTransport with a fake resolver, clock and sleep for the address rules, backoff and politeness."""

import socket
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import metadata

import httpx
import pytest

from veille.errors import FetchError
from veille.ingest import fetch
from veille.ingest.fetch import FetchPolicy, Fetched, Fetcher

PAGE = "<html><body>Le Conseil des ministres s'est réuni à l'Élysée.</body></html>".encode("latin-1")
ETAG = '"v1"'
LAST_MODIFIED = "Tue, 03 Jun 2025 08:00:00 GMT"
PUBLIC = "93.184.215.14"


class _Site(BaseHTTPRequestHandler):
    """GET /<route>/<arg> calls route_<route>(arg)."""

    protocol_version = "HTTP/1.1"

    def do_GET(self):
        self.server.hits[self.path] += 1
        self.server.headers_seen[self.path] = self.headers
        route, _, arg = self.path.strip("/").partition("/")
        getattr(self, f"route_{route}")(arg)

    def log_message(self, *args):
        pass

    def answer(self, status, body=b"", **headers):
        self.send_response(status)
        headers = {name.replace("_", "-"): value for name, value in headers.items()}
        headers.setdefault("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def route_page(self, arg):
        self.answer(200, PAGE, Content_Type="text/html; charset=ISO-8859-1")

    def route_report(self, arg):
        self.answer(200, b"%PDF-1.7", Content_Type="application/pdf")

    def route_cached(self, arg):
        if self.headers["If-None-Match"] == ETAG or self.headers["If-Modified-Since"] == LAST_MODIFIED:
            self.answer(304, ETag=ETAG)
        else:
            self.answer(200, PAGE, ETag=ETAG, Last_Modified=LAST_MODIFIED, Content_Type="text/html")

    def route_endless(self, arg):
        self.send_response(200)
        self.send_header("Connection", "close")
        self.end_headers()
        try:
            while True:
                self.wfile.write(b"x" * 65536)
        except OSError:  # the client hung up, as it should
            pass

    def route_drip(self, arg):
        self.send_response(200)
        self.send_header("Content-Length", "100")
        self.end_headers()
        try:
            for _ in range(100):
                self.wfile.write(b"x")
                time.sleep(0.2)
        except OSError:
            pass

    def route_dribble(self, arg):  # one header line every 0.3 s, for ever: no read ever times out
        self.send_response_only(200)
        try:
            for n in range(1000):
                self.wfile.write(f"X-Dribble-{n}: x\r\n".encode())
                self.wfile.flush()
                time.sleep(0.3)
        except OSError:
            pass

    def route_silent(self, arg):
        time.sleep(0.5)

    def route_huge(self, arg):
        self.answer(200, b"x" * 10, Content_Length=str(10**12))

    def route_chain(self, arg):
        hops = int(arg)
        self.answer(302, Location=str(hops - 1) if hops > 1 else "/page")  # relative, then absolute path

    def route_loop(self, arg):
        self.answer(301, Location="/loop/b" if arg == "a" else "/loop/a")

    def route_to_file(self, arg):
        self.answer(302, Location="file:///etc/passwd")

    def route_flaky(self, arg):
        if self.server.hits[self.path] == 1:
            self.answer(503, Retry_After="0")
        else:
            self.route_page(arg)

    def route_missing(self, arg):
        self.answer(404, b"not here")


class _Server(ThreadingHTTPServer):
    daemon_threads = True  # a handler still writing never holds up the end of the tests

    def __init__(self):
        super().__init__(("127.0.0.1", 0), _Site)
        self.hits = Counter()
        self.headers_seen = {}

    def handle_error(self, request, client_address):
        pass  # clients hanging up on the endless and dripping pages are expected


@pytest.fixture(scope="module")
def server():
    httpd = _Server()
    threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def site(server):
    server.hits.clear()
    return f"http://127.0.0.1:{server.server_port}"


def _local(sleeps=None, **policy) -> Fetcher:
    """A fetcher for the local server: private addresses allowed, no politeness delay, no real sleep."""
    sleeps = [] if sleeps is None else sleeps
    return Fetcher(FetchPolicy(**{"allow_private": True, "host_delay": 0, **policy}), sleep=sleeps.append)


def _refusal(fetcher: Fetcher, url: str, **kwargs) -> FetchError:
    with fetcher, pytest.raises(FetchError) as caught:
        fetcher.fetch(url, **kwargs)
    assert str(caught.value) == f"{url}: {caught.value.reason}"
    return caught.value


def test_a_page_comes_with_its_media_type_charset_and_final_url(site, server):
    with _local() as fetcher:
        page = fetcher.fetch(f"{site}/page", accept="text/html")
    assert page == Fetched(url=f"{site}/page", status=200, content_type="text/html", charset="iso-8859-1",
                           body=PAGE, etag=None, last_modified=None)
    sent = server.headers_seen["/page"]
    assert sent["User-Agent"] == FetchPolicy().user_agent and sent["Accept"] == "text/html"
    assert "If-None-Match" not in sent


def test_the_user_agent_names_veille_and_its_version():
    version = metadata.version("veille")
    assert FetchPolicy().user_agent == f"veille/{version} (+https://github.com/veille; news monitoring)"


def test_a_pdf_keeps_its_content_type_and_has_no_charset(site):
    with _local() as fetcher:
        report = fetcher.fetch(f"{site}/report")
    assert (report.content_type, report.charset, report.body) == ("application/pdf", None, b"%PDF-1.7")


@pytest.mark.parametrize("validator", ["etag", "last_modified"])
def test_a_conditional_request_gets_not_modified(site, validator):
    with _local() as fetcher:
        first = fetcher.fetch(f"{site}/cached")
        again = fetcher.fetch(f"{site}/cached", **{validator: getattr(first, validator)})
    assert (first.status, first.etag, first.last_modified, first.not_modified) == (200, ETAG, LAST_MODIFIED, False)
    assert (again.status, again.body, again.not_modified) == (304, b"", True)
    assert (again.etag, again.last_modified) == (ETAG, first.last_modified if validator == "last_modified" else None)


def test_a_never_ending_body_is_cut_at_the_size_cap(site):
    error = _refusal(_local(max_bytes=100_000), f"{site}/endless")
    assert (error.reason, error.retry) == ("larger than 100,000 bytes", False)


def test_a_huge_content_length_is_refused_before_reading(site):
    error = _refusal(_local(), f"{site}/huge")
    assert error.reason == "larger than 5,000,000 bytes (Content-Length 1,000,000,000,000)"


def test_a_dripping_body_is_cut_at_the_total_deadline(site):
    started = time.monotonic()
    error = _refusal(_local(total_timeout=1, retries=0), f"{site}/drip")
    assert (error.reason, error.retry) == ("timed out after 1 s", True)
    assert time.monotonic() - started < 1.6


def test_headers_dribbled_one_line_at_a_time_are_cut_at_the_total_deadline(site):
    started = time.monotonic()
    error = _refusal(_local(total_timeout=1, read_timeout=5, retries=0), f"{site}/dribble")
    assert (error.reason, error.retry) == ("timed out after 1 s", True)
    assert time.monotonic() - started < 1.6


def test_the_deadline_is_for_the_whole_fetch_so_retries_do_not_multiply_it(site, server):
    """A server that dribbles its headers took the whole deadline three times (three tries, 3 min
    for one page in `veille watch --once`): a try that ran out of time leaves none for another."""
    started = time.monotonic()
    error = _refusal(_local(total_timeout=1, read_timeout=5, retries=2), f"{site}/dribble")
    assert (error.reason, error.retry, server.hits["/dribble"]) == ("timed out after 1 s", True, 1)
    assert time.monotonic() - started < 1.6


def test_a_silent_server_times_out(site):
    error = _refusal(_local(read_timeout=0.2, retries=0), f"{site}/silent")
    assert (error.reason, error.retry) == ("timed out after 0.2 s without data", True)


def test_redirects_are_followed_relative_to_the_current_url(site, server):
    with _local() as fetcher:
        page = fetcher.fetch(f"{site}/chain/5")
    assert (page.url, page.body) == (f"{site}/page", PAGE)
    assert [server.hits[f"/chain/{n}"] for n in range(1, 6)] == [1] * 5


def test_more_redirects_than_allowed_fail(site):
    assert _refusal(_local(), f"{site}/chain/6").reason == "more than 5 redirects"


def test_a_redirect_loop_names_the_repeated_url(site):
    assert _refusal(_local(), f"{site}/loop/a").reason == f"redirect loop at {site}/loop/a"


def test_a_redirect_to_another_scheme_is_refused(site):
    error = _refusal(_local(), f"{site}/to_file")
    assert error.reason == ("redirected to file:/etc/passwd: "
                            "unsupported URL scheme 'file' (veille fetches http and https)")


def test_service_unavailable_is_retried_after_what_retry_after_says(site, server):
    sleeps = []
    with _local(sleeps) as fetcher:
        assert fetcher.fetch(f"{site}/flaky").body == PAGE
    assert (server.hits["/flaky"], sleeps) == (2, [0])


def test_not_found_is_not_retried(site, server):
    error = _refusal(_local(), f"{site}/missing")
    assert (error.reason, error.retry, server.hits["/missing"]) == ("HTTP 404 Not Found", False, 1)


def test_a_refused_connection_is_retried_then_reported():
    with socket.socket() as probe:  # a port that nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    sleeps = []
    error = _refusal(_local(sleeps), f"http://127.0.0.1:{port}/")
    assert (error.reason, error.retry, len(sleeps)) == ("connection refused", True, 2)


def test_a_tls_failure_is_reported_in_one_line_and_not_retried(site):
    error = _refusal(_local(), site.replace("http:", "https:") + "/page")
    assert error.reason.startswith("TLS error: ") and "\n" not in error.reason and not error.retry


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.org/", "javascript:alert(1)", "example.org/page"])
def test_only_http_and_https_are_fetched(url):
    assert "unsupported URL scheme" in _refusal(Fetcher(FetchPolicy()), url).reason


# --- the address rule, without a server ---------------------------------------------------------

def _never_called(request):
    raise AssertionError(f"{request.url} was requested")


@pytest.mark.parametrize("url", [
    "http://127.0.0.1/", "http://localhost/", "http://10.0.0.1/", "http://169.254.169.254/latest/meta-data/",
    "http://[::1]/", "http://[::ffff:127.0.0.1]/", "http://0.0.0.0/", "http://[fe80::1]/", "http://127.1/",
    "http://2130706433/", "https://192.168.1.1:8443/",
])
def test_private_addresses_are_refused(url):
    error = _refusal(Fetcher(FetchPolicy(), transport=httpx.MockTransport(_never_called)), url)
    assert error.reason.startswith("refused: ") and error.reason.endswith(" is not a public address")
    assert not error.retry


class _Script:
    """A MockTransport handler answering (status, headers) in turn, the last one repeating."""

    def __init__(self, *answers):
        self.answers = answers or [(200, {})]
        self.requests = []

    def __call__(self, request):
        self.requests.append(request)
        status, headers = self.answers[min(len(self.requests), len(self.answers)) - 1]
        return httpx.Response(status, headers=headers, content=b"ok")


class _FakeTime:
    """A clock that moves only when the fetcher sleeps, or when a test says so."""

    def __init__(self):
        self.now = 1000.0
        self.sleeps = []

    def clock(self):
        return self.now

    def sleep(self, seconds):
        self.sleeps.append(seconds)
        self.now += seconds


@pytest.fixture
def dns(monkeypatch):
    """Host names resolve to what a test puts here, and to a public address otherwise."""
    names = {}
    monkeypatch.setattr(fetch, "_resolve", lambda host: names.get(host, [PUBLIC]))
    return names


def _mocked(script, fake_time=None, **policy) -> Fetcher:
    fake_time = fake_time or _FakeTime()
    return Fetcher(FetchPolicy(**policy), transport=httpx.MockTransport(script), sleep=fake_time.sleep,
                   clock=fake_time.clock)


@pytest.mark.parametrize("address", [PUBLIC, "2606:4700::1111", "::ffff:93.184.215.14", "64:ff9b::5db8:d70e"])
def test_public_addresses_are_fetched(dns, address):
    dns["news.example"] = [address]
    with _mocked(_Script()) as fetcher:
        assert fetcher.fetch("https://news.example/").body == b"ok"


@pytest.mark.parametrize("address", ["224.0.0.1", "ff02::1", "fec0::1", "::7f00:1", "100.64.0.1", "64:ff9b::a00:1"])
def test_addresses_that_is_global_would_let_through_are_refused(dns, address):
    dns["news.example"] = [address]
    error = _refusal(_mocked(_never_called), "https://news.example/")
    assert error.reason == f"refused: {address} (news.example) is not a public address"


def test_one_private_address_among_public_ones_is_enough_to_refuse(dns):
    dns["news.example"] = [PUBLIC, "10.0.0.1"]
    assert "10.0.0.1 (news.example)" in _refusal(_mocked(_never_called), "https://news.example/").reason


def test_every_redirect_hop_is_checked(dns):
    dns["intranet.example"] = ["10.0.0.1"]
    script = _Script((302, {"Location": "http://intranet.example/admin"}))
    error = _refusal(_mocked(script), "https://news.example/article")
    assert error.reason == ("redirected to http://intranet.example/admin: "
                            "refused: 10.0.0.1 (intranet.example) is not a public address")
    assert [r.url.host for r in script.requests] == ["news.example"]


def test_an_unknown_host_name_is_retried_then_reported(monkeypatch):
    def unknown(host):
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(fetch, "_resolve", unknown)
    error = _refusal(_mocked(_never_called, host_delay=0), "https://nowhere.example/")
    assert (error.reason, error.retry) == ("cannot resolve the host name (Name or service not known)", True)


# --- backoff and politeness, on a fake clock ----------------------------------------------------

def test_backoff_doubles_with_jitter_then_gives_up(dns):
    fake_time, script = _FakeTime(), _Script((503, {}))
    error = _refusal(_mocked(script, fake_time, host_delay=0, retries=2, backoff=1.0), "https://news.example/")
    assert (error.reason, error.retry, len(script.requests)) == ("HTTP 503 Service Unavailable", True, 3)
    first, second = fake_time.sleeps
    assert 0.5 <= first <= 1.0 and 1.0 <= second <= 2.0


@pytest.mark.parametrize("retry_after, wait", [("7", 7), ("59", 59), ("Wed, 21 Oct 2015 07:28:00 GMT", 0)])
def test_retry_after_is_honoured_within_the_fetchs_minute(dns, retry_after, wait):
    fake_time = _FakeTime()
    with _mocked(_Script((429, {"Retry-After": retry_after}), (200, {})), fake_time, host_delay=0) as fetcher:
        assert fetcher.fetch("https://news.example/").status == 200
    assert fake_time.sleeps == [wait]


@pytest.mark.parametrize("retry_after", ["60", "3600", "Wed, 21 Oct 2099 07:28:00 GMT"])
def test_a_retry_after_past_the_fetchs_minute_ends_the_fetch_for_a_later_poll(dns, retry_after):
    fake_time, script = _FakeTime(), _Script((429, {"Retry-After": retry_after}), (200, {}))
    error = _refusal(_mocked(script, fake_time, host_delay=0), "https://news.example/")
    assert (error.reason, error.retry, len(script.requests), fake_time.sleeps) == (
        "HTTP 429 Too Many Requests", True, 1, [])


def test_redirect_hops_share_the_fetchs_deadline(dns):
    fake_time = _FakeTime()

    def slow_hops(request):  # each hop answers after 25 s: the third would end past the minute
        fake_time.now += 25
        return httpx.Response(302, headers={"Location": f"/hop{len(fake_time.sleeps) + fake_time.now:g}"})

    error = _refusal(_mocked(slow_hops, fake_time, host_delay=0), "https://news.example/")
    assert (error.reason, error.retry) == ("redirected to https://news.example/hop1075: timed out after 60 s", True)


@pytest.mark.parametrize("status, reason", [(403, "HTTP 403 Forbidden"), (410, "HTTP 410 Gone")])
def test_client_errors_are_final(dns, status, reason):
    script = _Script((status, {}))
    error = _refusal(_mocked(script), "https://news.example/")
    assert (error.reason, error.retry, len(script.requests)) == (reason, False, 1)


def test_one_request_per_host_delay_for_each_host(dns):
    fake_time = _FakeTime()
    with _mocked(_Script(), fake_time, host_delay=1.0) as fetcher:
        fetcher.fetch("https://a.example/1")
        fake_time.now += 0.25
        fetcher.fetch("https://a.example/2")
        fetcher.fetch("https://b.example/1")
        fetcher.fetch("https://a.example/3")
    assert fake_time.sleeps == pytest.approx([0.75, 1.0])


def test_politeness_waits_do_not_count_against_the_fetchs_minute(dns):
    fake_time = _FakeTime()
    with _mocked(_Script(), fake_time, host_delay=100.0) as fetcher:  # --delay 100
        fetcher.fetch("https://a.example/1")
        assert fetcher.fetch("https://a.example/2").status == 200
    assert fake_time.sleeps == [100.0]


def test_a_redirect_without_location_and_a_bad_encoding_are_reported(dns):
    no_location = _refusal(_mocked(_Script((302, {}))), "https://news.example/")
    assert no_location.reason == "HTTP 302 Found without a Location"
    bad_gzip = _refusal(_mocked(_Script((200, {"Content-Encoding": "gzip"}))), "https://news.example/")
    assert bad_gzip.reason.startswith("invalid response body (") and not bad_gzip.retry


def test_the_public_surface():
    assert fetch.__all__ == ["FetchPolicy", "Fetched", "Fetcher"]
