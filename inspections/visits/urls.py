from django.urls import path

from inspections.visits import views

urlpatterns = [
    path("", views.InspectionListView.as_view(), name="inspection_list"),
    path("plan/", views.InspectionPlanView.as_view(), name="inspection_plan"),
    path("<id:pk>/", views.InspectionDetailView.as_view(), name="inspection_detail"),
    path("<id:pk>/brief/", views.InspectionBriefView.as_view(), name="inspection_brief"),
    path("<id:pk>/record/", views.InspectionRecordView.as_view(), name="inspection_record"),
]
