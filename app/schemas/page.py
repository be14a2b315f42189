"""The envelope of every list: one page of items and where it sits in the whole."""

from typing import Generic, TypeVar

from pydantic import BaseModel

MAX_PAGE = 500
DEFAULT_PAGE = 50

T = TypeVar("T")


class Page(BaseModel, Generic[T]):
    items: list[T]
    total: int
    limit: int
    offset: int
