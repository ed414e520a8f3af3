from django.apps import AppConfig


class FundConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "fund"
    verbose_name = "Grants"

    def ready(self):
        from wagtail.permissions import register_permission_policy

        from fund.applications.models import Application
        from fund.core.permissions import application_permission_policy

        register_permission_policy(Application, application_permission_policy)
