// The simulated external systems and what they can do to the world: the names the ledger records, the narration
// tells and the checks count.
export type ServiceName = 'payment' | 'inventory' | 'warehouse' | 'courier';
export type EffectAction = 'charge' | 'reserve' | 'open-slip' | 'pack' | 'deliver';
