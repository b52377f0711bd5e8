"""The home page, "what needs me": one group of panels per role a person holds.

The numbers come from each app's selectors; this module, in the top layer that
composes the others (see DESIGN.md), arranges them into panels.
"""

from dataclasses import dataclass, field
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from accounts.selectors import (
    organisations_overseen_by,
    organisations_reviewed_by,
    organisations_trained_by,
    organisations_without_second_reviewer,
    role_changes_since,
    roles_of,
)
from communities import selectors as communities
from conversations import selectors as conversations
from guidelines import selectors as guidelines
from moderation import selectors as moderation
from notifications.selectors import failed_emails_since
from training import selectors as training


@dataclass
class Panel:
    title: str
    items: list = field(default_factory=list)
    empty_text: str = "Nothing needs your attention here."


@dataclass
class PanelGroup:
    heading: str
    panels: list[Panel]
    note: str = ""


def _scope_note(organisations) -> str:
    names = ", ".join(o.short_name for o in organisations)
    return f"For {names}." if names else "You have not been given an organisation yet."


def _principles_panel(acknowledged: bool) -> Panel:
    panel = Panel("Principles to acknowledge")
    baseline = guidelines.acknowledgement_baseline()  # cached
    if baseline and not acknowledged:
        panel.items.append(
            {
                "text": "Read and acknowledge the current principles",
                "url": reverse("guidelines:page", args=[baseline.page_slug]),
            }
        )
    return panel


def _drafts_of(user) -> Panel:
    panel = Panel("Your drafts")
    counts = moderation.unsent_counts_of(user)  # one query
    log = reverse("moderation:my_log")
    if sent_back := counts.get("changes_requested"):
        panel.items.append(
            {
                "text": f"{sent_back} sent back with changes requested",
                "url": f"{log}?status=changes_requested",
            }
        )
    if drafts := counts.get("draft"):
        panel.items.append(
            {
                "text": f"{drafts} draft{'s' if drafts != 1 else ''}",
                "url": f"{log}?status=draft",
            }
        )
    return panel


def _conversations_panel(user) -> Panel:
    panel = Panel(
        "Conversations you could join",
        empty_text="No new conversations touch your organisation's policy areas.",
    )
    for match in conversations.newest_conversations_for(user, 5):
        panel.items.append(
            {
                "text": f"Join “{match.thread.title}” in {match.thread.community.name}",
                "url": reverse("moderation:new") + f"?thread={match.pk}",
            }
        )
    if panel.items:
        panel.items.append(
            {
                "text": "All conversations you could join",
                "url": reverse("conversations:index"),
            }
        )
    return panel


def _monitoring_panel(user) -> Panel:
    panel = Panel(
        "Conversations to monitor",
        empty_text="No new conversations touch a sensitive topic.",
    )
    new = conversations.new_to_monitor_count(user)
    if new:
        panel.items.append(
            {
                "text": f"{new} new touching a sensitive topic",
                "url": reverse("conversations:monitoring"),
            }
        )
    return panel


def _decisions_panel(user) -> Panel:
    panel = Panel("Decisions to read")
    since = timezone.now() - timedelta(days=14)
    for post in moderation.recent_decisions_for(user, since=since)[:5]:
        panel.items.append(
            {
                "text": f"{post.topic}: {post.get_status_display().lower()}",
                "url": reverse("moderation:post", args=[post.pk]),
            }
        )
    return panel


def _queue_panel(user) -> Panel:
    panel = Panel("Review queue", empty_text="Nothing is waiting for review.")
    for row in moderation.queue_summary_for(user):
        waited = timezone.now() - row["oldest"]
        panel.items.append(
            {
                "text": f"{row['organisation__short_name']}: {row['waiting']} waiting, "
                f"oldest {int(waited.total_seconds() // 3600)} hours",
                "url": reverse("moderation:queue"),
            }
        )
    return panel


def _flags_panel(user) -> Panel:
    panel = Panel("Open flags")
    count = moderation.open_flags_for(user).count()
    if count:
        panel.items.append(
            {
                "text": f"{count} learning review(s) open",
                "url": reverse("moderation:after"),
            }
        )
    return panel


def _training_panel(user) -> Panel:
    panel = Panel("Training due")
    for assignment in training.assignments_for(user).exclude(status="completed")[:5]:
        panel.items.append(
            {
                "text": f"{assignment.course.title}, "
                f"due {assignment.due_date:%-d %B %Y}",
                "url": reverse("training:index"),
            }
        )
    return panel


def _trainer_panels(user) -> list[Panel]:
    overdue, to_confirm = training.open_training_counts_for(
        user, today=timezone.localdate()
    )
    waiting = training.waiting_for_mentor_in(organisations_trained_by(user)).count()
    url = reverse("training:dashboard")
    return [
        Panel(
            "Overdue assignments",
            [{"text": f"{overdue} overdue", "url": url}] if overdue else [],
        ),
        Panel(
            "Training to confirm",
            [{"text": f"{to_confirm} finished, awaiting your confirmation", "url": url}]
            if to_confirm
            else [],
        ),
        Panel(
            "People waiting for a mentor",
            [{"text": f"{waiting} waiting", "url": url}] if waiting else [],
        ),
    ]


