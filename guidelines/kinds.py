from notifications.kinds import register_kind

PRINCIPLES_CHANGED = register_kind(
    "guidelines.principles_changed",
    "The principles have changed: please read and acknowledge them",
)
ACKNOWLEDGEMENT_REMINDER = register_kind(
    "guidelines.acknowledgement_reminder", "Reminder: please acknowledge the principles"
)
