import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { discover, type DiscoverOptions, type ServerTarget } from '../../src/discover/index.js';
import { targetFileKind } from '../../src/discover/targets.js';
import { makeTree, removeTree, type TreeSpec } from './tree.js';

const roots: string[] = [];
afterEach(() => roots.splice(0).forEach(removeTree));

async function run(spec: TreeSpec, options: Partial<Omit<DiscoverOptions, 'root'>> = {}) {
  const root = makeTree(spec);
  roots.push(root);
  return discover({ root, include: [], exclude: [], maxFileBytes: 1024 * 1024, ...options });
}

/** `server module:attr[()] dir=… file:line source`, one string per target, in the order returned. */
const show = (t: ServerTarget): string => `${t.server} ${t.module}:${t.attr}${t.factory ? '()' : ''} dir=${t.dir} ${t.file}:${t.line} ${t.source}`;

async function targets(spec: TreeSpec, options: Partial<Omit<DiscoverOptions, 'root'>> = {}): Promise<string[]> {
  const result = await run(spec, options);
  expect(result.notices).toEqual([]);
  return result.targets.map(show);
}

const lines = (...l: string[]): string => `${l.join('\n')}\n`;

/** A project with the usual `app` package, so that paths exist in the tree. */
const APP: TreeSpec = { 'app/__init__.py': '', 'app/main.py': '' };

describe('targets: Dockerfile', () => {
  it('reads the exec form, maps WORKDIR through COPY to the tree, and ignores option values', async () => {
    expect(
      await targets({
        ...APP,
        Dockerfile: lines(
          'FROM python:3.12-slim',
          'WORKDIR /code',
          'COPY ./requirements.txt /code/requirements.txt',
          'COPY ./app /code/app',
          'CMD ["uvicorn", "app.main:app", "--host", "0.0.0.0", "--port", "80", "--proxy-headers"]',
        ),
      }),
    ).toEqual(['uvicorn app.main:app dir= Dockerfile:5 dockerfile']);
  });

  it('reads the shell form across line continuations, with ENV values', async () => {
    expect(
      await targets({
        ...APP,
        Dockerfile: lines(
          'FROM python:3.12',
          'ENV APP_MODULE=app.main:create_app \\',
          '    WORKERS=2',
          'COPY . /srv',
          'WORKDIR /srv',
          '# a comment',
          'CMD uvicorn $APP_MODULE \\',
          '    # comments and empty lines inside a continuation are dropped',
          '',
          '    --factory \\',
          '    --workers $WORKERS',
        ),
      }),
    ).toEqual(['uvicorn app.main:create_app() dir= Dockerfile:7 dockerfile']);
  });

  it('joins ENTRYPOINT and CMD, and reads sh -c scripts', async () => {
    expect(
      await targets({
        ...APP,
        'svc/Dockerfile': lines(
          'FROM python',
          'WORKDIR /app',
          'COPY . .',
          'ENTRYPOINT ["gunicorn", "-k", "uvicorn.workers.UvicornWorker"]',
          'CMD ["-b", "0.0.0.0:80", "main:app"]',
        ),
        'svc/main.py': '',
        'other/Dockerfile': lines('FROM python', 'WORKDIR /app', 'COPY . .', 'CMD ["sh", "-c", "alembic upgrade head && exec hypercorn \'api:create_app()\' --bind 0.0.0.0:80"]'),
        'other/api.py': '',
      }),
    ).toEqual(['hypercorn api:create_app() dir=other other/Dockerfile:4 dockerfile', 'gunicorn main:app dir=svc svc/Dockerfile:5 dockerfile']);
  });

  it('maps a WORKDIR that receives a folder: COPY ./backend /app', async () => {
    expect(
      await targets({
        'backend/app/main.py': '',
        Dockerfile: lines('FROM python', 'COPY ./backend /app', 'WORKDIR /app', 'CMD ["uvicorn", "app.main:app"]'),
        'Dockerfile.prod': lines('FROM python', 'WORKDIR /srv', 'COPY backend/ .', 'CMD gunicorn --chdir /srv/app -k uvicorn.workers.UvicornWorker main:app'),
      }),
    ).toEqual(['uvicorn app.main:app dir=backend Dockerfile:4 dockerfile', 'gunicorn main:app dir=backend/app Dockerfile.prod:4 dockerfile']);
  });

  it('follows COPY --from=<stage> into the builder stage', async () => {
    expect(
      await targets({
        'services/api/server.py': '',
        'deploy/api.Dockerfile': lines(
          'FROM python:3.12 AS builder',
          'WORKDIR /build',
          'COPY services /build/services',
          'FROM python:3.12-slim',
          'COPY --from=builder /build/services/api /opt/api',
          'WORKDIR /opt/api',
          'CMD ["granian", "--interface", "asgi", "--host", "0.0.0.0", "server:app"]',
        ),
      }),
    ).toEqual(['granian server:app dir=services/api deploy/api.Dockerfile:7 dockerfile']);
  });

  it('guesses the build context: the nearest folder above holding what the Dockerfile copies', async () => {
    expect(
      await targets({
        'src/pkg/__init__.py': '',
        'src/pkg/main.py': '',
        'pyproject.toml': '[project]\nname = "pkg"\n',
        'docker/Dockerfile': lines('FROM python', 'WORKDIR /app', 'COPY pyproject.toml ./', 'COPY src/ ./src/', 'CMD ["uvicorn", "--app-dir", "src", "pkg.main:app"]'),
      }),
    ).toEqual(['uvicorn pkg.main:app dir=src docker/Dockerfile:5 dockerfile']);
  });

  it('honours the escape directive and skips heredoc bodies', async () => {
    expect(
      await targets({
        ...APP,
        Dockerfile: lines('# escape=`', 'FROM python', 'RUN <<EOF', 'CMD ["uvicorn", "not.this:app"]', 'EOF', 'COPY . /app', 'WORKDIR /app', 'CMD uvicorn `', '  app.main:app'),
      }),
    ).toEqual(['uvicorn app.main:app dir= Dockerfile:8 dockerfile']);
  });

  it('falls back to the build context when the working directory maps to nothing', async () => {
    expect(await targets({ 'api/main.py': '', 'api/Dockerfile': lines('FROM python', 'RUN pip install uvicorn', 'CMD ["uvicorn", "main:app"]') })).toEqual([
      'uvicorn main:app dir=api api/Dockerfile:3 dockerfile',
    ]);
  });
});

