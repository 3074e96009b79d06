"""Spreadsheet import of the tables a consortium already keeps (issue 6), on django-import-export/tablib.

It sits in kpis because it writes records of every kind, plan items included, and the layers allow only
the top apps to import them all (DESIGN.md §3).
"""
