"""The usual way: FastAPI, with a pydantic response model of the profile, for comparison."""

from __future__ import annotations

import enum
import types
from datetime import date
from typing import Any, Union, get_args, get_origin, get_type_hints

import attrs
from fastapi import FastAPI
from pydantic import BaseModel, create_model

import picum


_MODELS: dict[type, type[BaseModel]] = {}


def _field_type(type_: Any) -> Any:
    if attrs.has(type_) and type_ is not picum.Country:
        return model_of(type_)
    if type_ is picum.Country:
        return str
    if get_origin(type_) is tuple:
        return list[_field_type(get_args(type_)[0])]  # type: ignore[misc]
    if get_origin(type_) in {Union, types.UnionType}:
        (value,) = (arg for arg in get_args(type_) if arg is not type(None))
        return _field_type(value) | None
    if isinstance(type_, type) and issubclass(type_, enum.Enum | date | str | int | bool):
        return type_  # pyright: ignore[reportUnknownVariableType]
    raise TypeError(f"no pydantic type for {type_!r}")


def model_of(cls: type) -> type[BaseModel]:
    """A pydantic model with the fields of an attrs class of picum's model."""
    if cls not in _MODELS:
        hints = get_type_hints(cls)
        fields: dict[str, Any] = {
            field.name: (_field_type(hints[field.name]), ...) for field in attrs.fields(cls)
        }
        _MODELS[cls] = create_model(cls.__name__, **fields)
    return _MODELS[cls]


OrganisationModel = model_of(picum.Organisation)
DATA = picum.make_converter().unstructure(picum.load())
app = FastAPI()


@app.get("/v1/organisation", response_model=OrganisationModel)
def organisation() -> Any:
    """The profile, validated and serialized by pydantic on each request, as FastAPI does."""
    return DATA
