"""Reminder emails: due dates, expiring certificates and weekly digests, each sent once, from the task queue."""
