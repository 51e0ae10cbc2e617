"""The Redis scripts of `store_redis`, as text (Redis runs them atomically, one at a time).

Key layout under `<prefix>:<generation>:` (G); `<prefix>:current` names the live generation
(absent: `g0`), so a rebuild fills a fresh generation and swaps it in with one SET.

  a:<article>                hash  version, pms (published ms), contrib (JSON), record, applied_ms
  a:<article>:old            set   versions this article replaced (stale if they come back)
  top:{a|m}:<T>:<D>:<S>      zset  entity -> articles | mentions; T type or *, D day or *,
                                   S `=source` or *
  days                       zset  day -> day number (every day that ever had an article)
  e:<id>                     hash  articles, mentions, type, name (most frequent name)
  e:<id>:names|aliases|src   zset  name | alias | source -> articles
  e:<id>:days|daysm          hash  day -> articles | mentions
  e:<id>:co                  zset  other entity -> articles naming both
  spk:q, spk:a               zset  speaker -> quotes, articles
  s:<id>:names               zset  name -> articles;  spk:byname hash  name key -> speaker id
  s:<id>:q, q:all            zset  feed entries (all score 0, ordered as strings), bounded
  src:a|q|m                  zset  source -> articles | quotes | mentions
  totals                     hash  articles, quotes, mentions
"""

APPLY = r"""
local P, gen, aid, version = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
local contrib, record, pms, now = ARGV[5], ARGV[6], ARGV[7], ARGV[8]
local per_speaker, in_feed = tonumber(ARGV[9]), tonumber(ARGV[10])
if gen == '' then gen = redis.call('GET', P .. ':current') or 'g0' end
local G = P .. ':' .. gen .. ':'
local akey = G .. 'a:' .. aid

local cur = redis.call('HMGET', akey, 'version', 'pms')
if cur[1] == version then return {0, 0, '', gen} end
if cur[1] then
  local stale
  if pms ~= '' and cur[2] and cur[2] ~= '' then
    stale = tonumber(pms) < tonumber(cur[2])
  else
    stale = redis.call('SISMEMBER', akey .. ':old', version) == 1
  end
  if stale then return {0, 0, '', gen} end
end

-- a zero step is skipped: Lua formats -1 * 0 as "-0", which HINCRBY refuses
local function zinc(key, member, by)
  if by == 0 then return end
  if tonumber(redis.call('ZINCRBY', key, by, member)) <= 0 then
    redis.call('ZREM', key, member)
  end
end
local function hinc(key, field, by)
  if by == 0 then return end
  if redis.call('HINCRBY', key, field, by) <= 0 then redis.call('HDEL', key, field) end
end
local function feed(key, entry, s, bound)
  if s > 0 then
    redis.call('ZADD', key, 0, entry)
    redis.call('ZREMRANGEBYRANK', key, 0, -(bound + 1))
  else
    redis.call('ZREM', key, entry)
  end
end

local function add(c, s)
  local day, src = c.day, c.src
  local sources = {'*'}
  if src ~= '' then sources[2] = '=' .. src end
  hinc(G .. 'totals', 'articles', s)
  hinc(G .. 'totals', 'mentions', s * c.nm)
  hinc(G .. 'totals', 'quotes', s * c.nq)
  if s > 0 then redis.call('ZADD', G .. 'days', c.dn, day) end
  for _, e in ipairs(c.ents) do
    local id, t, name, m = e[1], e[2], e[3], e[4]
    local ek = G .. 'e:' .. id
    for _, T in ipairs({'*', t}) do
      for _, D in ipairs({'*', day}) do
        for _, S in ipairs(sources) do
          local dim = T .. ':' .. D .. ':' .. S
          zinc(G .. 'top:a:' .. dim, id, s)
          zinc(G .. 'top:m:' .. dim, id, s * m)
        end
      end
    end
    zinc(ek .. ':names', name, s)
    for _, alias in ipairs(e[5]) do zinc(ek .. ':aliases', alias, s) end
    hinc(ek .. ':days', day, s)
    hinc(ek .. ':daysm', day, s * m)
    if src ~= '' then zinc(ek .. ':src', src, s) end
    local left = redis.call('HINCRBY', ek, 'articles', s)
    redis.call('HINCRBY', ek, 'mentions', s * m)
    if left <= 0 then
      redis.call('DEL', ek)
    else
      if s > 0 then redis.call('HSET', ek, 'type', t) end
      redis.call('HSET', ek, 'name', redis.call('ZREVRANGE', ek .. ':names', 0, 0)[1])
    end
  end
  for _, p in ipairs(c.pairs) do
    zinc(G .. 'e:' .. p[1] .. ':co', p[2], s)
    zinc(G .. 'e:' .. p[2] .. ':co', p[1], s)
  end
  for _, sp in ipairs(c.spk) do
    zinc(G .. 'spk:q', sp[1], s * sp[4])
    zinc(G .. 'spk:a', sp[1], s)
    zinc(G .. 's:' .. sp[1] .. ':names', sp[2], s)
    if s > 0 then redis.call('HSET', G .. 'spk:byname', sp[3], sp[1]) end
  end
  for _, f in ipairs(c.feed) do
    feed(G .. 's:' .. f[1] .. ':q', f[2], s, per_speaker)
    feed(G .. 'q:all', f[2], s, in_feed)
  end
  if src ~= '' then
    zinc(G .. 'src:a', src, s)
    zinc(G .. 'src:q', src, s * c.nq)
    zinc(G .. 'src:m', src, s * c.nm)
  end
end

local old = ''
if cur[1] then
  old = redis.call('HGET', akey, 'contrib')
  add(cjson.decode(old), -1)
  redis.call('SADD', akey .. ':old', cur[1])
end
add(cjson.decode(contrib), 1)
redis.call('HSET', akey, 'version', version, 'pms', pms, 'contrib', contrib, 'record', record,
           'applied_ms', now)
if cur[1] then return {1, 1, old, gen} end
return {1, 0, '', gen}
"""