def _mentoring_panels(user, mentorings) -> list[Panel]:
    """A mentor's home: their mentees (a handful: capacity caps them),
    practice replies waiting for them, sessions logged this month."""
    mentees = Panel(
        "Your mentees",
        [
            {
                "text": m.mentee.full_name,
                "url": reverse("training:mentoring", args=[m.pk]),
            }
            for m in mentorings
        ],
    )
    waiting = sum(m.replies_waiting for m in mentorings)
    replies = Panel(
        "Practice replies waiting for you",
        [
            {
                "text": f"{waiting} repl{'y' if waiting == 1 else 'ies'} to review",
                "url": reverse("training:practice"),
            }
        ]
        if waiting
        else [],
    )
    month_start = timezone.localdate().replace(day=1)
    logged = training.sessions_logged_since(user, month_start)
    sessions = Panel(
        "Sessions this month",
        # A figure, not a link: no page lists a mentor's sessions together.
        [
            {
                "text": f"{logged} session{'' if logged == 1 else 's'} logged "
                f"since {month_start:%-d %B}",
                "url": "",
            }
        ],
    )
    return [mentees, replies, sessions]


def _drafts_panel() -> Panel:
    panel = Panel("Drafts not yet published")
    for page in guidelines.pages_with_unpublished_drafts():
        panel.items.append(
            {
                "text": page.draft_title,
                "url": reverse("guidelines:history", args=[page.slug]),
            }
        )
    return panel


def _acknowledgements_panel(user) -> Panel:
    panel = Panel("People yet to acknowledge the principles")
    # Ids, not a subquery: the planner then knows which organisations, and
    # counts by their index instead of guessing.
    overseen = organisations_overseen_by(user).values_list("pk", flat=True)
    count = training.yet_to_acknowledge_count(list(overseen))
    if count:
        panel.items.append(
            {
                "text": f"{count} {'person has' if count == 1 else 'people have'} "
                "not acknowledged the current principles",
                "url": reverse("guidelines:report"),
            }
        )
    return panel


def _suggestions_panel() -> Panel:
    panel = Panel("Suggestions to curate")
    count = communities.suggestions_to_curate().count()
    if count:
        panel.items.append(
            {
                "text": f"{count} suggested communit{'y' if count == 1 else 'ies'} "
                "waiting for a decision",
                "url": reverse("communities:curate"),
            }
        )
    return panel


def _administration_panels() -> list[Panel]:
    """What needs an administrator: organisations whose press office has
    fewer than two people able to review (a post by the only one goes to the
    fallback), the posts sent to the administrators as that fallback, emails
    that failed and role changes this week. Counts on small indexes."""
    policies = reverse("admin:moderation_reviewpolicy_changelist")
    shown = 10
    organisations = list(organisations_without_second_reviewer()[: shown + 1])
    thin = Panel(
        "Organisations with no second reviewer",
        [
            {
                "text": f"{o.name}: {o.able_reviewers} press officer"
                f"{'' if o.able_reviewers == 1 else 's'} able to review",
                "url": policies,
            }
            for o in organisations[:shown]
        ],
        empty_text="Every organisation has at least two press officers able to review.",
    )
    if len(organisations) > shown:
        thin.items.append({"text": "More: see the review policies", "url": policies})
    waiting = moderation.sent_to_administrators().count()
    sent = Panel(
        "Posts sent to the administrators",
        [
            {
                "text": f"{waiting} waiting for review",
                "url": reverse("moderation:queue"),
            }
        ]
        if waiting
        else [],
        empty_text="Nothing is waiting for the administrators.",
    )
    week_ago = timezone.now() - timedelta(days=7)
    failed = failed_emails_since(week_ago).count()
    emails = Panel(
        "Emails that failed this week",
        [
            {
                "text": f"{failed} email{'' if failed == 1 else 's'} could not be sent",
                "url": reverse("admin:notifications_notification_changelist")
                + "?email_status__exact=failed",
            }
        ]
        if failed
        else [],
        empty_text="Every email this week was sent.",
    )
    changed = role_changes_since(week_ago).count()
    roles = Panel(
        "Role changes this week",
        [
            {
                "text": f"{changed} role{'' if changed == 1 else 's'} or scope"
                f"{'' if changed == 1 else 's'} granted or revoked",
                "url": reverse("admin:accounts_rolechange_changelist"),
            }
        ]
        if changed
        else [],
        empty_text="No roles were granted or revoked this week.",
    )
    return [thin, sent, emails, roles]


def panel_groups_for(user, *, acknowledged: bool) -> list[PanelGroup]:
    """`acknowledged`: whether the person has acknowledged the current
    principles (the page asks once, for this and for the grace banner)."""
    roles = roles_of(user)
    groups = [
        PanelGroup(
            "Your work",
            [
                _drafts_of(user),
                _decisions_panel(user),
                _training_panel(user),
                _principles_panel(acknowledged),
                _conversations_panel(user),
            ],
        )
    ]
    if mentorings := list(training.active_mentorings_with_replies_waiting(user)):
        groups.append(PanelGroup("Mentoring", _mentoring_panels(user, mentorings)))
    if Role.PRESS_OFFICER in roles:
        groups.append(
            PanelGroup(
                "Press office",
                [
                    _queue_panel(user),
                    _flags_panel(user),
                    _monitoring_panel(user),
                    _suggestions_panel(),
                ],
                note=_scope_note(organisations_reviewed_by(user)),
            )
        )
    if Role.TRAINER in roles:
        groups.append(
            PanelGroup(
                "Training",
                _trainer_panels(user),
                note=_scope_note(organisations_trained_by(user)),
            )
        )
    if Role.PRINCIPLES_EDITOR in roles:
        groups.append(PanelGroup("Principles", [_drafts_panel()]))
    if Role.ADMINISTRATOR in roles:
        groups.append(PanelGroup("Administration", _administration_panels()))
    if roles & {Role.PRESS_OFFICER, Role.TRAINER, Role.ADMINISTRATOR}:
        groups.append(PanelGroup("Your organisations", [_acknowledgements_panel(user)]))
    return groups
