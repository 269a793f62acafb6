"""Signals the progress area sends for areas above it (certificates)."""
from blinker import Namespace

_signals = Namespace()

# Sent inside the completing transaction, before commit. Keyword arguments: user_id, module_id, version_id.
module_completed = _signals.signal("module-completed")
