"""The link checker against a local HTTP server: never the internet."""

import datetime
import ipaddress
import socket
import ssl
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import SimpleNamespace

import pytest

from communities.linkcheck import check_many, check_url
from communities.models import Community
from communities.tasks import check_links_task
from notifications.models import Notification

from .factories import CommunityFactory


class Handler(BaseHTTPRequestHandler):
    def do_HEAD(self):  # noqa: N802 (http.server API)
        self._answer()

    def do_GET(self):  # noqa: N802
        self._answer()

    def _answer(self):
        self.server.seen.append((self.path, self.headers["Host"]))
        if self.path == "/ok":
            self.send_response(200)
        elif self.path == "/no-head" and self.command == "HEAD":
            self.send_response(405)
        elif self.path == "/no-head":
            self.send_response(200)
        elif self.path == "/gone":
            self.send_response(404)
        elif self.path == "/loop":
            self.send_response(302)
            self.send_header("Location", "/loop")
        elif self.path == "/elsewhere":
            self.send_response(302)
            self.send_header("Location", self.server.elsewhere)
        elif self.path == "/slow":
            time.sleep(2)
            self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


def _serve(context: ssl.SSLContext | None = None) -> ThreadingHTTPServer:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.seen = []  # (path, Host header) of every request answered
    if context is not None:
        server.socket = context.wrap_socket(server.socket, server_side=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@pytest.fixture
def servers():
    """Start local servers; each is shut down after the test."""
    started = []

    def start(context=None):
        started.append(_serve(context))
        return started[-1]

    yield start
    for server in started:
        server.shutdown()
        server.server_close()


@pytest.fixture
def site(settings, servers):
    settings.LINK_CHECK_ALLOW_PRIVATE = True
    yield f"http://127.0.0.1:{servers().server_address[1]}"


# A global address; with `network` below, connecting to it reaches a local
# server instead, so no test ever leaves this machine.
PUBLIC = "93.184.215.14"


@pytest.fixture
def dns(monkeypatch):
    """Made-up names (a `.test` domain), answered from `names`: each lookup
    takes the next answer in the name's list, the last one repeating."""
    real = socket.getaddrinfo
    fake = SimpleNamespace(names={}, lookups=[])

    def getaddrinfo(host, port, *args, **kwargs):
        if host not in fake.names:
            return real(host, port, *args, **kwargs)
        fake.lookups.append(host)
        answers = fake.names[host]
        address = answers.pop(0) if len(answers) > 1 else answers[0]
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, int(port or 0)))]

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return fake


@pytest.fixture
def network(monkeypatch):
    """Connections to addresses in `routes` reach the local port given there,
    loopback ones go ahead, and any other is refused: never the internet.
    `tried` lists every (host, port) a connection was asked for."""
    real = socket.create_connection
    fake = SimpleNamespace(routes={}, tried=[])

    def create_connection(address, *args, **kwargs):
        host, port = address[:2]
        fake.tried.append((host, port))
        for *_, sockaddr in socket.getaddrinfo(host, port, type=socket.SOCK_STREAM):
            if sockaddr[0] in fake.routes:
                local = ("127.0.0.1", fake.routes[sockaddr[0]])
                return real(local, *args, **kwargs)
            if ipaddress.ip_address(sockaddr[0]).is_loopback:
                return real((sockaddr[0], port), *args, **kwargs)
        raise ConnectionRefusedError(f"{host}: the tests stay on this machine")

    monkeypatch.setattr(socket, "create_connection", create_connection)
    return fake


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_a_site_that_answers(site):
    assert check_url(f"{site}/ok", timeout=1) == (True, "HTTP 200")


def test_a_site_refusing_head_is_tried_with_get(site):
    assert check_url(f"{site}/no-head", timeout=1) == (True, "HTTP 200")


def test_a_missing_page(site):
    assert check_url(f"{site}/gone", timeout=1) == (False, "HTTP 404")


def test_a_site_that_is_down(site):
    ok, detail = check_url(f"http://127.0.0.1:{closed_port()}/", timeout=1)

    assert not ok
    assert detail.startswith("unreachable")


def test_a_slow_site_times_out(site):
    assert check_url(f"{site}/slow", timeout=0.5) == (False, "no answer within 0.5 s")


def test_a_redirect_loop_is_reported(site):
    assert check_url(f"{site}/loop", timeout=1) == (False, "too many redirects")


def test_private_addresses_are_not_fetched_outside_tests(site, settings):
    settings.LINK_CHECK_ALLOW_PRIVATE = False

    ok, detail = check_url(f"{site}/ok", timeout=1)

    assert not ok
    assert "not a public address" in detail


