"""Who may see and do what, decided in one place for every door (``policy``), and the record of
who viewed or downloaded each complaint, letter and document (``AccessRecord``)."""
