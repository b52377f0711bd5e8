"""scripts/services.sh, which CI and the benchmark use to start their servers."""

import os
import shutil
import subprocess
import tempfile

import pytest

from tests.notifications.test_worker import free_port

from .test_real_stack import ROOT

pytestmark = [
    pytest.mark.stack,
    pytest.mark.skipif(
        os.geteuid() != 0
        or not shutil.which("redis-server")
        or not os.path.exists("/usr/lib/postgresql/15/bin/initdb"),
        reason="needs root, redis-server and PostgreSQL 15 (CI has all three)",
    ),
]


def redis_answers(port: int) -> bool:
    ping = subprocess.run(  # noqa: S603 - Debian's redis-cli
        [shutil.which("redis-cli"), "-p", str(port), "ping"],
        capture_output=True,
        text=True,
        check=False,
    )
    return ping.stdout.strip() == "PONG"


def test_stop_stops_the_redis_its_start_started_whatever_the_port_now():
    directory = tempfile.mkdtemp(prefix="services-test-")
    os.chmod(directory, 0o755)  # noqa: S103 - postgres must reach its data dir
    script = str(ROOT / "scripts" / "services.sh")
    port = free_port()
    started = {**os.environ, "PG_PORT": str(free_port()), "REDIS_PORT": str(port)}
    subprocess.run([script, "start", directory], env=started, check=True)  # noqa: S603
    assert redis_answers(port)

    # Stopped without the start's REDIS_PORT (the default port is another).
    stopping = {k: v for k, v in os.environ.items() if k != "REDIS_PORT"}
    subprocess.run([script, "stop", directory], env=stopping, check=True)  # noqa: S603

    assert not redis_answers(port)
    assert not os.path.exists(directory)
