"""A first edition of the principles and guidance, for the demo (own words)."""

from django.db import transaction

from .models import Page, Section
from .services import page_create, page_version_publish

PRINCIPLES = """
<p>These principles apply whenever you take part online as a civil servant, on
any site, in any format. They sit alongside the Civil Service Code and your
organisation's own policies; they do not replace them.</p>
<h2>1. Be credible</h2>
<p>Be accurate, fair and thorough. Check facts before you post, link to the
evidence, and say plainly when you do not know. If you make a mistake, correct
it openly and quickly.</p>
<h2>2. Be consistent</h2>
<p>Say online what you would say in any other setting. Stay within your area of
responsibility and within published policy, and make sure what you write fits
with what your colleagues and your organisation have already said.</p>
<h2>3. Be responsive</h2>
<p>When you join a conversation, stay with it. Answer reasonable questions,
share what you learn with the people who need to know, and tell the press office
early if a discussion is growing or turning hostile.</p>
<h2>4. Be integrated</h2>
<p>Online participation is part of the job, not a separate channel. Connect what
you hear to policy teams and to other engagement, and record what you did in the
participation log so that others can learn from it.</p>
<h2>5. Be a civil servant</h2>
<p>Say who you are and who you work for, where the community's rules allow it.
Stay politically impartial, protect personal and sensitive information, and
never speak for ministers or comment on party politics.</p>
"""

GUIDANCE = [
    (
        Section.GUIDANCE,
        "joining-a-forum",
        "Joining a forum",
        """
<p>Before you post, spend time reading. Learn who the regular members are,
what the house rules say and how the moderators work.</p>
<ul>
<li>Find the community in the directory and check its risk rating.</li>
<li>Register with your work email address where you can.</li>
<li>Introduce yourself with your name, your role and why you are there.</li>
<li>Log the conversation in the portal before your first post.</li>
</ul>
""",
    ),
    (
        Section.GUIDANCE,
        "replying-to-a-factual-error",
        "Replying to a factual error",
        """
<p>Correcting a factual error is often the most useful thing you can do, and
the easiest to get wrong.</p>
<ol>
<li>Be sure it is an error: check the current published position.</li>
<li>Reply politely and briefly, with a link to the evidence.</li>
<li>Do not argue about opinions; correct the facts and move on.</li>
<li>If the error is spreading quickly, tell the press office straight away.</li>
</ol>
""",
    ),
    (
        Section.GUIDANCE,
        "when-to-call-the-press-office",
        "When to call the press office",
        """
<p>Call the press office before you post if the conversation involves a
journalist, a minister, a sensitive topic for your organisation, legal
proceedings, or a story that is already in the news.</p>
<p>Call them after you post if the reaction is hostile, if you think you made a
mistake, or if someone asks for an official statement.</p>
""",
    ),
    (
        Section.TOOLKIT,
        "engage-find-communities",
        "Engage: find the communities",
        """
<p>The best conversations already exist. Use the community directory to find
forums, blogs and groups where your policy area is discussed, and suggest new
ones when you find them.</p>
""",
    ),
    (
        Section.TOOLKIT,
        "influence",
        "Influence: add evidence to a debate",
        """
<p>You influence a debate by making it better informed, not by winning it.
Offer data, explain how a decision was reached, and point people to where they
can have their say formally.</p>
""",
    ),
    (
        Section.TOOLKIT,
        "consult",
        "Consult: listen where people already talk",
        """
<p>Online communities are a place to hear views early. Tell people how their
comments will be used, summarise what you heard, and come back to tell them
what happened as a result.</p>
""",
    ),
]


@transaction.atomic
def seed_guidelines(*, editor) -> None:
    """Publish the first edition, unless any page already exists."""
    if Page.objects.exists():
        return
    principles = page_create(
        section=Section.PRINCIPLES,
        slug="principles-for-participation-online",
        title="Principles for participation online",
        body=PRINCIPLES,
        change_summary="First edition.",
        actor=editor,
    )
    Page.objects.filter(pk=principles.pk).update(needs_acknowledgement=True)
    page_version_publish(version_id=principles.versions.get().pk, actor=editor)
    for position, (section, slug, title, body) in enumerate(GUIDANCE, start=1):
        page = page_create(
            section=section,
            slug=slug,
            title=title,
            body=body,
            change_summary="First edition.",
            actor=editor,
        )
        Page.objects.filter(pk=page.pk).update(position=position)
        page_version_publish(version_id=page.versions.get().pk, actor=editor)
