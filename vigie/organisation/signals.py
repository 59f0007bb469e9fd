from django.dispatch import Signal

# Sent with `site` when a site's closure days change: apps holding deadlines recompute them.
closures_changed = Signal()
