"""Forms of the follow-up pages: the list's filters and one form per workflow step."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from belts.images import PhotoFormField

MAX_EVIDENCE_PHOTOS = 9


class MultiplePhotoInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultiplePhotoField(PhotoFormField):
    """Several photos in one field, each checked like a site's photo (``belts.images``)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultiplePhotoInput(attrs={"accept": "image/jpeg,image/png,image/webp"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        uploads = [upload for upload in (data if isinstance(data, (list, tuple)) else [data]) if upload]
        if len(uploads) > MAX_EVIDENCE_PHOTOS:
            raise ValidationError(
                _("At most %(count)d photos may be sent with an answer."), params={"count": MAX_EVIDENCE_PHOTOS}
            )
        return [super(MultiplePhotoField, self).clean(upload, initial) for upload in uploads]


class AnswerForm(forms.Form):
    """The district's answer: what was done, with photos as evidence."""

    response = forms.CharField(
        label=_("Response"), widget=forms.Textarea(attrs={"rows": 5}), help_text=_("What the district has done.")
    )
    photos = MultiplePhotoField(
        label=_("Evidence photos"),
        required=False,
        help_text=_("Up to 9 photos: JPEG, PNG or WebP, at most 10 MB each; location data is removed."),
    )


class CloseForm(forms.Form):
    """The committee accepts the answer."""

    note = forms.CharField(
        label=pgettext_lazy("closing a follow-up", "Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class SendBackForm(forms.Form):
    """The committee sends the answer back; the district reads the reason."""

    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))
