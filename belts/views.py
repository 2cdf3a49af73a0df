from django.views.generic import ListView

from belts.selectors import belt_list_public


class HomeView(ListView):
    """The city overview: published belts grouped by district."""

    template_name = "belts/home.html"
    context_object_name = "belts"

    def get_queryset(self):
        return belt_list_public()
