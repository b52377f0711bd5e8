"""The outbox, the inbox and their delivery (DESIGN.md, "Notifications").

No permissions.py: every notification belongs to its recipient alone, which
the selectors and services enforce (for_recipient). kinds.py lists what can be
sent; summaries.py is the weekly summary other apps add sections to.
"""
