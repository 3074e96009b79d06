"""Accounts: what is known about users beyond Django's auth (who the demo created), the deploy checks for
published credentials and e-mail, and the password-reset pages with their rate limit."""
