"""Guidelines' hook points (core/hooks.py): what higher apps do, in the same
transaction, when the principles are acknowledged or change.

PRINCIPLES_ACKNOWLEDGED: called with `person=` after they acknowledge the live
principles (training recomputes their discretion level).

PRINCIPLES_CHANGED: called with no arguments when a principles version that
everyone must acknowledge again is published (training queues recomputing
everyone's level, after commit). Both answer None.
"""

from core.hooks import Hook

PRINCIPLES_ACKNOWLEDGED: Hook[None] = Hook("after someone acknowledges the principles")
PRINCIPLES_CHANGED: Hook[None] = Hook("after a change everyone must acknowledge")
