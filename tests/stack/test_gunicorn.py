"""gunicorn as the Procfile starts it: what it believes of a proxy's headers."""

import os
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

from tests.notifications.test_worker import free_port, wait_for

from .test_real_stack import ROOT, procfile

pytestmark = pytest.mark.stack


def hsts_for_a_forged_https_header(tmp_path, **env) -> str | None:
    port = free_port()
    log = open(tmp_path / "gunicorn.log", "wb")  # noqa: SIM115 - closed below
    process = subprocess.Popen(  # noqa: S603 - our own Procfile
        ["/bin/sh", "-c", "exec " + procfile()["web"]],
        cwd=ROOT,
        env={
            **os.environ,
            "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}",
            "DEBUG": "false",
            "SECRET_KEY": "gunicorn-test-only",
            "SECURE_SSL_REDIRECT": "false",
            "ALLOWED_HOSTS": "127.0.0.1",
            "PORT": str(port),
            "WEB_CONCURRENCY": "1",
            "EMBEDDED": "true",  # no database is needed for these answers
            **env,
        },
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/healthz/live", headers={"X-Forwarded-Proto": "https"}
    )

    def answered():
        try:
            answered.response = urllib.request.urlopen(request, timeout=5)  # noqa: S310
            return True
        except OSError:
            return False

    try:
        assert wait_for(answered, timeout=60), (tmp_path / "gunicorn.log").read_text()
        return answered.response.headers.get("Strict-Transport-Security")
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()


def test_plain_http_claiming_https_gets_no_hsts_unless_the_proxy_is_trusted(
    tmp_path,
):
    assert hsts_for_a_forged_https_header(tmp_path) is None
    trusted = hsts_for_a_forged_https_header(tmp_path, TRUST_X_FORWARDED_PROTO="true")
    assert trusted and "max-age=" in trusted
