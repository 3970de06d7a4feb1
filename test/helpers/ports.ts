export { freePort } from '../../src/temporal/servers/ports';
