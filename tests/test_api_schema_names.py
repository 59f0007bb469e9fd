"""django-ninja names an OpenAPI component after its schema class: two classes of the same name in two apps would
share one component, and the document would describe one app's answer with the other's fields (it happened:
the audits' actions were documented with the improvement app's fields, the action plan with the mystery plan's).
Every schema class of the API has its own name, and every component carries the fields of its class."""

from __future__ import annotations

from collections import defaultdict

from ninja import Schema

from vigie.api import api


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def test_no_two_api_schemas_share_a_name():
    modules = defaultdict(set)
    for cls in _subclasses(Schema):
        if cls.__module__.startswith("vigie."):
            modules[cls.__name__].add(cls.__module__)
    assert {name: sorted(m) for name, m in modules.items() if len(m) > 1} == {}


def test_each_component_has_the_fields_of_its_class():
    components = api.get_openapi_schema()["components"]["schemas"]
    classes = {cls.__name__: cls for cls in _subclasses(Schema) if cls.__module__.startswith("vigie.")}
    checked = 0
    for name, component in components.items():
        cls = classes.get(name)
        if cls is None or "properties" not in component:
            continue
        names = set(cls.model_fields)  # django-ninja documents and answers the fields' names (by_alias=False)
        aliases = {field.alias or key for key, field in cls.model_fields.items()}
        assert set(component["properties"]) in (names, aliases), name
        checked += 1
    assert checked > 20
