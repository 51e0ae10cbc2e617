r"""The Redis scripts of `store_redis`, as text. Each touches the keys of one shard only: they
all carry the shard's hash tag T (KEYS[1] is always one of them, so a cluster client routes the
call to the node that owns the slot).

Key layout, G = `T:<generation>:` (`T:cur` names shard T's live generation; absent: `g0`):

  a:<article>              string  the exactly-once marker: version, published ms, expiry,
                                 old versions ("\x1e"-separated) and the stored part, joined
                                 by "\x1f" (one string: a hash with a long value costs more)
  e:<D>:<T>:<S>            zset  entity -> articles*M + mentions, on day D, type T (or *),
                                 source S (`=source`, or *)                     [day key]
  co:<entity>:<D>          zset  other entity -> articles naming both on day D  [day key]
  ent:<entity>             hash  c articles, t type, n|a|s\x1f<D>\x1f<name|alias|source>
                                 -> articles that day (days older than the window are
                                 dropped as the entity is counted again)        [extended]
  sp:<D>:<S>               zset  speaker -> quotes*M + articles                 [day key]
  spk:<speaker>            hash  c articles, n\x1f<D>\x1f<name> -> articles that day [extended]
  bn:<D>                   hash  name key -> speaker id; `~<surname>\x1f<id>` -> id (who a
                                 surname may name)                              [day key]
  q:<speaker>              zset  quote feed entries (score 0, ordered as strings) [extended]
  q:*                      zset  "<sort key>|<speaker>" of this shard's quotes      [extended]
  tot:<D>                  hash  articles, quotes, mentions, a|q|m\x1f<source>  [day key]
  days                     zset  day -> day number (days this shard holds)

[day key]: expires when its day leaves the hot window. [extended]: holds several days; its
expiry moves to the latest day added, and feeds drop entries older than the window.
"""

