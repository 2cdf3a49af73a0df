"""The follow-up pages, included in the ``inspections`` namespace by ``inspections.urls``."""

from django.urls import path

from inspections.followups import views

urlpatterns = [
    path("tasks/", views.FollowUpListView.as_view(), name="followup_list"),
    path("tasks/<id:pk>/", views.FollowUpDetailView.as_view(), name="followup_detail"),
]
