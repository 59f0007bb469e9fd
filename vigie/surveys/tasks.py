"""Background tasks of the surveys, run by `vigie worker` (the periodic ones are declared in schedules.py)."""

from vigie.core.tasks import run_again_if_worker_lost, task
from vigie.surveys.kinds.continuous.services import erase_expired_comments


@run_again_if_worker_lost
@task()
def erase_expired_rating_comments() -> int:
    """Daily retention job: the continuous rating's comments older than SURVEY_COMMENT_RETENTION_DAYS are erased."""
    return erase_expired_comments()
