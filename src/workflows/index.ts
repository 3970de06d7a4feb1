// The workflow bundle's entry point: every workflow type the workers register.
export { OrderWorkflow } from './order-workflow';
