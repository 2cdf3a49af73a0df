"""EXPLAIN ANALYZE of the list filters of the API and pages on the benchmark's data: which use an index.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/belts_bench .venv/bin/python bench/explain.py

Prints, per filter, the execution time of its first page and any sequential scan of a large table
(sites, projects, milestones, progress updates); docs/PERFORMANCE.md records the latest output.
"""

import datetime
import os
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.models import AnonymousUser  # noqa: E402
from django.test import RequestFactory  # noqa: E402

from belts.roles import COMMITTEE_REVIEWER_GROUP  # noqa: E402
from inspections.filtersets import FollowUpFilterSet  # noqa: E402
from inspections.followups.selectors import followup_list  # noqa: E402
from sites import selectors  # noqa: E402
from sites.filtersets import ProjectFilterSet, SiteFilterSet  # noqa: E402

TODAY = datetime.date(2026, 11, 29)
LARGE = ("sites_site", "sites_project", "sites_milestone", "sites_progressupdate")


def explain(label, filterset_class, queryset, params, user) -> None:
    request = RequestFactory().get("/", params)
    request.user = user
    filterset = filterset_class(params, queryset=queryset, request=request, today=TODAY)
    if not filterset.is_valid():
        raise SystemExit(f"{label}: {filterset.errors}")
    plan = filterset.qs[:50].explain(analyze=True)
    scans = sorted({table for table in LARGE if re.search(rf"Seq Scan on {table}\b", plan)})
    total = re.search(r"Execution Time: ([\d.]+)", plan).group(1)
    print(f"{label:40} {float(total):8.1f} ms   sequential scans: {', '.join(scans) or '—'}")


def main() -> None:
    anonymous = AnonymousUser()
    reviewers = get_user_model().objects.filter(is_staff=True, groups__name=COMMITTEE_REVIEWER_GROUP)
    committee = reviewers.first() or anonymous
    sites = selectors.site_list(user=anonymous)
    projects = selectors.project_list(user=anonymous, today=TODAY)
    followups = followup_list(user=committee, today=TODAY)
    explain("sites ?status=open", SiteFilterSet, sites, {"status": "open"}, anonymous)
    explain("sites ?district=", SiteFilterSet, sites, {"district": "1"}, anonymous)
    explain("sites ?organization_kind=social", SiteFilterSet, sites, {"organization_kind": "social"}, anonymous)
    explain("sites ?search=社区", SiteFilterSet, sites, {"search": "社区"}, anonymous)
    explain("projects ?overdue=true", ProjectFilterSet, projects, {"overdue": "true"}, anonymous)
    explain(
        "projects ?overdue=true&district=", ProjectFilterSet, projects, {"overdue": "true", "district": "1"}, anonymous
    )
    explain("projects ?at_risk=true", ProjectFilterSet, projects, {"at_risk": "true"}, anonymous)
    explain(
        "projects ?due_after=&due_before=",
        ProjectFilterSet,
        projects,
        {"due_after": "2026-12-01", "due_before": "2026-12-31"},
        anonymous,
    )
    explain("projects ?status=delayed", ProjectFilterSet, projects, {"status": "delayed"}, anonymous)
    explain("projects ?site=", ProjectFilterSet, projects, {"site": "100"}, anonymous)
    explain(
        "projects ?ordering=-percent_complete", ProjectFilterSet, projects, {"ordering": "-percent_complete"}, anonymous
    )
    explain(
        "followups ?status=open&overdue=true",
        FollowUpFilterSet,
        followups,
        {"status": "open", "overdue": "true"},
        committee,
    )


if __name__ == "__main__":
    main()
