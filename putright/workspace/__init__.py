"""The staff workspace: the queue, triage of new contacts, the case page and its actions, the team
view and deadline reminders. Every write goes through ``putright.complaints.services``; the Code's
rules are the core's (``putright.code``), shown here with the provision behind each."""
