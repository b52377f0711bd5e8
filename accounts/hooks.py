"""Accounts' hook points (core/hooks.py).

PERSON_PLACED: called with `person=`, in the same transaction, after an
administrator adds a person or moves them to another organisation, and after
someone signs up (training
recomputes their discretion level: course requirements are per organisation).
Answers None.

ORGANISATION_INLINES: admin inlines higher apps add to an organisation's admin
page (the policy areas it follows, from communities/). Answers an inline class.

ORGANISATION_SAVED: called with `organisation=` after an administrator saves
an organisation's page, inlines included (its sensitive topics and policy
areas may have changed: conversations/ matches its threads again). Answers None.
"""

from core.hooks import Hook

PERSON_PLACED: Hook[None] = Hook("after a person is added or changes organisation")
ORGANISATION_INLINES: Hook[type] = Hook("inlines of an organisation's admin page")
ORGANISATION_SAVED: Hook[None] = Hook("after an organisation's admin page is saved")
