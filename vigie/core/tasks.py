"""The `task` decorator of django-tasks, wherever it comes from: the one place that knows both."""

try:
    from django.tasks import task  # Django 6
except ImportError:
    from django_tasks import task  # Django 5.2 + backport

__all__ = ["task"]
