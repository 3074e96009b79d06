from django.urls import path

from kpis import views_dashboard, views_deliverables, views_plan, views_rules, views_sets, views_targets

app_name = "kpis"
urlpatterns = [
    # The plan (D3.2 Table 12)
    *views_plan.PLAN.urlpatterns("plan/"),
    # KPI dashboard, drill-down, timeline, targets and reported values (issue 4)
    path("dashboard/", views_dashboard.dashboard_index, name="dashboard_index"),
    path("projects/<slug:acronym>/dashboard/", views_dashboard.dashboard, name="dashboard"),
    path("projects/<slug:acronym>/timeline/", views_dashboard.timeline, name="timeline"),
    path("projects/<slug:acronym>/kpi/<str:code>/", views_dashboard.indicator_detail, name="indicator"),
    path("projects/<slug:acronym>/kpi/<str:code>/targets/", views_targets.edit_targets, name="targets"),
    path("projects/<slug:acronym>/kpi/<str:code>/reported/", views_targets.edit_reported, name="reported"),
    # Deliverables and milestones over time (issue 16): status, files, moved due dates, achievements
    path("projects/<slug:acronym>/deliverables/", views_deliverables.plan_status, name="deliverables"),
    path(
        "projects/<slug:acronym>/deliverables/<int:pk>/submit/",
        views_deliverables.deliverable_submit,
        name="deliverable_submit",
    ),
    path(
        "projects/<slug:acronym>/deliverables/<int:pk>/approve/",
        views_deliverables.deliverable_approve,
        name="deliverable_approve",
    ),
    path(
        "projects/<slug:acronym>/deliverables/<int:pk>/due-date/",
        views_deliverables.deliverable_revise,
        name="deliverable_revise",
    ),
    path(
        "projects/<slug:acronym>/milestones/<int:pk>/",
        views_deliverables.milestone_edit,
        name="milestone_edit",
    ),
    path(
        "projects/<slug:acronym>/milestones/<int:pk>/due-date/",
        views_deliverables.milestone_revise,
        name="milestone_revise",
    ),
    # Indicator sets and indicators: from a template, copied from another project, or made here (issue 15)
    path("projects/<slug:acronym>/indicators/", views_sets.set_list, name="set_list"),
    path(
        "projects/<slug:acronym>/indicators/from-template/",
        views_sets.set_from_template,
        name="set_from_template",
    ),
    path("projects/<slug:acronym>/indicators/copy/", views_sets.set_copy, name="set_copy"),
    path("projects/<slug:acronym>/indicators/sets/add/", views_sets.set_edit, name="set_add"),
    path("projects/<slug:acronym>/indicators/sets/<int:pk>/", views_sets.set_edit, name="set_edit"),
    path(
        "projects/<slug:acronym>/indicators/sets/<int:pk>/delete/", views_sets.set_delete, name="set_delete"
    ),
    path(
        "projects/<slug:acronym>/indicators/sets/<int:pk>/add/",
        views_sets.indicator_edit,
        name="indicator_add",
    ),
    path("projects/<slug:acronym>/kpi/<str:code>/edit/", views_sets.indicator_edit, name="indicator_edit"),
    path(
        "projects/<slug:acronym>/kpi/<str:code>/delete/", views_sets.indicator_delete, name="indicator_delete"
    ),
    # Counting rules composed from parts (issue 15)
    path("projects/<slug:acronym>/rules/", views_rules.rule_list, name="rule_list"),
    path("projects/<slug:acronym>/rules/add/", views_rules.rule_edit, name="rule_add"),
    path("projects/<slug:acronym>/rules/<int:pk>/", views_rules.rule_edit, name="rule_edit"),
    path("projects/<slug:acronym>/rules/<int:pk>/delete/", views_rules.rule_delete, name="rule_delete"),
]
