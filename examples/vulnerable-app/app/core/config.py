from pydantic_settings import BaseSettings


class Settings(BaseSettings):
    PROJECT_NAME: str = "Inventory service"
    API_V1_STR: str = "/api/v1"
    # Left on from development: tracebacks are sent to clients (FA401).
    DEBUG: bool = True
    # Any site may call the API with the user's cookies: see FA201.
    BACKEND_CORS_ORIGINS: list[str] = ["*"]
    SECRET_KEY: str = "changethis"


settings = Settings()
