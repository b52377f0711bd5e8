"""Building blocks every app shares, below every app (README, "Code layout").

Not a domain app, so not STYLE.md's anatomy: no models, services or views,
only helpers that know nothing of posts, people or training.
"""
