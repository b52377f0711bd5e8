from notifications.kinds import register_kind

THREAD_ASSIGNED = register_kind(
    "conversations.thread_assigned",
    "A conversation needs a response from you: {title}",
)
