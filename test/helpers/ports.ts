export { freePort } from '../../src/temporal/temporal-server';
