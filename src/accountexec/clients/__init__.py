"""Clients and work: accounts and their teams, the activity log, briefs, budgets, campaigns."""
