"""Who may see which district's records: the one rule every interface asks.

A superuser, or a user holding ``belts.view_all_districts`` (the municipal
committee), sees every district. Any other staff user sees the districts he is
linked to through ``District.editors``. Everyone else sees published records only.
"""

VIEW_ALL_DISTRICTS = "belts.view_all_districts"


def sees_all_districts(user) -> bool:
    """True for superusers and committee members, who oversee every district."""
    return bool(user and user.is_active and user.has_perm(VIEW_ALL_DISTRICTS))


def is_district_staff(user) -> bool:
    """True for an active staff user whose view is bounded by his districts."""
    return bool(user and user.is_authenticated and user.is_active and user.is_staff)
