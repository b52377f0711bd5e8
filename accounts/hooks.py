"""Accounts' hook points (core/hooks.py).

PERSON_PLACED: called with `person=`, in the same transaction, after an
administrator adds a person or moves them to another organisation, and after
someone signs up (training
recomputes their discretion level: course requirements are per organisation).
Answers None.
"""

from core.hooks import Hook

PERSON_PLACED: Hook[None] = Hook("after a person is added or changes organisation")
