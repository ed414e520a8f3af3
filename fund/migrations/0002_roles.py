"""The staff roles (docs/architecture.md, "Roles and permissions") as Wagtail groups.

At this stage all three may view applications; fund managers also edit the
fund and call pages. Later migrations add the permissions of later stages.
"""

from django.db import migrations

from fund.migrations._roles import ensure_permissions

GRANT_PANEL = "Grant panel"
FUND_MANAGERS = "Fund managers"
FINANCE = "Finance"

COMMON = [("wagtailadmin", "access_admin"), ("fund", "view_application")]
PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"]
IMAGE_PERMISSIONS = ["add_image", "choose_image"]


def create_roles(apps, schema_editor):
    ensure_permissions(apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")

    def perm(app_label, codename):
        return Permission.objects.get(content_type__app_label=app_label, codename=codename)

    groups = {}
    for name in (GRANT_PANEL, FUND_MANAGERS, FINANCE):
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.add(*(perm(app, codename) for app, codename in COMMON))
        groups[name] = group

    managers = groups[FUND_MANAGERS]
    root_page = Page.objects.filter(depth=1).first()
    if root_page:
        for codename in PAGE_PERMISSIONS:
            GroupPagePermission.objects.get_or_create(
                group=managers, page=root_page, permission=perm("wagtailcore", codename)
            )
    root_collection = Collection.objects.filter(depth=1).first()
    if root_collection:
        for codename in IMAGE_PERMISSIONS:
            GroupCollectionPermission.objects.get_or_create(
                group=managers,
                collection=root_collection,
                permission=perm("wagtailimages", codename),
            )


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(
        name__in=[GRANT_PANEL, FUND_MANAGERS, FINANCE]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("fund", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
