from django.dispatch import Signal

# Sent with `message` (an OutboxMessage) once the SMTP server has accepted it: the app named by
# `message.related_app` may record it on its object (e.g. the register marks a request acknowledged).
message_sent = Signal()
