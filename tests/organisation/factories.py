import factory
from django.contrib.auth import get_user_model

from vigie.organisation.enums import Role
from vigie.organisation.models import ClosureDay, Department, RoleAssignment, Service, Site


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"utilisateur{n}")
    first_name = factory.Faker("first_name", locale="fr_FR")
    last_name = factory.Faker("last_name", locale="fr_FR")
    password = factory.PostGenerationMethodCall("set_password", "Mot-de-passe-solide-2026")

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department
        django_get_or_create = ["code"]

    code = factory.Iterator(["01", "02", "03", "05", "06", "07", "08", "09"])
    name = factory.Faker("city", locale="fr_FR")
    population = 360970


class SiteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Site

    department = factory.SubFactory(DepartmentFactory)
    code = factory.Sequence(lambda n: f"site-{n}")
    name = factory.LazyAttribute(lambda o: f"Site {o.code}")
    kind = "prefecture"

    class Params:
        sous_prefecture = factory.Trait(kind="sous_prefecture")


class ServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Service

    site = factory.SubFactory(SiteFactory)
    code = factory.Sequence(lambda n: f"service-{n}")
    name = factory.LazyAttribute(lambda o: f"Service {o.code}")


class ClosureDayFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ClosureDay

    site = factory.SubFactory(SiteFactory)
    date = factory.Faker("date_this_year")


class RoleAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoleAssignment

    user = factory.SubFactory(UserFactory)
    role = Role.QUALITY_OFFICER
