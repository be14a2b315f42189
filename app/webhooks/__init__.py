"""Webhooks: registering receivers, fanning the change log out to them, and delivering each
event signed (Standard Webhooks), retried with backoff for 24 hours, logged."""
