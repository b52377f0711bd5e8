from notifications.kinds import register_kind

ASSIGNED = register_kind(
    "training.assigned", "New training for you: {course}, due {due}"
)
DUE_SOON = register_kind("training.due_soon", "Reminder: {course} is due on {due}")
OVERDUE = register_kind("training.overdue", "Overdue: {course} was due on {due}")
DECLINED = register_kind("training.declined", "Not yet complete: {course}")
PAIRED = register_kind("training.paired", "Mentoring: {mentor} will mentor {mentee}")
LEVEL_CHANGED = register_kind(
    "training.level_changed", "Your discretion level is now {level}"
)
PRACTICE_SUBMITTED = register_kind(
    "training.practice_submitted", "{trainee} sent a practice reply: {scenario}"
)
PRACTICE_REVIEWED = register_kind(
    "training.practice_reviewed", "Your practice reply on {scenario}: {outcome}"
)
