"""Files attached to evidence, as read back."""

from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, Field, StringConstraints

SHA256_PATTERN = "^[0-9a-f]{64}$"
# A content's address: lower-case hex, as every answer gives it.
Sha256 = Annotated[str, StringConstraints(pattern=SHA256_PATTERN)]


class AttachmentRead(BaseModel):
    name: str = Field(description="The file name it was attached under.")
    size: int = Field(description="In bytes.")
    media_type: str = Field(description="The type recognised from the content itself.")
    sha256: str = Field(description="SHA-256 of the content: its address and its ETag.")
    url: str = Field(description="Where to download it: /api/v1/attachments/{sha256}.")
    added_at: datetime
    added_by: str

    @classmethod
    def of(
        cls, *, name: str, size: int, media_type: str, sha256: str, at: datetime, by: str
    ) -> "AttachmentRead":
        return cls(
            name=name,
            size=size,
            media_type=media_type,
            sha256=sha256,
            url=f"/api/v1/attachments/{sha256}",
            added_at=at,
            added_by=by,
        )
