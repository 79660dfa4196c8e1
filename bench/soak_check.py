"""After the soak: is every acknowledged write in the database, and is the index equal to it?

Asked of the site itself (`manage.py shell` with the environment gunicorn runs with) and of its
index: FTS5's file by read-only SQL, tantivy's and Elasticsearch's through the site's engine.
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

OUTBOX_TABLES = ("tavolone_search_indexupdate", "search_indexupdate")
# Run inside the site (manage.py shell -c): tokens in, what the database and the index say out.
SITE_SCRIPT = """
import io, json, re, sys
from django.core.management import call_command
from machina.core.db.models import get_model
from community.models import NewsPage
from search import services
Post = get_model('forum_conversation', 'Post')
pattern = re.compile(r'soak{run}[a-z]+[0-9]+')
posts = {{}}
for content, approved, topic_approved in Post.objects.filter(
        content__contains='soak{run}').values_list('content', 'approved', 'topic__approved'):
    for token in set(pattern.findall(content)):
        row = posts.setdefault(token, {{'n': 0, 'approved': bool(approved and topic_approved)}})
        row['n'] += 1
pages = {{}}
for slug, live in NewsPage.objects.filter(slug__startswith='soak{run}').values_list('slug', 'live'):
    pages.setdefault(slug, {{'n': 0, 'live': live}})['n'] += 1
out = io.StringIO()
try:
    call_command('search_index', 'status', stdout=out)
except Exception as exc:
    out.write(f'search_index status failed: {{exc}}')
info = services.status()
print('SOAK-JSON' + json.dumps({{'posts': posts, 'pages': pages, 'status_text': out.getvalue(),
    'drift': info.get('drift'), 'pending': info.get('pending'), 'error': info.get('error'),
    'database': info.get('database'), 'documents': info.get('documents')}}, default=str))
"""


def site_state(env: dict[str, str], cwd: str, run_id: str) -> dict:
    script = SITE_SCRIPT.format(run=run_id)
    argv = [sys.executable, "manage.py", "shell", "-c", script]
    done = subprocess.run(argv, cwd=cwd, env=env, capture_output=True, text=True, timeout=120)  # noqa: S603
    for line in done.stdout.splitlines():
        if line.startswith("SOAK-JSON"):
            return json.loads(line[len("SOAK-JSON") :])
    raise SystemExit(f"soak: could not read the site's state:\n{done.stdout}\n{done.stderr}")


def pending(env: dict[str, str]) -> int | None:
    """Index updates waiting in the outbox (None: the database did not answer)."""
    for table in OUTBOX_TABLES:
        sql = f"SELECT count(*) FROM {table}"  # noqa: S608 (our own table names)
        try:
            url = env.get("DATABASE_URL", "")
            if url:
                import psycopg

                with psycopg.connect(url, connect_timeout=5) as conn:
                    return conn.execute(sql).fetchone()[0]
            path = Path(env.get("TAVOLONE_VAR_DIR", "var")) / "db.sqlite3"
            conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5)
            try:
                return conn.execute(sql).fetchone()[0]
            finally:
                conn.close()
        except Exception:  # noqa: BLE001, S112 (a count for the report; try the next name)
            continue
    return None


def wait_drained(env: dict[str, str], seconds: float) -> tuple[bool, float]:
    """Wait until the outbox is empty (the worker applied everything); (drained, seconds)."""
    started = time.monotonic()
    while time.monotonic() - started < seconds:
        if pending(env) == 0:
            return True, time.monotonic() - started
        time.sleep(0.5)
    return False, time.monotonic() - started


def index_state(path: str, tokens: list[str]) -> dict:
    """The embedded index file: tokens whose text it holds, and rows without a document (an
    index that grew duplicates); `docs.key` is unique by its schema."""
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=10)
    except sqlite3.Error as exc:
        return {"error": str(exc)}
    try:
        missing = [
            t
            for t in tokens
            if not conn.execute(
                "SELECT 1 FROM fts WHERE body LIKE ? LIMIT 1", (f"%{t}%",)
            ).fetchone()
        ]
        docs = conn.execute("SELECT count(*) FROM docs").fetchone()[0]
        fts = conn.execute("SELECT count(*) FROM fts").fetchone()[0]
        orphans = conn.execute(
            "SELECT count(*) FROM fts WHERE rowid NOT IN (SELECT id FROM docs)"
        ).fetchone()[0]
        return {"docs": docs, "fts_rows": fts, "orphan_rows": orphans, "missing_tokens": missing}
    except sqlite3.Error as exc:
        return {"error": str(exc)}
    finally:
        conn.close()


# The Elasticsearch index behind the alias, asked through the site's own engine (its client and
# settings): how many documents, behind how many indices, and which tokens no document holds.
ELASTIC_SCRIPT = """
import json, sys
from search import services
engine = services.get_engine()
tokens = json.loads(sys.stdin.read())
client, alias = engine.client, engine.alias
client.indices.refresh(index=alias)
indices = sorted(client.indices.get_alias(name=alias).body)
docs = client.count(index=alias).body['count']
missing = [t for t in tokens
           if not client.count(index=alias, query={'match': {'body': t}}).body['count']]
print('SOAK-JSON' + json.dumps({'docs': docs, 'fts_rows': docs, 'indices': indices,
    'orphan_rows': len(indices) - 1, 'missing_tokens': missing}))
"""


# The tantivy index, read through the site's own engine: every stored document's key and text;
# a key stored twice (a write applied without deleting the older state) counts as orphans.
TANTIVY_SCRIPT = """
import json, sys
from tantivy import Query
from search import services
from search.engines.tantivy.schema import read_stored
tokens = json.loads(sys.stdin.read())
searcher, _ = services.get_engine().shelf.reader()
hits = searcher.search(Query.all_query(), limit=max(1, searcher.num_docs)).hits
keys, texts = [], []
for _, address in hits:
    meta, title, body, _ = read_stored(searcher.doc(address).get_first('stored'))
    keys.append(meta[0])
    texts.append(title + ' ' + body)
missing = [t for t in tokens if not any(t in x for x in texts)]
print('SOAK-JSON' + json.dumps({'docs': len(set(keys)), 'fts_rows': len(keys),
    'orphan_rows': len(keys) - len(set(keys)), 'missing_tokens': missing}))
"""


def tantivy_index_state(env: dict[str, str], cwd: str, tokens: list[str]) -> dict:
    """index_state() for tantivy, the same keys, asked of the site's engine."""
    return _asked(TANTIVY_SCRIPT, env, cwd, tokens, "tantivy")


def elastic_index_state(env: dict[str, str], cwd: str, tokens: list[str]) -> dict:
    """index_state() for Elasticsearch: the same keys; a second index behind the alias counts
    as orphans (one document's key is unique within an index)."""
    return _asked(ELASTIC_SCRIPT, env, cwd, tokens, "Elasticsearch")


def _asked(script: str, env: dict[str, str], cwd: str, tokens: list[str], engine: str) -> dict:
    argv = [sys.executable, "manage.py", "shell", "-c", script]
    done = subprocess.run(  # noqa: S603 (our own manage.py)
        argv, cwd=cwd, env=env, input=json.dumps(tokens), capture_output=True, text=True,
        timeout=120,
    )  # fmt: skip
    for line in done.stdout.splitlines():
        if line.startswith("SOAK-JSON"):
            return json.loads(line[len("SOAK-JSON") :])
    return {"error": f"could not read the {engine} index: {done.stderr.strip()[-300:]}"}
