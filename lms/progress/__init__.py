"""Lesson progress, module completion and the learner dashboard."""