describe('targets: Procfile', () => {
  it('reads each process line from the Procfile folder; other processes give nothing', async () => {
    expect(
      await targets({
        'web/Procfile': lines(
          'release: python manage.py migrate',
          'web: uvicorn main:app --host=0.0.0.0 --port=${PORT:-5000}',
          'worker: celery -A tasks worker',
          'api: gunicorn -w 4 -k uvicorn.workers.UvicornWorker "api:create_app()" -b 0.0.0.0:$PORT',
        ),
      }),
    ).toEqual(['uvicorn main:app dir=web web/Procfile:2 procfile', 'gunicorn api:create_app() dir=web web/Procfile:4 procfile']);
  });
});

describe('targets: compose', () => {
  it('reads command as a string or a list, with working_dir mapped through bind mounts', async () => {
    expect(
      await targets({
        'backend/app/main.py': '',
        'docker-compose.yml': lines(
          'services:',
          '  api:',
          '    image: python:3.12',
          '    working_dir: /app',
          '    volumes: ["./backend:/app", "data:/data"]',
          '    command: uvicorn app.main:app --reload --host 0.0.0.0',
          '  worker:',
          '    build: ./backend',
          '    command:',
          '      - gunicorn',
          '      - --bind=0.0.0.0:8000',
          '      - ${APP_TARGET:-app.main:create_app()}',
        ),
      }),
    ).toEqual(['uvicorn app.main:app dir=backend docker-compose.yml:6 compose', 'gunicorn app.main:create_app() dir=backend docker-compose.yml:9 compose']);
  });

  it('joins entrypoint and command, reads bash -c, and tells the Dockerfile its build context', async () => {
    expect(
      await targets({
        'services/api/main.py': '',
        'compose.prod.yaml': lines(
          'services:',
          '  api:',
          '    build:',
          '      context: services/api',
          '      dockerfile: ../../docker/api.Dockerfile',
          '    entrypoint: ["uvicorn"]',
          '    command: ["main:api", "--port", "80"]',
          '  jobs:',
          '    image: x',
          '    command: bash -c "cd /srv && exec daphne -b 0.0.0.0 -p 9000 jobs.asgi:application"',
        ),
        // Its COPY source `.` exists next to it too: only the compose file says the context.
        'docker/api.Dockerfile': lines('FROM python', 'COPY . /app', 'WORKDIR /app', 'CMD ["uvicorn", "main:app"]'),
      }),
    ).toEqual([
      'uvicorn main:api dir=services/api compose.prod.yaml:6 compose',
      'daphne jobs.asgi:application dir= compose.prod.yaml:10 compose',
      'uvicorn main:app dir=services/api docker/api.Dockerfile:4 dockerfile',
    ]);
  });
});

