"""/inspections/tasks/: the follow-up tasks a user may see, and the workflow steps he may take on each."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import ListView, TemplateView

from inspections.access import StaffRequiredMixin
from inspections.choices import FollowUpAction
from inspections.filtersets import FollowUpFilterSet
from inspections.followups import services
from inspections.followups.forms import AnswerForm, CloseForm, SendBackForm
from inspections.followups.selectors import followup_detail, followup_list


class TodayMixin:
    def get_today(self):
        return timezone.localdate()


class FollowUpListView(StaffRequiredMixin, TodayMixin, ListView):
    """The tasks visible to the user, filtered by status, overdue and district; overdue ones flagged."""

    template_name = "inspections/followups/followup_list.html"
    context_object_name = "followups"
    paginate_by = 100

    def get_queryset(self):
        # The API's FilterSet: the same filters, the same messages for a value not offered.
        self.filterset = FollowUpFilterSet(
            self.request.GET or None,
            queryset=followup_list(user=self.request.user, today=self.get_today()),
            request=self.request,
            today=self.get_today(),
        )
        if self.filterset.is_bound and not self.filterset.is_valid():
            return self.filterset.queryset.none()
        return self.filterset.qs

    def get_context_data(self, **kwargs):
        return super().get_context_data(section="followups", filter_form=self.filterset.form, **kwargs)


class FollowUpDetailView(StaffRequiredMixin, TodayMixin, TemplateView):
    """One task: its visit, history and evidence; POST takes the named workflow step (``action``)."""

    template_name = "inspections/followups/followup_detail.html"
    forms = {services.ANSWER: AnswerForm, services.CLOSE: CloseForm, services.SEND_BACK: SendBackForm}
    done = {
        services.ANSWER: gettext_lazy("Your answer has been sent to the committee."),
        services.CLOSE: gettext_lazy("The task is closed."),
        services.SEND_BACK: gettext_lazy("The task has been sent back to the district."),
    }

    def get_followup(self):
        # Another district's task is not there at all: 404.
        return get_object_or_404(followup_detail(user=self.request.user, today=self.get_today()), pk=self.kwargs["pk"])

    def get(self, request, *args, **kwargs):
        self.followup = self.get_followup()
        return self.render_to_response(self.get_context_data())

    def post(self, request, *args, **kwargs):
        self.followup = self.get_followup()
        action = request.POST.get("action")
        if action not in self.forms:
            return self.refuse(_("Unknown step: choose to answer, close or send back the task."))
        refusal = services.followup_refusal(followup=self.followup, user=request.user, action=action)
        if refusal is not None:
            return self.refuse(" ".join(refusal.messages))
        form = self.forms[action](request.POST, request.FILES)
        if form.is_valid():
            try:
                self.take(action, form.cleaned_data)
            except services.TransitionRefused as error:
                return self.refuse(" ".join(error.messages))
            except ValidationError as error:
                self.add_errors(form, error)
            else:
                messages.success(request, self.done[action])
                return redirect(request.path)
        return self.render_to_response(self.get_context_data(**{f"{action}_form": form}))

    def take(self, action, data):
        user = self.request.user
        if action == services.ANSWER:
            services.followup_answer(
                followup=self.followup, response=data["response"], user=user, photos=data["photos"]
            )
        elif action == services.CLOSE:
            services.followup_close(followup=self.followup, user=user, note=data["note"])
        else:
            services.followup_send_back(followup=self.followup, user=user, reason=data["reason"])

    @staticmethod
    def add_errors(form, error):
        if hasattr(error, "error_dict"):
            for field, errors in error.error_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            form.add_error(None, error)

    def refuse(self, message):
        messages.error(self.request, message)
        return self.render_to_response(self.get_context_data(), status=403)

    def get_context_data(self, **kwargs):
        allowed = services.followup_allowed_actions(followup=self.followup, user=self.request.user)
        events = list(self.followup.events.all())
        context = {
            "section": "followups",
            "followup": self.followup,
            "events": events,
            "allowed": allowed,
            # The committee's latest word when it sent the answer back: what the district must address.
            "sent_back": events[-1] if events and events[-1].action == FollowUpAction.SENT_BACK else None,
        }
        for action, form_class in self.forms.items():
            if action in allowed:
                initial = {"response": self.followup.response} if action == services.ANSWER else None
                context[f"{action}_form"] = form_class(initial=initial)
        context.update(kwargs)
        return super().get_context_data(**context)
