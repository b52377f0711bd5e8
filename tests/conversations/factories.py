from datetime import timedelta

from django.utils import timezone
from django.utils.text import slugify

from accounts.models import SensitiveTopic
from communities.feeds import FeedAnswer, FeedItem
from communities.models import PolicyArea
from conversations.services import feed_fetched, organisations_topics


def item(n=1, *, title="Bus timetables", summary="", days_ago=1, **fields):
    return FeedItem(
        key=fields.pop("key", f"item-{n}"),
        title=title,
        link=fields.pop("link", f"https://forum.example.org/t/{n}"),
        author=fields.pop("author", "A member"),
        summary=summary,
        published=fields.pop(
            "published", timezone.now() - timedelta(days=days_ago, minutes=n)
        ),
    )


def follows(organisation, *names) -> None:
    """`organisation`'s staff work on the policy areas `names` (made again if
    a transactional test before this one emptied the migration's defaults)."""
    for name in names:
        area, _ = PolicyArea.objects.get_or_create(
            name=name, defaults={"slug": slugify(name)}
        )
        area.organisations.add(organisation)


def sensitive(organisation, name, *alternatives) -> SensitiveTopic:
    return SensitiveTopic.objects.create(
        organisation=organisation, name=name, alternatives="\n".join(alternatives)
    )


def store(community, *items) -> int:
    """What the periodic job does with one feed's answer."""
    return feed_fetched(
        community.pk,
        FeedAnswer(ok=True, message=f"{len(items)} items", items=list(items)),
        organisations=organisations_topics(),
    )
