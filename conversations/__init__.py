"""Conversations to join: the threads in the communities' feeds, matched to
each organisation's policy areas and sensitive topics; the civil servants'
list of them and the press offices' monitoring (README, "Conversations to
join"). Below moderation (which marks a thread answered when a post is logged
for it), above communities (whose feeds it reads).
"""
