from guidelines.models import Page, Section
from guidelines.services import page_create, page_version_publish, page_version_save

PRINCIPLES_SLUG = "principles"


def publish_principles(editor, body="<p>Be credible.</p>") -> Page:
    """The principles page, first version published (so everyone must acknowledge)."""
    page = page_create(
        section=Section.PRINCIPLES,
        slug=PRINCIPLES_SLUG,
        title="Principles",
        body=body,
        change_summary="First edition",
        actor=editor,
    )
    Page.objects.filter(pk=page.pk).update(needs_acknowledgement=True)
    page_version_publish(version_id=page.versions.get().pk, actor=editor)
    page.refresh_from_db()
    return page


def publish_change(editor, page, *, material: bool, body="<p>Changed.</p>"):
    version = page_version_save(
        page_id=page.pk,
        title="Principles",
        body=body,
        change_summary="A change",
        actor=editor,
    )
    return page_version_publish(
        version_id=version.pk, actor=editor, requires_reacknowledgement=material
    )


def guidance_page(
    editor, slug="joining-a-forum", body="<p>Read first.</p>", publish=True
):
    page = page_create(
        section=Section.GUIDANCE,
        slug=slug,
        title=slug.replace("-", " ").capitalize(),
        body=body,
        change_summary="First edition",
        actor=editor,
    )
    if publish:
        page_version_publish(version_id=page.versions.get().pk, actor=editor)
    page.refresh_from_db()
    return page
