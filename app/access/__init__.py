"""Who may do what: roles, API tokens, and the rules that map one to the other."""
