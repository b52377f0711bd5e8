from django.utils import timezone

from moderation.models import Flag, Post
from tests.communities.factories import CommunityFactory

POST_DATA = {
    "thread_url": "https://forum.example.org/t/1",
    "purpose": "answer_question",
    "topic": "Bus timetables",
    "text": "<p>The new timetable starts in May.</p>",
}


def make_post(author, status=Post.Status.DRAFT, community=None, **fields) -> Post:
    """A post of `author` put straight into `status` (a flag exists when flagged)."""
    post = Post.objects.create(
        author=author,
        organisation=author.organisation,
        community=community or CommunityFactory(risk="low"),
        status=status,
        **{
            "submitted_at": timezone.now(),
            # It left draft, as every post past draft has (services set it).
            "sent_at": None if status == Post.Status.DRAFT else timezone.now(),
            "sampled_for_review": status == Post.Status.POSTED,
            **POST_DATA,
            **fields,
        },
    )
    if status == Post.Status.FLAGGED:
        Flag.objects.create(
            post=post,
            organisation=post.organisation,
            category="tone",
            note="n",
            raised_by=author,
        )
    return post
