from celery import shared_task

from . import services
from .rollups import rollup_rebuild


@shared_task
def escalate_waiting_posts_task() -> int:
    return services.posts_escalate()


@shared_task
def expire_approvals_task() -> int:
    return services.approvals_expire()


@shared_task
def rebuild_post_rollup_task() -> int:
    return rollup_rebuild()
