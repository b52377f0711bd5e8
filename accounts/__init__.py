"""People, organisations, roles and sign-up: the bottom domain layer.

Differs from STYLE.md's anatomy on purpose: it has no views.py or urls.py,
because its pages are django-allauth's (sign-in, sign-up, two-factor) and the
Django admin's (organisations, people, roles); adapters.py and forms.py shape
allauth to the portal's rules, decorators.py guards other apps' role pages.
"""
