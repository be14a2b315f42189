"""The implementation table of a report, as member states read it: one row per recommendation
in any of the six UN languages, as HTML, XLSX or an A4 PDF."""
