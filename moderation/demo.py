"""A few demo posts in different states, written through the services."""

from django.db import transaction

from communities.models import Community
from guidelines.services import principles_acknowledge

from . import services
from .models import Post


@transaction.atomic
def seed_posts(*, author, officer) -> None:
    if Post.objects.exists():
        return
    communities = list(Community.objects.listed().order_by("name")[:3])
    if len(communities) < 3:
        return
    principles_acknowledge(user=author)  # the demo author can post, at level 1

    def draft(community, topic, purpose, text):
        return services.post_create(
            author=author,
            data={
                "community": community,
                "thread_url": f"{community.url.rstrip('/')}/threads/{topic.lower().replace(' ', '-')}",
                "purpose": purpose,
                "topic": topic,
                "text": text,
            },
        )

    draft(
        communities[0],
        "Allotment waiting lists",
        "answer_question",
        "<p>Waiting lists are managed by each council; here is how to apply.</p>",
    )
    waiting = draft(
        communities[1],
        "Bus franchise costs",
        "correct_error",
        "<p>The published estimate is £1.20 a household a month, not £400 a year.</p>",
    )
    services.post_submit(post_id=waiting.pk, actor=author, disclosed_role=True)
    approved = draft(
        communities[2],
        "Consultation closing date",
        "consult",
        "<p>The consultation closes on 31 January: please have your say.</p>",
    )
    services.post_submit(post_id=approved.pk, actor=author, disclosed_role=True)
    services.post_approve(
        post_id=approved.pk, actor=officer, comment="Clear and helpful."
    )
