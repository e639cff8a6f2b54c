"""A polite, safe HTTP fetcher for ``veille watch``: one GET at a time, every redirect hop checked.

Safety: only http(s); no private, loopback or link-local address (unless allowed); a size cap
read as a stream; one deadline for the whole fetch, its retries and redirects included.
Politeness: one request per host every ``host_delay`` seconds (not counted in the deadline);
backoff, and the server's Retry-After, between attempts. Failures are one ``FetchError`` whose
``retry`` says whether a later poll may succeed.
"""

from __future__ import annotations

import email.utils
import ipaddress
import random
import socket
import ssl
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from importlib import metadata

import httpx

from ..errors import FetchError
from .pages import media_type_and_charset

__all__ = ["FetchPolicy", "Fetched", "Fetcher"]

_REDIRECT_STATUSES = {301, 302, 303, 307, 308}
_RETRY_STATUSES = {429, 500, 502, 503, 504}
_MAX_WAIT_S = 60.0  # the longest pause between attempts, whatever Retry-After asks
_NAT64 = ipaddress.ip_network("64:ff9b::/96")  # DNS64 maps IPv4-only sites into it


def _veille_version() -> str:
    try:
        return metadata.version("veille")
    except metadata.PackageNotFoundError:  # a source tree that was not installed
        return "dev"


@dataclass(frozen=True)
class FetchPolicy:
    user_agent: str = f"veille/{_veille_version()} (+https://github.com/veille; news monitoring)"
    connect_timeout: float = 10.0  # seconds to open the connection (TLS included)
    read_timeout: float = 20.0  # seconds the server may stay silent
    total_timeout: float = 60.0  # seconds for one fetch: every request, wait and redirect of it included
    max_bytes: int = 5_000_000  # larger bodies are refused, never truncated
    max_redirects: int = 5
    retries: int = 2  # extra attempts after a connect error, a timeout, 429 or 5xx
    backoff: float = 1.0  # seconds before the first retry; doubles at each one
    host_delay: float = 1.0  # the least time between two requests to one host
    allow_private: bool = False  # fetch private, loopback and link-local addresses too


@dataclass(frozen=True)
class Fetched:
    url: str  # after redirects
    status: int
    content_type: str | None  # lower-case media type without parameters: "text/html"
    charset: str | None  # as the Content-Type header gives it; decoding is the readers' job
    body: bytes
    etag: str | None
    last_modified: str | None
    not_modified: bool = False  # a 304 answer to a conditional request; the body is empty


