"""Spreadsheet import of the tables a consortium already keeps (issue 6), on django-import-export/tablib.

An app of its own above kpis: it writes records of every kind, plan items included, and the layers allow
only an app above them all to import them (README "Layout", DESIGN.md §3).
"""
