"""Demo data for every app; safe to run again (it only adds what is missing).

Passwords come from DEMO_PASSWORD and the TOTP secret of people who need
two-factor authentication from DEMO_TOTP_SECRET; both have printed defaults.
"""

import os

from django.core.management.base import BaseCommand
from django.db import transaction

from accounts.demo import DEFAULT_PASSWORD, DEFAULT_TOTP_SECRET, PEOPLE, seed_accounts
from communities.demo import seed_communities
from conversations.demo import seed_conversations
from guidelines.demo import seed_guidelines
from moderation.demo import seed_posts
from training.demo import seed_training


class Command(BaseCommand):
    help = "Load demo organisations, people and content (idempotent)."

    @transaction.atomic
    def handle(self, *args, **options):
        password = os.environ.get("DEMO_PASSWORD") or DEFAULT_PASSWORD
        totp_secret = os.environ.get("DEMO_TOTP_SECRET") or DEFAULT_TOTP_SECRET
        people = seed_accounts(password, totp_secret)
        seed_guidelines(editor=people["editor@demo.gov.uk"])
        seed_communities(
            suggester=people["civil.servant@demo.gov.uk"],
            curator=people["press.officer@demo.gov.uk"],
        )
        seed_conversations()
        seed_training(
            trainer=people["trainer@demo.gov.uk"],
            mentor=people["mentor@demo.gov.uk"],
            trainee=people["civil.servant@demo.gov.uk"],
            administrator=people["admin@demo.gov.uk"],
        )
        seed_posts(
            author=people["civil.servant@demo.gov.uk"],
            officer=people["press.officer@demo.gov.uk"],
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
