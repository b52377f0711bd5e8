"""Does each listed community still answer? HEAD, then GET, bounded in time.

The directory's one way out to the web: the feeds (communities/feeds.py)
fetch through open_public() and in parallel through run_bounded() too.
Only public addresses are fetched (the portal must not become a way to probe
its own network); LINK_CHECK_ALLOW_PRIVATE lets tests use a loopback server.
Each host is resolved once, its addresses checked, and the connection made to
a checked address: a name that changes its answer in between (DNS rebinding)
cannot point the request inside. Every redirect hop connects the same way, and
no proxy is used (a proxy would resolve names itself).
"""

import http.client
import ipaddress
import socket
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor, as_completed
from concurrent.futures import TimeoutError as BudgetExceeded
from urllib.parse import urlsplit

from django.conf import settings

USER_AGENT = "ParticipationPortal-LinkCheck/1.0"


class PrivateAddress(Exception):
    pass


def _checked_addresses(host: str, port: int) -> list[str]:
    """Resolve `host` once; every address it gives must be public."""
    addresses = [
        info[4][0] for info in socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    ]
    if not settings.LINK_CHECK_ALLOW_PRIVATE:
        for address in addresses:
            if not ipaddress.ip_address(address).is_global:
                raise PrivateAddress(f"{host} is not a public address")
    return addresses


def _connect_checked(host, port, timeout, source_address=None) -> socket.socket:
    """A socket to one of the host's checked addresses, tried in order; the
    name is never resolved again for this connection."""
    error = None
    for address in _checked_addresses(host, port):
        try:
            return socket.create_connection((address, port), timeout, source_address)
        except OSError as failed:
            error = failed
    raise error or OSError(f"{host} has no address")


class _CheckedHTTPConnection(http.client.HTTPConnection):
    def connect(self):
        # Host header: self.host, the name, as usual.
        self.sock = _connect_checked(
            self.host, self.port, self.timeout, self.source_address
        )


class _CheckedHTTPSConnection(http.client.HTTPSConnection):
    def connect(self):
        sock = _connect_checked(self.host, self.port, self.timeout, self.source_address)
        # SNI and the certificate check are for the name, not the address.
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


class _CheckedHTTPHandler(urllib.request.HTTPHandler):
    def http_open(self, req):
        return self.do_open(_CheckedHTTPConnection, req)


class _CheckedHTTPSHandler(urllib.request.HTTPSHandler):
    def https_open(self, req):
        return self.do_open(_CheckedHTTPSConnection, req, context=self._context)


class _WebRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        if urlsplit(newurl).scheme not in ("http", "https"):
            raise PrivateAddress(f"redirect to {urlsplit(newurl).scheme}: refused")
        # The next hop's address is checked when it connects, like the first.
        return super().redirect_request(req, fp, code, msg, headers, newurl)


_opener = urllib.request.build_opener(
    urllib.request.ProxyHandler({}),
    _CheckedHTTPHandler,
    _CheckedHTTPSHandler,
    _WebRedirects,
)


def open_public(url: str, *, method: str = "GET", timeout: float, headers=None):
    """The response for `url`, connected only to checked public addresses and
    following only http(s) redirects; raises as urllib does, or PrivateAddress."""
    if urlsplit(url).scheme not in ("http", "https"):
        raise PrivateAddress("not an http(s) address")
    request = urllib.request.Request(  # noqa: S310 (http(s) only, checked above)
        url, method=method, headers={"User-Agent": USER_AGENT, **(headers or {})}
    )
    return _opener.open(request, timeout=timeout)


def _fetch(url: str, method: str, timeout: float) -> int:
    with open_public(url, method=method, timeout=timeout) as response:
        if method == "GET":
            response.read(1024)
        return response.status


def check_url(url: str, timeout: float) -> tuple[bool, str]:
    """(answered, what happened). Some sites refuse HEAD, so GET is the fallback."""
    if urlsplit(url).scheme not in ("http", "https"):
        return False, "not an http(s) address"
    try:
        try:
            status = _fetch(url, "HEAD", timeout)
        except urllib.error.HTTPError as error:
            if error.code not in (403, 405, 501):
                raise
            status = _fetch(url, "GET", timeout)
    except urllib.error.HTTPError as error:
        if 300 <= error.code < 400:
            return False, "too many redirects"
        return False, f"HTTP {error.code}"
    except PrivateAddress as error:
        return False, f"not checked: {error}"
    except TimeoutError:
        return False, f"no answer within {timeout:g} s"
    except (urllib.error.URLError, OSError) as error:
        reason = getattr(error, "reason", error)
        if isinstance(reason, (TimeoutError, socket.timeout)):
            return False, f"no answer within {timeout:g} s"
        return False, f"unreachable: {reason}"
    return True, f"HTTP {status}"


def check_many(
    urls: dict[int, str], *, timeout: float, concurrency: int, budget: float
) -> dict[int, tuple[bool, str]]:
    """Check addresses in parallel; those not done within `budget` are left out."""
    return run_bounded(
        lambda url: check_url(url, timeout),
        urls,
        concurrency=concurrency,
        budget=budget,
    )


def run_bounded(work, inputs: dict, *, concurrency: int, budget: float) -> dict:
    """{key: work(input)} for each of `inputs`, `concurrency` at a time; those
    not done within `budget` seconds are left out (done on the next run).
    `work` must not raise: it answers what went wrong."""
    results = {}
    pool = ThreadPoolExecutor(max_workers=concurrency)
    futures = {pool.submit(work, value): key for key, value in inputs.items()}
    try:
        for future in as_completed(futures, timeout=budget):
            results[futures[future]] = future.result()
    except BudgetExceeded:
        pass  # the rest are checked next time
    finally:
        pool.shutdown(wait=False, cancel_futures=True)
    return results
