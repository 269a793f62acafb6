"""Signals the practicum area sends for areas above it (certificates)."""
from blinker import Namespace

_signals = Namespace()

# Sent inside the transaction, before commit, when an entry is fully signed or attendance is recorded.
# Keyword argument: user_id.
practicum_counted = _signals.signal("practicum-counted")
