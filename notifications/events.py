"""Receivers of things that happen (a role changed, two-step login changed): each makes its notification
in the same transaction as the change."""
