"""Demo organisations and one person per role; safe to run again.

Passwords come from DEMO_PASSWORD and the TOTP secret of people who need
two-factor authentication from DEMO_TOTP_SECRET; both have printed defaults.
"""

import os

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP
from django.core.management.base import BaseCommand
from django.db import transaction

from accounts.models import EmailDomain, Organisation, SensitiveTopic, User
from accounts.roles import MFA_REQUIRED_ROLES, Role, Scope
from accounts.services import role_grant, scope_grant

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


class Command(BaseCommand):
    help = "Load demo organisations and one person per role (idempotent)."

    @transaction.atomic
    def handle(self, *args, **options):
        password = os.environ.get("DEMO_PASSWORD") or DEFAULT_PASSWORD
        totp_secret = os.environ.get("DEMO_TOTP_SECRET") or DEFAULT_TOTP_SECRET
        organisations = [self._organisation(*row) for row in ORGANISATIONS]
        for email, name, title, roles, scopes in PEOPLE:
            self._person(
                email,
                name,
                title,
                roles,
                scopes,
                organisations[0],
                password,
                totp_secret,
            )
        self.stdout.write(
            self.style.SUCCESS("Demo data ready. Sign in at /accounts/login/ as:")
        )
        for email, _, _, roles, _ in PEOPLE:
            label = ", ".join(roles) or "Civil servant"
            self.stdout.write(f"  {email:<38} {label}")
        self.stdout.write(f"Password: {password} (set DEMO_PASSWORD to choose another)")
        self.stdout.write(
            f"Authenticator secret for people with a role: {totp_secret} "
            "(set DEMO_TOTP_SECRET to choose another; add it to any TOTP app)"
        )

    def _organisation(self, name, short_name, kind, domains, topics) -> Organisation:
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

    def _person(self, email, name, title, roles, scopes, home, password, totp_secret):
        user = User.objects.filter(email=email).first()
        if user is None:
            domain_org = Organisation.objects.get(
                email_domains__domain=email.split("@")[1]
            )
            user = User.objects.create_user(
                email=email,
                password=password,
                full_name=name,
                job_title=title,
                organisation=domain_org,
            )
            EmailAddress.objects.create(
                user=user, email=email, verified=True, primary=True
            )
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
