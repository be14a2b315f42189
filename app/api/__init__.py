"""The HTTP layer: thin routers over the services, one module per concept."""
