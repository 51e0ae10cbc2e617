"""Where the aggregates live in Redis: shards, hash tags, and an article's per-shard parts.

The aggregates are split over `SHARDS` shards. Shard `k`'s keys all carry one hash tag
(`{<prefix>:<k>.<s>}`), so they sit in one Redis Cluster slot, and each script touches one
shard only. The tags are chosen so that their slots fall in `SHARDS` equal ranges of the
16,384 slots: a cluster whose primaries own equal ranges (what `redis-cli --cluster create`
does) gets shards on every primary.

What lives where (each thing in exactly one shard):
- an entity's counts (per day, type and source), its co-mentions and its names, aliases and
  sources: the shard of its id;
- a speaker's counts, names and quote feed: the shard of its id; a name -> speaker id
  lookup: the shard of the name's key;
- an article's totals (articles, quotes, mentions, per source): the shard of its id;
- the exactly-once marker of an article: in *every* shard, beside the part it guards.

`parts` turns one article's contribution into one part per shard (possibly empty). Applying a
part is one atomic script in that shard: it checks the shard's marker for the article and
adds the part (subtracting the part of an earlier version first). See `store_redis.py` for
what that means after a crash.
"""

import zlib
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

import orjson
from redis.crc import REDIS_CLUSTER_HASH_SLOTS, key_slot

from services.aggregate.rollup import Contribution
from shared.counting import PAIR_ENTITIES
from shared.textmatch import surname

#: the number of shards (changing it moves every key: run `newsflow rebuild` after)
SHARDS = 8
#: an entity's or a speaker's counts in one score: articles * M + mentions (quotes * M +
#: articles for speakers); sums stay exact below 2**53 (about 134M articles per window)
M = 2**26
DAY_S = 86_400


#: `bn:<D>` fields `~<surname>\x1f<speaker id>` -> speaker id: who a surname may stand for
SURNAME = "~"


def surname_field(last: str, speaker_id: str) -> str:
    return f"{SURNAME}{last}\x1f{speaker_id}"


def shard_of(key: str, shards: int = SHARDS) -> int:
    return zlib.crc32(key.encode()) % shards


def shard_tags(prefix: str, shards: int = SHARDS) -> list[str]:
    """One hash tag per shard, the k-th in the k-th range of cluster slots."""
    width = REDIS_CLUSTER_HASH_SLOTS // shards
    tags = []
    for k in range(shards):
        s = 0
        while key_slot(f"{prefix}:{k}.{s}".encode()) // width != k:
            s += 1
        tags.append("{" + f"{prefix}:{k}.{s}" + "}")
    return tags


def expiry_s(day: date, hot_days: int | None) -> int:
    """When a day's aggregates expire (s since the epoch): the end of its hot window."""
    if not hot_days:
        return 0
    end = datetime(day.year, day.month, day.day, tzinfo=UTC) + timedelta(days=hot_days)
    return int(end.timestamp())


def hot_start(today: date, hot_days: int | None) -> date | None:
    """The first day still in the hot window (None: no window)."""
    return today - timedelta(days=hot_days - 1) if hot_days else None


@dataclass
class Part:
    ents: list[list] = field(default_factory=list)  # [id, type, name, mentions, aliases, partners]
    spk: list[list] = field(default_factory=list)  # [id, name, quotes]
    bn: list[list] = field(default_factory=list)  # [name key, speaker id]
    feed: list[list] = field(default_factory=list)  # [speaker id, sort key, entry]
    home: list[int] | None = None  # [mentions, quotes] in the article's own shard


def parts(share: Contribution, shards: int = SHARDS) -> list[Part]:
    """One part per shard, in shard order."""
    out = [Part() for _ in range(shards)]
    top = sorted(share.entities, key=lambda e: (-e.mentions, e.id))[:PAIR_ENTITIES]
    paired = {e.id for e in top} if len(top) > 1 else set()
    for e in share.entities:
        partners = sorted(paired - {e.id}) if e.id in paired else []
        aliases = [] if list(e.aliases) == [e.name] else list(e.aliases)  # the name counts too
        out[shard_of(e.id, shards)].ents.append(
            [e.id, e.type, e.name, e.mentions, aliases, partners]
        )
    for s in share.speakers:
        out[shard_of(s.id, shards)].spk.append([s.id, s.name, s.quotes])
        out[shard_of(s.name_key, shards)].bn.append([s.name_key, s.id])
        last = surname(s.name)
        if last and last != s.name_key:  # one field per (surname, speaker): ambiguity shows
            out[shard_of(SURNAME + last, shards)].bn.append([surname_field(last, s.id), s.id])
    for speaker_id, entry in share.feed:
        key = entry.split("|", 3)
        out[shard_of(speaker_id, shards)].feed.append([speaker_id, "|".join(key[:3]), entry])
    out[shard_of(share.article_id, shards)].home = [share.mentions, share.quotes]
    return out


def part_json(part: Part, share: Contribution, expires_s: int, *, stored: bool) -> str:
    """The part as the script reads it; `stored`: as the marker keeps it (feed entries by
    their sort key only: enough to remove them; an empty part as `{}`)."""
    if stored and not (part.ents or part.spk or part.feed or part.home):
        return "{}"
    feed = [f[:2] for f in part.feed] if stored else part.feed
    return orjson.dumps(
        {
            "d": share.day,
            "dn": share.day_number,
            "x": expires_s,
            "src": share.source or "",
            "ents": part.ents,
            "spk": part.spk,
            "bn": part.bn if not stored else [],
            "feed": feed,
            "home": part.home or [],
        }
    ).decode()
