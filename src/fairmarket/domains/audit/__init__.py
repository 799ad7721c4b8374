"""The audit trail: who changed what, through which channel, before and after, and why."""
