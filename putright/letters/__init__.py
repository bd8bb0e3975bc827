"""Letters and correspondence.

The pure modules here (``check``, ``readability``, ``ombudsman``, ``extract``) import nothing from
Django, so the command line and the core can use them without settings.
"""
