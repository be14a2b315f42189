"""Files attached to evidence: which kinds are accepted and how each is recognised
(`kinds`), and their contents stored once per SHA-256 and streamed in and out (`contents`)."""
