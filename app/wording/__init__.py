"""What followup says to people, in their language: the status vocabulary in the six UN
languages, explanations of status from their rule and parameters, and the words of the
implementation table."""
