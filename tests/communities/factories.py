import factory
from django.utils import timezone

from communities.addresses import normalise_url
from communities.models import Community, PolicyArea


class CommunityFactory(factory.django.DjangoModelFactory):
    """A listed community; description carries hostile HTML on purpose."""

    class Meta:
        model = Community

    name = factory.Sequence(lambda n: f"Community {n}")
    url = factory.Sequence(lambda n: f"https://forum{n}.example.org/")
    normalised_url = factory.LazyAttribute(lambda o: normalise_url(o.url))
    platform = "forum"
    description = "Talk about <script>alert('x')</script> local issues"
    risk = "low"
    status = Community.Status.LISTED
    listed_at = factory.LazyFunction(timezone.now)
    search_text = factory.LazyAttribute(lambda o: f"{o.name} {o.description}")


def policy_area(name="Transport") -> PolicyArea:
    return PolicyArea.objects.get(name=name)
