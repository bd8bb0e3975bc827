"""The Complaint Handling Code as data and rules.

Pure Python: nothing in this package imports Django, HTTP or storage (a test enforces it). The
web, API, storage and documents call into it; it never calls them.
"""
