import { expect } from 'chai';
import { isExpired, MalformedExpiryError, parseExpiry } from '../../src/domain/expiry';

describe('card expiry', () => {
  describe('parseExpiry', () => {
    it('reads MM/YY as a month and a four-digit year', () => {
      expect(parseExpiry('12/30')).to.deep.equal({ month: 12, year: 2030 });
      expect(parseExpiry('01/24')).to.deep.equal({ month: 1, year: 2024 });
    });

    for (const input of ['13/30', '00/30', '1/30', 'ab/cd', '', '12/2030', '12-30', ' 12/30', '12/30 ']) {
      it(`rejects ${JSON.stringify(input)}`, () => {
        expect(() => parseExpiry(input)).to.throw(MalformedExpiryError, /expected MM\/YY/);
      });
    }
  });

  describe('isExpired, with an injected clock', () => {
    const card = parseExpiry('12/30');

    it('accepts a card through the last moment of its month', () => {
      expect(isExpired(card, new Date(2030, 11, 1, 0, 0, 0))).to.equal(false);
      expect(isExpired(card, new Date(2030, 11, 31, 23, 59, 59, 999))).to.equal(false);
    });

    it('declines it from the first moment of the next month, across the year boundary', () => {
      expect(isExpired(card, new Date(2031, 0, 1, 0, 0, 0))).to.equal(true);
    });

    it('accepts cards of later months and years, declines earlier ones', () => {
      const now = new Date(2026, 10, 25);
      expect(isExpired(parseExpiry('11/26'), now)).to.equal(false);
      expect(isExpired(parseExpiry('12/26'), now)).to.equal(false);
      expect(isExpired(parseExpiry('01/27'), now)).to.equal(false);
      expect(isExpired(parseExpiry('10/26'), now)).to.equal(true);
      expect(isExpired(parseExpiry('12/23'), now)).to.equal(true);
    });
  });
});
