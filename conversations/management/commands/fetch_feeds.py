from django.core.management.base import BaseCommand

from conversations.tasks import fetch_feeds_task


class Command(BaseCommand):
    help = (
        "Fetch every listed community's feed now and store its new threads: "
        "the hourly job's own code, run in this process."
    )

    def handle(self, *args, **options):
        result = fetch_feeds_task()
        self.stdout.write(
            f"{result['fetched']} of {result['feeds']} feeds fetched, "
            f"{result['new_threads']} new threads."
        )
