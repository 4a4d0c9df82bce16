"""Rendered public pages, cached until the network changes (issue 13).

An anonymous GET of a public page (the HTML pages, the CSV and Atom exports, the public JSON
API answers) is kept under its address, the network's generation (ipn.services.generation)
and the network's day, and served again while those are the same. Every answer carries a
weak ETag and a Last-Modified; a conditional request whose copy is current is answered 304.
A page kept is also kept gzipped, for the clients that accept it (browsers do).
The cache is in each process's memory by default (bounded), or in Redis when
IPN_PAGE_CACHE_URL names one, shared by every worker and server. IPN_PAGE_CACHE=false turns
it off (pages are then rendered every time; ETags and 304s stay)."""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import json
import threading
from collections import OrderedDict

from flask import Flask, Response, current_app, g, request, session
from flask_login import current_user

from ipn import clock
from ipn.config import flag
from ipn.services import generation

CACHED_ENDPOINTS = frozenset({
    "public.home", "public.groups", "public.group", "network_map.network",
    "check.check", "check.practitioner",
    "open_data.finding_each_other", "open_data.gatherings", "open_data.groups_csv", "open_data.statements_feed",
    "api.list_groups", "api.get_group", "api.practitioner", "api.accreditation", "api.gatherings",
})
# Headers the cache does not keep: they belong to one answer, or are set again on each.
NOT_KEPT = frozenset({"set-cookie", "content-length", "date", "vary", "etag", "last-modified", "cache-control"})
KEY = "ipn_page_key"
GZIP = ":gzip"  # the key of a page's gzipped copy, served to those who accept it
GZIP_FROM = 1024  # bytes: smaller pages are served as they are


class MemoryCache:
    """Per process: at most `entries` pages and `size` bytes, least recently used out first,
    everything dropped when the generation moves on."""

    def __init__(self, entries: int = 2048, size: int = 64 * 2**20) -> None:
        self.pages: OrderedDict[str, tuple[bytes, list]] = OrderedDict()
        self.entries, self.size, self.used, self.generation = entries, size, 0, None
        self.lock = threading.Lock()

    def get(self, key: str, generation: tuple[int, int]) -> tuple[bytes, list] | None:
        with self.lock:
            if not self._at(generation):
                return None
            page = self.pages.get(key)
            if page is not None:
                self.pages.move_to_end(key)
            return page

    def set(self, key: str, generation: tuple[int, int], body: bytes, headers: list) -> None:
        with self.lock:
            if not self._at(generation):
                return
            if key in self.pages or len(body) > self.size // 8:
                return
            self.pages[key] = (body, headers)
            self.used += len(body)
            while len(self.pages) > self.entries or self.used > self.size:
                _, (old, _) = self.pages.popitem(last=False)
                self.used -= len(old)

    def _at(self, generation: tuple[int, int]) -> bool:
        """Move on to `generation` if it is newer (its time is later); False if it is older
        (a request that read it before a change): such a request neither reads nor keeps."""
        if generation == self.generation:
            return True
        if self.generation is not None and generation[1] < self.generation[1]:
            return False
        self.pages.clear()
        self.used, self.generation = 0, generation
        return True


class RedisCache:
    """Shared by every worker: one hash per page (body and headers), expiring after a day;
    a page of an old generation is never asked for again and simply expires."""

    def __init__(self, url: str, ttl: int = 86_400) -> None:
        import redis

        self.redis, self.ttl, self.errors = redis.Redis.from_url(url), ttl, redis.RedisError

    def get(self, key: str, generation: tuple[int, int]) -> tuple[bytes, list] | None:
        try:
            found = self.redis.hmget(key, "body", "headers")
        except self.errors:
            current_app.logger.warning("page cache: Redis did not answer; rendering the page")
            return None
        if found[0] is None or found[1] is None:
            return None
        return found[0], json.loads(found[1])

    def set(self, key: str, generation: tuple[int, int], body: bytes, headers: list) -> None:
        try:
            with self.redis.pipeline() as pipe:
                pipe.hset(key, mapping={"body": body, "headers": json.dumps(headers)})
                pipe.expire(key, self.ttl)
                pipe.execute()
        except self.errors:
            current_app.logger.warning("page cache: Redis did not answer; the page is not kept")


