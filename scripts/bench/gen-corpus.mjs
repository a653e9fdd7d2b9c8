// Seeded generator of a FastAPI-heavy source tree for the benchmark (the idea of
// shared/oracle/tools/gen.py, in JS so `npm run bench` needs nothing else): services with settings,
// security schemes, dependency modules with Annotated aliases, many routers with routes in every
// registration style, and an app that includes them with prefixes and dependencies.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

function rng(seed) {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
}

const NOUNS = ['item', 'user', 'order', 'invoice', 'product', 'review', 'ticket', 'report', 'team', 'project', 'comment', 'file', 'payment', 'shipment', 'coupon', 'webhook'];
const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

function settings() {
  return `from functools import lru_cache
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    PROJECT_NAME: str = "service"
    API_V1_STR: str = "/api/v1"
    ENVIRONMENT: Literal["local", "staging", "production"] = "local"
    BACKEND_CORS_ORIGINS: list[str] = ["https://app.example.com"]
    ACCESS_TOKEN_EXPIRE_MINUTES: int = 60 * 24 * 8
    DATABASE_URL: str = Field(default="postgresql://localhost/app")
    PAGE_SIZE: int = 50


@lru_cache
def get_settings() -> Settings:
    return Settings()


settings = get_settings()
`;
}

function security(r) {
  const scheme = r() < 0.5 ? 'OAuth2PasswordBearer(tokenUrl=f"{settings.API_V1_STR}/login/access-token")' : 'HTTPBearer()';
  return `from datetime import datetime, timedelta, timezone
from typing import Annotated, Any

from fastapi import Depends, HTTPException, Security, status
from fastapi.security import APIKeyHeader, HTTPBearer, OAuth2PasswordBearer, SecurityScopes

from .config import settings

reusable_oauth2 = ${scheme}
api_key_header = APIKeyHeader(name="X-API-Key", auto_error=False)

credentials_exception = HTTPException(
    status_code=status.HTTP_401_UNAUTHORIZED,
    detail="Could not validate credentials",
    headers={"WWW-Authenticate": "Bearer"},
)


def create_access_token(subject: str | Any, expires_delta: timedelta) -> str:
    expire = datetime.now(timezone.utc) + expires_delta
    return f"{subject}:{expire.isoformat()}"


def decode_token(token: str) -> dict:
    parts = str(token).split(":")
    if len(parts) < 2:
        raise credentials_exception
    return {"sub": parts[0], "exp": parts[1]}


def get_current_user(token=Depends(reusable_oauth2)) -> dict:
    payload = decode_token(token)
    if not payload.get("sub"):
        raise credentials_exception
    return {"id": payload["sub"], "is_active": True, "is_superuser": False}


def get_scoped_user(security_scopes: SecurityScopes, user: dict = Depends(get_current_user)) -> dict:
    for scope in security_scopes.scopes:
        if scope not in user.get("scopes", []):
            raise HTTPException(status_code=status.HTTP_403_FORBIDDEN, detail="Not enough permissions")
    return user


async def get_api_client(key: str | None = Security(api_key_header)) -> str | None:
    return key
`;
}

function deps() {
  return `from collections.abc import Generator
from typing import Annotated

from fastapi import Depends, HTTPException, Query, Security, status

from ..core.security import get_current_user, get_scoped_user


class Session:
    def __init__(self, url: str = "sqlite://"):
        self.url = url

    def close(self) -> None:
        pass


def get_db() -> Generator[Session, None, None]:
    db = Session()
    try:
        yield db
    finally:
        db.close()


SessionDep = Annotated[Session, Depends(get_db)]
CurrentUser = Annotated[dict, Depends(get_current_user)]


def get_current_active_superuser(current_user: CurrentUser) -> dict:
    if not current_user.get("is_superuser"):
        raise HTTPException(status_code=status.HTTP_403_FORBIDDEN, detail="The user doesn't have enough privileges")
    return current_user


SuperUser = Annotated[dict, Depends(get_current_active_superuser)]


class Pagination:
    def __init__(self, skip: int = Query(0, ge=0), limit: int = Query(50, le=500)):
        self.skip = skip
        self.limit = limit


class RoleChecker:
    def __init__(self, *roles: str):
        self.roles = roles

    def __call__(self, user: CurrentUser) -> dict:
        if user.get("role") not in self.roles:
            raise HTTPException(status_code=status.HTTP_403_FORBIDDEN)
        return user


require_admin = RoleChecker("admin")
Reader = Annotated[dict, Security(get_scoped_user, scopes=["read"])]
`;
}

