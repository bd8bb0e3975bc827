"""Shared web layer: the GOV.UK Frontend page template, sign-in, form rendering and template helpers
used by the staff workspace, the residents' portal and the governance pages."""