def validators() -> tuple[int, dt.datetime]:
    """(generation, Last-Modified): the network's last change, or the start of the network's
    day if later (what a page says of dates changes with the day)."""
    number, changed = generation.current()
    since = max(dt.datetime.fromtimestamp(changed, dt.timezone.utc), clock.start_of_day(clock.today()))
    return number, since.replace(microsecond=0)


def page_tag() -> str:
    """A weak validator of what a page shows: the generation, the day, who is asking (the
    header shows it) and the address itself."""
    user = current_user.get_id() if current_user.is_authenticated else "-"
    basis = f"{generation.current()}|{clock.today()}|{user}|{request.full_path}"
    return hashlib.sha256(basis.encode()).hexdigest()[:32]


def with_validators(response: Response) -> Response:
    response.set_etag(page_tag(), weak=True)
    response.last_modified = validators()[1]
    response.headers["Cache-Control"] = "no-cache"
    return response


def copy_is_current() -> bool:
    """Whether the request's conditional headers name what the page shows now: its ETag, or
    (without If-None-Match, as RFC 9110 says) a time no earlier than its Last-Modified."""
    if request.if_none_match:
        return request.if_none_match.contains_weak(page_tag())
    since = request.if_modified_since
    return since is not None and validators()[1] <= since


def revalidated(response: Response) -> Response:
    """With its validators, and 304 when the request's copy is current."""
    if copy_is_current():
        return with_validators(Response(status=304))
    return with_validators(response)


def _accepts_gzip() -> bool:
    return request.accept_encodings["gzip"] > 0


def _cacheable() -> bool:
    return (request.method in ("GET", "HEAD") and request.endpoint in CACHED_ENDPOINTS
            and "Authorization" not in request.headers and "_flashes" not in session
            and not current_user.is_authenticated)


def register_page_cache(app: Flask) -> None:
    """After the hooks that bring statuses up to date (they may change the network), look the
    page up; after rendering, keep it."""
    url = app.config.get("PAGE_CACHE_URL")
    enabled = flag(app.config.get("PAGE_CACHE", True))
    store = (RedisCache(url) if url else MemoryCache()) if enabled else None
    app.extensions["ipn_page_cache"] = store

    @app.before_request
    def cached_page():
        if store is None or not _cacheable():
            return None
        # The generation with the time it was reached: a restored backup's older number is
        # reached again at a new time, so pages kept from before never match it.
        number = generation.current()
        key = "ipn:page:" + hashlib.sha256(f"{number}|{clock.today()}|{request.full_path}".encode()).hexdigest()
        found = store.get(key + GZIP, number) if _accepts_gzip() else None
        found = found or store.get(key, number)
        if found is None:
            g.setdefault(KEY, (key, number))
            return None
        body, headers = found
        response = Response(body, headers=[tuple(pair) for pair in headers])
        response.vary.add("Accept-Encoding")
        return revalidated(response)

    @app.after_request
    def keep_page(response: Response) -> Response:
        noted = g.pop(KEY, None)
        if noted is None or response.status_code != 200 or response.direct_passthrough or session.modified:
            return response
        key, number = noted
        body = response.get_data()
        headers = [[k, v] for k, v in response.headers.items() if k.lower() not in NOT_KEPT]
        store.set(key, number, body, headers)
        if len(body) >= GZIP_FROM and "Content-Encoding" not in response.headers:
            # Compressed once, for every browser after (a map of 500 groups is 440 KB, 17 gzipped).
            store.set(key + GZIP, number, gzip.compress(body, compresslevel=6, mtime=0),
                      headers + [["Content-Encoding", "gzip"]])
        response.vary.add("Accept-Encoding")
        if "ETag" not in response.headers:  # the JSON answers: the HTML pages set their own
            return revalidated(response)
        return response
