"""Report files: the documented YAML/JSON format for loading a report and how it is upserted."""
