import pytest
from aiosmtpd.controller import Controller

from tests.notifications.test_worker import Sink, free_port


@pytest.fixture(scope="module")
def smtp():
    """A real SMTP server on loopback, catching what the workers send."""
    sink = Sink()
    controller = Controller(sink, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield sink, controller.port
    controller.stop()
