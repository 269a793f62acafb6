"""Signals the quiz area sends so that areas above it (progress) can react without being imported here."""
from blinker import Namespace

_signals = Namespace()

# Sent inside the submitting transaction, before commit: receivers add rows to the same session.
# Keyword arguments: user_id, module_version_id, attempt_id, passed.
attempt_graded = _signals.signal("attempt-graded")
