/**
 * Lua scripts: each cache operation is one atomic server-side step and one round trip.
 *
 * Generations are microsecond timestamps from the server's TIME, forced strictly increasing
 * (`max(now, current + 1)`). So a generation key that expired or was evicted is re-created with a
 * value no older entry can carry: entries from before the loss stay unreachable. Numbers stay below
 * 2^53, exact in Lua's doubles; `%d` formats them without an exponent.
 *
 * Entry keys are built inside the scripts (the generation is only known there). They share the
 * group's hash tag with KEYS[1], so they live in the same cluster slot.
 */

/** Defines `nextgen(current)`: the generation that follows `current` (nil when there is none). */
const NEXT_GEN = `
local function nextgen(cur)
  local t = redis.call('TIME')
  local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
  local c = tonumber(cur or '0') or 0
  if now <= c then now = c + 1 end
  return string.format('%d', now)
end
`;

/**
 * KEYS[1] generation key; ARGV[1] entry prefix, ARGV[2] key digest, ARGV[3] generation TTL (s).
 * Returns {generation, value-or-nil}. A missing generation is created here, so the caller always
 * holds a real generation for the set that may follow.
 */
export const GET_LUA = `${NEXT_GEN}
local gen = redis.call('GET', KEYS[1])
if not gen then
  gen = nextgen(nil)
  redis.call('SET', KEYS[1], gen, 'EX', ARGV[3])
  return {gen, false}
end
return {gen, redis.call('GET', ARGV[1] .. gen .. ':' .. ARGV[2])}
`;

/**
 * KEYS[1] generation key; ARGV[1] expected generation, ARGV[2] entry prefix, ARGV[3] key digest,
 * ARGV[4] value, ARGV[5] entry TTL (s), ARGV[6] generation TTL (s).
 * Stores only if the generation is still the expected one (1 stored, 0 skipped). The check and the
 * write are one atomic step, so an invalidate cannot slip between them.
 */
export const SET_LUA = `
local cur = redis.call('GET', KEYS[1])
if cur ~= ARGV[1] then return 0 end
redis.call('SET', ARGV[2] .. cur .. ':' .. ARGV[3], ARGV[4], 'EX', ARGV[5])
redis.call('EXPIRE', KEYS[1], ARGV[6])
return 1
`;

/** KEYS[1] generation key; ARGV[1] generation TTL (s). Returns the new generation. */
export const INVALIDATE_LUA = `${NEXT_GEN}
local gen = nextgen(redis.call('GET', KEYS[1]))
redis.call('SET', KEYS[1], gen, 'EX', ARGV[1])
return gen
`;
