"""django-ninja names each response schema in the OpenAPI document by its class name alone, so two
different ``Schema`` classes with one name in two apps silently share one component, and one
endpoint's documented shape is the other's (found when two apps each had a ``CouncilRefOut``)."""

from __future__ import annotations

import importlib
import pkgutil

from ninja import Schema

import tiex


def _schemas() -> dict[str, list[type[Schema]]]:
    found: dict[str, list[type[Schema]]] = {}
    for module in pkgutil.walk_packages(tiex.__path__, "tiex."):
        if not (module.name.endswith(".api") or ".api_" in module.name):
            continue
        loaded = importlib.import_module(module.name)
        for value in vars(loaded).values():
            if isinstance(value, type) and issubclass(value, Schema) and value.__module__ == loaded.__name__:
                found.setdefault(value.__name__, []).append(value)
    return found


def _shape(schema: type[Schema]) -> object:
    return schema.model_json_schema()


def test_schemas_with_one_name_have_one_shape() -> None:
    clashes = {
        name: [cls.__module__ for cls in classes]
        for name, classes in _schemas().items()
        if len({repr(_shape(cls)) for cls in classes}) > 1
    }
    assert clashes == {}, f"Rename one of each: {clashes}"
