"""In-vivo learning: the field practicum log with dual sign-off, and instructor-led sessions with attendance."""
