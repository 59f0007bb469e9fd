"""Base models: every domain object has a UUID public id (used in URLs) and timestamps."""

import uuid

from django.db import models


class BaseModel(models.Model):
    public_id = models.UUIDField("identifiant public", default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField("créé le", auto_now_add=True)
    updated_at = models.DateTimeField("modifié le", auto_now=True)

    class Meta:
        abstract = True
