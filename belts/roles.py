"""Who may see and who may change which district's records: the rules every interface asks.

Seeing: a superuser, or a user holding ``belts.view_all_districts`` (the
municipal committee), sees every district. Any other staff user sees the
districts he is linked to through ``District.editors``. Everyone else sees
published records only. (``DistrictScopedQuerySet.visible_to``.)

Changing: a superuser changes everything; a district editor changes the
records of his districts; a committee reviewer changes only the committee's own
records (inspections and follow-ups), everywhere. (``editable_by`` and
``may_edit``.) Django's model permissions, granted through the two groups
below, still decide which kinds of record each may add, change or delete.
"""

VIEW_ALL_DISTRICTS = "belts.view_all_districts"

# The two roles, created with their permissions by a data migration
# (inspections/migrations/0002_roles.py).
DISTRICT_EDITOR_GROUP = "区级管理员"
COMMITTEE_REVIEWER_GROUP = "市级审核"


def sees_all_districts(user) -> bool:
    """True for superusers and committee members, who oversee every district."""
    return bool(user and user.is_active and user.has_perm(VIEW_ALL_DISTRICTS))


def is_district_staff(user) -> bool:
    """True for an active staff user whose view is bounded by his districts."""
    return bool(user and user.is_authenticated and user.is_active and user.is_staff)


def may_edit(user, obj) -> bool:
    """Whether ``user`` may change ``obj`` (any district-scoped model instance) under the rules above.

    The answer is remembered on the user object, which lives as long as the
    request: the admin asks it many times per page.
    """
    if obj is None or obj.pk is None:
        return True
    if user.is_active and user.is_superuser:
        return True
    answers = user.__dict__.setdefault("_may_edit_answers", {})
    key = (obj._meta.label, obj.pk)
    if key not in answers:
        answers[key] = type(obj)._default_manager.editable_by(user).filter(pk=obj.pk).exists()
    return answers[key]
