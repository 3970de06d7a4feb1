// The simulated external systems and what they can do to the world: the names the ledger records, the narration
// tells and the checks count.
export type ServiceName = 'payment' | 'inventory' | 'warehouse' | 'courier';
export type EffectAction = 'charge' | 'reserve' | 'open-slip' | 'pack' | 'deliver' | 'refund' | 'release';

/** The effects that give another back (compensations), and the effect each gives back. */
export const UNDOES = { refund: 'charge', release: 'reserve' } as const satisfies Partial<
  Record<EffectAction, EffectAction>
>;
export type UndoAction = keyof typeof UNDOES;
