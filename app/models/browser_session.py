"""Dashboard sign-ins. The browser's cookie holds only a random session id, never the API
token it was opened with; only a hash of the id is kept here. A session ends at sign-out, at
its expiry, or when its token is revoked."""

from datetime import datetime

from sqlmodel import Field, SQLModel

from app.models.base import UTCDateTime


class BrowserSession(SQLModel, table=True):
    __tablename__ = "browser_session"

    id: int | None = Field(default=None, primary_key=True)
    session_hash: str = Field(max_length=64, unique=True)
    token_id: int = Field(foreign_key="api_token.id", index=True)
    started_at: datetime = Field(sa_type=UTCDateTime)
    expires_at: datetime = Field(sa_type=UTCDateTime)
    ended_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