function router(r, idx, nRoutes) {
  const noun = NOUNS[idx % NOUNS.length];
  const lines = [
    'from typing import Any',
    '',
    'from fastapi import APIRouter, Depends, HTTPException, status',
    'from pydantic import BaseModel',
    '',
    'from ..deps import CurrentUser, Pagination, Reader, SessionDep, SuperUser, require_admin',
    '',
    `router = APIRouter(prefix="/${noun}s${idx}", tags=["${noun}s"])`,
    '',
    '',
    `class ${noun[0].toUpperCase()}${noun.slice(1)}In(BaseModel):`,
    '    name: str',
    '    description: str | None = None',
    '    quantity: int = 0',
    '',
    '',
    `class ${noun[0].toUpperCase()}${noun.slice(1)}Out(${noun[0].toUpperCase()}${noun.slice(1)}In):`,
    '    id: int',
    '',
  ];
  const model = `${noun[0].toUpperCase()}${noun.slice(1)}`;
  for (let i = 0; i < nRoutes; i++) {
    const m = METHODS[Math.floor(r() * METHODS.length)];
    const style = r();
    const path = i % 3 === 0 ? `"/"` : `"/{${noun}_id}/part${i}"`;
    const args = i % 3 === 0 ? '' : `${noun}_id: int, `;
    const body = m === 'post' || m === 'put' || m === 'patch' ? `payload: ${model}In, ` : '';
    const auth = style < 0.45 ? 'current_user: CurrentUser, ' : style < 0.6 ? 'user: Reader, ' : style < 0.7 ? 'admin: SuperUser, ' : '';
    const deco = style >= 0.7 && style < 0.85 ? `, dependencies=[Depends(require_admin)]` : '';
    lines.push('');
    lines.push('');
    lines.push(`@router.${m}(${path}${m === 'get' ? `, response_model=${model}Out` : ''}${deco})`);
    lines.push(`def ${m}_${noun}_${i}(${args}${body}${auth}session: SessionDep, page: Pagination = Depends()) -> Any:`);
    lines.push(`    """${m.toUpperCase()} ${noun} (${i})."""`);
    lines.push(`    record = {"id": ${i}, "name": "${noun}", "quantity": page.limit}`);
    if (args) {
      lines.push(`    if ${noun}_id < 0:`);
      lines.push(`        raise HTTPException(status_code=status.HTTP_404_NOT_FOUND, detail="${noun} not found")`);
    }
    lines.push(`    return record`);
  }
  return lines.join('\n') + '\n';
}

function apiMain(nRouters) {
  const imports = Array.from({ length: nRouters }, (_, i) => `r${i}`).join(', ');
  const lines = ['from fastapi import APIRouter, Depends', '', `from .routes import ${imports}`, 'from .deps import get_current_active_superuser', '', 'api_router = APIRouter()'];
  for (let i = 0; i < nRouters; i++) {
    lines.push(i % 4 === 3 ? `api_router.include_router(r${i}.router, dependencies=[Depends(get_current_active_superuser)])` : `api_router.include_router(r${i}.router)`);
  }
  return lines.join('\n') + '\n';
}

function appMain() {
  return `from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.middleware.trustedhost import TrustedHostMiddleware

from .api.main import api_router
from .core.config import settings


def create_app() -> FastAPI:
    application = FastAPI(title=settings.PROJECT_NAME, openapi_url=f"{settings.API_V1_STR}/openapi.json")
    if settings.BACKEND_CORS_ORIGINS:
        application.add_middleware(
            CORSMiddleware,
            allow_origins=[str(origin).strip("/") for origin in settings.BACKEND_CORS_ORIGINS],
            allow_credentials=True,
            allow_methods=["*"],
            allow_headers=["*"],
        )
    application.add_middleware(TrustedHostMiddleware, allowed_hosts=["api.example.com"])
    application.include_router(api_router, prefix=settings.API_V1_STR)
    return application


app = create_app()


@app.get("/healthz")
def healthz() -> dict:
    return {"ok": True}
`;
}

/** Writes services under `out` until about `targetLines` lines; returns {files, lines}. */
export async function generateCorpus(out, targetLines, seed = 1) {
  const r = rng(seed);
  let lines = 0;
  let files = 0;
  const put = async (rel, text) => {
    const abs = path.join(out, rel);
    await mkdir(path.dirname(abs), { recursive: true });
    await writeFile(abs, text);
    lines += text.split('\n').length - 1;
    files++;
  };
  for (let s = 0; lines < targetLines; s++) {
    const pkg = `svc${String(s).padStart(3, '0')}`;
    const base = `services/${pkg}/${pkg}`;
    const nRouters = 6 + Math.floor(r() * 6);
    await put(`${base}/__init__.py`, '');
    await put(`${base}/core/__init__.py`, '');
    await put(`${base}/core/config.py`, settings());
    await put(`${base}/core/security.py`, security(r));
    await put(`${base}/api/__init__.py`, '');
    await put(`${base}/api/deps.py`, deps());
    await put(`${base}/api/routes/__init__.py`, '');
    for (let i = 0; i < nRouters; i++) await put(`${base}/api/routes/r${i}.py`, router(r, i, 15 + Math.floor(r() * 25)));
    await put(`${base}/api/main.py`, apiMain(nRouters));
    await put(`${base}/main.py`, appMain());
  }
  return { files, lines };
}
