"""Background tasks of the committees app, run by `vigie worker` (periodic ones declared in schedules.py)."""

from vigie.core.tasks import run_again_if_worker_lost, task

from . import services


@run_again_if_worker_lost
@task()
def send_committee_reminders() -> int:
    """Daily: remind the invited members who have not answered (7 days, then 1 day before the meeting), once each."""
    return services.send_reminders()


@run_again_if_worker_lost
@task()
def erase_expired_committee_contacts() -> int:
    """Daily retention job: the contact details of members gone for longer than their committee's retention."""
    return services.erase_expired_contacts()