describe('targets: shell scripts', () => {
  it('reads exec, python -m, poetry run, defaults of unset variables and earlier assignments', async () => {
    expect(
      await targets({
        ...APP,
        'scripts/start.sh': lines(
          '#!/usr/bin/env bash',
          'set -euo pipefail',
          'cd "$(dirname "$0")/.."',
          'pip install uvicorn gunicorn',
          'which uvicorn',
          'exec uvicorn ${APP_MODULE:-app.main:app} --host 0.0.0.0 --port "${PORT:-80}"',
        ),
        'prestart.sh': lines('MODULE=app.main', 'VAR=create_app', 'python -m uvicorn --factory "$MODULE:$VAR" --workers 2'),
        'run.sh': lines('poetry run uvicorn app.main:api \\', '  --reload'),
        'uv.sh': 'uv run --with fastapi --no-sync uvicorn app.main:app2\n',
      }),
    ).toEqual([
      'uvicorn app.main:create_app() dir= prestart.sh:3 shell',
      'uvicorn app.main:api dir= run.sh:1 shell',
      'uvicorn app.main:app dir= scripts/start.sh:6 shell',
      'uvicorn app.main:app2 dir= uv.sh:1 shell',
    ]);
  });

  it('reads both branches of a condition, follows cd, and ignores commands that only mention a server', async () => {
    expect(
      await targets({
        'deploy/run.sh': lines(
          'if [ "$ENV" = "dev" ]; then',
          '  uvicorn main:app --reload --reload-dir src',
          'else',
          '  cd ../backend && gunicorn -c gunicorn.conf.py -w4 --worker-class=uvicorn.workers.UvicornWorker wsgi:app &',
          'fi',
          'pkill -f uvicorn',
          'echo "started gunicorn wsgi:app"',
          'poetry add gunicorn',
        ),
        'backend/wsgi.py': '',
      }),
    ).toEqual(['uvicorn main:app dir=deploy deploy/run.sh:2 shell', 'gunicorn wsgi:app dir=backend deploy/run.sh:4 shell']);
  });
});

