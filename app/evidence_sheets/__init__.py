"""Spreadsheet import: streaming readers, a pure row parser, and the batched, all-or-nothing
loader that the HTTP endpoint and the CLI share."""
