"""The Redis cache backend builds one Redis client per connection pool, not one a call."""

from django.core.cache.backends.redis import RedisCacheClient

from tavolone.env import cache_settings
from tavolone.lib.rediscache import RedisCache


def test_a_redis_cache_url_uses_the_backend_that_reuses_its_client(tmp_path):
    caches = cache_settings("redis://127.0.0.1:6379/1", location_dir=str(tmp_path))
    assert caches["default"]["BACKEND"] == "tavolone.lib.rediscache.RedisCache"
    assert caches["pages"]["BACKEND"] == "tavolone.lib.rediscache.RedisCache"


def test_every_operation_gets_the_same_client_for_the_same_server():
    cache = RedisCache("redis://127.0.0.1:6379/1", {})
    client = cache._cache.get_client("a")  # builds no connection: the pool connects lazily
    assert client is cache._cache.get_client("b", write=True)
    assert isinstance(cache._cache, RedisCacheClient)
