# Fixtures shared by this folder's tests: the feed server of their own, and
# the link checker's made-up DNS and network (so public-address rules are
# tested without leaving the machine).
from tests.communities.test_links import dns, network  # noqa: F401
from tests.notifications.test_worker import worker  # noqa: F401

from .feedserver import feed_server  # noqa: F401
