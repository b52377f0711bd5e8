"""Training, mentoring and discretion levels.

levels.py holds the one level rule (compute_level), a pure function. No
admin.py yet: courses are managed on the trainers' pages, through services.
"""
