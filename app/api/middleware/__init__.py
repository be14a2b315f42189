"""ASGI middleware: what every request passes through before and after its route."""
