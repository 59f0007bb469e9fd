"""The people screens in the roles × scope matrix (tests/test_access_matrix.py): the department's quality officer and
national administrators manage; other readers of the department get 403; outsiders 404."""

from vigie.organisation.models import RoleAssignment

OK, REDIRECT, BAD_REQUEST, FORBIDDEN, NOT_FOUND = 200, 302, 400, 403, 404
PERSONAS = ["anonymous", "national", "officer", "officer_b", "correspondent", "agent", "reader", "auditor", "no_role"]


def _row(default, **overrides):
    return {p: overrides.get(p, default) for p in PERSONAS}


def _managers(ok):
    return _row(FORBIDDEN, anonymous=REDIRECT, national=ok, officer=ok, officer_b=NOT_FOUND, no_role=NOT_FOUND)


PEOPLE_MATRIX = {
    "people_list": ("get", {"code": "51"}, _managers(OK)),
    "person_invite": ("get", {"code": "51"}, _managers(OK)),
    "person_detail": ("get", {"code": "51", "username": "agent"}, _managers(OK)),
    # an empty form: refused with its errors
    "person_role_add": ("post", {"code": "51", "username": "agent"}, _managers(BAD_REQUEST)),
    "person_role_withdraw": (
        "post",
        {"code": "51", "username": "agent", "assignment_id": "ASSIGNMENT"},
        _managers(REDIRECT),
    ),
    "person_deactivate": ("post", {"code": "51", "username": "agent"}, _managers(REDIRECT)),
    "person_invite_again": ("post", {"code": "51", "username": "agent"}, _managers(REDIRECT)),
    # the one-time link: public; a wrong link says it no longer works
    "password_set": ("get", {"uidb64": "MQ", "token": "mauvais-jeton"}, _row(OK)),
}


def with_people_objects(kwargs: dict, world) -> dict:
    if kwargs.get("assignment_id") == "ASSIGNMENT":
        return {**kwargs, "assignment_id": RoleAssignment.objects.get(user=world.agent).public_id}
    return kwargs
