"""Shared by the data migrations that grant permissions to the roles."""

from django.contrib.auth.management import create_permissions


def ensure_permissions(apps):
    """Make every model's permissions now: post_migrate makes them only after
    the last migration, too late for a migration that grants them."""
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
