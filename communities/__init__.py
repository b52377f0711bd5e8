"""The shared directory of communities worth joining.

No admin.py on purpose: the directory is curated in the portal itself
(/communities/curate/), where every change goes through a service and its
history. addresses.py, importing.py and linkcheck.py are the directory's own
jobs: address normalising, CSV import, and the link checker.
"""
