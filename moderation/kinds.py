from notifications.kinds import register_kind

APPROVED = register_kind(
    "moderation.approved", "Approved: {topic}. You can now post it"
)
CHANGES_REQUESTED = register_kind(
    "moderation.changes_requested", "Changes requested: {topic}"
)
REJECTED = register_kind("moderation.rejected", "Not approved: {topic}")
EXPIRED = register_kind(
    "moderation.expired", "Approval expired: {topic}. Resubmit it if it is still timely"
)
FLAGGED = register_kind(
    "moderation.flagged", "A post was flagged ({category}): {topic}"
)
RESOLVED = register_kind("moderation.resolved", "Learning review closed: {topic}")
ESCALATED = register_kind(
    "moderation.escalated", "Waiting over {hours} working hours for review: {topic}"
)
SENT_TO_FALLBACK = register_kind(
    "moderation.sent_to_fallback",
    "For your review: {topic}. {organisation}'s press office has nobody else to "
    "review it",
)
REPLIED = register_kind(
    "moderation.replied", "{author} replied about the changes you asked for: {topic}"
)
