"""No lost edits: a save based on an outdated copy of a record is refused, and says what changed meanwhile."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils import formats, timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


@dataclass(frozen=True)
class StaleWording:
    """How a refusal for an outdated copy is worded for its reader: ``unknown`` when the history cannot tell
    what changed; ``changes`` otherwise, with %(people)s, %(when)s, %(changes)s and %(version)s."""

    unknown: str
    changes: str


# For people at a form in the admin; the API words it for programs (belts.api.base).
FORM_WORDING = StaleWording(
    unknown=gettext_lazy(
        "Someone else has saved this record since you opened it. Reload the page and make your change again."
    ),
    changes=gettext_lazy(
        "Not saved: since you opened this page, %(people)s saved this record (last at %(when)s) and changed: "
        "%(changes)s. Your changes are still in the form below; note them, reload the page and make them again "
        "on the latest version."
    ),
)


def claim_version(obj, loaded_version: int | None, *, wording: StaleWording = FORM_WORDING) -> None:
    """Lock ``obj``'s row and take the next version for the save about to happen.

    ``loaded_version`` is the version the editor's form was built from. Inside
    the request's transaction the row stays locked until the save commits, so
    two saves of one version cannot both pass. Raises ValidationError naming who
    changed which fields since, from the record's history, in ``wording``.
    """
    model = type(obj)
    current = model._default_manager.select_for_update().filter(pk=obj.pk).values_list("version", flat=True).first()
    if current is None:
        raise ValidationError(_("This record has been deleted by someone else in the meantime."), code="deleted")
    if loaded_version is None or current != loaded_version:
        raise ValidationError(describe_changes_since(obj, loaded_version, wording=wording), code="stale")
    obj.version = current + 1


def describe_changes_since(obj, loaded_version: int | None, *, wording: StaleWording = FORM_WORDING) -> str:
    """ "Saved by 张三 at 2026-11-29 10:32: 名称 “A” → “B”; …" — what others saved after ``loaded_version``."""
    history = obj.history.order_by("history_date", "history_id")
    base = history.filter(version=loaded_version).last() if loaded_version is not None else None
    newer = list(history.filter(version__gt=loaded_version or 0))
    if not newer:
        return str(wording.unknown)
    latest = newer[-1]
    people = sorted({str(record.history_user) for record in newer if record.history_user} or {_("another user")})
    when = formats.date_format(timezone.localtime(latest.history_date), "DATETIME_FORMAT")
    changes = []
    if base is not None:
        for change in latest.diff_against(base).changes:
            label = obj._meta.get_field(change.field).verbose_name
            changes.append(format_lazy("{} “{}” → “{}”", label, _shorten(change.old), _shorten(change.new)))
    summary = "; ".join(str(change) for change in changes) or _("(no field you can see)")
    values = {"people": "、".join(people), "when": when, "changes": summary, "version": loaded_version}
    return str(wording.changes) % values


def _shorten(value, limit: int = 40) -> str:
    text = "" if value is None else str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"