describe('targets: server command lines', () => {
  const one = async (command: string, extra: TreeSpec = {}): Promise<string[]> =>
    (await targets({ ...extra, 'run.sh': `${command}\n` })).map((s) => s.replace(/ run\.sh:1 shell$/, ''));

  it.each([
    ['uvicorn --host 0.0.0.0 --port 8000 --log-level debug --workers 4 m:app', 'uvicorn m:app dir='],
    ['uvicorn --app-dir src --factory pkg.main:create_app', 'uvicorn pkg.main:create_app() dir=src'],
    ['uvicorn --env-file .env --reload-include "*.py" --no-access-log --ws-per-message-deflate false m:app', 'uvicorn m:app dir='],
    ['uvicorn app/main.py:app', 'uvicorn app.main:app dir='],
    ['uvicorn m:Server.app', 'uvicorn m:Server.app dir='],
    ['gunicorn -w 4 -b 0.0.0.0:80 -k uvicorn.workers.UvicornWorker --timeout 60 "m:create_app()"', 'gunicorn m:create_app() dir='],
    ['gunicorn -w4 -c conf.py --chdir backend --pythonpath src,lib m:app', 'gunicorn m:app dir=backend/src'],
    ['gunicorn --bind=unix:/tmp/sock "m:create_app(debug=False)"', 'gunicorn m:create_app() dir='],
    ['gunicorn wsgi', 'gunicorn wsgi:application dir='],
    ['hypercorn --bind 0.0.0.0:8000 -w 2 "m:create_app()"', 'hypercorn m:create_app() dir='],
    ['hypercorn m', 'hypercorn m:app dir='],
    ['granian --interface asgi --host 0.0.0.0 --port 8000 --workers 2 m:app', 'granian m:app dir='],
    ['granian --interface asgi --factory --working-dir svc m:create_app', 'granian m:create_app() dir=svc'],
    ['daphne -b 0.0.0.0 -p 8001 -e ssl:443:privateKey=key.pem proj.asgi:application', 'daphne proj.asgi:application dir='],
    ['/opt/venv/bin/uvicorn m:app', 'uvicorn m:app dir='],
    ['opentelemetry-instrument --traces_exporter console uvicorn m:app', 'uvicorn m:app dir='],
    ['dumb-init -- python3.12 -m gunicorn m:app', 'gunicorn m:app dir='],
  ])('%s', async (command, want) => {
    expect(await one(command)).toEqual([want]);
  });

  it.each([
    ['uvicorn --host 0.0.0.0:8000'],
    ['uvicorn $APP_MODULE'],
    ['gunicorn -c gunicorn.conf.py'],
    ['pip install "uvicorn[standard]" gunicorn'],
    ['uv pip install uvicorn'],
    ['command -v gunicorn'],
    ['fastapi deploy'],
    ['uvicorn --help'],
  ])('names no target: %s', async (command) => {
    expect(await one(command)).toEqual([]);
  });

  describe('fastapi run / dev', () => {
    it('with no path: the first default file that exists, counted from the first folder without __init__.py', async () => {
      expect(await one('fastapi run', { 'app/__init__.py': '', 'app/main.py': '', 'app/api.py': '' })).toEqual(['fastapi app.main:app dir=']);
      expect(await one('fastapi run', { 'app/main.py': '' })).toEqual(['fastapi main:app dir=app']);
      expect(await one('fastapi dev --port 8000', { 'api.py': '', 'app/main.py': '' })).toEqual(['fastapi api:app dir=']);
      expect(await one('fastapi run')).toEqual([]);
    });

    it('with a file or package path, and --app', async () => {
      expect(await one('fastapi dev src/pkg/api.py --app api_app --host 0.0.0.0', { 'src/pkg/__init__.py': '', 'src/pkg/api.py': '' })).toEqual([
        'fastapi pkg.api:api_app dir=src',
      ]);
      expect(await one('fastapi run backend/app --workers 4', { 'backend/app/__init__.py': '' })).toEqual(['fastapi app:app dir=backend']);
    });

    it('with --entrypoint, or [tool.fastapi] entrypoint in pyproject.toml', async () => {
      expect(await one('fastapi run --entrypoint pkg.main:application')).toEqual(['fastapi pkg.main:application dir=']);
      const result = await run({ 'pyproject.toml': '[tool.fastapi]\nentrypoint = "backend.main:app"\n', 'run.sh': 'fastapi run\n' });
      expect(result.targets.map(show)).toEqual(['fastapi backend.main:app dir= pyproject.toml:2 pyproject']);
    });
  });
});

describe('targets: Makefile', () => {
  it('reads recipe lines with the file variables, each line in its own shell', async () => {
    expect(
      await targets({
        Makefile: lines(
          'APP ?= app.main:app',
          'PORT := 8000',
          '',
          '.PHONY: run prod',
          'run:',
          '\tuvicorn $(APP) --reload --port $(PORT)',
          'prod:',
          '\t@cd backend && \\',
          '\t  gunicorn -k uvicorn.workers.UvicornWorker --bind 0.0.0.0:$${PORT} main:app',
          'dev:',
          '\tgunicorn other:app',
        ),
      }),
    ).toEqual(['uvicorn app.main:app dir= Makefile:6 makefile', 'gunicorn main:app dir=backend Makefile:8 makefile', 'gunicorn other:app dir= Makefile:11 makefile']);
  });
});

