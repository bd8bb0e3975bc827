"""PutRight: complaint handling that follows the Housing Ombudsman's Complaint Handling Code."""

__version__ = "0.1.0"
