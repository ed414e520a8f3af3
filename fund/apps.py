from django.apps import AppConfig


class FundConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "fund"
    verbose_name = "Grants"

    def ready(self):
        # Django's one place for imports inside a function: models load only
        # once the app registry is ready.
        from wagtail.permissions import register_permission_policy  # noqa: PLC0415

        from fund.applications.models import Application  # noqa: PLC0415
        from fund.core.permissions import application_permission_policy  # noqa: PLC0415
        from fund.monitoring import receivers  # noqa: PLC0415

        register_permission_policy(Application, application_permission_policy)
        receivers.connect()
