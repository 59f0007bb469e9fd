from pathlib import Path

try:
    from django.tasks import task  # Django 6
except ImportError:
    from django_tasks import task  # Django 5.2 + backport


@task()
def write_marker(path: str, value: str) -> str:
    Path(path).write_text(value, encoding="utf-8")
    return value


@task()
def tick() -> str:
    return "tic"
