"""Who may open the committee's pages: signed-in staff, each seeing what ``visible_to`` lets him."""

from django.contrib.auth.mixins import AccessMixin
from django.urls import reverse_lazy

from belts import roles


class StaffRequiredMixin(AccessMixin):
    """Signed-in staff only: others go to the sign-in page; a signed-in non-staff user gets 403."""

    login_url = reverse_lazy("admin:login")

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not roles.is_district_staff(request.user):
            self.raise_exception = True
            return self.handle_no_permission()
        return super().dispatch(request, *args, **kwargs)
