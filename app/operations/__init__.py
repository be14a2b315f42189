"""Running followup: backups and restores of its database."""
