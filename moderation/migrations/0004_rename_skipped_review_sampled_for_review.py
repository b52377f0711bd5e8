from django.db import migrations


class Migration(migrations.Migration):
    # The old name said the post skipped review; it means it was sampled for
    # review after posting.
    dependencies = [("moderation", "0003_report_indexes")]

    operations = [
        migrations.RenameField(
            model_name="post", old_name="skipped_review", new_name="sampled_for_review"
        ),
    ]
