"""People: a user, and staff in one of the groups the migrations make."""

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

MANAGERS = "Fund managers"
FINANCE = "Finance"
PANEL = "Grant panel"


class UserFactory(factory.django.DjangoModelFactory):
    """A user; ``UserFactory(in_groups=["Finance"])`` puts them in groups by name."""

    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.PostGenerationMethodCall("set_password", "correct horse battery")

    @factory.post_generation
    def saved(obj, create, extracted, **kwargs):
        if create:
            obj.save()

    @factory.post_generation
    def in_groups(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.groups.add(*(Group.objects.get(name=name) for name in extracted))


def staff(group_name, **fields):
    """A new user in the group ``group_name`` (MANAGERS, FINANCE or PANEL)."""
    return UserFactory(in_groups=[group_name], **fields)
