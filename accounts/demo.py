"""Demo organisations and one person per role (see DESIGN.md, "Demo data")."""

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP

from .models import EmailDomain, Organisation, SensitiveTopic, User
from .roles import MFA_REQUIRED_ROLES, Role, Scope
from .services import role_grant, scope_grant

DEFAULT_PASSWORD = "participate-safely-2026"
DEFAULT_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"

ORGANISATIONS = [
    # name, short name, kind, domains, sensitive topics
    (
        "Department for Public Engagement",
        "DPE",
        Organisation.Kind.CENTRAL_DEPARTMENT,
        ["demo.gov.uk"],
        ["Budget announcements", "Ministerial correspondence", "Legal proceedings"],
    ),
    (
        "Riverside District Council",
        "Riverside DC",
        Organisation.Kind.LOCAL_COUNCIL,
        ["council.demo.gov.uk"],
        ["Planning applications", "Council tax", "Elections"],
    ),
    (
        "Environment Monitoring Agency",
        "EMA",
        Organisation.Kind.AGENCY,
        ["agency.demo.gov.uk"],
        ["Flood warnings", "Enforcement cases"],
    ),
    (
        "Northfield City Council",
        "Northfield CC",
        Organisation.Kind.LOCAL_COUNCIL,
        ["northfield.demo.gov.uk"],
        ["Housing allocations", "Elections"],
    ),
]

# email, full name, job title, roles, scopes (for the first organisation)
PEOPLE = [
    ("civil.servant@demo.gov.uk", "Alex Smith", "Policy adviser", [], []),
    (
        "press.officer@demo.gov.uk",
        "Priya Shah",
        "Senior press officer",
        [Role.PRESS_OFFICER],
        [Scope.REVIEW_POSTS_FOR],
    ),
    (
        "trainer@demo.gov.uk",
        "Tom Okafor",
        "Digital engagement trainer",
        [Role.TRAINER],
        [Scope.TRAIN_STAFF_OF],
    ),
    ("mentor@demo.gov.uk", "Morgan Lee", "Digital engagement lead", [], []),
    (
        "editor@demo.gov.uk",
        "Erin Walsh",
        "Head of digital standards",
        [Role.PRINCIPLES_EDITOR],
        [],
    ),
    (
        "admin@demo.gov.uk",
        "Ada Brown",
        "Portal administrator",
        [Role.ADMINISTRATOR],
        [],
    ),
    (
        "other.servant@council.demo.gov.uk",
        "Sam Patel",
        "Communications officer",
        [],
        [],
    ),
]


def seed_organisation(name, short_name, kind, domains, topics) -> Organisation:
    organisation, _ = Organisation.objects.get_or_create(
        name=name, defaults={"short_name": short_name, "kind": kind}
    )
    for domain in domains:
        EmailDomain.objects.get_or_create(
            domain=domain, defaults={"organisation": organisation}
        )
    for topic in topics:
        SensitiveTopic.objects.get_or_create(organisation=organisation, name=topic)
    return organisation


def seed_person(email, name, title, roles, scopes, home, password, totp_secret):
    user = User.objects.filter(email=email).first()
    if user is None:
        domain_org = Organisation.objects.get(email_domains__domain=email.split("@")[1])
        user = User.objects.create_user(
            email=email,
            password=password,
            full_name=name,
            job_title=title,
            organisation=domain_org,
        )
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    for role in roles:
        role_grant(user=user, role=role, actor=None)
    for scope in scopes:
        scope_grant(user=user, organisation=home, scope=scope, actor=None)
    needs_totp = bool(set(roles) & MFA_REQUIRED_ROLES)
    if (
        needs_totp
        and not Authenticator.objects.filter(
            user=user, type=Authenticator.Type.TOTP
        ).exists()
    ):
        TOTP.activate(user, totp_secret)
        RecoveryCodes.activate(user)


def seed_accounts(password: str, totp_secret: str) -> dict[str, User]:
    """Create what is missing; returns the demo people by email."""
    organisations = [seed_organisation(*row) for row in ORGANISATIONS]
    for email, name, title, roles, scopes in PEOPLE:
        seed_person(
            email, name, title, roles, scopes, organisations[0], password, totp_secret
        )
    return {u.email: u for u in User.objects.filter(email__in=[p[0] for p in PEOPLE])}
