"""The partner workspace's shared building blocks (issue 3).

Forms, evidence, review, history, conflicts and the generic views.

It sits in the bottom layer: the record apps (missions, events, agreements) and kpis describe their record
kinds with `RecordKind` and get list/detail/create/edit/delete pages from here; nothing here imports them.
"""
