import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Q, Subquery


def copy_post_organisation(apps, schema_editor):
    """Each flag keeps its post's organisation (a post never changes it)."""
    Flag = apps.get_model("moderation", "Flag")
    Post = apps.get_model("moderation", "Post")
    Flag.objects.update(
        organisation_id=Subquery(
            Post.objects.filter(pk=OuterRef("post_id")).values("organisation_id")[:1]
        )
    )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_create_role_groups"),
        ("moderation", "0007_live_indexes"),
    ]

    operations = [
        migrations.RemoveIndex(model_name="flag", name="open_flags"),
        migrations.AddField(
            model_name="flag",
            name="organisation",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="accounts.organisation",
            ),
        ),
        migrations.RunPython(copy_post_organisation, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="flag",
            name="organisation",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="accounts.organisation",
            ),
        ),
        migrations.AddIndex(
            model_name="flag",
            index=models.Index(
                condition=Q(resolved_at__isnull=True),
                fields=["organisation", "-raised_at"],
                name="open_flags",
            ),
        ),
    ]