APPLY = r"""
local tag, gen, aid, version = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
local pms, part, stored, now = ARGV[5], ARGV[6], ARGV[7], tonumber(ARGV[8])
local cut, cutdn, cutday = ARGV[9], tonumber(ARGV[10]), ARGV[11]
if gen == '' then gen = redis.call('GET', KEYS[1]) or 'g0' end
local G = tag .. ':' .. gen .. ':'
local akey = G .. 'a:' .. aid
local M = 67108864

local cur, stored_old = {}, nil
local raw = redis.call('GET', akey)
if raw then
  local at = 1
  for i = 1, 4 do
    local stop = string.find(raw, '\31', at, true)
    cur[i] = string.sub(raw, at, stop - 1)
    at = stop + 1
  end
  stored_old = string.sub(raw, at)
end
if cur[1] == version then return {0, 0, '', gen} end
if cur[1] then
  local stale
  if pms ~= '' and cur[2] and cur[2] ~= '' then
    stale = tonumber(pms) < tonumber(cur[2])
  else
    stale = string.find('\30' .. cur[4] .. '\30', '\30' .. version .. '\30', 1, true)
  end
  if stale then return {0, 0, '', gen} end
end
local P = cjson.decode(part)
local hot = P.x == 0 or P.x > now
if not cur[1] and not hot then return {0, 0, '', gen} end

local dated, extended = {}, {}
-- a zero step is skipped: Lua formats -1 * 0 as "-0", which HINCRBY refuses
local function zinc(key, member, by)
  if by == 0 then return end
  if tonumber(redis.call('ZINCRBY', key, by, member)) <= 0 then
    redis.call('ZREM', key, member)
  end
end
local function hinc(key, field, by)
  if by == 0 then return 0 end
  local left = redis.call('HINCRBY', key, field, by)
  if left <= 0 then redis.call('HDEL', key, field) end
  return left
end

-- day-qualified fields (`k\31<day>\31…`) of days before the window go
local function forget_old(key)
  if cutday == '' then return end
  local fields = redis.call('HKEYS', key)
  for _, f in ipairs(fields) do
    local day = string.sub(f, 3, 12)
    if string.sub(f, 2, 2) == '\31' and day < cutday then redis.call('HDEL', key, f) end
  end
end

local function add(c, s)
  local D, src = c.d, c.src
  local sources = {'*'}
  if src ~= '' then sources[2] = '=' .. src end
  local wrote = false
  for _, e in ipairs(c.ents) do
    local id, t, name, m = e[1], e[2], e[3], e[4]
    for _, T in ipairs({'*', t}) do
      for _, S in ipairs(sources) do
        local k = G .. 'e:' .. D .. ':' .. T .. ':' .. S
        zinc(k, id, s * (M + m))
        dated[k] = true
      end
    end
    for _, other in ipairs(e[6] or {}) do
      local k = G .. 'co:' .. id .. ':' .. D
      zinc(k, other, s)
      dated[k] = true
    end
    local ek = G .. 'ent:' .. id
    local dd = '\31' .. D .. '\31'
    hinc(ek, 'n' .. dd .. name, s)
    if #e[5] == 0 then hinc(ek, 'a' .. dd .. name, s) end
    for _, alias in ipairs(e[5]) do hinc(ek, 'a' .. dd .. alias, s) end
    if src ~= '' then hinc(ek, 's' .. dd .. src, s) end
    if s > 0 then forget_old(ek) end
    if hinc(ek, 'c', s) <= 0 and s < 0 then
      redis.call('DEL', ek)
    else
      redis.call('HSET', ek, 't', t)
      extended[ek] = true
    end
    wrote = true
  end
  for _, sp in ipairs(c.spk) do
    local id, name, q = sp[1], sp[2], sp[3]
    for _, S in ipairs(sources) do
      local k = G .. 'sp:' .. D .. ':' .. S
      zinc(k, id, s * (q * M + 1))
      dated[k] = true
    end
    local sk = G .. 'spk:' .. id
    hinc(sk, 'n\31' .. D .. '\31' .. name, s)
    if s > 0 then forget_old(sk) end
    if hinc(sk, 'c', s) <= 0 and s < 0 then redis.call('DEL', sk) else extended[sk] = true end
    wrote = true
  end
  if s > 0 then
    for _, b in ipairs(c.bn) do
      local k = G .. 'bn:' .. D
      redis.call('HSET', k, b[1], b[2])
      dated[k] = true
      wrote = true
    end
  end
  for _, f in ipairs(c.feed) do
    local k, all = G .. 'q:' .. f[1], G .. 'q:*'
    if s > 0 then
      redis.call('ZADD', k, 0, f[3])
      redis.call('ZADD', all, 0, f[2] .. '|' .. f[1])
      for _, key in ipairs({k, all}) do
        if cut ~= '' then redis.call('ZREMRANGEBYLEX', key, '-', '(' .. cut) end
        extended[key] = true
      end
    else
      redis.call('ZREMRANGEBYLEX', k, '[' .. f[2] .. '|', '[' .. f[2] .. '|\255')
      redis.call('ZREM', all, f[2] .. '|' .. f[1])
    end
  end
  if #c.home == 2 then
    local k = G .. 'tot:' .. D
    hinc(k, 'articles', s)
    hinc(k, 'mentions', s * c.home[1])
    hinc(k, 'quotes', s * c.home[2])
    if src ~= '' then
      hinc(k, 'a\31' .. src, s)
      hinc(k, 'm\31' .. src, s * c.home[1])
      hinc(k, 'q\31' .. src, s * c.home[2])
    end
    dated[k] = true
    wrote = true
  end
  if wrote and s > 0 then
    redis.call('ZADD', G .. 'days', c.dn, D)
    if cutdn then redis.call('ZREMRANGEBYSCORE', G .. 'days', '-inf', '(' .. cutdn) end
  end
  if s > 0 and c.x > 0 then
    for k in pairs(dated) do redis.call('EXPIREAT', k, c.x) end
    for k in pairs(extended) do
      local ttl = redis.call('TTL', k)
      if ttl >= 0 and now + ttl < c.x then redis.call('EXPIREAT', k, c.x) end
      if ttl == -1 then redis.call('EXPIREAT', k, c.x) end
    end
  end
end

local old = ''
local expires = P.x
local olds = cur[4] or ''
if cur[1] then
  old = stored_old
  if old ~= '{}' then add(cjson.decode(old), -1) end
  olds = olds .. '\30' .. cur[1]
  local was = tonumber(cur[3] or '0')
  if expires > 0 and (was == 0 or was > expires) then expires = was end
end
dated, extended = {}, {}
if hot then add(P, 1) end
redis.call('SET', akey, table.concat({version, pms, expires, olds, hot and stored or '{}'}, '\31'))
if expires > 0 then redis.call('EXPIREAT', akey, expires) end
if cur[1] then return {1, 1, old, gen} end
return {1, 0, '', gen}
"""

#: Top-N over the union of sorted sets of one shard. KEYS: one scratch key, then the sets.
#: ARGV: limit, tie cap. Returns member, score, ... for the top `limit` and every member tied
#: with the last of them (up to the cap), so the caller can merge shards and order ties by id.
TOP = r"""
local n, limit, cap = #KEYS - 1, tonumber(ARGV[1]), ARGV[2]
if n == 0 then return {} end
local A = KEYS[2]
if n > 1 then
  redis.call('ZUNIONSTORE', KEYS[1], n, unpack(KEYS, 2))
  A = KEYS[1]
end
local rows = {}
local top = redis.call('ZREVRANGE', A, 0, limit - 1, 'WITHSCORES')
if #top > 0 then
  local edge = top[#top]
  rows = redis.call('ZREVRANGEBYSCORE', A, '+inf', '(' .. edge, 'WITHSCORES')
  local ties = redis.call('ZREVRANGEBYSCORE', A, edge, edge, 'WITHSCORES', 'LIMIT', 0, cap)
  for _, v in ipairs(ties) do rows[#rows + 1] = v end
end
redis.call('DEL', KEYS[1])
return rows
"""

#: Distinct members over the union of sorted sets of one shard. KEYS: scratch, then the sets.
COUNT = r"""
local n = #KEYS - 1
if n == 0 then return 0 end
if n == 1 then return redis.call('ZCARD', KEYS[2]) end
local count = redis.call('ZUNIONSTORE', KEYS[1], n, unpack(KEYS, 2))
redis.call('DEL', KEYS[1])
return count
"""
