"""Test plumbing that has to load before Django's settings (see :mod:`putright.testing.pytest_env`)."""
