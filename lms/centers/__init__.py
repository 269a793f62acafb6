"""Regional training centers and their members."""
