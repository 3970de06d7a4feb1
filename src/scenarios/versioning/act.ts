// What each act of the versioning scenario hands back: its report, and its orders as they closed (their histories,
// for the scenario's main order, its timeline and its replay fixtures).
import type { ActReport } from '../scenario';
import type { ClosedOrder } from './orders';

export interface ActResult {
  report: ActReport;
  closed: ClosedOrder[];
}
