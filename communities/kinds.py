from notifications.kinds import register_kind

SUGGESTION_LISTED = register_kind(
    "communities.suggestion_listed",
    "Your suggested community is now in the directory: {name}",
)
SUGGESTION_DECLINED = register_kind(
    "communities.suggestion_declined", "Your suggested community was not listed: {name}"
)
REVIEW_DUE = register_kind(
    "communities.review_due", "{count} communities in the directory are due a review"
)
LINKS_BROKEN = register_kind(
    "communities.links_broken", "{count} communities in the directory stopped answering"
)
