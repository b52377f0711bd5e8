import factory
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP

from accounts.models import EmailDomain, Organisation, User
from accounts.roles import Role, Scope
from accounts.services import role_grant, scope_grant

TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
PASSWORD = "correct-horse-battery-staple"


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Department {n} for Testing")
    short_name = factory.Sequence(lambda n: f"D{n}")
    kind = Organisation.Kind.CENTRAL_DEPARTMENT
    domain = factory.RelatedFactory(
        "tests.accounts.factories.EmailDomainFactory",
        factory_related_name="organisation",
    )


class EmailDomainFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EmailDomain

    organisation = factory.SubFactory(OrganisationFactory, domain=None)
    domain = factory.Sequence(lambda n: f"dept{n}.test.gov.uk")


class UserFactory(factory.django.DjangoModelFactory):
    """A verified civil servant whose email matches their organisation's domain."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    organisation = factory.SubFactory(OrganisationFactory)
    full_name = factory.Sequence(lambda n: f"Jo O'Brien {n}")
    job_title = "Policy adviser"
    email = factory.LazyAttributeSequence(
        lambda o, n: f"person{n}@{o.organisation.email_domains.first().domain}"
    )
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def verified(self, create, extracted, **kwargs):
        self.save()
        if create:
            EmailAddress.objects.create(
                user=self, email=self.email, verified=True, primary=True
            )


def give_role(user: User, role: Role, *, scope_over=None, mfa: bool = True) -> User:
    """Grant a role (and its scope over organisations), with 2FA set up by default."""
    role_grant(user=user, role=role, actor=None)
    for scope, scope_role in (
        (Scope.REVIEW_POSTS_FOR, Role.PRESS_OFFICER),
        (Scope.TRAIN_STAFF_OF, Role.TRAINER),
    ):
        if role == scope_role:
            for organisation in scope_over or []:
                scope_grant(
                    user=user, organisation=organisation, scope=scope, actor=None
                )
    if mfa:
        add_totp(user)
    return User.objects.get(pk=user.pk)


def add_totp(user: User) -> None:
    TOTP.activate(user, TOTP_SECRET)
