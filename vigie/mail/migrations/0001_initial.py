# The outbox of every app (it was the register's OutboxMessage: register 0010 copies the rows here).

import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = []

    operations = [
        migrations.CreateModel(
            name="OutboxMessage",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("related_app", models.CharField(max_length=50, verbose_name="application")),
                ("related_public_id", models.UUIDField(blank=True, null=True, verbose_name="objet concerné")),
                ("tag", models.CharField(blank=True, max_length=30, verbose_name="nature")),
                (
                    "auto_submitted",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("", "Non (message écrit par une personne)"),
                            ("auto-replied", "Réponse automatique (accusé de réception)"),
                            ("auto-generated", "Message automatique (récapitulatif, alerte)"),
                        ],
                        max_length=20,
                    ),
                ),
                ("to", models.EmailField(max_length=254, verbose_name="destinataire")),
                ("subject", models.CharField(max_length=250, verbose_name="objet")),
                ("body", models.TextField(verbose_name="texte")),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now, editable=False)),
                ("attempts", models.PositiveSmallIntegerField(default=0)),
                ("next_attempt_at", models.DateTimeField(db_index=True, default=django.utils.timezone.now)),
                ("sent_at", models.DateTimeField(blank=True, null=True)),
                ("failed_at", models.DateTimeField(blank=True, null=True, verbose_name="abandonné le")),
                ("last_error", models.CharField(blank=True, max_length=100)),
            ],
            options={
                "verbose_name": "message sortant",
                "verbose_name_plural": "messages sortants",
                "ordering": ["-created_at"],
                "indexes": [
                    models.Index(fields=["related_app", "related_public_id"], name="mail_related_idx"),
                    models.Index(
                        condition=models.Q(("sent_at", None)),
                        fields=["related_app", "related_public_id"],
                        name="mail_unsent_idx",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="OutboxAttachment",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("filename", models.CharField(max_length=200, verbose_name="nom du fichier")),
                ("content_type", models.CharField(max_length=100, verbose_name="type")),
                ("content", models.BinaryField(verbose_name="contenu")),
                (
                    "message",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="attachments", to="mail.outboxmessage"
                    ),
                ),
            ],
            options={
                "verbose_name": "pièce jointe d'un message sortant",
                "verbose_name_plural": "pièces jointes des messages sortants",
                "ordering": ["pk"],
            },
        ),
    ]