class _Failure(Exception):
    """Why one request failed; ``retry``: another attempt may succeed (after ``retry_after`` s)."""

    def __init__(self, reason: str, *, retry: bool = False, retry_after: float | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.retry = retry
        self.retry_after = retry_after


class Fetcher:
    """Fetches pages under a FetchPolicy; reuses its connections, so use it from one thread."""

    def __init__(
        self,
        policy: FetchPolicy,
        *,
        transport: httpx.BaseTransport | None = None,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.policy = policy
        self._sleep = sleep
        self._clock = clock
        self._last_request: dict[str, float] = {}  # host → clock() when it was last asked
        self._client = httpx.Client(
            transport=transport,
            headers={"User-Agent": policy.user_agent},
            timeout=httpx.Timeout(policy.read_timeout, connect=policy.connect_timeout),
            # A new connection for each request, so that the deadline's watchdog holds its socket
            # (politeness spaces requests to one host anyway: a kept-alive one would seldom serve).
            limits=httpx.Limits(max_keepalive_connections=0),
            follow_redirects=False,  # followed here, so that every hop is checked
            # No proxy from the environment (the address check must see where we connect), no .netrc.
            trust_env=False,
        )

    def fetch(
        self, url: str, *, etag: str | None = None, last_modified: str | None = None, accept: str | None = None
    ) -> Fetched:
        """GET ``url``, conditionally when ``etag`` or ``last_modified`` are given; raise FetchError."""
        given = {"If-None-Match": etag, "If-Modified-Since": last_modified, "Accept": accept}
        headers = {name: value for name, value in given.items() if value}
        try:
            fetched = self._follow(_parsed(url), headers)
        except _Failure as failure:
            raise FetchError(url, failure.reason, retry=failure.retry) from None
        if fetched.not_modified:  # a 304 need not repeat the validators; the caller keeps them
            return replace(fetched, etag=fetched.etag or etag, last_modified=fetched.last_modified or last_modified)
        return fetched

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def _follow(self, url: httpx.URL, headers: dict[str, str]) -> Fetched:
        """Request ``url`` and the redirects it leads to; a failed hop names itself in the reason."""
        seen = {str(url)}
        deadline = _Deadline(self._clock() + self.policy.total_timeout)  # the tries and hops share it
        for hop in range(self.policy.max_redirects + 1):
            try:
                outcome = self._with_retries(url, headers, deadline)
            except _Failure as failure:
                if not hop:
                    raise
                raise _Failure(f"redirected to {url}: {failure.reason}", retry=failure.retry) from None
            if isinstance(outcome, Fetched):
                return outcome
            url = outcome
            if str(url) in seen:
                raise _Failure(f"redirect loop at {url}")
            seen.add(str(url))
        raise _Failure(f"more than {self.policy.max_redirects} redirects")

    def _with_retries(self, url: httpx.URL, headers: dict[str, str], deadline: _Deadline) -> Fetched | httpx.URL:
        attempt = 0
        while True:
            try:
                return self._attempt(url, headers, deadline)
            except _Failure as failure:
                if not failure.retry or attempt == self.policy.retries:
                    raise
                wait = self._backoff(attempt, failure.retry_after)
                if self._clock() + wait >= deadline.at:  # no time left for another try: a later poll may succeed
                    raise
                self._sleep(wait)
                attempt += 1

    def _backoff(self, attempt: int, retry_after: float | None) -> float:
        """Seconds to wait before retrying: what the server asked, else exponential with jitter."""
        if retry_after is not None:
            return min(retry_after, _MAX_WAIT_S)
        # Half the delay is random, so that fetchers that failed together do not retry together.
        delay = self.policy.backoff * 2**attempt
        return min(delay / 2 + random.uniform(0, delay / 2), _MAX_WAIT_S)

    def _attempt(self, url: httpx.URL, headers: dict[str, str], deadline: _Deadline) -> Fetched | httpx.URL:
        """One GET, within what is left of the fetch's time: the page, or the URL a redirect points to."""
        _check_url(url, self.policy.allow_private)
        deadline.at += self._wait_turn(url.host)  # politeness is veille's own wait, not the server's time
        left = deadline.at - self._clock()
        if left <= 0:
            raise _Failure(f"timed out after {self.policy.total_timeout:g} s", retry=True)
        watchdog = _Watchdog(left)
        try:
            with watchdog, self._client.stream("GET", url, headers=headers,
                                               extensions={"trace": watchdog.trace}) as response:
                return self._outcome(url, response, deadline.at)
        except httpx.HTTPError as err:
            if watchdog.fired:
                raise _Failure(f"timed out after {self.policy.total_timeout:g} s", retry=True) from None
            raise _translated(err, self.policy) from None

    def _wait_turn(self, host: str) -> float:
        """Politeness: sleep until ``host_delay`` has passed since the last request to ``host``;
        the seconds slept."""
        last = self._last_request.get(host)
        wait = 0.0
        if last is not None:
            wait = max(0.0, last + self.policy.host_delay - self._clock())
            if wait > 0:
                self._sleep(wait)
        self._last_request[host] = self._clock()
        return wait

    def _outcome(self, url: httpx.URL, response: httpx.Response, deadline: float) -> Fetched | httpx.URL:
        status = response.status_code
        if status in _REDIRECT_STATUSES:
            return _location(url, response)
        if status in _RETRY_STATUSES:
            wait = _retry_after(response.headers.get("retry-after"))
            raise _Failure(_status_reason(status), retry=True, retry_after=wait)
        if status == 304:
            return _fetched(url, response, b"")
        if not 200 <= status < 300:
            raise _Failure(_status_reason(status))
        return _fetched(url, response, self._read_body(response, deadline))

    def _read_body(self, response: httpx.Response, deadline: float) -> bytes:
        """The body, read as it comes, so that neither a huge nor a never-ending one is read to the end.

        The deadline is checked between chunks, so a dripping body is cut off (and the watchdog cuts
        a connection that dribbles its headers).
        """
        limit = self.policy.max_bytes
        declared = response.headers.get("content-length", "")
        if declared.isdecimal() and int(declared) > limit:
            raise _Failure(f"larger than {limit:,} bytes (Content-Length {int(declared):,})")
        body = bytearray()
        for chunk in response.iter_bytes():  # decoded: the cap also stops a compression bomb
            body += chunk
            if len(body) > limit:
                raise _Failure(f"larger than {limit:,} bytes")
            if self._clock() > deadline:
                raise _Failure(f"timed out after {self.policy.total_timeout:g} s", retry=True)
        return bytes(body)


@dataclass
class _Deadline:
    """When a fetch's time is up (``clock()`` seconds); politeness waits move it later."""

    at: float


class _Watchdog:
    """Cuts a request's connection when its whole time is up: a server that sends its headers one
    line every few seconds never lets a read time out, and httpx has no deadline for a response."""

    def __init__(self, seconds: float) -> None:
        self.fired = False
        self._socket: socket.socket | None = None
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self._fire)
        self._timer.daemon = True

    def trace(self, event: str, info: dict) -> None:
        """httpcore's trace hook: keeps the socket of the connection the request opens."""
        if event == "connection.connect_tcp.complete":
            with self._lock:
                self._socket = info["return_value"].get_extra_info("socket")
                if self.fired:
                    self._cut()

    def _fire(self) -> None:
        with self._lock:
            self.fired = True
            self._cut()

    def _cut(self) -> None:
        if self._socket is not None:
            try:
                self._socket.shutdown(socket.SHUT_RDWR)  # the blocked read returns at once
            except OSError:
                pass  # closed already

    def __enter__(self) -> _Watchdog:
        self._timer.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._timer.cancel()


def _resolve(host: str) -> list[str]:
    """The addresses a connection to ``host`` may reach (module-level so that tests replace it)."""
    return [info[4][0] for info in socket.getaddrinfo(host, None, type=socket.SOCK_STREAM)]


def _parsed(url: str) -> httpx.URL:
    try:
        return httpx.URL(url)
    except httpx.InvalidURL as err:
        raise _Failure(f"invalid URL ({err})") from None


def _location(url: httpx.URL, response: httpx.Response) -> httpx.URL:
    """Where a redirect points, resolved against the URL that answered."""
    location = response.headers.get("location")
    if not location:
        raise _Failure(f"{_status_reason(response.status_code)} without a Location")
    try:
        return url.join(location)
    except httpx.InvalidURL:
        raise _Failure(f"invalid redirect Location {location!r}") from None


def _check_url(url: httpx.URL, allow_private: bool) -> None:
    if url.scheme not in ("http", "https"):
        scheme = repr(url.scheme) if url.scheme else "(none)"
        raise _Failure(f"unsupported URL scheme {scheme} (veille fetches http and https)")
    if not url.host:
        raise _Failure("no host name in the URL")
    if not allow_private:
        _refuse_private(url.raw_host.decode("ascii"))


# The addresses are checked here, then httpx resolves the name again to connect: a DNS server that
# answers a public address first and a private one next (DNS rebinding) slips through that window.
# Closing it means connecting to the checked address while TLS still checks the certificate for the
# name, which httpx offers no simple way to do. Acceptable here: veille stores what it fetches as
# text for its own user and never shows a response to whoever wrote the URL, which is what makes
# rebinding worth an attacker's while; the check stops feeds that point inward by mistake or mischief.
def _refuse_private(host: str) -> None:
    try:
        addresses = _resolve(host)
    except socket.gaierror as err:
        raise _Failure(_unresolved(err), retry=True) from None
    for address in addresses:
        if not _is_public(ipaddress.ip_address(address)):
            shown = address if address == host else f"{address} ({host})"
            raise _Failure(f"refused: {shown} is not a public address")


def _is_public(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped:  # ::ffff:127.0.0.1 reaches 127.0.0.1 on a dual-stack socket
            return _is_public(ip.ipv4_mapped)
        if ip in _NAT64:
            return _is_public(ipaddress.IPv4Address(int(ip) & 0xFFFF_FFFF))
        if ip.is_site_local:  # fec0::/10, deprecated but once private; is_global lets it through
            return False
    # is_global also lets through multicast and IPv6's reserved ranges (::127.0.0.1 among them)
    return ip.is_global and not (ip.is_multicast or ip.is_reserved)


def _retry_after(value: str | None) -> float | None:
    """Seconds a Retry-After header asks for: a number of seconds or an HTTP date."""
    if not value:
        return None
    if value.strip().isdecimal():  # not isdigit(): float("²") fails
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:  # "-0000": a time in UTC from a source that does not say its zone
        when = when.replace(tzinfo=timezone.utc)
    return max(0.0, (when - datetime.now(timezone.utc)).total_seconds())


def _fetched(url: httpx.URL, response: httpx.Response, body: bytes) -> Fetched:
    media_type, charset = media_type_and_charset(response.headers.get("content-type", ""))
    return Fetched(
        url=str(url),
        status=response.status_code,
        content_type=media_type,
        charset=charset,
        body=body,
        etag=response.headers.get("etag"),
        last_modified=response.headers.get("last-modified"),
        not_modified=response.status_code == 304,
    )


def _status_reason(status: int) -> str:
    return f"HTTP {status} {httpx.codes.get_reason_phrase(status)}".rstrip()


def _translated(err: httpx.HTTPError, policy: FetchPolicy) -> _Failure:
    """httpx's error (and the ssl, socket or h11 error behind it) as a one-line reason."""
    if isinstance(err, httpx.ConnectTimeout):
        return _Failure(f"timed out after {policy.connect_timeout:g} s connecting", retry=True)
    if isinstance(err, httpx.TimeoutException):
        return _Failure(f"timed out after {policy.read_timeout:g} s without data", retry=True)
    cause = _root_cause(err)
    if isinstance(cause, ssl.SSLError):  # a failed handshake fails again; a TLS stream cut short may not
        return _Failure(f"TLS error: {_tls_reason(cause)}", retry=not isinstance(err, httpx.ConnectError))
    if isinstance(err, (httpx.NetworkError, httpx.RemoteProtocolError)):
        return _Failure(_network_reason(cause), retry=True)
    if isinstance(err, httpx.DecodingError):
        return _Failure(f"invalid response body ({err})")
    return _Failure(f"cannot send the request ({err})")  # h11 refused it (a header it cannot send)


def _root_cause(err: BaseException) -> BaseException:
    """The end of the chain: the OSError, ssl or h11 error (httpcore keeps it as the context)."""
    while (inner := err.__cause__ or err.__context__) is not None:
        err = inner
    return err


def _tls_reason(err: ssl.SSLError) -> str:
    if isinstance(err, ssl.SSLCertVerificationError):
        return err.verify_message or "certificate verify failed"
    return (err.reason or str(err)).replace("_", " ").lower()  # "WRONG_VERSION_NUMBER"


def _network_reason(err: BaseException) -> str:
    if isinstance(err, socket.gaierror):
        return _unresolved(err)
    if isinstance(err, ConnectionRefusedError):
        return "connection refused"
    if isinstance(err, ConnectionResetError):
        return "connection reset"
    if isinstance(err, OSError) and err.strerror:
        return err.strerror.lower()  # "network is unreachable", "no route to host"
    return str(err).rstrip(".") or type(err).__name__  # h11: "Server disconnected without sending a response"


def _unresolved(err: socket.gaierror) -> str:
    return f"cannot resolve the host name ({err.strerror})"
