import os

from celery import Celery
from celery.signals import before_task_publish, task_postrun, task_prerun

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "participation.settings")

app = Celery("participation")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


# The request id follows the tasks a request queued, so one grep finds both.
@before_task_publish.connect
def _send_request_id(headers=None, **kwargs):
    from .request_id import request_id_var

    if headers is not None and request_id_var.get():
        headers["request_id"] = request_id_var.get()


@task_prerun.connect
def _receive_request_id(task=None, **kwargs):
    from .request_id import request_id_var

    request_id = getattr(task.request, "request_id", None) or ""
    task.request._request_id_token = request_id_var.set(request_id)


@task_postrun.connect
def _forget_request_id(task=None, **kwargs):
    from .request_id import request_id_var

    token = getattr(task.request, "_request_id_token", None)
    if token is not None:
        request_id_var.reset(token)