describe('targets: supervisord and other INI files', () => {
  it('reads command= (continued on indented lines), run from the scan root', async () => {
    expect(
      await targets({
        'deploy/supervisord.conf': lines(
          '[supervisord]',
          'nodaemon=true',
          '[program:api]',
          'directory=/app',
          'command=/app/.venv/bin/gunicorn app.main:app',
          '    --worker-class uvicorn.workers.UvicornWorker',
          '    --bind 0.0.0.0:%(ENV_PORT)s',
          'autostart=true',
          '[program:worker]',
          'command=celery -A app.worker worker',
        ),
        'tox.ini': '[testenv]\ncommands = pytest\n',
      }),
    ).toEqual(['gunicorn app.main:app dir= deploy/supervisord.conf:5 other']);
  });
});

describe('targets: Kubernetes and Helm YAML', () => {
  it('joins command and args in any mapping, in every document; Helm actions do not break parsing', async () => {
    expect(
      await targets({
        'k8s/api.yaml': lines(
          'apiVersion: v1',
          'kind: ConfigMap',
          '---',
          'apiVersion: apps/v1',
          'kind: Deployment',
          'spec:',
          '  template:',
          '    spec:',
          '      containers:',
          '        - name: api',
          '          command: ["uvicorn"]',
          '          args: ["app.main:app", "--host", "0.0.0.0"]',
        ),
        'chart/templates/deployment.yaml': lines(
          'apiVersion: apps/v1',
          'kind: Deployment',
          'metadata:',
          '  name: {{ include "chart.fullname" . }}',
          'spec:',
          '  template:',
          '    spec:',
          '      containers:',
          '        {{- with .Values.extra }}',
          '        {{- end }}',
          '        - name: web',
          '          image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"',
          '          command:',
          '            - gunicorn',
          '            - -k',
          '            - uvicorn.workers.UvicornWorker',
          '            - "svc.web:create_app()"',
        ),
        '.github/workflows/ci.yml': lines('on: push', 'jobs:', '  test:', '    steps:', '      - run: pip install uvicorn'),
      }),
    ).toEqual(['gunicorn svc.web:create_app() dir= chart/templates/deployment.yaml:13 other', 'uvicorn app.main:app dir= k8s/api.yaml:11 other']);
  });
});

describe('targets: pyproject.toml and setup files', () => {
  it('reads console scripts (called: factory), the src layout, [tool.fastapi] and task runners', async () => {
    expect(
      await targets({
        'src/pkg/__init__.py': '',
        'src/pkg/cli.py': '',
        'tools/__init__.py': '',
        'pyproject.toml': lines(
          '[project]',
          'name = "pkg"',
          '',
          '[project.scripts]',
          'pkg-serve = "pkg.cli:main"',
          'pkg-admin = "tools.admin:run [extra]"',
          '',
          '[project.gui-scripts]',
          'gui = "pkg.gui:main"',
          '',
          '[tool.poetry.scripts]',
          'old = "pkg.cli:legacy"',
          'new = { reference = "pkg.cli:serve", type = "console" }',
          'file = { reference = "bin/x.sh", type = "file" }',
          '',
          '[tool.fastapi]',
          'entrypoint = "pkg.api:app"',
          '',
          '[tool.poe.tasks]',
          'serve = "uvicorn pkg.api:app --reload"',
          'prod = { cmd = "gunicorn -k uvicorn.workers.UvicornWorker pkg.api:create_app()" }',
          '',
          '[tool.pdm.scripts]',
          'start = { cmd = ["hypercorn", "pkg.api:hyper_app", "--bind", "0.0.0.0:80"] }',
        ),
      }),
    ).toEqual([
      'script pkg.cli:main() dir=src pyproject.toml:5 pyproject',
      'script tools.admin:run() dir= pyproject.toml:6 pyproject',
      'script pkg.cli:legacy() dir=src pyproject.toml:12 pyproject',
      'script pkg.cli:serve() dir=src pyproject.toml:13 pyproject',
      // Also what `poe serve` runs (line 20): the same module, attribute and folder are one target.
      'fastapi pkg.api:app dir= pyproject.toml:17 pyproject',
      'gunicorn pkg.api:create_app() dir= pyproject.toml:21 pyproject',
      'hypercorn pkg.api:hyper_app dir= pyproject.toml:24 pyproject',
    ]);
  });

  it('reads setup.cfg and setup.py console_scripts', async () => {
    expect(
      await targets({
        'lib/svc/__init__.py': '',
        'lib/setup.cfg': lines(
          '[metadata]',
          'name = svc',
          '',
          '[options.entry_points]',
          'console_scripts =',
          '    svc-api = svc.api:main',
          '    svc-cli = svc.cli:app',
          'gui_scripts =',
          '    x = svc.gui:main',
        ),
        'lib/setup.py': lines(
          'from setuptools import setup',
          'setup(',
          '    entry_points={',
          '        "console_scripts": [',
          '            "svc-api=svc.api:main",',
          "            'svc-worker = svc.worker:run',",
          '        ],',
          '    },',
          ')',
        ),
      }),
    ).toEqual([
      'script svc.api:main() dir=lib lib/setup.cfg:6 setup',
      'script svc.cli:app() dir=lib lib/setup.cfg:7 setup',
      'script svc.worker:run() dir=lib lib/setup.py:6 setup',
    ]);
  });
});

