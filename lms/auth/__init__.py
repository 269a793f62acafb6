"""Accounts: sign-up, sign-in, password reset, profile."""
