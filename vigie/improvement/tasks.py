"""Background tasks of the action plans, run by `vigie worker` (declared in schedules.py)."""

from vigie.core.tasks import task

from .reminders import send_action_reminders


@task()
def action_reminders() -> int:
    """Daily: reminders to the owners of actions due soon or overdue."""
    return send_action_reminders()
