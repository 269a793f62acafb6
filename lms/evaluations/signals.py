"""Signals the evaluations area sends for areas above it (certificates)."""
from blinker import Namespace

_signals = Namespace()

# Sent inside the submitting transaction, before commit. Keyword arguments: user_id, program_id.
evaluation_submitted = _signals.signal("evaluation-submitted")
