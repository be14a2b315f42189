"""Use cases: plain functions taking the session first. Each write commits its own transaction."""
