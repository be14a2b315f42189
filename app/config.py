"""Settings read from the environment (prefix FOLLOWUP_)."""

from functools import lru_cache

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="FOLLOWUP_", env_file=None, extra="ignore")

    database_url: str = Field(
        default="sqlite:///./followup.db",
        description="SQLAlchemy URL: sqlite:///path.db or postgresql+psycopg://user@host/db.",
    )
    max_body_bytes: int = Field(
        default=1024 * 1024,
        ge=1024,
        description="Largest JSON request body accepted; larger bodies get 413.",
    )
    max_upload_bytes: int = Field(
        default=50 * 1024 * 1024,
        ge=1024,
        description="Largest spreadsheet upload accepted; larger uploads get 413.",
    )
    max_attachment_bytes: int = Field(
        default=25 * 1024 * 1024,
        ge=1024,
        description="Largest file that may be attached to evidence; larger files get 413. A "
        "request may carry up to 5 files.",
    )
    import_max_unpacked_bytes: int = Field(
        default=1024 * 1024 * 1024,
        ge=1024 * 1024,
        description="Most an XLSX may unpack to (guards against zip bombs).",
    )
    import_max_shared_strings: int = Field(
        default=4 * 1024 * 1024,
        ge=1024,
        description="Most distinct texts (shared strings) an XLSX may hold.",
    )
    import_max_shared_string_chars: int = Field(
        default=64 * 1024 * 1024,
        ge=1024 * 1024,
        description="Most characters an XLSX's shared strings may hold in all (memory bound).",
    )
    import_max_errors: int = Field(
        default=1000,
        ge=1,
        description="Row errors listed in one refused import (the total is always given).",
    )
    idempotency_max_replay_bytes: int = Field(
        default=1024 * 1024,
        ge=1024,
        description="Largest answer kept for replays of an Idempotency-Key; a retry of a "
        "larger one is told where its result is (409).",
    )
    max_header_bytes: int = Field(
        default=32 * 1024,
        ge=4096,
        description="Largest request line and headers `followup serve` reads; beyond: 431.",
    )
    header_timeout_seconds: float = Field(
        default=10,
        gt=0,
        description="Time a client has to send a request's headers, from its first byte "
        "(and an idle new connection to start one); beyond: 408 and the connection closed.",
    )
    body_idle_timeout_seconds: float = Field(
        default=30,
        gt=0,
        description="Longest pause in a request body while the server waits for it; "
        "beyond: 408 and the connection closed.",
    )
    max_in_flight: int = Field(
        default=512,
        ge=1,
        description="Requests one instance serves at once; beyond: 503 with Retry-After at "
        "once. Status polls and probes are never refused.",
    )
    max_in_flight_per_caller: int = Field(
        default=256,
        ge=1,
        description="Requests one token (or all anonymous callers together) may have served "
        "at once on an instance; beyond: 503 with Retry-After. Status polls are never refused.",
    )
    max_heavy_per_caller: int = Field(
        default=2,
        ge=1,
        description="Spreadsheet imports and exports one token (or all anonymous readers) may "
        "run at once on an instance; beyond: 429 with Retry-After.",
    )
    max_heavy_per_process: int = Field(
        default=4,
        ge=1,
        description="Spreadsheet imports and exports an instance runs at once; beyond: 429.",
    )
    import_time_budget_seconds: float = Field(
        default=300,
        gt=0,
        description="Longest an import may take to read and check its file; beyond: 422 "
        "(split the file).",
    )
    ready_saturation_seconds: float = Field(
        default=10,
        gt=0,
        description="/ready answers 503 once requests have waited this long for a worker "
        "thread without a pause.",
    )
    session_hours: float = Field(
        default=8,
        gt=0,
        le=24 * 30,
        description="How long a dashboard sign-in lasts; it also ends at sign-out and when its "
        "token is revoked.",
    )
    log_level: str = Field(
        default="INFO",
        pattern="^(DEBUG|INFO|WARNING|ERROR)$",
        description="Log level of the JSON logs (DEBUG, INFO, WARNING, ERROR).",
    )
    public_read: bool = Field(
        default=False,
        description="Let anonymous callers read (viewer role), e.g. for wall dashboards; "
        "writes always need a token.",
    )
    webhook_retry_seconds: str = Field(
        default="5,300,1800,7200,18000,36000,36000",
        pattern=r"^\d+(\.\d+)?(,\d+(\.\d+)?)*$",
        description="Seconds before each further attempt at a webhook delivery (the last "
        "repeats); attempts stop 24 hours after the event.",
    )
    webhook_poll_seconds: float = Field(
        default=1.0,
        gt=0,
        le=60,
        description="How often an instance looks for webhook deliveries due.",
    )
    deliver_webhooks: bool = Field(
        default=True,
        description="Whether this instance does the background work: watching for events, "
        "delivering webhooks and e-mail (any number may: each event, each message is taken "
        "by one).",
    )
    smtp_url: str = Field(
        default="",
        pattern=r"^(smtps?://[^\s]+)?$",
        description="Where e-mail reminders and digests are sent from: "
        "smtp://user:password@host:587 (STARTTLS, required unless ?starttls=false) or "
        "smtps://user:password@host:465 (TLS from the start); empty: no e-mail is sent.",
    )
    smtp_from: str = Field(
        default="followup <followup@localhost>",
        description="The From address of e-mail reminders and digests.",
    )
    smtp_ca_file: str = Field(
        default="",
        description="A PEM file of certificate authorities the SMTP server's certificate is "
        "checked against (an internal CA); empty: the system's.",
    )
    public_url: str = Field(
        default="http://127.0.0.1:8000",
        pattern=r"^https?://[^\s/]+(/[^\s]*)?$",
        description="Where people reach this service: the links in e-mails start with it.",
    )
    dashboard_poll_seconds: float = Field(
        default=10,
        ge=0.2,
        le=3600,
        description="How often an open dashboard asks whether the status changed.",
    )
    early_status_answers: bool = Field(
        default=True,
        description="Answer polls of current status from memory before routing (the same "
        "answers as the routes, faster); off only to rule it out when investigating.",
    )
    db_pool_size: int = Field(
        default=40,
        ge=1,
        description="Connections kept per process; sized with the request thread pool.",
    )
    sqlite_busy_timeout_ms: int = Field(
        default=30_000,
        ge=0,
        description="How long a SQLite writer waits for the write lock before failing.",
    )


@lru_cache
def get_settings() -> Settings:
    return Settings()
