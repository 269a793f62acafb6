"""Modules, lessons and their immutable versions; markdown to sanitized HTML."""
