"""Migration tests: move one app to a migration, the others staying at their latest."""

from django.db import connection
from django.db.migrations.executor import MigrationExecutor


def migrate_app(target: tuple[str, str]):
    """Migrate the app of `target` to it (the other apps stay at their latest migration); the models of then."""
    executor = MigrationExecutor(connection)
    executor.migrate([target])
    executor.loader.build_graph()
    others = [node for node in executor.loader.graph.leaf_nodes() if node[0] != target[0]]
    return executor.loader.project_state([*others, target]).apps


def migrate_all_to_latest() -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
