// Credit-card expiry rules. A card marked MM/YY is valid through the last day of that month.
import { InvalidInputError } from './errors';

const EXPIRY_PATTERN = /^(0[1-9]|1[0-2])\/(\d{2})$/;

export interface CardExpiry {
  month: number;
  /** Four-digit year. */
  year: number;
}

export class MalformedExpiryError extends InvalidInputError {
  constructor(readonly input: string) {
    super(`invalid expiry ${JSON.stringify(input)}: expected MM/YY with a month from 01 to 12, e.g. 12/30`);
    this.name = 'MalformedExpiryError';
  }
}

export function parseExpiry(input: string): CardExpiry {
  const match = EXPIRY_PATTERN.exec(input);
  if (!match) throw new MalformedExpiryError(input);
  return { month: Number(match[1]), year: 2000 + Number(match[2]) };
}

/** Whether a card with this expiry is refused at `now`: true once the month after MM/YY has begun (local time). */
export function isExpired(expiry: CardExpiry, now: Date): boolean {
  const currentYear = now.getFullYear();
  const currentMonth = now.getMonth() + 1;
  return expiry.year < currentYear || (expiry.year === currentYear && expiry.month < currentMonth);
}
