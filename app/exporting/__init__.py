"""Spreadsheets going out: the import template and exports of a report's record."""
