"""followup: track how an organisation carries out its oversight bodies' recommendations."""