describe('targets: the folder is checked against the scanned files', () => {
  it('moves to the folder above that holds the module (cd into a folder that is not there)', async () => {
    expect(
      await targets({
        'enterprise/saas_server.py': '',
        'enterprise/Makefile': lines('run:', '\t@cd app && poetry run uvicorn saas_server:app --port $(PORT) &'),
      }),
    ).toEqual(['uvicorn saas_server:app dir=enterprise enterprise/Makefile:2 makefile']);
  });

  it('finds a dotted module anywhere in the scan, nearest first; a one-word module only above', async () => {
    expect(
      await targets({
        'py/core/__init__.py': '',
        'py/core/main/__init__.py': '',
        'py/core/main/app_entry.py': '',
        'docker/scripts/start.sh': lines('exec uvicorn core.main.app_entry:app --host 0.0.0.0', 'uvicorn main:app'),
        'other/main.py': '',
      }),
    ).toEqual(['uvicorn core.main.app_entry:app dir=py docker/scripts/start.sh:1 shell', 'uvicorn main:app dir=docker/scripts docker/scripts/start.sh:2 shell']);
  });

  it('keeps the folder when the module is not among the scanned files (an installed package)', async () => {
    expect(await targets({ 'deploy/start.sh': 'uvicorn --factory prefect.server.api.server:create_app\n' })).toEqual([
      'uvicorn prefect.server.api.server:create_app() dir=deploy deploy/start.sh:1 shell',
    ]);
  });

  it('a file copied into the WORKDIR (COPY main.py .) lands inside it', async () => {
    expect(await targets({ 'svc/main.py': '', 'svc/Dockerfile': lines('FROM python', 'WORKDIR /app', 'COPY main.py .', 'CMD ["uvicorn", "main:app"]') })).toEqual([
      'uvicorn main:app dir=svc svc/Dockerfile:4 dockerfile',
    ]);
  });
});

