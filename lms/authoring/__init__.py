"""Authoring in the browser: drafts of modules in the file format, review, publish, history, item analysis."""
