"""The web dashboard: server-rendered pages that refresh themselves by cheap ETag polling."""
