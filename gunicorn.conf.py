"""gunicorn settings, all from the environment (README, "Running in production")."""

import os

import environ

# honcho and most platforms hand the port over as PORT; BIND wins when set.
bind = os.environ.get("BIND") or f"127.0.0.1:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
threads = int(os.environ.get("WEB_THREADS", "1"))
timeout = int(os.environ.get("WEB_TIMEOUT", "30"))
graceful_timeout = int(os.environ.get("WEB_GRACEFUL_TIMEOUT", "20"))
# Recycle workers now and then so a slow leak never takes a node down.
max_requests = int(os.environ.get("WEB_MAX_REQUESTS", "2000"))
max_requests_jitter = max_requests // 10
# gunicorn's control socket is one path per user (~/.gunicorn/gunicorn.ctl),
# shared by every gunicorn that user runs: two nodes on one machine would
# fight over it. Nothing here uses gunicornc.
control_socket_disable = True
# gunicorn believes X-Forwarded-Proto from these addresses (its default is
# 127.0.0.1) and then tells Django the request was HTTPS. Only when the portal
# is told it sits behind a TLS proxy, as Django's own setting is.
forwarded_allow_ips = (
    os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
    if environ.Env().bool("TRUST_X_FORWARDED_PROTO", default=False)
    else ""
)
# Django logs each request as one JSON line with its request id
# (participation.middleware.RequestIdMiddleware); gunicorn's own lines use the
# same format (LOG_FORMAT, JSON unless set to text) so one rule reads both.
accesslog = None
errorlog = "-"
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "participation.request_id.JsonFormatter"},
        "text": {
            "format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"
        },
    },
    "filters": {"request_id": {"()": "participation.request_id.RequestIdFilter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": os.environ.get("LOG_FORMAT", "json"),
            "filters": ["request_id"],
            "stream": "ext://sys.stdout",
        }
    },
    "loggers": {
        "gunicorn.error": {"handlers": ["console"], "level": "INFO", "propagate": False}
    },
    "root": {"handlers": ["console"], "level": "INFO"},
}