describe('targets: order, duplicates, excludes, limits', () => {
  it('are sorted by file and line, one per module/attr/factory/dir, at the first place', async () => {
    expect(
      await targets({
        ...APP,
        Dockerfile: lines('FROM python', 'COPY . /app', 'WORKDIR /app', 'CMD ["uvicorn", "app.main:app"]'),
        'docker-compose.yml': lines('services:', '  api:', '    build: .', '    command: uvicorn app.main:app --reload'),
        Procfile: 'web: uvicorn app.main:app --factory\n',
      }),
    ).toEqual(['uvicorn app.main:app dir= Dockerfile:4 dockerfile', 'uvicorn app.main:app() dir= Procfile:1 procfile']);
  });

  it('skip files under excluded directories and the user excludes; include globs do not apply', async () => {
    expect(
      await targets(
        {
          'node_modules/pkg/Dockerfile': 'CMD ["uvicorn", "x:app"]\n',
          '.venv/bin/start.sh': 'uvicorn y:app\n',
          'examples/Procfile': 'web: uvicorn z:app\n',
          Procfile: 'web: uvicorn main:app\n',
        },
        { exclude: ['examples'], include: ['src/**'] },
      ),
    ).toEqual(['uvicorn main:app dir= Procfile:1 procfile']);
  });

  it('skip a deployment file over the size cap with a notice (quietly for YAML/INI)', async () => {
    const result = await run(
      { Dockerfile: `CMD ["uvicorn", "m:app"]\n${'#'.repeat(200)}\n`, 'k.yaml': `command: [uvicorn, k:app]\n${'#'.repeat(200)}\n`, Procfile: 'web: uvicorn p:app\n' },
      { maxFileBytes: 100 },
    );
    expect(result.targets.map(show)).toEqual(['uvicorn p:app dir= Procfile:1 procfile']);
    expect(result.notices).toEqual([{ level: 'notice', file: 'Dockerfile', message: 'skipped: 226 bytes > limit (100 bytes); no server targets read from it' }]);
  });

  it('never read a deployment file through a symlink out of the root', async () => {
    const outside = makeTree({ Procfile: 'web: uvicorn secret:app\n' });
    roots.push(outside);
    const result = await run({ Procfile: { link: path.join(outside, 'Procfile') } });
    expect(result.targets).toEqual([]);
    expect(result.notices).toEqual([{ level: 'notice', file: 'Procfile', message: 'symlink points outside the scan root; not followed' }]);
  });

  it('are found only under the scan paths', async () => {
    expect(await targets({ 'a/Procfile': 'web: uvicorn a:app\n', 'b/Procfile': 'web: uvicorn b:app\n' }, { paths: ['b'] })).toEqual(['uvicorn b:app dir=b b/Procfile:1 procfile']);
  });
});

describe('targets: broken files give notices, the other targets are still found', () => {
  it('bad YAML, bad TOML, a CMD that is not JSON', async () => {
    const result = await run({
      ...APP,
      'docker-compose.yml': lines('services:', '  api:', '    command: [uvicorn, app.main:app', '  other: {'),
      'pyproject.toml': lines('[project.scripts]', 'serve = "app.cli:main', ''),
      Dockerfile: lines('FROM python', 'CMD ["uvicorn", "app.main:app",]'),
      Procfile: 'web: uvicorn app.main:app --factory\n',
      'start.sh': 'exec gunicorn "app.main:create_app()"\n',
    });
    expect(result.targets.map(show)).toEqual(['uvicorn app.main:app() dir= Procfile:1 procfile', 'gunicorn app.main:create_app() dir= start.sh:1 shell']);
    expect(result.notices).toEqual([
      { level: 'notice', file: 'Dockerfile', line: 2, message: 'CMD is not a valid JSON array; read as shell form, as Docker does' },
      { level: 'notice', file: 'docker-compose.yml', line: 4, message: expect.stringMatching(/^YAML syntax error: .*; no server targets read from it$/) },
      { level: 'notice', file: 'pyproject.toml', line: 2, message: expect.stringMatching(/^TOML syntax error: .*; no server targets read from it$/) },
    ]);
  });
});

describe('targetFileKind', () => {
  it.each([
    ['Dockerfile', 'dockerfile'],
    ['api.Dockerfile', 'dockerfile'],
    ['Dockerfile.prod', 'dockerfile'],
    ['Containerfile', 'dockerfile'],
    ['Dockerfile.dockerignore', undefined],
    ['Procfile', 'procfile'],
    ['docker-compose.override.yml', 'compose'],
    ['compose.yaml', 'compose'],
    ['values.yaml', 'yaml'],
    ['entrypoint.sh', 'shell'],
    ['Makefile', 'makefile'],
    ['pyproject.toml', 'pyproject'],
    ['setup.cfg', 'setup.cfg'],
    ['setup.py', 'setup.py'],
    ['supervisord.conf', 'ini'],
    ['main.py', undefined],
    ['README.md', undefined],
  ])('%s → %s', (name, kind) => {
    expect(targetFileKind(name)).toBe(kind);
  });
});
