"""The shared cache, and what it does while Redis is down.

Redis holds what must be shared by every web process: allauth's rate limits
and the two-factor codes already used (a code works once), the first copy of
each session, and a few cached reads. Ignoring a Redis failure (a miss, no
error) is right for a cached read but wrong for the others: allauth reads a
failed `add` as "code already used" or "limit reached", so nobody could sign
in during an outage. So while Redis cannot be reached, every call goes to a
second cache instead, the `fallback` alias (a table in PostgreSQL, shared by
every process, made by core's migration): limits and used codes keep holding,
sessions stay signed in, and no request fails.

After a failed call the process leaves Redis alone for RETRY_AFTER seconds
rather than waiting out a connect timeout on every call; then it tries again.
What was written to the fallback stays there: rate-limit counts start afresh
when Redis is back, and cached reads must expire soon enough to be right
after an outage (the acknowledgement baseline: a minute).
"""

import logging
import time

from django.core.cache import caches
from django_redis.cache import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger("portal.cache")  # once a minute (settings.LOGGING)

RETRY_AFTER = 5.0  # seconds a process goes straight to the fallback
UNREACHABLE = (RedisConnectionError, RedisTimeoutError, OSError)
FALLBACK_ALIAS = "fallback"


class RedisWithFallbackCache(RedisCache):
    """django-redis, with every call the portal and allauth make sent to the
    fallback cache while Redis is unreachable (IGNORE_EXCEPTIONS must be off:
    the failure has to reach this class)."""

    _down_until = 0.0  # per process: shared by every cache object of it

    def _fallback(self, name, *args, **kwargs):
        return getattr(caches[FALLBACK_ALIAS], name)(*args, **kwargs)


def _with_fallback(name: str):
    redis_method = getattr(RedisCache, name)

    def method(self, *args, **kwargs):
        if time.monotonic() < RedisWithFallbackCache._down_until:
            return self._fallback(name, *args, **kwargs)
        try:
            return redis_method(self, *args, **kwargs)
        except UNREACHABLE as error:
            RedisWithFallbackCache._down_until = time.monotonic() + RETRY_AFTER
            logger.warning(
                "Redis is unreachable (%s): the cache uses the database for now",
                error.__class__.__name__,
            )
            return self._fallback(name, *args, **kwargs)

    method.__name__ = name
    method.__doc__ = redis_method.__doc__
    return method


# Django's cache API, as the portal, sessions and allauth use it.
for _name in (
    "add",
    "get",
    "set",
    "touch",
    "delete",
    "get_many",
    "set_many",
    "delete_many",
    "has_key",
    "incr",
    "decr",
    "clear",
):
    setattr(RedisWithFallbackCache, _name, _with_fallback(_name))
