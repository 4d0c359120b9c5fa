"""Accounts of a county server: users and roles, login sessions, the throttle on failed logins, the one
authorization policy every page and CLI command asks, and the submission workflow.

Accounts mode is on when the database holds at least one account (:func:`users.accounts_on`); with none,
nianbao is the single-user program it always was (no login; the optional shared password still works).
"""
