"""How far each report's record has moved: a counter bumped by every write, in its transaction.

Row 0 counts every write. Readers compare counters instead of scanning the record, so an app
instance can tell in one indexed read whether anything changed since it last looked.
"""

from sqlalchemy import BigInteger, Column
from sqlmodel import Field, SQLModel

ALL_REPORTS = 0
# Token writes (created, revoked): every instance forgets the tokens it remembers when this
# moves, so a revocation takes effect everywhere within one check of the versions.
TOKENS = -1


class DataVersion(SQLModel, table=True):
    __tablename__ = "data_version"

    # A report's id, or ALL_REPORTS (0) for the whole record.
    id: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    version: int = Field(sa_column=Column(BigInteger, nullable=False))
