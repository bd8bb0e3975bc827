"""Bringing existing complaints in from a landlord's previous system (``putright import complaints``
and the workspace's import page): a CSV or XLSX file, a column mapping, a dry run that reports row by
row, and an import that records each complaint's history as imported events through the core."""
