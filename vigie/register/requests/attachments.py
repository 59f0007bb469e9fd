"""Attachments of a request: which files are accepted, checked by their content (not only their name), and stored
under a random name. The limits come from the settings (docs/configuration.md):

- VIGIE_ATTACHMENT_MAX_BYTES (default 5 Mio per file), VIGIE_ATTACHMENT_MAX_FILES (default 5 per request);
- types: PDF, JPEG, PNG, OpenDocument text, Word (docx), plain text. Anything else is refused with a French
  message naming the file; a refused file changes nothing (the whole submission is refused).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile

from vigie.core.formatting import format_number
from vigie.register.models import Attachment, UserRequest

ZIP = b"PK\x03\x04"
# extension → (content type, accepted first bytes; None = text)
ACCEPTED: dict[str, tuple[str, tuple[bytes, ...] | None]] = {
    ".pdf": ("application/pdf", (b"%PDF-",)),
    ".jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    ".odt": ("application/vnd.oasis.opendocument.text", (ZIP,)),
    ".docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", (ZIP,)),
    ".txt": ("text/plain", None),
}
ACCEPT_ATTRIBUTE = ",".join(ACCEPTED)  # for <input type="file" accept="…">
TYPES_LABEL = "PDF, JPEG, PNG, ODT, DOCX ou TXT"


@dataclass(frozen=True)
class IncomingFile:
    name: str
    data: bytes


def max_bytes() -> int:
    return settings.VIGIE_ATTACHMENT_MAX_BYTES


def max_files() -> int:
    return settings.VIGIE_ATTACHMENT_MAX_FILES


def size_label(size: int) -> str:
    """French size with a no-break space: 850 ko, 5 Mo, 1,5 Mo."""
    if size >= 1024 * 1024:
        megabytes = size / (1024 * 1024)
        return f"{format_number(megabytes, 0 if megabytes == int(megabytes) else 1)}\u00a0Mo"
    return f"{format_number(max(1, round(size / 1024)), 0)}\u00a0ko"


def _clean_name(name: str) -> str:
    name = PurePath(name.replace("\\", "/")).name.strip() or "piece-jointe"
    return "".join(c for c in name if c.isprintable())[:200]


def content_type_of(file: IncomingFile) -> str:
    """The accepted content type of the file, or a French ValidationError naming it."""
    name = _clean_name(file.name)
    extension = PurePath(name).suffix.lower()
    if extension not in ACCEPTED:
        raise ValidationError(f"« {name} » : ce type de fichier n'est pas accepté ({TYPES_LABEL}).")
    if len(file.data) == 0:
        raise ValidationError(f"« {name} » est vide.")
    if len(file.data) > max_bytes():
        raise ValidationError(
            f"« {name} » pèse {size_label(len(file.data))} : la taille maximale est de {size_label(max_bytes())}."
        )
    content_type, signatures = ACCEPTED[extension]
    if signatures is None:
        if b"\x00" in file.data:
            raise ValidationError(f"« {name} » n'est pas un fichier texte.")
    elif not file.data.startswith(signatures):
        raise ValidationError(f"« {name} » ne correspond pas à son extension {extension} : fichier refusé.")
    return content_type


def check_files(files: list[IncomingFile]) -> list[str]:
    """Check every file and the count; raises one ValidationError listing every problem."""
    errors: list[str] = []
    if len(files) > max_files():
        errors.append(f"{len(files)} fichiers joints : {max_files()} au plus.")
    types = []
    for file in files:
        try:
            types.append(content_type_of(file))
        except ValidationError as exc:
            errors.extend(exc.messages)
    if errors:
        raise ValidationError(errors)
    return types


def store_attachments(request: UserRequest, files: list[IncomingFile]) -> list[Attachment]:
    """Check then store the files of a request (in the caller's transaction)."""
    types = check_files(files)
    stored = []
    for file, content_type in zip(files, types, strict=True):
        attachment = Attachment(
            request=request,
            original_name=_clean_name(file.name),
            content_type=content_type,
            size=len(file.data),
            sha256=hashlib.sha256(file.data).hexdigest(),
        )
        attachment.file.save("piece", ContentFile(file.data), save=False)
        attachment.save()
        stored.append(attachment)
    return stored


def delete_files(attachments) -> int:
    """Remove the stored files (retention, erasure). Returns how many were removed."""
    removed = 0
    for attachment in attachments:
        if attachment.file:
            attachment.file.delete(save=False)
            removed += 1
    return removed
