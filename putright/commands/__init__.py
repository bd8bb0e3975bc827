"""Subcommands of the ``putright`` command line, one module per group."""


class UsageError(Exception):
    """Bad input from the user: printed on one line, exit status 2."""
