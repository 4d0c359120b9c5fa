"""Accounts of a county server: users and roles, login sessions, the throttle on failed logins, the one
authorization policy every page and CLI command asks, and the submission workflow.

Accounts mode (:func:`users.accounts_on`) is on for a county server (Settings.accounts_mode: ``accounts = true``,
NIANBAO_ACCOUNTS=1, or a PostgreSQL database_url) and whenever the database holds an account; otherwise
nianbao is the single-user program it always was (no login; the optional shared password still works).
"""
