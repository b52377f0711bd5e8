"""Training's hook points (core/hooks.py).

MENTORING_LINKS: links higher apps add to a mentoring page for its mentor
(moderation adds the mentees' posts). Each function gets the mentoring and
answers a Link or None.
"""

from core.hooks import Hook, Link

MENTORING_LINKS: Hook[Link] = Hook("links on a mentoring page, for the mentor")
