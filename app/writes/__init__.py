"""Writes: the unit of work every write is carried out in, and the ways of committing it."""
