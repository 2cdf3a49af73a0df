"""Failed sign-ins (lift a lockout by clearing them) and the sign-in log, for superusers."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from accounts.lockout import locked_until
from accounts.models import FailedSignIn, SignIn


class ReadOnlyRecordAdmin(admin.ModelAdmin):
    """Records written by the sign-in itself: shown, never added or edited by hand."""

    list_per_page = 50
    date_hierarchy = "attempt_time"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(FailedSignIn)
class FailedSignInAdmin(ReadOnlyRecordAdmin):
    list_display = ("username", "ip_address", "failures_since_start", "attempt_time", "locked_until")
    search_fields = ("username", "ip_address")
    ordering = ("-attempt_time", "pk")
    fields = ("username", "ip_address", "failures_since_start", "attempt_time", "locked_until", "user_agent")
    readonly_fields = fields
    actions = ("unlock",)

    @admin.display(description=_("locked until"))
    def locked_until(self, obj):
        return locked_until(obj) or "—"

    @admin.action(description=_("Lift the lockout: clear the selected failed sign-ins"), permissions=("delete",))
    def unlock(self, request, queryset):
        count, _deleted = queryset.delete()
        self.message_user(
            request, _("%(count)d records cleared; those users may sign in again.") % {"count": count}, messages.SUCCESS
        )


@admin.register(SignIn)
class SignInAdmin(ReadOnlyRecordAdmin):
    list_display = ("username", "ip_address", "attempt_time", "logout_time")
    search_fields = ("username", "ip_address")
    ordering = ("-attempt_time", "pk")
    fields = ("username", "ip_address", "attempt_time", "logout_time", "user_agent")
    readonly_fields = fields

    def has_delete_permission(self, request, obj=None):
        return False
