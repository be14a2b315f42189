"""What followup notices by itself (statuses that move, dates that fall due) and announces
through the change log, for webhooks and e-mail reminders."""
