"""One factory per model; related rows are built consistently (a site's project stays in its district)."""

import datetime

import factory
from django.contrib.auth import get_user_model

from belts.models import Belt, District
from inspections.choices import FollowUpStatus
from inspections.models import FollowUp, Inspection, InspectionSite
from sites.choices import OrganizationKind, ProjectStatus, SiteStatus
from sites.models import Activity, Milestone, Organization, Photo, ProgressUpdate, Project, Site
from sites.services import photo_save


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.PostGenerationMethodCall("set_password", "correct horse battery")

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class DistrictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = District

    name = factory.Sequence(lambda n: f"测试{n}区")
    code = factory.Sequence(lambda n: f"{900000 + n % 99999:06d}")


class BeltFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Belt

    district = factory.SubFactory(DistrictFactory)
    name = factory.Sequence(lambda n: f"示范带{n}")
    slug = factory.Sequence(lambda n: f"belt-{n}")
    theme = "沿江串联两新组织党建阵地。"
    published = True


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    district = factory.SubFactory(DistrictFactory)
    name = factory.Sequence(lambda n: f"承办单位{n}")
    kind = OrganizationKind.NON_PUBLIC_ENTERPRISE


class SiteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Site

    belt = factory.SubFactory(BeltFactory)
    sequence = factory.Sequence(lambda n: n + 1)
    name = factory.Sequence(lambda n: f"串珠{n}")
    positioning = "一个服务周边党员群众的党群服务中心。"
    organization = factory.SubFactory(OrganizationFactory, district=factory.SelfAttribute("..belt.district"))
    latitude = factory.Sequence(lambda n: f"{26.0 + (n % 100) / 1000:.6f}")
    longitude = factory.Sequence(lambda n: f"{119.3 + (n % 100) / 1000:.6f}")
    status = SiteStatus.OPEN
    published = True


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Project

    site = factory.SubFactory(SiteFactory)
    title = factory.Sequence(lambda n: f"建设项目{n}")
    status = ProjectStatus.IN_PROGRESS
    planned_start = datetime.date(2026, 1, 1)
    planned_completion = datetime.date(2026, 12, 31)
    percent_complete = 50
    responsible_person = "张三"
    published = True


class MilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Milestone

    project = factory.SubFactory(ProjectFactory)
    title = factory.Sequence(lambda n: f"时间节点{n}")
    due_date = datetime.date(2026, 6, 30)


class ProgressUpdateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgressUpdate

    project = factory.SubFactory(ProjectFactory)
    date = datetime.date(2026, 4, 8)
    percent = 40
    note = "主体工程已动工。"


class PhotoFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Photo

    site = factory.SubFactory(SiteFactory)
    image = factory.django.ImageField(width=64, height=48, format="JPEG", filename="photo.jpg")
    caption = "党群服务中心外景"

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        # Through the service, as the admin saves photos: with their thumbnail.
        return photo_save(photo=model_class(*args, **kwargs))


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Activity

    site = factory.SubFactory(SiteFactory)
    date = datetime.date(2026, 3, 1)
    title = "主题党日活动"
    sessions = 1
    participants = 30


class InspectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Inspection

    belt = factory.SubFactory(BeltFactory)
    date = datetime.date(2026, 4, 8)
    title = "示范带调研核查"
    inspecting_body = "市委两新工委"
    leader_name = "陈有飞"
    leader_title = "专职副书记"


class InspectionSiteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InspectionSite

    inspection = factory.SubFactory(InspectionFactory)
    site = factory.SubFactory(SiteFactory, belt=factory.SelfAttribute("..inspection.belt"))
    order = factory.Sequence(lambda n: n + 1)


class FollowUpFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FollowUp

    inspection = factory.SubFactory(InspectionFactory)
    task = "细化目标任务,明确责任人。"
    responsible_person = "区委两新工委"
    deadline = datetime.date(2026, 4, 30)
    status = FollowUpStatus.OPEN