def test_a_name_that_turns_private_after_the_check_is_never_contacted_there(
    settings, servers, dns, network
):
    settings.LINK_CHECK_ALLOW_PRIVATE = False
    inside, outside = servers(), servers()  # the private service; the public site
    port = inside.server_address[1]
    dns.names["rebind.test"] = [PUBLIC, "127.0.0.1"]  # public first, then not
    network.routes[PUBLIC] = outside.server_address[1]

    result = check_url(f"http://rebind.test:{port}/ok", timeout=1)

    assert inside.seen == []
    assert network.tried == [(PUBLIC, port)]  # the checked address, only
    assert dns.lookups == ["rebind.test"]  # resolved once
    assert outside.seen == [("/ok", f"rebind.test:{port}")]  # the name as Host
    assert result == (True, "HTTP 200")


def test_a_redirect_to_a_private_address_is_not_followed(
    settings, servers, dns, network
):
    settings.LINK_CHECK_ALLOW_PRIVATE = False
    inside, outside = servers(), servers()
    dns.names["public.test"] = [PUBLIC]
    dns.names["inside.test"] = ["127.0.0.1"]
    network.routes[PUBLIC] = outside.server_address[1]
    outside.elsewhere = f"http://inside.test:{inside.server_address[1]}/ok"

    result = check_url("http://public.test/elsewhere", timeout=1)

    assert result == (False, "not checked: inside.test is not a public address")
    assert [path for path, _ in outside.seen] == ["/elsewhere"]
    assert inside.seen == []


def _certificate_for(name: str) -> tuple[bytes, bytes]:
    """A self-signed certificate for `name` and its key, both PEM."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(hours=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName(name)]), False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), True)
        .sign(key, hashes.SHA256())
    )
    return (
        certificate.public_bytes(serialization.Encoding.PEM),
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        ),
    )


@pytest.fixture
def tls_site(settings, servers, dns, monkeypatch, tmp_path):
    """An HTTPS site for secure.test on a checked address: its certificate is
    for the name only, and the link checker trusts it (and nothing else)."""
    settings.LINK_CHECK_ALLOW_PRIVATE = True
    certificate, key = _certificate_for("secure.test")
    (tmp_path / "cert.pem").write_bytes(certificate)
    (tmp_path / "key.pem").write_bytes(key)
    server_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server_context.load_cert_chain(tmp_path / "cert.pem", tmp_path / "key.pem")
    asked_for = []
    server_context.sni_callback = lambda sock, name, ctx: asked_for.append(name)
    monkeypatch.setattr(
        ssl,
        "_create_default_https_context",
        lambda: ssl.create_default_context(cadata=certificate.decode()),
    )
    server = servers(server_context)
    dns.names["secure.test"] = ["127.0.0.1"]
    return SimpleNamespace(port=server.server_address[1], sni=asked_for)


def test_https_checks_the_certificate_for_the_name_not_the_address(tls_site):
    assert check_url(f"https://secure.test:{tls_site.port}/ok", timeout=2) == (
        True,
        "HTTP 200",
    )
    assert tls_site.sni == ["secure.test"]


def test_https_refuses_a_certificate_for_another_name(tls_site, dns):
    dns.names["impostor.test"] = ["127.0.0.1"]

    ok, detail = check_url(f"https://impostor.test:{tls_site.port}/ok", timeout=2)

    assert not ok
    assert "CERTIFICATE_VERIFY_FAILED" in detail


def test_non_web_addresses_are_refused():
    assert check_url("file:///etc/passwd", timeout=1) == (
        False,
        "not an http(s) address",
    )


def test_the_run_is_bounded_in_time(site):
    started = time.monotonic()

    results = check_many(
        {1: f"{site}/slow", 2: f"{site}/ok"}, timeout=5, concurrency=2, budget=0.5
    )

    assert time.monotonic() - started < 1.5
    assert results == {2: (True, "HTTP 200")}  # the slow one waits for next time


@pytest.mark.django_db
def test_the_nightly_task_records_results_and_tells_curators_once(
    site, settings, press_officer
):
    settings.LINK_CHECK_TIMEOUT = 1
    up = CommunityFactory(url=f"{site}/ok")
    down = CommunityFactory(url=f"{site}/gone", link_ok=True)
    CommunityFactory(url=f"{site}/loop", status=Community.Status.SUGGESTED)

    assert check_links_task.delay().get() == 2

    up.refresh_from_db()
    down.refresh_from_db()
    assert (up.link_ok, up.link_result) == (True, "HTTP 200")
    assert (down.link_ok, down.link_result) == (False, "HTTP 404")
    told = Notification.objects.filter(kind="communities.links_broken")
    assert [n.recipient for n in told] == [press_officer]

    check_links_task.delay().get()
    assert Notification.objects.filter(kind="communities.links_broken").count() == 1
