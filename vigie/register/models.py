"""The register's models, by concern in `requests/models.py` and `config/models.py`; Django finds them here, and the
migrations name the upload paths and the token maker by this module."""

from vigie.register.config.models import DeadlineRule, Mailbox, MessageTemplate, Theme
from vigie.register.requests.models import (
    Attachment,
    ReferenceCounter,
    RequestEvent,
    RequestExport,
    UserRequest,
    _attachment_path,
    _export_path,
    _tracking_token,
)

__all__ = [
    "Attachment",
    "DeadlineRule",
    "Mailbox",
    "MessageTemplate",
    "ReferenceCounter",
    "RequestEvent",
    "RequestExport",
    "Theme",
    "UserRequest",
    "_attachment_path",
    "_export_path",
    "_tracking_token",
]
