/** The part of fengari 0.1.5 (a Lua 5.3 VM in JavaScript, no bundled types) the tests use. */
declare module 'fengari' {
  type LuaState = { readonly __brand: 'lua_State' };
  export const lua: {
    readonly LUA_OK: number;
    lua_pcall(L: LuaState, nargs: number, nresults: number, msgh: number): number;
    lua_tostring(L: LuaState, index: number): Uint8Array | null;
  };
  export const lauxlib: {
    luaL_newstate(): LuaState;
    luaL_loadstring(L: LuaState, source: Uint8Array): number;
  };
  export const lualib: { luaL_openlibs(L: LuaState): void };
  export function to_luastring(text: string): Uint8Array;
  export function to_jsstring(bytes: Uint8Array): string;
}
