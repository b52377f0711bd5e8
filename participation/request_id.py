"""The current request id, shared by the web request, its logs and its tasks."""

import json
import logging
import time
from contextvars import ContextVar

request_id_var: ContextVar[str] = ContextVar("request_id", default="")


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id_var.get()
        return True


class OnceAMinuteFilter(logging.Filter):
    """Lets one record a minute through (per process): for a fault that would
    otherwise log on every request, such as the cache being down."""

    def __init__(self, interval: float = 60.0):
        super().__init__()
        self.interval = interval
        self._last = float("-inf")

    def filter(self, record: logging.LogRecord) -> bool:
        now = time.monotonic()
        if now - self._last < self.interval:
            return False
        self._last = now
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object a line: what log shippers and `jq` read without rules."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", ""),
        }
        if hasattr(record, "http"):
            entry["http"] = record.http
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)