#: Top-N over the union of sorted sets, with the second count for ordering ties.
#: KEYS: one scratch key, then n primary keys, then n2 secondary keys.
#: ARGV: n, n2, limit, tie cap. Returns a flat list: member, primary, secondary, ...
#: Every member tied with the last of the top `limit` comes back (up to the cap), so the caller
#: can order ties by the second count, then by id. Only the primary sets are unioned; the
#: second count is summed for the candidates alone (a window of days stays cheap).
TOP = r"""
local n, n2, limit, cap = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]), ARGV[4]
if n == 0 then return {} end
local A = KEYS[2]
if n > 1 then
  redis.call('ZUNIONSTORE', KEYS[1], n, unpack(KEYS, 2, 1 + n))
  A = KEYS[1]
end
local out = {}
local top = redis.call('ZREVRANGE', A, 0, limit - 1, 'WITHSCORES')
if #top > 0 then
  local edge = top[#top]
  local rows = redis.call('ZREVRANGEBYSCORE', A, '+inf', '(' .. edge, 'WITHSCORES')
  local ties = redis.call('ZREVRANGEBYSCORE', A, edge, edge, 'WITHSCORES', 'LIMIT', 0, cap)
  for _, v in ipairs(ties) do rows[#rows + 1] = v end
  local members, second = {}, {}
  for i = 1, #rows, 2 do
    members[#members + 1] = rows[i]
    second[#second + 1] = 0
  end
  for k = 2 + n, 1 + n + n2 do
    local scores = redis.call('ZMSCORE', KEYS[k], unpack(members))
    for i = 1, #members do second[i] = second[i] + (tonumber(scores[i]) or 0) end
  end
  for i = 1, #members do
    out[#out + 1] = members[i]
    out[#out + 1] = rows[2 * i]
    out[#out + 1] = tostring(second[i])
  end
end
redis.call('DEL', KEYS[1])
return out
"""
