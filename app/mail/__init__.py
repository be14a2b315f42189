"""E-mail reminders and weekly digests: who subscribed, what is due to them, the messages in
their language, and the SMTP server that carries them."""
