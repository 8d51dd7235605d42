import { describe, expect, it } from 'vitest';
import { invisibleCharacter } from '../../src/config/text';

describe('invisibleCharacter', () => {
  it('passes every printable ASCII character (checked without the Unicode scan)', () => {
    const printable = Array.from({ length: 0x7f - 0x20 }, (_, index) => String.fromCharCode(0x20 + index)).join('');
    expect(invisibleCharacter(printable, { lineFeeds: false })).toBeUndefined();
  });

  it('finds every ASCII control character, DEL included, with its position; a line feed only where lines are not allowed', () => {
    const controls = [...Array.from({ length: 0x20 }, (_, code) => code), 0x7f];
    for (const code of controls) {
      const found = invisibleCharacter(`ab${String.fromCharCode(code)}c`, { lineFeeds: code === 0x0a });
      if (code === 0x0a) expect(found).toBeUndefined();
      else expect(found).toEqual({ codePoint: `U+${code.toString(16).toUpperCase().padStart(4, '0')}`, position: 3 });
    }
    expect(invisibleCharacter('a\nb', { lineFeeds: false })).toEqual({ codePoint: 'U+000A', position: 2 });
  });

  it('finds invisible characters beyond ASCII and passes visible ones', () => {
    expect(invisibleCharacter('é日本😀 x', { lineFeeds: false })).toBeUndefined();
    expect(invisibleCharacter('😀a\u200bb', { lineFeeds: false })).toEqual({ codePoint: 'U+200B', position: 3 });
    expect(invisibleCharacter('a\u00a0b', { lineFeeds: false })).toEqual({ codePoint: 'U+00A0', position: 2 });
  });
});
