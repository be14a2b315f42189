"""followup: track how an organisation carries out its oversight bodies' recommendations."""

__version__ = "0.1.0"
