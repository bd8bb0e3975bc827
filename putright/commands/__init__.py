"""Subcommands of the ``putright`` command line, one module per group."""
