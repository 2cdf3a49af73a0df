"""/progress/: the committee's progress dashboard and its export."""

from django.urls import path

from inspections.progress import views

app_name = "progress"

urlpatterns = [
    path("", views.DashboardView.as_view(), name="dashboard"),
    path("export.xlsx", views.ExportView.as_view(), name="export"),
]
