"""The partner workspace's shared building blocks (issue 3).

Forms, evidence, review, history, conflicts and the generic views.

It sits just above the frame (consortium) and accounts: the record apps (organisations, missions, events,
agreements) and kpis describe their record kinds with `RecordKind` and get list/detail/create/edit/delete
pages from here; nothing here imports them, and its templates link to no app above it.
"""
