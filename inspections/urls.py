"""/inspections/: the committee's visits and the follow-up tasks they set."""

from inspections.followups.urls import urlpatterns as followup_urls
from inspections.visits.urls import urlpatterns as visit_urls

app_name = "inspections"

urlpatterns = [*visit_urls, *followup_urls]
