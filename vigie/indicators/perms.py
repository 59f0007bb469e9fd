"""Who may write measurements: national administrators and the department's quality officer for the whole
department; a site correspondent for their own site only. Reading follows the organisation scope."""

from vigie.organisation.models import Department
from vigie.organisation.perms import can_manage_department, scope_for


def writable_site_ids(user, department: Department) -> set[int] | None:
    """None = every site and the department level; otherwise the only sites the user may write."""
    if can_manage_department(user, department):
        return None
    return set(scope_for(user).manage_sites)


def can_write_measurements(user, department: Department) -> bool:
    allowed = writable_site_ids(user, department)
    return allowed is None or bool(allowed & set(department.sites.values_list("pk", flat=True)))
