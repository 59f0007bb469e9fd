import datetime as dt

from vigie.register.requests.services import create_request


def make_request(
    world,
    *,
    received=dt.datetime(2024, 5, 6, 10, 0),
    service=None,
    kind="complaint",
    channel="email",
    requester=None,
    **fields,
):
    """A request of the service « etrangers » of pref-51, received Monday 6 May 2024 by e-mail (due 15 May)."""
    service = service or world.service_a1
    return create_request(
        actor=None,
        site=service.site,
        service=service,
        kind=kind,
        channel=channel,
        received_at=received,
        subject=fields.pop("subject", "Rendez-vous"),
        text=fields.pop("text", "Impossible d'obtenir un rendez-vous."),
        requester=requester,
        **fields,
    )
