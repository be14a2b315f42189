"""What every request body shares: a field the API does not know is refused, never ignored (a
misspelt "assessment" must not silently record an item without its verdict)."""

from pydantic import BaseModel, ConfigDict


class RequestBody(BaseModel):
    model_config = ConfigDict(extra="forbid")
