"""Does each listed community still answer? HEAD, then GET, bounded in time.

Only public addresses are fetched (the portal must not become a way to probe
its own network); LINK_CHECK_ALLOW_PRIVATE lets tests use a loopback server.
"""

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


def _require_public(url: str) -> None:
    if settings.LINK_CHECK_ALLOW_PRIVATE:
        return
    host = urlsplit(url).hostname or ""
    for info in socket.getaddrinfo(host, None):
        address = ipaddress.ip_address(info[4][0])
        if not address.is_global:
            raise PrivateAddress(f"{host} is not a public address")


class _PublicRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        if urlsplit(newurl).scheme not in ("http", "https"):
            raise PrivateAddress(f"redirect to {urlsplit(newurl).scheme}: refused")
        _require_public(newurl)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


_opener = urllib.request.build_opener(_PublicRedirects)


def _fetch(url: str, method: str, timeout: float) -> int:
    # Only http(s) reaches here (check_url and _PublicRedirects refuse the rest).
    request = urllib.request.Request(  # noqa: S310
        url, method=method, headers={"User-Agent": USER_AGENT}
    )
    with _opener.open(request, timeout=timeout) as response:
        if method == "GET":
            response.read(1024)
        return response.status


def check_url(url: str, timeout: float) -> tuple[bool, str]:
    """(answered, what happened). Some sites refuse HEAD, so GET is the fallback."""
    if urlsplit(url).scheme not in ("http", "https"):
        return False, "not an http(s) address"
    try:
        _require_public(url)
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
    results: dict[int, tuple[bool, str]] = {}
    pool = ThreadPoolExecutor(max_workers=concurrency)
    futures = {pool.submit(check_url, url, timeout): pk for pk, url in urls.items()}
    try:
        for future in as_completed(futures, timeout=budget):
            results[futures[future]] = future.result()
    except BudgetExceeded:
        pass  # the rest are checked next time
    finally:
        pool.shutdown(wait=False, cancel_futures=True)
    return results
