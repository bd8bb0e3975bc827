"""The team view's covering index for its workload counts (open complaints per handler, overdue and
at risk), which the queue's total reads too: the counts read the index alone instead of every open
complaint's row. Added with SQL of its own, on the complaints table; created by migration 0003 and
again after every ``migrate`` wherever it is missing (:func:`putright.web.database.kept_indexes`)."""

INDEXES = {
    "workspace_complaint_workload": "complaints_complaint (is_open, handler_id, current_due, restricted)",
}
