"""Status reads: data versions, rendered bodies, the records held for past moments, ETags."""
