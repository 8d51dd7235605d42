import { lauxlib, lua, lualib, to_jsstring, to_luastring } from 'fengari';

export interface HealthStatus {
  readonly status: string;
  readonly message: string;
}

/** A JSON value as a Lua table constructor (what Argo CD hands a health script as `obj`). */
function luaLiteral(value: unknown): string {
  if (value === null || value === undefined) return 'nil';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `{${value.map(luaLiteral).join(', ')}}`;
  return `{${Object.entries(value as Record<string, unknown>).map(([key, v]) => `[${JSON.stringify(key)}] = ${luaLiteral(v)}`).join(', ')}}`;
}

/**
 * Runs an Argo CD Lua health script on `obj` in a real Lua VM (fengari), as the application
 * controller does: the script sees a global `obj` and returns a table with status and message.
 * Throws with Lua's own message when the script does not compile or fails.
 */
export function runHealthScript(script: string, obj: unknown): HealthStatus {
  const L = lauxlib.luaL_newstate();
  lualib.luaL_openlibs(L);
  const chunk = `obj = ${luaLiteral(obj)}\nlocal function health()\n${script}\nend\nlocal hs = health()\nreturn hs.status, hs.message`;
  const check = (code: number, what: string) => {
    if (code !== lua.LUA_OK) throw new Error(`${what}: ${to_jsstring(lua.lua_tostring(L, -1) ?? to_luastring('?'))}`);
  };
  check(lauxlib.luaL_loadstring(L, to_luastring(chunk)), 'the health script does not compile');
  check(lua.lua_pcall(L, 0, 2, 0), 'the health script failed');
  const text = (index: number) => to_jsstring(lua.lua_tostring(L, index) ?? to_luastring(''));
  return { status: text(-2), message: text(-1) };
}
